"""Workup models: one module per section, each a OneToOne to Workup (absent = not assessed)."""

from workup.models.base import SignedWorkupError
from workup.models.exclusions import ExclusionChecklist, ExclusionFinding
from workup.models.gut import GutHealth
from workup.models.hormones import Hormones
from workup.models.labs import LabPanel, LabResult
from workup.models.lifestyle import Lifestyle
from workup.models.mental import MentalHealth
from workup.models.pain import PainAssessment
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
    "MentalHealth",
    "PainAssessment",
    "SignedWorkupError",
    "TreatmentHistory",
    "TreatmentTrial",
    "Workup",
    "WorkupStatus",
]
