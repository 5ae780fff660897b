from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from workup.document import MAX_LENGTHS
from workup.models.base import Section, SectionRow, choices, one_of
from workup.rules import vocab


class MedicationList(Section):
    """The current medication list. Present with no entries means "no current medicine"."""

    workup = models.OneToOneField(
        "workup.Workup", on_delete=models.CASCADE, related_name="medications"
    )

    history = HistoricalRecords()

    def __str__(self):
        return f"Medication list of workup {self.workup_id}"


class Medication(SectionRow):
    """One medicine taken now: its name as recorded, the class the rules read, the dose."""

    section = models.ForeignKey(MedicationList, on_delete=models.CASCADE, related_name="entries")
    name = models.CharField(max_length=MAX_LENGTHS["medication_name"])
    drug_class = models.CharField(
        max_length=20, choices=choices(vocab.MEDICATION_CLASSES, vocab.MEDICATION_CLASS_LABELS)
    )
    dose = models.CharField(max_length=MAX_LENGTHS["dose"], blank=True)

    history = HistoricalRecords()

    class Meta(SectionRow.Meta):
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="medication_has_name"),
            one_of("drug_class", vocab.MEDICATION_CLASSES, optional=False),
        ]

    def __str__(self):
        return f"{self.name} ({self.drug_class})"
