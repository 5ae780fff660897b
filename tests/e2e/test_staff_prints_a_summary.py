"""Journey 3: at the front desk, a member of staff finds a patient by part of her name, opens
the summary of her signed workup and downloads it as a PDF, which names her MRN and every flag."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import authenticator, pdf_text
from tests.e2e.workup_forms import document
from tests.patients.factories import make_patient
from workup import services
from workup.importing import workup_import
from workup.rules.evaluate import evaluate

pytestmark = pytest.mark.e2e


def test_staff_find_a_patient_by_part_of_her_name_and_download_her_summary(
    visitor, staff, clinician
):
    facts = document("treatment_resistant_woman")
    make_patient(given_name="Marek", family_name="Nowak")
    make_patient(given_name="Martina", family_name="Kowalczyk")
    workup = workup_import(facts=facts, clinician_username=clinician.username).workup
    services.workup_sign(workup=workup, signer=clinician, password=PASSWORD)
    visitor.journey = "3-staff"
    page = visitor.page

    visitor.log_in(staff.username, device=authenticator(staff))
    visitor.follow("Find a patient")
    page.get_by_label("Find a patient").fill("kowals")
    visitor.press("Search")
    visitor.check_page("results")
    results = page.get_by_role("table")
    expect(results.get_by_role("row")).to_have_count(2)  # the header and one patient
    expect(results).to_contain_text("B2044")
    expect(results).not_to_contain_text("Kowalczyk")
    visitor.screenshot("search-results")

    visitor.follow("Kowalska, Marta")
    visitor.screenshot("patient")
    visitor.follow("Summary")
    expect(page.locator("main")).to_contain_text("MRN B2044")
    visitor.screenshot("summary")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert re.fullmatch(r"[\w.-]+\.pdf", download.value.suggested_filename)
    assert "Kowalska" not in download.value.suggested_filename
    text = " ".join(pdf_text(download.value.path().read_bytes()).split())
    assert "B2044" in text
    for flag in evaluate(facts).flags:
        assert flag.code in text
        assert " ".join(flag.title.split()) in text

    # Back on the search page, the search is still there for the next patient at the desk.
    visitor.follow("Patients")
    expect(page.get_by_label("Find a patient")).to_have_value("kowals")
