from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from workup.models.base import Section, bounded, in_range
from workup.rules import vocab


class PainAssessment(Section):
    """ACR 2016 inputs: WPI areas (past week), SSS parts, duration; plus pain NRS and FIQR total.

    ``wpi_areas`` is a list of area codes; null means "not recorded", [] means "no painful area".
    """

    workup = models.OneToOneField("workup.Workup", on_delete=models.CASCADE, related_name="pain")
    wpi_areas = models.JSONField(null=True, blank=True)
    fatigue = models.PositiveSmallIntegerField(null=True, blank=True, validators=bounded(0, 3))
    waking_unrefreshed = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=bounded(0, 3)
    )
    cognitive = models.PositiveSmallIntegerField(null=True, blank=True, validators=bounded(0, 3))
    headaches = models.BooleanField(null=True, blank=True)
    lower_abdominal_pain = models.BooleanField(null=True, blank=True)
    depression = models.BooleanField(null=True, blank=True)
    symptom_duration_months = models.PositiveIntegerField(
        null=True, blank=True, validators=bounded(0, 1200)
    )
    pain_nrs = models.PositiveSmallIntegerField(null=True, blank=True, validators=bounded(0, 10))
    fiqr_total = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, validators=bounded(0, 100)
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            in_range("fatigue", 0, 3),
            in_range("waking_unrefreshed", 0, 3),
            in_range("cognitive", 0, 3),
            in_range("pain_nrs", 0, 10),
            in_range("symptom_duration_months", 0, 1200),
            in_range("fiqr_total", 0, 100),
        ]

    def __str__(self):
        return f"Pain assessment of workup {self.workup_id}"

    def clean(self):
        if self.wpi_areas is not None:
            unknown = [area for area in self.wpi_areas if area not in vocab.WPI_AREAS]
            if unknown or len(set(self.wpi_areas)) != len(self.wpi_areas):
                raise ValidationError({"wpi_areas": "Choose each painful area at most once."})
