from django.db import models
from simple_history.models import HistoricalRecords

from workup.models.base import Section, choices, one_of
from workup.rules import vocab


class GutHealth(Section):
    workup = models.OneToOneField("workup.Workup", on_delete=models.CASCADE, related_name="gut")
    symptoms = models.JSONField(default=list, blank=True)
    rome_iv_ibs = models.BooleanField(null=True, blank=True)
    microbiome_test = models.CharField(
        max_length=20, choices=choices(vocab.MICROBIOME_RESULTS), default="not_done"
    )
    sibo_breath_test = models.CharField(
        max_length=20, choices=choices(vocab.SIBO_RESULTS), default="not_done"
    )
    probiotic_trial = models.CharField(
        max_length=20, choices=choices(vocab.PROBIOTIC_TRIALS), default="not_tried"
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            one_of("microbiome_test", vocab.MICROBIOME_RESULTS, optional=False),
            one_of("sibo_breath_test", vocab.SIBO_RESULTS, optional=False),
            one_of("probiotic_trial", vocab.PROBIOTIC_TRIALS, optional=False),
        ]

    def __str__(self):
        return f"Gut health of workup {self.workup_id}"
