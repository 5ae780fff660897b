from django.db import models
from simple_history.models import HistoricalRecords

from workup.models.base import Section, SectionRow
from workup.rules import labs as lab_catalogue


class LabPanel(Section):
    """The lab results recorded for a workup."""

    workup = models.OneToOneField("workup.Workup", on_delete=models.CASCADE, related_name="labs")

    history = HistoricalRecords()

    def __str__(self):
        return f"Lab results of workup {self.workup_id}"


class LabResult(SectionRow):
    """One result, kept in the unit it was entered in (conversion is the rules' job)."""

    section = models.ForeignKey(LabPanel, on_delete=models.CASCADE, related_name="results")
    analyte = models.CharField(
        max_length=30,
        choices=[(code, analyte.label) for code, analyte in lab_catalogue.ANALYTES.items()],
    )
    value = models.DecimalField(max_digits=16, decimal_places=6)
    unit = models.CharField(max_length=20)
    collected_on = models.DateField()
    ref_low = models.DecimalField(max_digits=16, decimal_places=6, null=True, blank=True)
    ref_high = models.DecimalField(max_digits=16, decimal_places=6, null=True, blank=True)

    history = HistoricalRecords()

    class Meta(SectionRow.Meta):
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gte=0), name="lab_value_not_negative"),
        ]

    def __str__(self):
        return f"{self.analyte} {self.value} {self.unit} ({self.collected_on})"
