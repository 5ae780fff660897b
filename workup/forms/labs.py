"""Lab results as rows: analyte from the catalogue, value, one of the analyte's units, date
collected, optional laboratory range. Blank rows at the end add results; more appear after
saving. Saved rows show their value in the canonical unit and an in/out-of-range marker."""

from __future__ import annotations

from django import forms

from workup import adapters
from workup.document import MAX_LAB_VALUE
from workup.forms.base import (
    EditorContext,
    SectionEditor,
    VersionedForm,
    date_field,
    decimal_number,
)
from workup.presenters import lab_reading
from workup.rules.facts import LabResult
from workup.rules.labs import ANALYTES, units_hint

EXTRA_ROWS = 3  # blank rows under the saved results
FIRST_ROWS = 12  # blank rows of an empty panel: a usual first set of results in one go
ALL_UNITS = list(dict.fromkeys(u for a in ANALYTES.values() for u in a.unit_codes))
ANALYTE_CHOICES = [("", "Choose an analyte")] + [(code, a.label) for code, a in ANALYTES.items()]
UNIT_CHOICES = [("", "Choose a unit")] + [(u, u) for u in ALL_UNITS]


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
    value = decimal_number("Value", 0, MAX_LAB_VALUE, places=6, digits=16, required=True)
    unit = forms.ChoiceField(
        label="Unit",
        choices=UNIT_CHOICES,
        error_messages={
            "required": "Choose the unit.",
            "invalid_choice": "Choose one of the units listed.",
        },
    )
    collected_on = date_field("Collected on", help_text="")
    ref_low = _limit("Laboratory range: low")
    ref_high = _limit("Laboratory range: high")

    def __init__(self, *args, context: EditorContext, **kwargs):
        super().__init__(*args, **kwargs)
        self.context = context

    def clean(self):
        cleaned = super().clean()
        code, unit = cleaned.get("analyte"), cleaned.get("unit")
        if code and unit and ANALYTES[code].unit(unit) is None:
            analyte = ANALYTES[code]
            self.add_error(
                "unit",
                f"{unit} is not a unit of {analyte.label}: use {units_hint(analyte)}.",
            )
        collected = cleaned.get("collected_on")
        if collected is not None:
            if collected > self.context.today:
                self.add_error("collected_on", "The collection date cannot be in the future.")
            elif collected < self.context.date_of_birth:
                self.add_error(
                    "collected_on", "The collection date is before the patient's date of birth."
                )
        low, high = cleaned.get("ref_low"), cleaned.get("ref_high")
        if low is not None and high is not None and low > high:
            self.add_error(
                "ref_high",
                f"The upper limit must not be below the lower limit ({adapters.number(low)}).",
            )
        return cleaned

    def result(self) -> LabResult:
        data = self.cleaned_data
        return LabResult(
            analyte=data["analyte"],
            value=adapters.number(data["value"]),
            unit=data["unit"],
            collected_on=data["collected_on"],
            ref_low=adapters.number(data.get("ref_low")),
            ref_high=adapters.number(data.get("ref_high")),
        )


def lab_formset(extra: int):
    return forms.formset_factory(
        LabRowForm, extra=extra, can_delete=True, max_num=200, validate_max=True
    )


def lab_initial(lab: LabResult) -> dict:
    return {
        "analyte": lab.analyte,
        "value": lab.value,
        "unit": lab.unit,
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
        """[(row number, form, saved reading or None)]: stored rows show how they read."""
        stored = list(self.value or ())
        rows = []
        for i, form in enumerate(self.formset.forms):
            reading = None
            if i < len(stored):
                reading = lab_reading(
                    stored[i],
                    sex=self.context.sex_at_birth,
                    date_of_birth=self.context.date_of_birth,
                    visit_date=self.context.visit_date,
                )
            rows.append((i + 1, form, reading))
        return rows

    def cleaned_value(self) -> tuple[LabResult, ...]:
        kept = []
        for form in self.formset.forms:
            if not form.has_changed() and form.empty_permitted:
                continue
            if self.formset.can_delete and self.formset._should_delete_form(form):
                continue
            kept.append(form.result())
        return tuple(kept)
