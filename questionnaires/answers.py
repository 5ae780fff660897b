"""A part's answers put into the questionnaire's ``answers``, each section checked by the
workup document's own section checks (``workup.document.parse``), so what a patient saves is
what a clinician could store: the same ranges, codes and text rules.

Medicines are the one exception to the document's shape: the patient lists names only, and
the clinician gives each its class at the visit, so the lines are checked as medication names.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from workup.document import MAX_LENGTHS, MAX_ROWS, DocumentError
from workup.document import checks as document_checks
from workup.document import parse as document_parse

SECTION_CHECKS = {
    "pain": document_parse._pain,
    "mental": lambda value: document_parse._mental(value, False),
    "lifestyle": document_parse._lifestyle,
    "gut": document_parse._gut,
    "hormones": document_parse._hormones,
    "red_flags": document_parse._red_flags,
}


def merged(answers: dict, section: str, values) -> dict:
    """A copy of ``answers`` with a part's values put into its section: the keys the part sets
    replace the section's (other parts' keys stay), a list section is replaced whole; a section
    left with nothing answered is dropped."""
    answers = dict(answers)
    if section == "medications":
        if values is None:
            answers.pop(section, None)
        else:
            answers[section] = values
        return answers
    current = dict(answers.get(section) or {})
    current.update(values)
    if all(value is None for value in current.values()):
        answers.pop(section, None)
    else:
        answers[section] = current
    return answers


def check_section(section: str, value) -> None:
    """Raise ValidationError (saying which field of the document) when a section's value is not
    one the workup document accepts."""
    try:
        if section == "medications":
            _check_medicine_lines(value)
        else:
            SECTION_CHECKS[section](value)
    except DocumentError as error:
        raise ValidationError(
            f"These answers cannot be saved ({error}). Check them and try again.",
            code="document",
        ) from None


def _check_medicine_lines(value) -> None:
    rows = document_checks._list(value, "medications", MAX_ROWS["medications"])
    for i, row in enumerate(rows):
        o = document_checks._Object(row, f"medications[{i}]", ("name",))
        document_checks._text(
            o.required("name"), o.at("name"), MAX_LENGTHS["medication_name"], blank_ok=False
        )


def phq9_item9(answers: dict) -> int | None:
    items = (answers.get("mental") or {}).get("phq9_items")
    return None if not items else items[8]
