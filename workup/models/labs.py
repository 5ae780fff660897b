from django.core.exceptions import ValidationError
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
            models.CheckConstraint(
                condition=models.Q(ref_low__isnull=True)
                | models.Q(ref_high__isnull=True)
                | models.Q(ref_low__lte=models.F("ref_high")),
                name="lab_range_low_not_above_high",
            ),
        ]

    def __str__(self):
        return f"{self.analyte} {self.value} {self.unit} ({self.collected_on})"

    def clean(self):
        analyte = lab_catalogue.ANALYTES.get(self.analyte)
        if analyte is not None and analyte.unit(self.unit) is None:
            hint = lab_catalogue.units_hint(analyte)
            raise ValidationError(
                {"unit": f"{self.unit} is not a unit of {analyte.label}: use {hint}."}
            )
        if self.ref_low is not None and self.ref_high is not None and self.ref_low > self.ref_high:
            raise ValidationError(
                {"ref_high": "The upper limit must not be below the lower limit."}
            )
