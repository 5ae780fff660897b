"""Workups for summary tests: drafts from the fixture documents, signed through the service."""

import datetime
import shutil
import subprocess

import pytest

from patients.models import Patient
from tests.conftest import PASSWORD
from tests.patients.factories import make_patient
from tests.workup.factories import document_facts, load_document, make_workup
from workup import services as workup_services


@pytest.fixture(autouse=True)
def no_worker_threads(settings):
    """Batch jobs run where the test says (jobs.run_pending), never in a stray thread."""
    settings.SUMMARY_BATCH_IN_PROCESS = False


def patient_of(document: dict, **overrides) -> Patient:
    person = document["patient"]
    values = {
        "mrn": person["mrn"],
        "given_name": person["given_name"],
        "family_name": person["family_name"],
        "date_of_birth": datetime.date.fromisoformat(person["date_of_birth"]),
        "sex_at_birth": person["sex_at_birth"],
    }
    values.update(overrides)
    return make_patient(**values)


def draft_from(name: str, *, clinician, patient=None, visit_date=None, edit=None):
    """A draft workup holding the fixture document `name` (optionally edited first)."""
    document = load_document(name)
    if visit_date is not None:
        document["visit_date"] = visit_date.isoformat()
    if edit is not None:
        edit(document)
    patient = patient or patient_of(document)
    return make_workup(patient=patient, clinician=clinician, facts=document_facts(document))


def sign(workup, signer):
    return workup_services.workup_sign(workup=workup, signer=signer, password=PASSWORD)


def pdf_text(data: bytes, tmp_path, *, layout: bool = True) -> list[str]:
    """The text of each page, as `pdftotext -layout` extracts it (as laid out on the page);
    with ``layout=False`` in reading order, each of two columns side by side on its own."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "summary.pdf"
    path.write_bytes(data)
    command = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@pytest.fixture
def resistant_draft(clinician):
    return draft_from("treatment_resistant_woman", clinician=clinician)


@pytest.fixture
def signed_workup(clinician):
    return sign(draft_from("older_man_inflammatory", clinician=clinician), clinician)
