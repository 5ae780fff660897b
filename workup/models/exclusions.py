from django.db import models
from simple_history.models import HistoricalRecords

from workup.models.base import Section, SectionRow, choices, one_of
from workup.rules import vocab


class ExclusionChecklist(Section):
    """The look-alike conditions considered, each with a disposition."""

    workup = models.OneToOneField(
        "workup.Workup", on_delete=models.CASCADE, related_name="exclusions"
    )

    history = HistoricalRecords()

    def __str__(self):
        return f"Exclusion checklist of workup {self.workup_id}"


class ExclusionFinding(SectionRow):
    section = models.ForeignKey(
        ExclusionChecklist, on_delete=models.CASCADE, related_name="findings"
    )
    condition = models.CharField(
        max_length=40, choices=choices(vocab.CONDITIONS, vocab.CONDITION_LABELS)
    )
    status = models.CharField(
        max_length=20, choices=choices(vocab.EXCLUSION_STATUSES, vocab.EXCLUSION_STATUS_LABELS)
    )
    note = models.TextField(blank=True, max_length=2000)

    history = HistoricalRecords()

    class Meta(SectionRow.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["section", "condition"], name="exclusion_condition_once"
            ),
            one_of("condition", vocab.CONDITIONS, optional=False),
            one_of("status", vocab.EXCLUSION_STATUSES, optional=False),
        ]

    def __str__(self):
        return f"{self.condition}: {self.status}"
