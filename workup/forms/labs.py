"""Lab rows: analyte from the catalogue, status, value, one of the analyte's units, date
collected (or ordered), optional laboratory range. A row is a result, or a test ordered and not
back yet (pending: completed later by choosing "resulted" and entering the value) or decided
against (not done); only a result has a value, unit and range. Blank rows at the end add rows;
more appear after saving. Saved results show their value in the canonical unit and an
in/out-of-range marker."""

from __future__ import annotations

from django import forms

from workup import adapters
from workup.document import MAX_LAB_VALUE
from workup.document.checks import MAX_ROWS
from workup.forms.base import (
    EditorContext,
    SectionEditor,
    VersionedForm,
    date_field,
    decimal_number,
    kept_forms,
    row_formset,
)
from workup.presenters import lab_reading, sentence
from workup.rules import vocab
from workup.rules.facts import LabResult
from workup.rules.labs import ANALYTES, units_hint

EXTRA_ROWS = 3  # blank rows under the saved results
FIRST_ROWS = 12  # blank rows of an empty panel: a usual first set of results in one go
ALL_UNITS = list(dict.fromkeys(u for a in ANALYTES.values() for u in a.unit_codes))
ANALYTE_CHOICES = [("", "Choose an analyte")] + [(code, a.label) for code, a in ANALYTES.items()]
UNIT_CHOICES = [("", "Unit")] + [(u, u) for u in ALL_UNITS]
STATUS_CHOICES = [(s, sentence(vocab.LAB_STATUS_LABELS[s])) for s in vocab.LAB_STATUSES]
RESULTED = "resulted"
# Fields only a result has, with the words a message uses for them.
RESULT_ONLY = {
    "value": "value",
    "unit": "unit",
    "ref_low": "laboratory range",
    "ref_high": "laboratory range",
}


def analyte_units() -> dict[str, list[str]]:
    """analyte code -> accepted unit codes (canonical first), for the unit filter script."""
    return {code: list(a.unit_codes) for code, a in ANALYTES.items()}


def _limit(label: str):
    return decimal_number(label, 0, MAX_LAB_VALUE, places=6, digits=16)


class LabRowForm(forms.Form):
    analyte = forms.ChoiceField(
        label="Analyte",
        choices=ANALYTE_CHOICES,
        error_messages={
            "required": "Choose the analyte.",
            "invalid_choice": "Choose an analyte of the lab catalogue.",
        },
    )
    status = forms.ChoiceField(
        label="Status",
        choices=STATUS_CHOICES,
        initial=RESULTED,
        required=False,
        error_messages={"invalid_choice": "Choose resulted, pending or not done."},
    )
    value = decimal_number("Value", 0, MAX_LAB_VALUE, places=6, digits=16)
    unit = forms.ChoiceField(
        label="Unit",
        choices=UNIT_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Choose one of the units listed."},
    )
    collected_on = date_field("Collected on", help_text="")
    ref_low = _limit("Laboratory range: low")
    ref_high = _limit("Laboratory range: high")

    def __init__(self, *args, context: EditorContext, **kwargs):
        super().__init__(*args, **kwargs)
        self.context = context

    def has_changed(self) -> bool:
        """A blank row stays blank when only its status is missing from the post or left at
        "resulted" (the status starts there, unlike every other field of a blank row)."""
        changed = [name for name in self.changed_data if name != "status"]
        return bool(changed) or self["status"].data not in (None, "", RESULTED)

    def clean_status(self) -> str:
        return self.cleaned_data.get("status") or RESULTED

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == RESULTED:
            self._clean_result(cleaned)
        elif status is not None:
            label = vocab.LAB_STATUS_LABELS[status]
            for name, what in RESULT_ONLY.items():
                if name not in self.errors and str(self[name].data or "").strip():
                    self.add_error(
                        name,
                        f"A {label} test has no {what}: clear this box, or choose “Resulted”.",
                    )
        self._clean_date(cleaned)
        return cleaned

    def _clean_result(self, cleaned):
        if cleaned.get("value") is None and "value" not in self.errors:
            self.add_error("value", "Enter the value, or choose “Pending” or “Not done”.")
        if not cleaned.get("unit") and "unit" not in self.errors:
            self.add_error("unit", "Choose the unit.")
        code, unit = cleaned.get("analyte"), cleaned.get("unit")
        if code and unit and ANALYTES[code].unit(unit) is None:
            analyte = ANALYTES[code]
            self.add_error(
                "unit",
                f"{unit} is not a unit of {analyte.label}: use {units_hint(analyte)}.",
            )
        low, high = cleaned.get("ref_low"), cleaned.get("ref_high")
        if low is not None and high is not None and low > high:
            self.add_error(
                "ref_high",
                f"The upper limit must not be below the lower limit ({adapters.number(low)}).",
            )

    def _clean_date(self, cleaned):
        collected = cleaned.get("collected_on")
        if collected is not None:
            if collected > self.context.today:
                self.add_error("collected_on", "The collection date cannot be in the future.")
            elif collected < self.context.date_of_birth:
                self.add_error(
                    "collected_on", "The collection date is before the patient's date of birth."
                )

    def result(self) -> LabResult:
        data = self.cleaned_data
        if data["status"] != RESULTED:
            return LabResult(
                analyte=data["analyte"],
                value=None,
                unit=None,
                collected_on=data["collected_on"],
                status=data["status"],
            )
        return LabResult(
            analyte=data["analyte"],
            value=adapters.number(data["value"]),
            unit=data["unit"],
            collected_on=data["collected_on"],
            ref_low=adapters.number(data.get("ref_low")),
            ref_high=adapters.number(data.get("ref_high")),
        )


def lab_formset(extra: int):
    return row_formset(
        LabRowForm, extra=extra, max_rows=MAX_ROWS["labs"], rows_noun="lab rows", can_delete=True
    )


def lab_initial(lab: LabResult) -> dict:
    return {
        "analyte": lab.analyte,
        "status": lab.status,
        "value": lab.value,
        "unit": lab.unit or "",
        "collected_on": lab.collected_on,
        "ref_low": lab.ref_low,
        "ref_high": lab.ref_high,
    }


class LabEditor(SectionEditor):
    name = "labs"
    template = "workup/sections/labs.html"

    def build_form(self, data, value, version):
        return VersionedForm(data, initial={"version": version})

    def build_formset(self, data, value):
        formset = lab_formset(EXTRA_ROWS if value else FIRST_ROWS)
        return formset(
            data,
            initial=[lab_initial(lab) for lab in value or ()],
            prefix="labs",
            form_kwargs={"context": self.context},
        )

    def rows(self):
        """[(row number, form, saved row or None, its reading or None)]: stored results show
        how they read; stored pending and not-done rows say so."""
        stored = list(self.value or ())
        rows = []
        for i, form in enumerate(self.formset.forms):
            saved = stored[i] if i < len(stored) else None
            reading = None
            if saved is not None and saved.is_resulted:
                reading = lab_reading(
                    saved,
                    sex=self.context.sex_at_birth,
                    date_of_birth=self.context.date_of_birth,
                    visit_date=self.context.visit_date,
                )
            rows.append((i + 1, form, saved, reading))
        return rows

    def cleaned_value(self) -> tuple[LabResult, ...]:
        return tuple(form.result() for form in kept_forms(self.formset))
