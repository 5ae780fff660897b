from django.db import models
from simple_history.models import HistoricalRecords

from workup.models.base import Section, choices, one_of
from workup.rules import vocab


class Hormones(Section):
    workup = models.OneToOneField(
        "workup.Workup", on_delete=models.CASCADE, related_name="hormones"
    )
    reproductive_stage = models.CharField(
        max_length=20, blank=True, choices=choices(vocab.REPRODUCTIVE_STAGES)
    )
    cycle_related_flares = models.CharField(
        max_length=20, blank=True, choices=choices(vocab.CYCLE_FLARES)
    )
    hormone_therapy = models.CharField(
        max_length=20, blank=True, choices=choices(vocab.HORMONE_THERAPIES)
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "hormones"
        constraints = [
            one_of("reproductive_stage", vocab.REPRODUCTIVE_STAGES),
            one_of("cycle_related_flares", vocab.CYCLE_FLARES),
            one_of("hormone_therapy", vocab.HORMONE_THERAPIES),
        ]

    def __str__(self):
        return f"Hormones of workup {self.workup_id}"
