from django.db import models
from simple_history.models import HistoricalRecords

from workup.models.base import Section
from workup.rules import vocab


def _finding():
    """True (present), False (absent) or null (not asked)."""
    return models.BooleanField(null=True, blank=True)


class RedFlags(Section):
    """The red-flag findings, one per question of ``vocab.RED_FLAG_QUESTIONS``."""

    workup = models.OneToOneField(
        "workup.Workup", on_delete=models.CASCADE, related_name="red_flags"
    )
    weight_loss = _finding()
    fever = _finding()
    night_sweats = _finding()
    morning_stiffness_over_60_min = _finding()
    joint_swelling = _finding()
    proximal_weakness = _finding()
    new_headache = _finding()
    jaw_claudication = _finding()
    visual_disturbance = _finding()
    scalp_tenderness = _finding()
    focal_neurological_signs = _finding()

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "red flags"

    def __str__(self):
        return f"Red flags of workup {self.workup_id}"

    def answers(self) -> dict[str, bool | None]:
        return {question: getattr(self, question) for question in vocab.RED_FLAGS}
