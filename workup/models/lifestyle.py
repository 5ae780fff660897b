from django.db import models
from simple_history.models import HistoricalRecords

from workup.models.base import Section, bounded, choices, in_range, one_of
from workup.rules import vocab


class Lifestyle(Section):
    """Exercise, sleep (with PSQI, ISI, STOP-Bang totals as entered), diet, height and weight."""

    workup = models.OneToOneField(
        "workup.Workup", on_delete=models.CASCADE, related_name="lifestyle"
    )
    aerobic_minutes_per_week = models.PositiveIntegerField(
        null=True, blank=True, validators=bounded(0, 5000)
    )
    strength_sessions_per_week = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=bounded(0, 21)
    )
    sleep_hours = models.DecimalField(
        max_digits=4, decimal_places=2, null=True, blank=True, validators=bounded(0, 24)
    )
    psqi_global = models.PositiveSmallIntegerField(null=True, blank=True, validators=bounded(0, 21))
    isi_total = models.PositiveSmallIntegerField(null=True, blank=True, validators=bounded(0, 28))
    stop_bang = models.PositiveSmallIntegerField(null=True, blank=True, validators=bounded(0, 8))
    diet_pattern = models.CharField(max_length=20, blank=True, choices=choices(vocab.DIET_PATTERNS))
    diets_tried = models.JSONField(default=list, blank=True)
    height_cm = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, validators=bounded(50, 250)
    )
    weight_kg = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, validators=bounded(20, 400)
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            in_range("aerobic_minutes_per_week", 0, 5000),
            in_range("strength_sessions_per_week", 0, 21),
            in_range("sleep_hours", 0, 24),
            in_range("psqi_global", 0, 21),
            in_range("isi_total", 0, 28),
            in_range("stop_bang", 0, 8),
            in_range("height_cm", 50, 250),
            in_range("weight_kg", 20, 400),
            one_of("diet_pattern", vocab.DIET_PATTERNS),
        ]

    def __str__(self):
        return f"Lifestyle of workup {self.workup_id}"
