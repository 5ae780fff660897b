"""Fields of the patient's pages: radio groups and tick lists with plain messages, numbers in
text boxes (what was typed comes back beside its error)."""

from __future__ import annotations

from django import forms

from workup.forms.base import decimal_number, whole_number

YES, NO, NOT_SURE = "yes", "no", "not_sure"


def radio(label: str, answers: dict, *, help_text: str = "") -> forms.ChoiceField:
    """One answer from a list (value -> words); may be left blank."""
    return forms.ChoiceField(
        label=label,
        choices=[(str(value).lower(), text) for value, text in answers.items()],
        required=False,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"invalid_choice": "Choose one of the answers listed."},
    )


def yes_no(label: str, *, not_sure: bool = False) -> forms.ChoiceField:
    choices = [(YES, "Yes"), (NO, "No")]
    if not_sure:
        choices.append((NOT_SURE, "Not sure"))
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the answers listed."},
    )


def yes_no_value(raw: str | None) -> bool | None:
    return {YES: True, NO: False}.get(raw or "")


def yes_no_initial(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


def tick_list(label: str, answers: dict, *, help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=list(answers.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={"invalid_choice": "Tick only the answers listed."},
    )


def count(label: str, low: int, high: int, *, help_text: str = "") -> forms.IntegerField:
    return whole_number(label, low, high, help_text=help_text)


def hours(label: str, *, help_text: str = "") -> forms.DecimalField:
    return decimal_number(label, 0, 24, places=2, digits=4, help_text=help_text)


def int_or_none(raw) -> int | None:
    return None if raw in (None, "") else int(raw)
