"""Journey: a clinician downloads the FHIR bundle of a patient's signed workup and imports its
lab results into the patient's next draft from the labs page, seeing what was skipped."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import authenticator
from tests.e2e.workup_forms import document
from tests.workup.factories import make_workup
from workup import adapters, services
from workup.importing import workup_import
from workup.models import Workup

pytestmark = pytest.mark.e2e


def test_lab_results_come_back_from_the_fhir_bundle_into_the_next_draft(visitor, clinician):
    facts = document("full_record_v2")
    signed = workup_import(facts=facts, clinician_username=clinician.username).workup
    services.workup_sign(workup=signed, signer=clinician, password=PASSWORD)
    draft = make_workup(
        patient=signed.patient, clinician=clinician, visit_date=datetime.date(2026, 11, 30)
    )
    visitor.journey = "fhir-labs"
    page = visitor.page

    visitor.log_in(clinician.username, device=authenticator(clinician))
    visitor.goto(f"/patients/{signed.patient_id}/workups/{signed.pk}/summary/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download FHIR (for the EHR)").click()
    bundle = download.value.path()

    visitor.goto(f"/patients/{draft.patient_id}/workups/{draft.pk}/labs/")
    visitor.follow("Import lab results from a FHIR file")
    visitor.screenshot("upload")
    page.get_by_label("FHIR file (JSON)").set_input_files(bundle)
    visitor.press("Import")

    count = len(facts.labs)
    expect(page.get_by_text(f"imported {count} lab results from the FHIR file")).to_be_visible()
    scores = page.get_by_text("not a laboratory result (category survey):")
    expect(scores).to_contain_text("PHQ-9 total score (entry 13)")
    visitor.screenshot("imported")
    stored = adapters.section_value(Workup.objects.get(pk=draft.pk), "labs")
    assert stored == facts.labs

    # The same file again adds nothing and says why.
    visitor.follow("Import lab results from a FHIR file")
    page.get_by_label("FHIR file (JSON)").set_input_files(bundle)
    visitor.press("Import")
    expect(page.get_by_text("nothing was imported from the FHIR file")).to_be_visible()
    expect(page.get_by_text("already recorded on this draft").first).to_be_visible()
