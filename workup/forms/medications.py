"""Current medications: every medicine taken now, one row each (name as recorded, the class the
safety rules read, the dose), or an explicit "no current medication" (a recorded list with no
rows, unlike a list not recorded)."""

from __future__ import annotations

from django import forms

from workup.document import MAX_LENGTHS
from workup.document.checks import MAX_ROWS
from workup.forms.base import (
    CheckedText,
    SectionEditor,
    VersionedForm,
    kept_forms,
    row_formset,
)
from workup.presenters import sentence
from workup.rules import vocab
from workup.rules.facts import Medication

EXTRA_ROWS = 2  # blank rows under the medicines recorded
FIRST_ROWS = 4  # blank rows when none are recorded yet
CLASS_CHOICES = [("", "Choose a class")] + [
    (code, sentence(vocab.MEDICATION_CLASS_LABELS[code])) for code in vocab.MEDICATION_CLASSES
]


class MedicationListForm(VersionedForm):
    none_taken = forms.BooleanField(
        required=False,
        label="No current medication",
        help_text="Tick this instead of listing medicines. Leave the section unsaved if the "
        "medication list has not been taken yet.",
    )


class MedicationRowForm(forms.Form):
    name = CheckedText(
        label="Medicine",
        noun="the medicine's name",
        max_length=MAX_LENGTHS["medication_name"],
        help_text="As prescribed or as the patient names it.",
    )
    drug_class = forms.ChoiceField(
        label="Class",
        choices=CLASS_CHOICES,
        error_messages={
            "required": "Choose the class of this medicine (other if none fits).",
            "invalid_choice": "Choose one of the classes listed.",
        },
    )
    dose = CheckedText(
        label="Dose", noun="the dose", required=False, max_length=MAX_LENGTHS["dose"]
    )

    def medication(self) -> Medication:
        data = self.cleaned_data
        return Medication(
            name=data["name"], drug_class=data["drug_class"], dose=data["dose"] or None
        )


def medication_formset(extra: int):
    return row_formset(
        MedicationRowForm,
        extra=extra,
        max_rows=MAX_ROWS["medications"],
        rows_noun="medicines",
        can_delete=True,
    )


class MedicationEditor(SectionEditor):
    name = "medications"
    template = "workup/sections/medications.html"

    def build_form(self, data, value, version):
        return MedicationListForm(data, initial={"version": version, "none_taken": value == ()})

    def build_formset(self, data, value):
        initial = [
            {"name": m.name, "drug_class": m.drug_class, "dose": m.dose or ""} for m in value or ()
        ]
        formset = medication_formset(EXTRA_ROWS if value else FIRST_ROWS)
        return formset(data, initial=initial, prefix="medications")

    def check(self) -> bool:
        rows = list(kept_forms(self.formset))
        none_taken = self.form.cleaned_data.get("none_taken")
        if none_taken and rows:
            self.form.add_error(
                "none_taken",
                "Medicines are listed below: untick this, or remove the medicines listed.",
            )
            return False
        if not none_taken and not rows:
            self.form.add_error(
                "none_taken",
                "List at least one medicine below, or tick this if the patient takes none.",
            )
            return False
        return True

    def cleaned_value(self) -> tuple[Medication, ...]:
        return tuple(form.medication() for form in kept_forms(self.formset))
