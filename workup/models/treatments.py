from django.db import models
from simple_history.models import HistoricalRecords

from workup.models.base import Section, SectionRow, bounded, choices, one_of
from workup.rules import vocab


class TreatmentHistory(Section):
    """Conventional drugs tried. Present with no trials means "none tried"."""

    workup = models.OneToOneField(
        "workup.Workup", on_delete=models.CASCADE, related_name="treatments"
    )

    history = HistoricalRecords()

    def __str__(self):
        return f"Treatment history of workup {self.workup_id}"


class TreatmentTrial(SectionRow):
    section = models.ForeignKey(TreatmentHistory, on_delete=models.CASCADE, related_name="trials")
    drug = models.CharField(max_length=20, choices=choices(vocab.DRUGS, vocab.DRUG_LABELS))
    weeks = models.PositiveSmallIntegerField(validators=bounded(0, 520))
    response = models.CharField(max_length=10, choices=choices(vocab.RESPONSES))
    stopped_for_adverse_effects = models.BooleanField(default=False)
    dose = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta(SectionRow.Meta):
        constraints = [
            one_of("drug", vocab.DRUGS, optional=False),
            one_of("response", vocab.RESPONSES, optional=False),
            models.CheckConstraint(condition=models.Q(weeks__lte=520), name="trial_weeks_range"),
        ]

    def __str__(self):
        return f"{self.drug} for {self.weeks} weeks: {self.response}"
