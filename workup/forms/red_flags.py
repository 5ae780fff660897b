"""Red flags: each finding asked as the contract words it (so that, for example, menopausal
sweats or jaw-joint pain are not ticked by mistake), answered yes, no or not asked.

At age 50 and over the questions that point to giant cell arteritis come first and are marked,
as the rules name them first when they are not asked.
"""

from __future__ import annotations

from django import forms

from workup.forms.base import SectionEditor, VersionedForm, yes_no_initial, yes_no_value
from workup.rules import vocab
from workup.rules.facts import RedFlags, age_on

ANSWERS = [("yes", "Yes"), ("no", "No"), ("", "Not asked")]


def red_flag_field(question: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=vocab.RED_FLAG_QUESTIONS[question],
        choices=ANSWERS,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose yes, no or not asked."},
    )


class RedFlagsForm(VersionedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in vocab.RED_FLAGS:
            self.fields[question] = red_flag_field(question)


class RedFlagsEditor(SectionEditor):
    name = "red_flags"
    template = "workup/sections/red_flags.html"

    def build_form(self, data, value, version):
        initial = {"version": version}
        for question in vocab.RED_FLAGS:
            initial[question] = yes_no_initial(value.answer(question) if value else None)
        return RedFlagsForm(data, initial=initial)

    @property
    def gca_first(self) -> bool:
        """Whether the patient is of the age at which giant cell arteritis is asked about first."""
        return age_on(self.context.date_of_birth, self.context.visit_date) >= vocab.GCA_AGE

    def questions(self):
        """[(bound field, points to giant cell arteritis at this age)] in the order to ask."""
        order = list(vocab.RED_FLAGS)
        if self.gca_first:
            order = [*vocab.GCA_QUESTIONS, *(q for q in order if q not in vocab.GCA_QUESTIONS)]
        return [(self.form[q], self.gca_first and q in vocab.GCA_QUESTIONS) for q in order]

    def cleaned_value(self) -> RedFlags:
        d = self.form.cleaned_data
        return RedFlags(**{q: yes_no_value(d.get(q)) for q in vocab.RED_FLAGS})
