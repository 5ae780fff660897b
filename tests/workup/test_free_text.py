"""Free text on the forms follows the document's character rules: control characters, lone
surrogates and bidirectional controls are refused at the field, with the code point named, so
whatever a form stores an export writes and an import reads back."""

import pytest

from tests.workup.editing import editor, errors_of, value_of
from tests.workup.formdata import exclusions_data, medications_data, treatments_data
from workup.rules.facts import ExclusionFinding, Medication, TreatmentTrial


def medication_name(text):
    return "medications", medications_data([Medication(text, "other")]), "0-name"


def medication_dose(text):
    return "medications", medications_data([Medication("x", "other", text)]), "0-dose"


def trial_dose(text):
    return "treatments", treatments_data([TreatmentTrial("other", 4, "none", dose=text)]), "0-dose"


def exclusion_note(text):
    findings = (ExclusionFinding("hypothyroidism", "ruled_out", text),)
    data = exclusions_data(findings)
    index = next(i for i in range(40) if data[f"exclusions-{i}-condition"] == "hypothyroidism")
    return "exclusions", data, f"{index}-note"


FIELDS = {
    "medicine name": (medication_name, "The medicine's name"),
    "medicine dose": (medication_dose, "The dose"),
    "drug trial dose": (trial_dose, "The dose"),
    "exclusion note": (exclusion_note, "The note"),
}
REFUSED = {
    "bell": ("ring\x07", "must not contain control characters (U+0007)"),
    "escape": ("\x1b[31mred", "must not contain control characters (U+001B)"),
    "DEL": ("a\x7fb", "must not contain control characters (U+007F)"),
    "C1": ("a\x85b", "must not contain control characters (U+0085)"),
    "NUL": ("a\x00b", "must not contain NUL characters"),
    "lone surrogate": ("a\ud800b", "must not contain a lone surrogate (U+D800)"),
    "right-to-left override": ("gnp\u202e.exe", "(U+202E)"),
    "left-to-right embedding": ("\u202aab", "(U+202A)"),
    "first strong isolate": ("a\u2068b", "(U+2068)"),
    "pop directional isolate": ("a\u2069b", "(U+2069)"),
}


@pytest.mark.parametrize("where", FIELDS)
@pytest.mark.parametrize("what", REFUSED)
def test_hostile_characters_are_refused_at_the_field_naming_the_code_point(where, what):
    build, noun = FIELDS[where]
    text, problem = REFUSED[what]
    name, data, field = build(text)
    message = errors_of(editor(name, data))[field][0]
    assert message.startswith(f"{noun} must not contain")
    assert problem in message


@pytest.mark.parametrize("where", FIELDS)
def test_ordinary_text_in_any_script_is_taken(where):
    build, _ = FIELDS[where]
    name, data, _ = build("Ω 漢字 é — 20 mg ½ tab 🙂")
    assert value_of(name, data)


def test_a_note_may_hold_line_breaks_as_in_the_document_but_a_dose_may_not():
    name, data, _ = exclusion_note("line one\nline two\ttabbed")
    assert value_of(name, data)[0].note == "line one\nline two\ttabbed"
    name, data, field = medication_dose("20 mg\nat night")
    assert "line breaks or tabs (U+000A)" in errors_of(editor(name, data))[field][0]
