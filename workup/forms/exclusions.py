"""Exclusions: one grid of every look-alike condition, grouped by category, each with a
disposition and a note; the required ones are marked."""

from __future__ import annotations

from django import forms

from workup.document import MAX_LENGTHS
from workup.forms.base import NO_AUTOFILL, CheckedText, SectionEditor, VersionedForm
from workup.presenters import sentence
from workup.rules import vocab
from workup.rules.facts import ExclusionFinding

CATEGORY_LABELS = {
    "autoimmune": "Autoimmune and inflammatory",
    "thyroid": "Thyroid",
    "infection": "Chronic infection",
    "other": "Other conditions",
}
NOTE_MAX_LENGTH = MAX_LENGTHS["note"]
STATUS_CHOICES = [(s, sentence(vocab.EXCLUSION_STATUS_LABELS[s])) for s in vocab.EXCLUSION_STATUSES]


class ExclusionRowForm(forms.Form):
    condition = forms.ChoiceField(
        choices=list(vocab.CONDITION_LABELS.items()),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "This condition is not in the checklist."},
    )
    status = forms.ChoiceField(
        label="Disposition",
        choices=STATUS_CHOICES,
        error_messages={
            "invalid_choice": "Choose one of the dispositions listed.",
            "required": "Choose a disposition.",
        },
    )
    note = CheckedText(
        label="Note",
        noun="the note",
        multiline=True,
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={**NO_AUTOFILL, "rows": 2}),
    )

    @property
    def condition_code(self) -> str:
        return self["condition"].value() or ""

    @property
    def condition_label(self) -> str:
        return vocab.CONDITION_LABELS.get(self.condition_code, self.condition_code)

    @property
    def required_condition(self) -> bool:
        return self.condition_code in vocab.REQUIRED_CONDITIONS


class BaseExclusionFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen: set[str] = set()
        for form in self.forms:
            code = form.cleaned_data.get("condition")
            if code in seen:
                label = vocab.CONDITION_LABELS[code]
                form.add_error("status", f"{sentence(label)} is listed twice: keep one row.")
                raise forms.ValidationError(f"{sentence(label)} is listed twice.")
            seen.add(code)


ExclusionFormSet = forms.formset_factory(
    ExclusionRowForm,
    formset=BaseExclusionFormSet,
    extra=0,
    min_num=len(vocab.CONDITIONS),
    max_num=len(vocab.CONDITIONS),
    validate_min=True,
    validate_max=True,
)


class ExclusionEditor(SectionEditor):
    name = "exclusions"
    template = "workup/sections/exclusions.html"

    def build_form(self, data, value, version):
        return VersionedForm(data, initial={"version": version})

    def build_formset(self, data, value):
        stored = {x.condition: x for x in value or ()}
        initial = []
        for code in vocab.CONDITIONS:
            x = stored.get(code)
            initial.append(
                {
                    "condition": code,
                    "status": x.status if x else "not_assessed",
                    "note": (x.note or "") if x else "",
                }
            )
        return ExclusionFormSet(data, initial=initial, prefix="exclusions")

    def categories(self):
        """[(category label, [row form])] in the checklist's order."""
        rows: dict[str, list] = {c: [] for c in vocab.CONDITION_CATEGORIES}
        for form in self.formset.forms:
            category = vocab.CONDITIONS.get(form.condition_code, ("other",))[0]
            rows[category].append(form)
        return [(c, CATEGORY_LABELS[c], rows[c]) for c in vocab.CONDITION_CATEGORIES]

    def cleaned_value(self) -> tuple[ExclusionFinding, ...]:
        """Findings with a disposition other than "not assessed" or a note, plus those already
        stored (kept in their stored order, then the new ones in checklist order)."""
        stored_order = [x.condition for x in self.value or ()]
        chosen = {}
        for form in self.formset.forms:
            data = form.cleaned_data
            code, status, note = data["condition"], data["status"], data["note"] or None
            if status != "not_assessed" or note or code in stored_order:
                chosen[code] = ExclusionFinding(code, status, note)
        order = [c for c in stored_order if c in chosen]
        order += [c for c in vocab.CONDITIONS if c in chosen and c not in order]
        return tuple(chosen[c] for c in order)
