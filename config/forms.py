"""The date box every form uses: a text input that shows and reads the practice's date format
(config.dates), whatever the browser's locale. A browser's own date input shows its locale's
format (mm/dd/yyyy in one browser, dd/mm/yyyy in the next), which is how one page came to show
three formats.

ISO dates (2026-12-03) are read as well, so a date pasted from a document or a CSV export
works; either way the date comes back in the practice format.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils.functional import lazy

from config import dates
from workup.document.checks import is_blank, text_problem

NO_AUTOFILL = {"autocomplete": "off"}
ISO_FORMAT = "%Y-%m-%d"


def _hint() -> str:
    return f"For example {dates.example()}."


def _invalid() -> str:
    return f"Enter a date like {dates.example()}."


# Lazy, so a form defined at import shows the format the practice uses when it is rendered.
date_hint = lazy(_hint, str)
date_invalid = lazy(_invalid, str)


def accepted_formats() -> list[str]:
    """The practice format (with the month's full name too, when it shows a short one: "3
    December 2026"), then ISO."""
    practice = dates.input_format()
    formats = [practice]
    if "%b" in practice:
        formats.append(practice.replace("%b", "%B"))
    if ISO_FORMAT not in formats:
        formats.append(ISO_FORMAT)
    return formats


class PracticeDateInput(forms.DateInput):
    """A text box showing a date in the practice format (its format in ``data-date-format``);
    what was typed comes back as typed beside its error message.

    No placeholder: an example date in an empty box reads as a date already entered. The
    example is in the field's hint, or in the column heading of a table of rows.
    """

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(attrs={**NO_AUTOFILL, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return dates.show_date(value)
        return value or None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-date-format"] = dates.date_format()
        return context


class PracticeDateField(forms.DateField):
    """A date typed in the practice format or as ISO, with the clinic's messages; the hint
    under it reads "For example 3 Dec 2026." unless another help text (or "") is given."""

    widget = PracticeDateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", date_hint())
        kwargs["error_messages"] = {
            "invalid": date_invalid(),
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)

    @property
    def input_formats(self) -> list[str]:
        return accepted_formats()


def checked_text(form: forms.Form, name: str, *, noun: str) -> str:
    """A one-line text field's value under the workup document's character rules (names and
    reasons reach documents, signed summaries and the audit log): only invisible characters
    (zero-width spaces, say) count as empty, with the field's own "required" message; control
    and bidirectional characters are refused with a message naming the field."""
    value = form.cleaned_data[name]
    field = form.fields[name]
    if is_blank(value):
        if field.required:
            raise forms.ValidationError(field.error_messages["required"], code="required")
        return ""
    problem = text_problem(value)
    if problem is not None:
        raise forms.ValidationError(f"{noun} {problem}.", code="characters")
    return value
