from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from workup.models.base import Section, SectionRow, choices, one_of
from workup.rules import labs as lab_catalogue
from workup.rules import vocab


class LabPanel(Section):
    """The lab results recorded for a workup."""

    workup = models.OneToOneField("workup.Workup", on_delete=models.CASCADE, related_name="labs")

    history = HistoricalRecords()

    def __str__(self):
        return f"Lab results of workup {self.workup_id}"


# A resulted row has a value and a unit; a pending or not-done row has neither, nor a range.
RESULTED_HAS_VALUE = Q(status="resulted", value__isnull=False) & ~Q(unit="")
UNRESULTED_IS_EMPTY = Q(status__in=["pending", "not_done"], value__isnull=True, unit="") & Q(
    ref_low__isnull=True, ref_high__isnull=True
)


class LabResult(SectionRow):
    """One lab row, kept in the unit it was entered in (conversion is the rules' job).

    ``status`` says whether it is a result or a test ordered and not back yet (``pending``) or
    decided against (``not_done``); only resulted rows have a value and unit. ``collected_on``
    is the day the sample was taken, or the day the test was ordered or decided against.
    """

    section = models.ForeignKey(LabPanel, on_delete=models.CASCADE, related_name="results")
    analyte = models.CharField(
        max_length=30,
        choices=[(code, analyte.label) for code, analyte in lab_catalogue.ANALYTES.items()],
    )
    status = models.CharField(
        max_length=10,
        choices=choices(vocab.LAB_STATUSES, vocab.LAB_STATUS_LABELS),
        default="resulted",
    )
    value = models.DecimalField(max_digits=16, decimal_places=6, null=True, blank=True)
    unit = models.CharField(max_length=20, blank=True)
    collected_on = models.DateField()
    ref_low = models.DecimalField(max_digits=16, decimal_places=6, null=True, blank=True)
    ref_high = models.DecimalField(max_digits=16, decimal_places=6, null=True, blank=True)

    history = HistoricalRecords()

    class Meta(SectionRow.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="lab_value_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(ref_low__isnull=True)
                | models.Q(ref_high__isnull=True)
                | models.Q(ref_low__lte=models.F("ref_high")),
                name="lab_range_low_not_above_high",
            ),
            one_of("status", vocab.LAB_STATUSES, optional=False),
            models.CheckConstraint(
                condition=RESULTED_HAS_VALUE | UNRESULTED_IS_EMPTY,
                name="lab_value_only_when_resulted",
            ),
        ]

    def __str__(self):
        if self.status != "resulted":
            return f"{self.analyte} {self.status} ({self.collected_on})"
        return f"{self.analyte} {self.value} {self.unit} ({self.collected_on})"

    def clean(self):
        if self.status == "resulted":
            self._clean_result()
        elif self.status in vocab.LAB_STATUSES:
            label = vocab.LAB_STATUS_LABELS[self.status]
            errors = {
                field: f"A {label} test has no {text}: leave it empty, or mark it resulted."
                for field, text in (
                    ("value", "value"),
                    ("unit", "unit"),
                    ("ref_low", "laboratory range"),
                    ("ref_high", "laboratory range"),
                )
                if getattr(self, field) not in (None, "")
            }
            if errors:
                raise ValidationError(errors)

    def _clean_result(self):
        errors = {}
        if self.value is None:
            errors["value"] = "A resulted test needs its value."
        analyte = lab_catalogue.ANALYTES.get(self.analyte)
        if not self.unit:
            errors["unit"] = "A resulted test needs its unit."
        elif analyte is not None and analyte.unit(self.unit) is None:
            hint = lab_catalogue.units_hint(analyte)
            errors["unit"] = f"{self.unit} is not a unit of {analyte.label}: use {hint}."
        if self.ref_low is not None and self.ref_high is not None and self.ref_low > self.ref_high:
            errors["ref_high"] = "The upper limit must not be below the lower limit."
        if errors:
            raise ValidationError(errors)
