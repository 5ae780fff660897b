"""Medicines (free text, one per line: the clinician classifies them) and the warning signs
(the red-flag questions in lay words)."""

from __future__ import annotations

from django import forms

from questionnaires import words
from questionnaires.forms import fields
from questionnaires.forms.base import PartForm, section_of
from workup.document import MAX_LENGTHS, MAX_ROWS
from workup.document.checks import is_blank, text_problem
from workup.rules import vocab

MAX_MEDICINES = MAX_ROWS["medications"]
MAX_MEDICINE_LINE = MAX_LENGTHS["medication_name"]


class MedicinesForm(PartForm):
    part = "medicines"

    medicines = forms.CharField(
        label="Which medicines do you take now?",
        required=False,
        max_length=MAX_MEDICINES * (MAX_MEDICINE_LINE + 2),
        widget=forms.Textarea(attrs={"rows": 8, "autocomplete": "off", "spellcheck": "false"}),
        help_text=(
            "One medicine on each line, with how much and how often if you know, for example "
            "“amitriptyline 10 mg at night”. Include medicines you buy yourself, vitamins and "
            "supplements."
        ),
        error_messages={"max_length": "This list is too long: list at most 50 medicines."},
    )
    none_taken = forms.BooleanField(required=False, label="I do not take any medicines")

    @classmethod
    def initial_from(cls, answers, responses):
        listed = answers.get("medications")
        if listed is None:
            return {}
        return {
            "medicines": "\n".join(row["name"] for row in listed),
            "none_taken": listed == [],
        }

    def clean_medicines(self):
        lines = []
        for number, raw in enumerate(self.cleaned_data["medicines"].splitlines(), 1):
            line = " ".join(raw.split())
            if is_blank(line):
                continue
            problem = text_problem(line)
            if problem is not None:
                raise forms.ValidationError(f"Line {number} {problem}.", code="characters")
            if len(line) > MAX_MEDICINE_LINE:
                raise forms.ValidationError(
                    f"Line {number} is too long: keep each medicine to {MAX_MEDICINE_LINE} "
                    "characters or fewer.",
                    code="max_length",
                )
            lines.append(line)
        if len(lines) > MAX_MEDICINES:
            raise forms.ValidationError(
                f"List at most {MAX_MEDICINES} medicines: you listed {len(lines)}.",
                code="too_many",
            )
        return lines

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("medicines") and cleaned.get("none_taken"):
            self.add_error(
                "none_taken",
                "You listed medicines and also ticked “I do not take any medicines”: untick "
                "it, or clear the list.",
            )
        return cleaned

    def section_values(self):
        lines = self.cleaned_data["medicines"]
        if lines:
            return [{"name": line} for line in lines]
        return [] if self.cleaned_data["none_taken"] else None


class WarningSignsForm(PartForm):
    """Yes, no or not sure; "not sure" is kept so the page reopens as left, and is "not asked"
    (null) for the workup: the clinician asks at the visit."""

    part = "warning_signs"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in vocab.RED_FLAGS:
            self.fields[code] = fields.yes_no(words.WARNING_SIGNS[code], not_sure=True)

    @classmethod
    def initial_from(cls, answers, responses):
        saved = section_of(answers, "red_flags")
        not_sure = set(responses.get("warning_signs") or ())
        return {
            code: fields.NOT_SURE if code in not_sure else fields.yes_no_initial(saved.get(code))
            for code in vocab.RED_FLAGS
        }

    def questions(self):
        return [self[code] for code in vocab.RED_FLAGS]

    def responses(self):
        return [code for code in vocab.RED_FLAGS if self.cleaned_data[code] == fields.NOT_SURE]

    def section_values(self):
        return {code: fields.yes_no_value(self.cleaned_data[code]) for code in vocab.RED_FLAGS}
