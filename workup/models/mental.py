from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from workup.models.base import Section, bounded, in_range


class MentalHealth(Section):
    """PHQ-9 and GAD-7 item by item (lists of 0-3, or null) or, from a paper form, as totals
    (the PHQ-9 total always with its item 9, the safety item); PSS-10, ACE, PC-PTSD-5 totals."""

    workup = models.OneToOneField("workup.Workup", on_delete=models.CASCADE, related_name="mental")
    phq9_items = models.JSONField(null=True, blank=True)
    gad7_items = models.JSONField(null=True, blank=True)
    phq9_total = models.PositiveSmallIntegerField(null=True, blank=True, validators=bounded(0, 27))
    phq9_item9 = models.PositiveSmallIntegerField(null=True, blank=True, validators=bounded(0, 3))
    gad7_total = models.PositiveSmallIntegerField(null=True, blank=True, validators=bounded(0, 21))
    pss10_total = models.PositiveSmallIntegerField(null=True, blank=True, validators=bounded(0, 40))
    ace_score = models.PositiveSmallIntegerField(null=True, blank=True, validators=bounded(0, 10))
    pc_ptsd5 = models.PositiveSmallIntegerField(null=True, blank=True, validators=bounded(0, 5))

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "mental health"
        constraints = [
            in_range("phq9_total", 0, 27),
            in_range("phq9_item9", 0, 3),
            in_range("gad7_total", 0, 21),
            in_range("pss10_total", 0, 40),
            in_range("ace_score", 0, 10),
            in_range("pc_ptsd5", 0, 5),
            models.CheckConstraint(
                condition=Q(phq9_items__isnull=True) | Q(phq9_total__isnull=True),
                name="mental_phq9_items_or_total",
            ),
            models.CheckConstraint(
                condition=Q(gad7_items__isnull=True) | Q(gad7_total__isnull=True),
                name="mental_gad7_items_or_total",
            ),
            models.CheckConstraint(
                condition=Q(phq9_total__isnull=True, phq9_item9__isnull=True)
                | Q(phq9_total__isnull=False, phq9_item9__lte=F("phq9_total")),
                name="mental_phq9_total_with_item9",
            ),
        ]

    def __str__(self):
        return f"Mental health of workup {self.workup_id}"

    def clean(self):
        errors = {}
        if self.phq9_items is not None and self.phq9_total is not None:
            errors["phq9_total"] = "Give the PHQ-9 items or the total, not both."
        if self.gad7_items is not None and self.gad7_total is not None:
            errors["gad7_total"] = "Give the GAD-7 items or the total, not both."
        if self.phq9_total is not None and self.phq9_item9 is None:
            errors["phq9_item9"] = "Give item 9 with the PHQ-9 total."
        elif self.phq9_total is None and self.phq9_item9 is not None:
            errors["phq9_item9"] = "Item 9 is given only with the PHQ-9 total."
        elif self.phq9_item9 is not None and self.phq9_item9 > self.phq9_total:
            errors["phq9_item9"] = "Item 9 cannot be above the PHQ-9 total."
        if errors:
            raise ValidationError(errors)
