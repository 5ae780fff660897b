"""Section editors driven directly (no page): a submission, its errors by field, its value."""

import datetime

from workup.forms import EDITORS, EditorContext

TODAY = datetime.date(2026, 11, 24)
CONTEXT = EditorContext(
    date_of_birth=datetime.date(1978, 4, 2),
    sex_at_birth="female",
    visit_date=datetime.date(2026, 11, 20),
    today=TODAY,
)


def editor(name: str, data: dict, value=None, context: EditorContext = CONTEXT):
    return EDITORS[name]({**data, "version": "0"}, value=value, version=0, context=context)


def value_of(name: str, data: dict, value=None):
    ed = editor(name, data, value)
    assert ed.is_valid(), (ed.form.errors, ed.formset.errors if ed.formset else None)
    return ed.cleaned_value()


def errors_of(ed) -> dict:
    """field name -> messages, rows as '<row>-<field>'."""
    assert not ed.is_valid()
    errors = {k: list(v) for k, v in ed.form.errors.items()}
    if ed.formset is not None:
        for i, row in enumerate(ed.formset.errors):
            errors.update({f"{i}-{k}": list(v) for k, v in row.items()})
    return errors
