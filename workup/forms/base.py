"""Shared pieces of the section forms: the version field, fields with the clinic's messages,
and the editor interface every section page uses.

Numbers and dates are typed into text boxes (with an input mode for the on-screen keyboard),
not number or date inputs: a browser empties a number box holding text it cannot parse, and
what the clinician typed must come back beside its error message.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from config.forms import PracticeDateField
from workup.document.checks import is_blank, text_problem
from workup.rules import fmt

NO_AUTOFILL = {"autocomplete": "off"}


@dataclass(frozen=True, slots=True)
class EditorContext:
    """What a section form needs to know about the patient and the visit."""

    date_of_birth: datetime.date
    sex_at_birth: str
    visit_date: datetime.date
    today: datetime.date


def _range(low, high) -> str:
    return f"{fmt.num(low)} to {fmt.num(high)}"


def whole_number(label: str, low: int, high: int, *, required=False, help_text="", **attrs):
    message = f"Enter a whole number from {_range(low, high)}."
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=low,
        max_value=high,
        help_text=help_text,
        widget=forms.TextInput(attrs={**NO_AUTOFILL, "inputmode": "numeric", **attrs}),
        error_messages={
            "invalid": message,
            "min_value": message,
            "max_value": message,
            "required": "Enter a number.",
        },
    )


def decimal_number(
    label: str, low, high, *, places: int, digits: int, required=False, help_text="", **attrs
):
    decimals = "1 decimal" if places == 1 else f"{places} decimals"
    message = f"Enter a number from {_range(low, high)} (at most {decimals})."
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(low),
        max_value=Decimal(high),
        max_digits=digits,
        decimal_places=places,
        help_text=help_text,
        widget=forms.TextInput(attrs={**NO_AUTOFILL, "inputmode": "decimal", **attrs}),
        error_messages={
            "invalid": message,
            "min_value": message,
            "max_value": message,
            "max_digits": message,
            "max_decimal_places": message,
            "max_whole_digits": message,
            "required": "Enter a number.",
        },
    )


def date_field(label: str, *, required=True, help_text=None):
    """A date in the practice format (or ISO); the hint gives the format's example unless
    `help_text` says otherwise ("" for none)."""
    extra = {} if help_text is None else {"help_text": help_text}
    return PracticeDateField(
        label=label,
        required=required,
        error_messages={"required": "Enter the date."},
        **extra,
    )


class CheckedText(forms.CharField):
    """Free text under the document's rules: its length, and the characters it may hold (no
    control characters, lone surrogates or bidirectional controls), so what a form accepts an
    export writes and an import reads back. Text of only invisible characters (`is_blank`) is
    empty: "Enter ..." when required, not recorded when not. Messages name the field: "The dose
    must not ..."."""

    def __init__(self, *, noun: str, multiline: bool = False, **kwargs):
        self.noun = noun
        self.multiline = multiline
        max_length = kwargs["max_length"]
        kwargs.setdefault("widget", forms.TextInput(attrs=NO_AUTOFILL))
        kwargs["error_messages"] = {
            "max_length": f"Keep {noun} to {max_length:,} characters or fewer.",
            "required": f"Enter {noun}.",
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return self.empty_value if is_blank(value) else value

    def validate(self, value):
        super().validate(value)
        problem = text_problem(value, multiline=self.multiline) if value else None
        if problem is not None:
            raise ValidationError(f"{sentence_start(self.noun)} {problem}.", code="characters")


def sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def code_choice(label: str, choices, *, blank: str | None = "Not recorded", help_text=""):
    """A select of codes; with `blank`, an empty first option meaning "not recorded"."""
    options = list(choices)
    if blank is not None:
        options = [("", blank), *options]
    return forms.ChoiceField(
        label=label,
        choices=options,
        required=blank is None,
        help_text=help_text,
        error_messages={"invalid_choice": "Choose one of the options listed."},
    )


YES_NO_CHOICES = [("", "Not recorded"), ("yes", "Yes"), ("no", "No")]


def yes_no_field(label: str, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=YES_NO_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"invalid_choice": "Choose yes, no or not recorded."},
    )


def yes_no_value(raw: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(raw or "")


def yes_no_initial(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def scale_field(label: str, anchors: dict[int, str], *, blank: str = "Not recorded", **kw):
    """A 0-3 radio group with an anchor for each point and a first "not recorded" choice."""
    choices = [("", blank)] + [(str(k), f"{k}: {text}") for k, text in anchors.items()]
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the options listed."},
        **kw,
    )


def int_or_none(raw) -> int | None:
    return None if raw in (None, "") else int(raw)


def row_formset(form, *, extra: int, max_rows: int, rows_noun: str, **kwargs):
    """A formset of list rows (blank ones at the end add rows) bounded like the document's list:
    more than `max_rows` kept rows is refused with a message saying so."""

    class Rows(forms.BaseFormSet):
        default_error_messages = {
            "too_many_forms": f"List at most {max_rows} {rows_noun}: remove some rows.",
        }

    return forms.formset_factory(
        form, formset=Rows, extra=extra, max_num=max_rows, validate_max=True, **kwargs
    )


def kept_forms(formset):
    """The rows a valid submission keeps: neither left blank nor ticked for removal."""
    for form in formset.forms:
        if not form.has_changed() and form.empty_permitted:
            continue
        if formset.can_delete and formset._should_delete_form(form):
            continue
        yield form


class VersionedForm(forms.Form):
    """Carries the version of the section the page was filled from (0: not recorded yet)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": "This page is out of date: open the section again.",
            "invalid": "This page is out of date: open the section again.",
            "min_value": "This page is out of date: open the section again.",
        },
    )


class SectionEditor:
    """The form (and row formset) of one section page.

    ``value`` is the stored section value (None: not recorded); ``cleaned_value()`` is the new
    value after a valid submission, in the same shape (see ``workup.adapters``).
    """

    name = ""
    template = ""

    def __init__(self, data=None, *, value, version: int, context: EditorContext):
        self.data = data
        self.value = value
        self.stored_version = version
        self.context = context
        self.form = self.build_form(data, value, version)
        self.formset = self.build_formset(data, value)

    def build_form(self, data, value, version):
        raise NotImplementedError

    def build_formset(self, data, value):
        return None

    @property
    def is_bound(self) -> bool:
        return self.data is not None

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        if self.formset is not None:
            valid = self.formset.is_valid() and valid
        return valid and self.check()

    def check(self) -> bool:
        """Checks that need both the form and the rows; add errors and return False."""
        return True

    @property
    def posted_version(self) -> int:
        return self.form.cleaned_data["version"]

    def cleaned_value(self):
        raise NotImplementedError

    def error_count(self) -> int:
        count = len(self.form.errors)
        if self.formset is not None:
            count += sum(len(errors) for errors in self.formset.errors)
            count += len(self.formset.non_form_errors())
        return count
