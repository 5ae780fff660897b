import pytest
from django.test import Client

from tests.patients.factories import make_patient
from tests.questionnaires.factories import invite


@pytest.fixture
def patient(db, clinician):
    return make_patient(
        mrn="Q1001", given_name="Ana", family_name="Silva", primary_clinician=clinician
    )


@pytest.fixture
def invited(patient, clinician):
    """(questionnaire, code): a link questionnaire with every default part, for a draft."""
    return invite(patient=patient, actor=clinician)


@pytest.fixture
def questionnaire(invited):
    return invited[0]


@pytest.fixture
def code(invited):
    return invited[1]


@pytest.fixture
def browser():
    """The patient's own browser: no one signed in."""
    return Client()
