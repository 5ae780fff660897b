"""Treatment history: the conventional drugs tried, one row each, or an explicit "no
conventional drug tried" (a recorded section with no rows, unlike a section not recorded)."""

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
    whole_number,
)
from workup.presenters import RESPONSE_LABELS, sentence
from workup.rules import vocab
from workup.rules.facts import TreatmentTrial

EXTRA_ROWS = 2  # blank rows under the drugs recorded
FIRST_ROWS = 4  # blank rows when none are recorded yet
DOSE_MAX_LENGTH = MAX_LENGTHS["dose"]


class TreatmentHistoryForm(VersionedForm):
    none_tried = forms.BooleanField(
        required=False,
        label="No conventional drug has been tried",
        help_text="Tick this instead of listing drugs. Leave the section unsaved if the "
        "treatment history has not been taken yet.",
    )


class TrialRowForm(forms.Form):
    drug = forms.ChoiceField(
        label="Drug",
        choices=[("", "Choose a drug")] + [(d, vocab.DRUG_LABELS[d]) for d in vocab.DRUGS],
        error_messages={
            "required": "Choose the drug.",
            "invalid_choice": "Choose one of the drugs listed.",
        },
    )
    weeks = whole_number("Weeks taken", 0, 520, required=True)
    response = forms.ChoiceField(
        label="Response",
        choices=[("", "Choose the response")]
        + [(r, sentence(RESPONSE_LABELS[r])) for r in vocab.RESPONSES],
        error_messages={
            "required": "Choose the response.",
            "invalid_choice": "Choose one of the responses listed.",
        },
    )
    stopped_for_adverse_effects = forms.BooleanField(
        required=False, label="Stopped for adverse effects"
    )
    dose = CheckedText(label="Dose", noun="the dose", required=False, max_length=DOSE_MAX_LENGTH)

    def trial(self) -> TreatmentTrial:
        data = self.cleaned_data
        return TreatmentTrial(
            drug=data["drug"],
            weeks=data["weeks"],
            response=data["response"],
            stopped_for_adverse_effects=data["stopped_for_adverse_effects"],
            dose=data["dose"] or None,
        )


def trial_formset(extra: int):
    return row_formset(
        TrialRowForm,
        extra=extra,
        max_rows=MAX_ROWS["treatments"],
        rows_noun="drugs",
        can_delete=True,
    )


class TreatmentEditor(SectionEditor):
    name = "treatments"
    template = "workup/sections/treatments.html"

    def build_form(self, data, value, version):
        return TreatmentHistoryForm(data, initial={"version": version, "none_tried": value == ()})

    def build_formset(self, data, value):
        initial = [
            {
                "drug": t.drug,
                "weeks": t.weeks,
                "response": t.response,
                "stopped_for_adverse_effects": t.stopped_for_adverse_effects,
                "dose": t.dose or "",
            }
            for t in value or ()
        ]
        formset = trial_formset(EXTRA_ROWS if value else FIRST_ROWS)
        return formset(data, initial=initial, prefix="trials")

    def check(self) -> bool:
        trials = list(kept_forms(self.formset))
        none_tried = self.form.cleaned_data.get("none_tried")
        if none_tried and trials:
            self.form.add_error(
                "none_tried",
                "Drugs are listed below: untick this, or delete the drugs listed.",
            )
            return False
        if not none_tried and not trials:
            self.form.add_error(
                "none_tried",
                "List at least one drug below, or tick this if no conventional drug has "
                "been tried.",
            )
            return False
        return True

    def cleaned_value(self) -> tuple[TreatmentTrial, ...]:
        return tuple(form.trial() for form in kept_forms(self.formset))
