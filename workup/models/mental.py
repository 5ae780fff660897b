from django.db import models
from simple_history.models import HistoricalRecords

from workup.models.base import Section, bounded, in_range


class MentalHealth(Section):
    """PHQ-9 and GAD-7 item by item (lists of 0-3, or null); PSS-10, ACE, PC-PTSD-5 totals."""

    workup = models.OneToOneField("workup.Workup", on_delete=models.CASCADE, related_name="mental")
    phq9_items = models.JSONField(null=True, blank=True)
    gad7_items = models.JSONField(null=True, blank=True)
    pss10_total = models.PositiveSmallIntegerField(null=True, blank=True, validators=bounded(0, 40))
    ace_score = models.PositiveSmallIntegerField(null=True, blank=True, validators=bounded(0, 10))
    pc_ptsd5 = models.PositiveSmallIntegerField(null=True, blank=True, validators=bounded(0, 5))

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "mental health"
        constraints = [
            in_range("pss10_total", 0, 40),
            in_range("ace_score", 0, 10),
            in_range("pc_ptsd5", 0, 5),
        ]

    def __str__(self):
        return f"Mental health of workup {self.workup_id}"
