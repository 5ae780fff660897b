"""A clinician opens the sign page of a colleague's draft, is told only the colleague signs it,
takes the draft over with a reason, signs it, and the summary names both."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import authenticator
from tests.e2e.workup_forms import document
from workup.importing import workup_import
from workup.rules.evaluate import evaluate
from workup.signing import flags_to_acknowledge

pytestmark = pytest.mark.e2e


def test_a_clinician_takes_over_a_colleagues_draft_and_signs_it(
    visitor, clinician, other_clinician
):
    facts = document("treatment_resistant_woman")
    workup = workup_import(facts=facts, clinician_username=clinician.username).workup
    visitor.journey = "take-over"
    page = visitor.page
    visitor.log_in(other_clinician.username, device=authenticator(other_clinician))
    visitor.goto(workup.get_absolute_url(), state="overview")
    visitor.follow("Sign this workup")
    refusal = "Only Ines Rivera, this workup's clinician, can sign it."
    expect(page.locator("main")).to_contain_text(refusal)
    visitor.screenshot("sign-refused")
    visitor.follow("Take over this draft")
    visitor.screenshot("take-over")
    page.get_by_label("Reason for taking over").fill("\u200b")
    visitor.press("Take over this draft")
    visitor.check_page("take-over-errors")
    visitor.screenshot("take-over-errors")
    reason = "Dr Rivera is on leave; results came back today."
    page.get_by_label("Reason for taking over").fill(reason)
    page.get_by_label("I take this draft over").check()
    visitor.press("Take over this draft")
    expect(page.locator("main")).to_contain_text("Wei Chen took this draft over from Ines Rivera")
    visitor.screenshot("overview-after")
    visitor.follow("Sign this workup")
    for flag in flags_to_acknowledge(evaluate(facts).as_dict()):
        page.get_by_label(f"I have read and acted on this flag ({flag['code']})").check()
    page.get_by_label("Your password").fill(PASSWORD)
    visitor.press("Sign")
    expect(page.locator("header").get_by_text("Signed", exact=True)).to_be_visible()
    visitor.follow("Summary")
    expect(page.locator("main")).to_contain_text("Started by Ines Rivera; taken over by Wei Chen")
    visitor.screenshot("summary")
