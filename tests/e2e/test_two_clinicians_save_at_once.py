"""Journey 4: two clinicians edit the same section of a workup at the same time. The second to
save is shown the conflict, with their own input beside what is stored; nothing is lost."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import authenticator
from tests.e2e.workup_forms import document
from workup.importing import workup_import

pytestmark = pytest.mark.e2e


def test_the_second_clinician_to_save_sees_the_conflict_and_keeps_their_input(
    visitor_factory, clinician, other_clinician
):
    workup = workup_import(
        facts=document("treatment_resistant_woman"), clinician_username=clinician.username
    ).workup
    lifestyle = f"{workup.get_absolute_url()}lifestyle/"
    rivera = visitor_factory("4-first-clinician")
    chen = visitor_factory("4-second-clinician")
    rivera.log_in(clinician.username, device=authenticator(clinician))
    chen.log_in(other_clinician.username, device=authenticator(other_clinician))

    # Both open the lifestyle section; the form holds 60 aerobic minutes a week.
    rivera.goto(lifestyle)
    chen.goto(lifestyle)
    for person in (rivera, chen):
        expect(person.page.get_by_label("Aerobic exercise (minutes a week)")).to_have_value("60")

    rivera.page.get_by_label("Aerobic exercise (minutes a week)").fill("90")
    rivera.press("Save")
    rivera.expect_saved("Lifestyle: saved.")

    chen.page.get_by_label("Aerobic exercise (minutes a week)").fill("120")
    chen.page.get_by_label("Sleep (hours a night)").fill("5.5")
    chen.press("Save")
    page = chen.page
    expect(page.get_by_role("heading", name="Lifestyle: someone else saved first")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="nothing was overwritten")).to_be_visible()
    aerobic = page.get_by_role("row").filter(has_text="Aerobic exercise")
    expect(aerobic.get_by_role("cell").nth(0)).to_have_text("120 minutes a week")
    expect(aerobic.get_by_role("cell").nth(1)).to_have_text("90 minutes a week")
    sleep = page.get_by_role("row").filter(has_text="Sleep")
    expect(sleep.get_by_role("cell").nth(0)).to_contain_text("5.5")
    chen.screenshot("conflict")

    # The first clinician's save stands until the second decides.
    rivera.page.reload()
    expect(rivera.page.get_by_label("Aerobic exercise (minutes a week)")).to_have_value("90")

    chen.press("Keep my input (replace the stored values)")
    chen.expect_saved("Lifestyle: saved.")
    expect(page.get_by_label("Aerobic exercise (minutes a week)")).to_have_value("120")
    expect(page.get_by_label("Sleep (hours a night)")).to_have_value("5.5")
    chen.screenshot("kept-input")
