"""Forms validate and explain; they never write (``workup.services`` does).

Each section page has an editor (its form, and a row formset for list sections) that turns
what was typed into the section's value, the same value the adapters read from the models.
"""

from workup.forms.base import EditorContext, SectionEditor
from workup.forms.exclusions import ExclusionEditor
from workup.forms.labs import LabEditor
from workup.forms.lifestyle import GutEditor, HormonesEditor, LifestyleEditor
from workup.forms.medications import MedicationEditor
from workup.forms.mental import MentalEditor
from workup.forms.pain import PainEditor
from workup.forms.red_flags import RedFlagsEditor
from workup.forms.treatments import TreatmentEditor

EDITORS: dict[str, type[SectionEditor]] = {
    "pain": PainEditor,
    "exclusions": ExclusionEditor,
    "red_flags": RedFlagsEditor,
    "labs": LabEditor,
    "treatments": TreatmentEditor,
    "medications": MedicationEditor,
    "lifestyle": LifestyleEditor,
    "gut": GutEditor,
    "hormones": HormonesEditor,
    "mental": MentalEditor,
}

__all__ = ["EDITORS", "EditorContext", "SectionEditor"]
