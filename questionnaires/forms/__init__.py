"""Forms validate and explain; they never write (the services do).

``PART_FORMS``: the page form of each part of a questionnaire (``questionnaires.parts``).
"""

from questionnaires.forms.base import PartForm
from questionnaires.forms.body import (
    ActivityForm,
    CycleForm,
    GutForm,
    PainAreasForm,
    SymptomsForm,
)
from questionnaires.forms.lists import MedicinesForm, WarningSignsForm
from questionnaires.forms.screens import (
    ChildhoodForm,
    FrighteningEventsForm,
    MoodForm,
    WorryForm,
)

PART_FORMS: dict[str, type[PartForm]] = {
    form.part: form
    for form in (
        PainAreasForm,
        SymptomsForm,
        MoodForm,
        WorryForm,
        ChildhoodForm,
        FrighteningEventsForm,
        ActivityForm,
        GutForm,
        CycleForm,
        MedicinesForm,
        WarningSignsForm,
    )
}
