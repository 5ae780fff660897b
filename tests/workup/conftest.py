"""Workups to work on: a patient with a draft workup holding the specification's example."""

import pytest

from tests.patients.factories import make_patient
from tests.workup.factories import document_facts, load_document, make_workup


@pytest.fixture
def patient(db):
    return make_patient(mrn="A1001", given_name="Ana", family_name="Silva")


@pytest.fixture
def example_facts():
    return document_facts(load_document("spec_example_v2"))


@pytest.fixture
def draft(patient, clinician, example_facts):
    """A draft with every section of the specification's example document (version 2)."""
    return make_workup(patient=patient, clinician=clinician, facts=example_facts)


@pytest.fixture
def empty_draft(patient, clinician):
    return make_workup(patient=patient, clinician=clinician)
