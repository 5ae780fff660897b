"""Workup models: one module per section, each a OneToOne to Workup (absent = not assessed)."""

from workup.models.base import SignedWorkupError
from workup.models.exclusions import ExclusionChecklist, ExclusionFinding
from workup.models.gut import GutHealth
from workup.models.hormones import Hormones
from workup.models.labs import LabPanel, LabResult
from workup.models.lifestyle import Lifestyle
from workup.models.medications import Medication, MedicationList
from workup.models.mental import MentalHealth
from workup.models.pain import PainAssessment
from workup.models.red_flags import RedFlags
from workup.models.take_over import WorkupTakeOver
from workup.models.treatments import TreatmentHistory, TreatmentTrial
from workup.models.workflow import Workup, WorkupStatus

__all__ = [
    "ExclusionChecklist",
    "ExclusionFinding",
    "GutHealth",
    "Hormones",
    "LabPanel",
    "LabResult",
    "Lifestyle",
    "Medication",
    "MedicationList",
    "MentalHealth",
    "PainAssessment",
    "RedFlags",
    "SignedWorkupError",
    "TreatmentHistory",
    "TreatmentTrial",
    "Workup",
    "WorkupStatus",
    "WorkupTakeOver",
]
