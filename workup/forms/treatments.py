"""Treatment history: the conventional drugs tried, one row each, or an explicit "no
conventional drug tried" (a recorded section with no rows, unlike a section not recorded)."""

from __future__ import annotations

from django import forms

from workup.document import MAX_LENGTHS
from workup.forms.base import NO_AUTOFILL, SectionEditor, VersionedForm, whole_number
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
    dose = forms.CharField(
        label="Dose",
        required=False,
        max_length=DOSE_MAX_LENGTH,
        widget=forms.TextInput(attrs=NO_AUTOFILL),
        error_messages={"max_length": f"Keep the dose under {DOSE_MAX_LENGTH} characters."},
    )

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
    return forms.formset_factory(
        TrialRowForm, extra=extra, can_delete=True, max_num=100, validate_max=True
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

    def _kept_forms(self):
        for form in self.formset.forms:
            if not form.has_changed() and form.empty_permitted:
                continue
            if self.formset._should_delete_form(form):
                continue
            yield form

    def check(self) -> bool:
        trials = list(self._kept_forms())
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
        return tuple(form.trial() for form in self._kept_forms())
