"""Journey 7: a clinician sees a woman of 72 who takes a statin (her CK is ordered, not back), has
a new headache, and scores 21 on a paper PHQ-9 with item 9 answered 1. The urgent flag is pinned
above every page of the workup; the sign page lists the urgent and high flags, each to be
acknowledged before the password; the summary PDF starts with the urgent flag.

What the rules make of her facts comes from the rules themselves (evaluated on the same facts),
so that the journey follows the rule set rather than repeating it."""

import datetime
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.conftest import PASSWORD
from tests.e2e.conftest import authenticator, pdf_text
from tests.e2e.workup_forms import fill_section
from workup import adapters, services
from workup.models import Workup
from workup.rules import vocab
from workup.rules.evaluate import evaluate
from workup.rules.facts import LabResult, Medication, Mental, Patient, RedFlags, WorkupFacts
from workup.sections import SECTION_KINDS

pytestmark = pytest.mark.e2e

SUICIDAL = "MENTAL.SUICIDAL_IDEATION"
GCA = "EXCL.GCA_SYMPTOMS"
STATIN_CK = "EXCL.STATIN_CK"


def aged_72_on(visit: datetime.date) -> datetime.date:
    """A date of birth 72 years and some weeks before the visit, whatever the visit's date."""
    return datetime.date(visit.year - 73, visit.month, 1) + datetime.timedelta(days=40)


def her_facts(visit: datetime.date) -> WorkupFacts:
    return WorkupFacts(
        patient=Patient("U7212", "Rosa", "Almeida", aged_72_on(visit), "female"),
        visit_date=visit,
        medications=(Medication("atorvastatin", "statin", "20 mg at night"),),
        labs=(LabResult("ck", None, None, visit, status="pending"),),
        red_flags=RedFlags(**{q: q == "new_headache" for q in vocab.RED_FLAGS}),
        mental=Mental(phq9_total=21, phq9_item9=1),
    )


def single_line(text: str) -> str:
    return " ".join(text.split())


def test_urgent_flags_are_pinned_on_every_page_acknowledged_and_first_in_the_pdf(
    visitor, clinician
):
    facts = her_facts(timezone.localdate())
    patient = facts.patient
    evaluation = evaluate(facts)
    severity = {flag.code: flag.severity for flag in evaluation.flags}
    assert severity[SUICIDAL] == "urgent"
    assert severity[GCA] == "high", "at 72 a new headache alone is high, not urgent"
    assert STATIN_CK not in severity, "the pending CK answers the statin check"
    urgent = [flag for flag in evaluation.flags if flag.severity == "urgent"]
    others = [flag for flag in evaluation.flags if flag.severity != "urgent"]
    due = services.flags_to_acknowledge(evaluation.as_dict())
    visitor.journey = "7-urgent-flags"
    page = visitor.page
    visitor.log_in(clinician.username, device=authenticator(clinician))

    visitor.follow("Register a patient")
    page.get_by_label("MRN").fill(patient.mrn)
    page.get_by_label("Given name").fill(patient.given_name)
    page.get_by_label("Family name").fill(patient.family_name)
    page.get_by_label("Date of birth").fill(patient.date_of_birth.isoformat())
    page.get_by_label("Sex at birth").select_option(patient.sex_at_birth)
    visitor.press("Register")
    visitor.expect_saved("Patient registered.")
    visitor.follow("New workup")
    page.get_by_label("Visit date").fill(facts.visit_date.isoformat())
    visitor.press("Start the workup")
    visitor.expect_saved("Workup started.")
    workup = Workup.objects.get(patient__mrn=patient.mrn)
    expect(pinned(page)).to_have_count(0)

    visitor.follow("Current medications")
    fill_section(visitor, "medications", facts.medications)
    visitor.check_page("filled")
    visitor.screenshot("medications")
    visitor.press("Save")
    visitor.expect_saved("Current medications: saved.")

    visitor.follow("Lab results")
    fill_section(visitor, "labs", facts.labs)
    visitor.press("Save")
    visitor.expect_saved("Lab results: saved.")
    expect(page.locator("[data-lab-row]").first).to_contain_text("Saved: pending since")
    visitor.screenshot("labs-pending-ck")

    # At 72 the questions that point to giant cell arteritis are asked first, and marked.
    visitor.follow("Red flags")
    first_question = page.locator(".red-flag-questions legend").first
    expect(first_question).to_contain_text(vocab.RED_FLAG_QUESTIONS[vocab.GCA_QUESTIONS[0]])
    expect(first_question).to_contain_text("Giant cell arteritis")
    fill_section(visitor, "red_flags", facts.red_flags)
    visitor.check_page("filled")
    visitor.press("Save")
    visitor.expect_saved("Red flags: saved.")
    expect(pinned(page)).to_have_count(0)

    # The running PHQ-9 total follows the items as they are chosen; then, as the paper form
    # is what she filled in, the items go back to "Not answered" and the total is typed.
    visitor.follow("Mental and emotional health")
    running = page.locator('[data-running-total="phq9"]')
    expect(running).to_contain_text("so far: 0 of 27, 0 of 9 items answered")
    choose(page, "phq9_1", "3")
    choose(page, "phq9_2", "2")
    expect(running).to_contain_text("so far: 5 of 27, 2 of 9 items answered")
    visitor.check_page("items chosen")
    visitor.screenshot("mental-running-total")
    choose(page, "phq9_1", "")
    choose(page, "phq9_2", "")
    expect(running).to_contain_text("so far: 0 of 27, 0 of 9 items answered")
    fill_section(visitor, "mental", facts.mental)
    visitor.check_page("filled")
    visitor.press("Save")
    visitor.expect_saved("Mental and emotional health: saved.")

    assert adapters.workup_facts(Workup.objects.get(pk=workup.pk)) == facts

    # The urgent flag, and only it, sits above every page of the workup.
    expect_pinned(page, urgent, others)
    visitor.screenshot("mental-saved-pinned")
    visitor.follow("Overview and flags")
    expect_pinned(page, urgent, others)
    expect(page.locator("#pending-heading ~ ul")).to_contain_text("CK")
    visitor.screenshot("overview")
    for kind in SECTION_KINDS:
        visitor.goto(f"{workup.get_absolute_url()}{kind.name}/")
        expect(page.get_by_role("heading", level=1, name=kind.title)).to_be_visible()
        expect_pinned(page, urgent, others)

    visitor.goto(workup.get_absolute_url())
    visitor.follow("Sign this workup")
    expect_pinned(page, urgent, others)
    acknowledgements = page.get_by_role("group", name="Urgent and high flags")
    listed = acknowledgements.locator("code")
    expect(listed).to_have_text([flag["code"] for flag in due])
    for flag in due:
        expect(acknowledgements).to_contain_text(flag["title"])
    visitor.screenshot("sign")
    for flag in due:
        page.get_by_label(f"I have read and acted on this flag ({flag['code']})").check()
    page.get_by_label("Password").fill(PASSWORD)
    visitor.press("Sign")
    visitor.expect_saved("Workup signed.")
    acknowledged = Workup.objects.get(pk=workup.pk).signed_acknowledged_flags
    assert [flag["code"] for flag in acknowledged] == [flag["code"] for flag in due]
    expect_pinned(page, urgent, others)

    visitor.follow("Summary")
    summary = page.locator("main")
    expect(summary.locator(".urgent-box")).to_contain_text(urgent[0].title)
    visitor.screenshot("summary")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    data = download.value.path().read_bytes()

    first_page = single_line(PdfReader(io.BytesIO(data)).pages[0].extract_text())
    text = single_line(pdf_text(data))
    assert "urgent: act before the patient leaves" in first_page.lower()  # set in capitals
    for flag in urgent:
        assert single_line(flag.title) in first_page
        assert f"Rule {flag.code}" in first_page
    last_urgent = max(text.index(single_line(flag.title)) for flag in urgent)
    for flag in others:
        assert last_urgent < text.index(single_line(flag.title)), flag.code


def pinned(page):
    return page.locator(".urgent-pinned")


def choose(page, name: str, value: str):
    page.locator(f'[name="{name}"][value="{value}"]').check()


def expect_pinned(page, urgent, others):
    """The urgent block above the page's own content, naming every urgent flag and no other."""
    block = page.get_by_role("alert").filter(has=page.locator("#urgent-pinned-heading"))
    expect(block).to_be_visible()
    expect(block).to_contain_text("Urgent: act before the patient leaves")
    for flag in urgent:
        expect(block).to_contain_text(flag.code)
        expect(block).to_contain_text(flag.title)
    for flag in others:
        expect(block).not_to_contain_text(flag.code)
    sections = page.get_by_role("navigation", name="Workup sections")
    assert block.bounding_box()["y"] < sections.bounding_box()["y"]
