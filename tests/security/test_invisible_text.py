"""Text that says nothing, or says it in another order than it is stored: a value of only
invisible characters is as empty as a blank one, and bidirectional or control characters are
refused at the field, in every form that takes free text (the workup document's rules)."""

import pytest

from accounts.forms import UserCreateForm
from workup.document.checks import is_blank
from workup.forms.medications import MedicationRowForm

BLANK = [
    ("empty", ""),
    ("spaces, tab and line break", " \t\n "),
    ("no-break and ideographic spaces", "\u00a0\u3000"),
    ("zero-width space", "\u200b"),
    ("zero-width non-joiner and joiner", "\u200c\u200d"),
    ("word joiner", "\u2060"),
    ("byte order mark", "\ufeff"),
    ("soft hyphen", "\u00ad"),
    ("left-to-right and right-to-left marks", "\u200e\u200f"),
    ("Hangul filler", "\u3164"),
    ("blank braille pattern", "\u2800"),
    ("a mixture", " \u200b\ufeff\u2060 "),
]
NOT_BLANK = [
    ("a letter", "a"),
    ("a letter among invisible characters", "\u200ba\u200b"),
    ("an accented name", "Zoë"),
    ("right-to-left script", "سلمى"),
    ("a digit", "0"),
    ("a dash", "-"),
    ("a control character", "\x07"),
    ("a lone surrogate", "\ud800"),
]


@pytest.mark.parametrize(("case", "value"), BLANK, ids=[b[0] for b in BLANK])
def test_text_of_only_whitespace_and_invisible_characters_is_blank(case, value):
    assert is_blank(value)


@pytest.mark.parametrize(("case", "value"), NOT_BLANK, ids=[n[0] for n in NOT_BLANK])
def test_text_with_anything_visible_or_refusable_is_not_blank(case, value):
    assert not is_blank(value)


MEDICINE_NAMES = [
    ("a name", "atorvastatin", None),
    ("an accented name", "Lévothyrox", None),
    ("zero-width space only", "\u200b", "Enter the medicine's name."),
    ("byte order mark and spaces", " \ufeff ", "Enter the medicine's name."),
    ("right-to-left override", "atorva\u202estatin",
     "The medicine's name must not contain bidirectional control characters (U+202E)."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "name", "message"), MEDICINE_NAMES, ids=[m[0] for m in MEDICINE_NAMES]
)
def test_a_medicine_row_checks_its_name(case, name, message):
    form = MedicationRowForm({"name": name, "drug_class": "statin", "dose": ""})
    if message is None:
        assert form.is_valid(), form.errors
        assert form.cleaned_data["name"] == name
    else:
        assert form.errors == {"name": [message]}


def test_an_optional_dose_of_only_invisible_characters_is_no_dose():
    form = MedicationRowForm({"name": "atorvastatin", "drug_class": "statin", "dose": "\u200b"})
    assert form.is_valid(), form.errors
    assert form.medication().dose is None


REQUIRED = "This field is required."
USER_NAMES = [
    ("first_name", "Inés", None),
    ("first_name", "\u200b", REQUIRED),
    ("last_name", "\u2060\ufeff", REQUIRED),
    ("first_name", "Ines\u202e", "The first name must not contain bidirectional control "
     "characters (U+202E)."),
    ("last_name", "Ri\x1bvera", "The last name must not contain control characters (U+001B)."),
    ("email", "ines@example\u202e.org", "The email address must not contain bidirectional "
     "control characters (U+202E)."),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "message"), USER_NAMES)
def test_a_new_account_checks_the_names_and_email(field, value, message):
    data = {
        "username": "dr_new",
        "first_name": "Ines",
        "last_name": "Rivera",
        "email": "ines@example.org",
        "role": "clinician",
        field: value,
    }
    form = UserCreateForm(data)
    if message is None:
        assert form.is_valid(), form.errors
    else:
        assert form.errors == {field: [message]}
