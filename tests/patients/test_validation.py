"""Demographics are checked at each boundary, in the model and in the form, with field messages."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from patients.forms import PatientForm, ReasonForm
from patients.models import Patient
from patients.validators import years_before
from tests.patients.factories import make_patient

TODAY = datetime.date(2026, 6, 15)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


def form_data(**overrides):
    data = {
        "mrn": "A1001",
        "given_name": "Ana",
        "family_name": "Silva",
        "date_of_birth": "1978-04-02",
        "sex_at_birth": "female",
        "phone": "",
        "email": "",
        "primary_clinician": "",
    }
    data.update(overrides)
    return data


def model_errors(**overrides) -> dict:
    values = {
        "mrn": "A1001",
        "given_name": "Ana",
        "family_name": "Silva",
        "date_of_birth": datetime.date(1978, 4, 2),
        "sex_at_birth": "female",
    }
    values.update(overrides)
    patient = Patient(**values)
    try:
        patient.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


DATE_OF_BIRTH_CASES = [
    ("today", TODAY, None),
    ("tomorrow", TODAY + datetime.timedelta(days=1), "cannot be in the future"),
    ("exactly 120 years ago", datetime.date(1906, 6, 15), None),
    ("120 years and 1 day ago", datetime.date(1906, 6, 14), "more than 120 years ago"),
]


@pytest.mark.parametrize(("case", "born", "message"), DATE_OF_BIRTH_CASES)
def test_the_model_checks_the_date_of_birth_boundaries(case, born, message):
    errors = model_errors(date_of_birth=born)
    if message is None:
        assert "date_of_birth" not in errors, case
    else:
        assert message in errors["date_of_birth"][0], case


@pytest.mark.parametrize(("case", "born", "message"), DATE_OF_BIRTH_CASES)
def test_the_form_checks_the_date_of_birth_boundaries(case, born, message):
    form = PatientForm(form_data(date_of_birth=born.isoformat()))
    if message is None:
        assert form.is_valid(), (case, form.errors)
    else:
        assert not form.is_valid()
        assert message in form.errors["date_of_birth"][0], case


def test_the_120_year_limit_of_someone_born_on_29_february_falls_on_28_february():
    assert years_before(datetime.date(2020, 2, 29), 120) == datetime.date(1900, 2, 28)
    assert years_before(datetime.date(2028, 2, 29), 120) == datetime.date(1908, 2, 29)


@pytest.mark.parametrize("typed", ["2 Apr 1978", "02 apr 1978", "2 April 1978", "1978-04-02"])
def test_the_form_takes_the_date_of_birth_in_the_practice_format_or_as_iso(typed):
    form = PatientForm(form_data(date_of_birth=typed))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == datetime.date(1978, 4, 2)


@pytest.mark.parametrize(
    "typed", ["02/04/1978", "04/31/1978", "2 April", "1978-02-30", "31 Apr 1978"]
)
def test_a_date_of_birth_that_is_not_a_date_says_how_to_write_it(typed):
    form = PatientForm(form_data(date_of_birth=typed))
    assert form.errors["date_of_birth"] == ["Enter a date like 3 Dec 2026."]


def test_the_date_of_birth_is_shown_in_the_practice_format():
    patient = make_patient(date_of_birth=datetime.date(1978, 4, 2))
    html = str(PatientForm(instance=patient)["date_of_birth"])
    assert 'value="2 Apr 1978"' in html
    assert 'type="text"' in html


@pytest.mark.parametrize("mrn", ["A1001", "a-1001", "12345", "MRN-2026-0001"])
def test_an_mrn_of_letters_digits_and_dashes_is_accepted(mrn):
    assert "mrn" not in model_errors(mrn=mrn)


@pytest.mark.parametrize("mrn", ["A 1001", "A_1001", "A1001!", "Á1001", "A/1001"])
def test_an_mrn_with_anything_else_is_refused(mrn):
    assert model_errors(mrn=mrn)["mrn"] == ["Use letters, digits and - only (no spaces)."]
    assert PatientForm(form_data(mrn=mrn)).errors["mrn"] == [
        "Use letters, digits and - only (no spaces)."
    ]


def test_the_mrn_is_stored_trimmed():
    assert make_patient(mrn="  A77 ").mrn == "A77"
    form = PatientForm(form_data(mrn="  A78  ", family_name="Costa"))
    assert form.is_valid()
    assert form.cleaned_data["mrn"] == "A78"


def test_the_mrn_is_unique_ignoring_case_in_the_form_and_the_model():
    make_patient(mrn="A1001")
    form = PatientForm(form_data(mrn="a1001", family_name="Other"))
    assert form.errors["mrn"] == ["Another patient already has this MRN."]
    assert "Another patient already has this MRN." in str(model_errors(mrn="a1001"))


def test_the_database_refuses_a_second_mrn_differing_only_in_case():
    make_patient(mrn="A1001")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_patient(mrn="a1001")


def test_editing_a_patient_does_not_find_their_own_mrn_taken():
    patient = make_patient(mrn="A1001")
    form = PatientForm(form_data(mrn="a1001"), instance=patient)
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("phone", ["+44 20 7946 0958", "020 7946 0958", "(555) 123-4567", "123456"])
def test_well_formed_phone_numbers_are_accepted(phone):
    assert PatientForm(form_data(phone=phone)).is_valid()


@pytest.mark.parametrize(
    "phone", ["12345", "call me", "+44 20 7946 0958 ext 3", "1" * 16, "++4420"]
)
def test_malformed_phone_numbers_are_refused_with_a_field_message(phone):
    errors = PatientForm(form_data(phone=phone)).errors
    assert "phone number of 6 to 15 digits" in errors["phone"][0]


@pytest.mark.parametrize(
    "email", ["ana@", "ana.example.org", "ana@@example.org", "a b@example.org"]
)
def test_malformed_email_addresses_are_refused_with_a_field_message(email):
    assert PatientForm(form_data(email=email)).errors["email"] == ["Enter a valid email address."]


def test_phone_and_email_are_optional():
    assert PatientForm(form_data(phone="", email="")).is_valid()


@pytest.mark.parametrize(
    "field", ["mrn", "given_name", "family_name", "date_of_birth", "sex_at_birth"]
)
def test_the_required_fields_say_so(field):
    assert PatientForm(form_data(**{field: ""})).errors[field] == ["This field is required."]


def test_sex_at_birth_takes_only_the_four_document_values():
    assert [value for value, _ in Patient.SexAtBirth.choices] == [
        "female",
        "male",
        "intersex",
        "unknown",
    ]
    assert "sex_at_birth" in PatientForm(form_data(sex_at_birth="other")).errors


def test_every_form_field_has_a_label():
    form = PatientForm()
    for name, field in form.fields.items():
        if name != "confirm_different_person":
            assert field.label, name
    assert form.fields["mrn"].label == "MRN"


def test_bulk_created_patients_get_their_search_fields():
    Patient.objects.bulk_create(
        [
            Patient(
                mrn=" B1 ",
                given_name="Zoë",
                family_name="Müller",
                date_of_birth=datetime.date(1990, 1, 1),
                sex_at_birth="female",
            )
        ]
    )
    patient = Patient.objects.get()
    assert (patient.mrn, patient.search_name, patient.sort_name) == (
        "B1",
        "zoe muller",
        "muller zoe",
    )


# Free text follows the workup document's character rules: a value of only invisible characters
# is empty, control and bidirectional characters are refused at the field.
REQUIRED = "This field is required."
BIDI = "must not contain bidirectional control characters"
NAME_CASES = [
    ("plain", "Ana", None),
    ("accented", "Zoë", None),
    ("with a space and an apostrophe", "Ó Briain", None),
    ("right-to-left script", "سلمى", None),
    ("zero-width space only", "\u200b", REQUIRED),
    ("zero-width joiners and spaces", " \u200c\u200d ", REQUIRED),
    ("byte order mark only", "\ufeff", REQUIRED),
    ("right-to-left override", "Ana\u202egnp", f"{BIDI} (U+202E)"),
    ("left-to-right isolate", "\u2066Ana", f"{BIDI} (U+2066)"),
    ("bell", "Ana\x07", "must not contain control characters (U+0007)"),
    ("line break", "Ana\nSilva", "must not contain line breaks or tabs (U+000A)"),
]  # fmt: skip
NAME_FIELDS = [("given_name", "The given name"), ("family_name", "The family name")]


@pytest.mark.parametrize(("field", "noun"), NAME_FIELDS, ids=[f[0] for f in NAME_FIELDS])
@pytest.mark.parametrize(("case", "name", "message"), NAME_CASES, ids=[c[0] for c in NAME_CASES])
def test_the_form_checks_the_characters_of_the_names(field, noun, case, name, message):
    form = PatientForm(form_data(**{field: name}))
    if message is None:
        assert form.is_valid(), (case, form.errors)
        assert form.cleaned_data[field] == name
    else:
        expected = message if message == REQUIRED else f"{noun} {message}."
        assert not form.is_valid()
        assert form.errors == {field: [expected]}, case


MRN_AND_EMAIL_CASES = [
    ("mrn", "\u200b", REQUIRED),
    ("mrn", "\u2060\ufeff", REQUIRED),
    ("mrn", "A1\u202e", "The MRN must not contain bidirectional control characters (U+202E)."),
    ("email", "ana@example\u202e.com",
     "The email address must not contain bidirectional control characters (U+202E)."),
    ("email", "ana@example.com", None),
]  # fmt: skip


@pytest.mark.parametrize(("field", "value", "message"), MRN_AND_EMAIL_CASES)
def test_the_form_checks_the_characters_of_the_mrn_and_email(field, value, message):
    form = PatientForm(form_data(**{field: value}))
    if message is None:
        assert form.is_valid(), form.errors
    else:
        assert form.errors == {field: [message]}


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("moved away", None),
        ("\u200b\u200b", REQUIRED),
        ("moved\u202e away", f"The reason {BIDI} (U+202E)."),
    ],
)  # fmt: skip
def test_an_archive_reason_follows_the_same_rules(reason, message):
    form = ReasonForm({"reason": reason})
    if message is None:
        assert form.is_valid(), form.errors
    else:
        assert form.errors == {"reason": [message]}
