"""Journey 2: a clinician registers a new patient, records a complete workup section by
section (the values of tests/fixtures/documents/treatment_resistant_woman.json, with her current
medicines and every red flag asked), watches the ACR 2016 box and the flags follow, and signs
the workup: each urgent and high flag acknowledged, then their password."""

import dataclasses
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import authenticator
from tests.e2e.workup_forms import document, fill_section, section_value
from workup import services
from workup.rules import vocab
from workup.rules.evaluate import evaluate
from workup.rules.facts import Medication, RedFlags
from workup.sections import SECTION_NAMES

pytestmark = pytest.mark.e2e


def test_a_clinician_registers_a_patient_fills_a_whole_workup_and_signs_it(visitor, clinician):
    facts = dataclasses.replace(
        document("treatment_resistant_woman"),
        medications=(
            Medication("pregabalin", "gabapentinoid", "150 mg twice daily"),
            Medication("estradiol gel", "other", "1 mg daily"),
        ),
        red_flags=RedFlags(**dict.fromkeys(vocab.RED_FLAGS, False)),
    )
    patient = facts.patient
    visitor.journey = "2-clinician"
    page = visitor.page
    visitor.log_in(clinician.username, device=authenticator(clinician))

    visitor.follow("Register a patient")
    page.get_by_label("MRN").fill(patient.mrn)
    page.get_by_label("Given name").fill(patient.given_name)
    page.get_by_label("Family name").fill(patient.family_name)
    page.get_by_label("Date of birth").fill(patient.date_of_birth.isoformat())
    page.get_by_label("Sex at birth").select_option(patient.sex_at_birth)
    visitor.screenshot("register-patient")
    visitor.press("Register")
    visitor.expect_saved("Patient registered.")
    expect(page.get_by_role("heading", name="Marta Kowalska")).to_be_visible()

    visitor.follow("New workup")
    page.get_by_label("Visit date").fill(facts.visit_date.isoformat())
    visitor.press("Start the workup")
    visitor.expect_saved("Workup started.")

    # Pain: the ACR box follows the ticks before anything is saved.
    acr = page.locator("[data-acr-box]")
    expect(acr.locator('[data-acr-field="wpi"]')).not_to_contain_text("13")
    expect(acr.locator('[data-acr-field="status_text"]')).not_to_have_text("Met")
    fill_section(visitor, "pain", section_value(facts, "pain"))
    expect(acr.locator('[data-acr-field="wpi"]')).to_contain_text("13 of 19")
    expect(acr.locator('[data-acr-field="status_text"]')).to_have_text("Met")
    visitor.check_page("filled")
    visitor.screenshot("pain-filled")

    # A pain score out of range is refused, the message beside the field; nothing is lost.
    page.get_by_label("Pain now (NRS)").fill("11")
    visitor.press("Save")
    visitor.check_page("errors")
    visitor.expect_error_announced("Pain now (NRS)", "Enter a whole number from 0 to 10.")
    expect(page.get_by_label("Symptoms present for (months)")).to_have_value("60")
    visitor.screenshot("pain-error")
    page.get_by_label("Pain now (NRS)").fill(str(section_value(facts, "pain").pain_nrs))
    visitor.press("Save")
    visitor.expect_saved("Pain and ACR 2016: saved.")

    visitor.follow("Overview and flags")
    flags_after_pain = flag_count(page)
    visitor.follow("Fill in the sections")  # the first section, pain, comes back as saved
    visitor.press("Save and go to the next section")
    visitor.expect_saved("Pain and ACR 2016: nothing changed.")

    for section in SECTION_NAMES[1:]:
        fill_section(visitor, section, section_value(facts, section))
        visitor.check_page("filled")
        if section == "labs":
            expect_a_future_date_to_be_refused(visitor)
        if section == SECTION_NAMES[-1]:
            visitor.press("Save and go to the overview")
        else:
            visitor.press("Save and go to the next section")

    expect(page.get_by_role("heading", name="Workup of 5 Oct 2026")).to_be_visible()
    expected = evaluate(facts)
    assert flag_count(page) == len(expected.flags) > flags_after_pain
    flags = page.locator("#flags-heading ~ ol")
    for flag in expected.flags:
        expect(flags).to_contain_text(flag.code)
    expect(acr.locator('[data-acr-field="wpi"]')).to_contain_text("13 of 19")
    expect(acr.locator('[data-acr-field="status_text"]')).to_have_text("Met")
    visitor.screenshot("overview")

    visitor.follow("Sign this workup")
    visitor.screenshot("sign")
    due = services.flags_to_acknowledge(expected.as_dict())
    assert due, "her workup has urgent or high flags to acknowledge"
    ticks = page.get_by_role("checkbox", name="I have read and acted on this flag")
    expect(ticks).to_have_count(len(due))
    # Not signed until every flag is acknowledged, nor with a wrong password.
    page.get_by_label("Password").fill(PASSWORD)
    visitor.press("Sign")
    visitor.check_page("errors")
    for flag in due:
        tick = acknowledgement(page, flag["code"])
        expect(tick).to_have_attribute("aria-invalid", "true")
        tick.check()
    page.get_by_label("Password").fill("not-my-password")
    visitor.press("Sign")
    visitor.expect_error_announced("Password", "This password is not correct.")
    for flag in due:
        expect(acknowledgement(page, flag["code"])).to_be_checked()
    page.get_by_label("Password").fill(PASSWORD)
    visitor.press("Sign")
    visitor.expect_saved("Workup signed.")
    expect(page.locator("header").get_by_text("Signed", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Fill in the sections")).to_have_count(0)
    visitor.screenshot("signed")


def expect_a_future_date_to_be_refused(visitor):
    """A lab result dated tomorrow: refused beside that row's date, the other rows kept."""
    date = visitor.page.get_by_label("Collected on, result 1", exact=True)
    typed = date.input_value()
    date.fill((timezone.localdate() + datetime.timedelta(days=1)).isoformat())
    visitor.press("Save")
    visitor.check_page("errors")
    visitor.expect_error_announced(
        "Collected on, result 1", "The collection date cannot be in the future.", exact=True
    )
    expect(visitor.page.get_by_label("Value, result 11", exact=True)).not_to_have_value("")
    visitor.screenshot("labs-error")
    date.fill(typed)


def acknowledgement(page, code: str):
    return page.get_by_label(f"I have read and acted on this flag ({code})")


def flag_count(page) -> int:
    return int(page.locator("#flags-heading .badge").inner_text())
