"""The pain areas page on a 390 px phone: with scripts, a drawing of the body whose areas tick
the list's boxes (by touch and by keyboard); without scripts, the list alone. Either way the
ticked areas are saved."""

import pytest
from playwright.sync_api import expect

from questionnaires.models import Questionnaire
from tests.e2e.conftest import Visitor
from tests.patients.factories import make_patient
from tests.questionnaires.factories import invite, link, part_url
from tests.workup.factories import make_workup

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def invited(clinician):
    patient = make_patient(given_name="Ana", family_name="Silva", primary_clinician=clinician)
    workup = make_workup(patient=patient, clinician=clinician)
    questionnaire, code = invite(patient=patient, actor=clinician, workup=workup)
    return patient, questionnaire, code


@pytest.fixture
def phone(browser, live_server, request):
    """A patient's phone; ``phone(scripts=False)`` has JavaScript turned off."""
    contexts = []

    def open_phone(*, scripts=True):
        context = browser.new_context(
            viewport=PHONE, java_script_enabled=scripts, base_url=live_server.url
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return Visitor(context.new_page(), live_server.url, request.node.name)

    yield open_phone
    for context in contexts:
        context.close()


def open_pain_page(visitor: Visitor, patient, code: str):
    visitor.goto(link(code))
    visitor.page.get_by_label("Your date of birth").fill(patient.date_of_birth.isoformat())
    visitor.press("Continue")
    assert visitor.path == part_url("pain_areas")


def submit(page, name: str):
    """Press a submit button without the page checks: axe runs in the page, and this phone runs
    no script (the same pages were checked with scripts on)."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def saved_areas(questionnaire) -> list[str]:
    questionnaire = Questionnaire.objects.get(pk=questionnaire.pk)
    return questionnaire.answers["pain"]["wpi_areas"]


def test_areas_tapped_on_the_drawing_tick_the_list_and_are_saved(phone, invited):
    patient, questionnaire, code = invited
    visitor = phone()
    open_pain_page(visitor, patient, code)
    page = visitor.page
    drawing = page.locator("[data-body-map]")
    expect(drawing).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    neck = drawing.get_by_role("checkbox", name="Neck")
    neck.click()
    drawing.get_by_role("checkbox", name="Left hip", exact=False).click()
    expect(neck).to_have_attribute("aria-checked", "true")
    expect(page.locator('input[name="areas"][value="neck"]')).to_be_checked()
    expect(page.locator('input[name="areas"][value="left_hip"]')).to_be_checked()
    expect(page.locator('input[name="areas"][value="right_hip"]')).not_to_be_checked()
    expect(page.locator(".body-map-chosen")).to_contain_text("Neck")

    # By keyboard: Tab moves between areas, with a visible focus; Space ticks and unticks.
    neck.focus()
    page.keyboard.press("Shift+Tab")
    jaw = drawing.get_by_role("checkbox", name="Left side of the jaw")
    expect(jaw).to_be_focused()
    ring = jaw.evaluate("(area) => getComputedStyle(area).strokeDasharray")
    assert ring not in ("", "none"), "the focused area shows no focus ring"
    page.keyboard.press("Space")
    expect(page.locator('input[name="areas"][value="left_jaw"]')).to_be_checked()
    page.keyboard.press("Space")
    expect(page.locator('input[name="areas"][value="left_jaw"]')).not_to_be_checked()

    # Unticking in the list clears the drawing's area too.
    page.locator('input[name="areas"][value="left_jaw"]').check()
    expect(jaw).to_have_attribute("aria-checked", "true")
    page.locator('input[name="areas"][value="left_jaw"]').uncheck()
    expect(jaw).to_have_attribute("aria-checked", "false")

    visitor.check_page("areas ticked")
    visitor.screenshot("pain-areas-phone")
    visitor.press("Save and continue")
    assert saved_areas(questionnaire) == ["left_hip", "neck"]

    visitor.goto(part_url("pain_areas"), state="saved")
    expect(page.locator('input[name="areas"][value="neck"]')).to_be_checked()
    expect(page.locator('input[name="areas"][value="left_hip"]')).to_be_checked()
    expect(drawing.get_by_role("checkbox", name="Neck")).to_have_attribute("aria-checked", "true")
    expect(page.locator(".body-map-chosen")).to_contain_text("Neck")


def test_without_scripts_the_list_alone_is_shown_and_saved(phone, invited):
    patient, questionnaire, code = invited
    page = phone(scripts=False).page
    page.goto(link(code))
    page.get_by_label("Your date of birth").fill(patient.date_of_birth.isoformat())
    submit(page, "Continue")
    assert page.url.endswith(part_url("pain_areas"))
    expect(page.locator("[data-body-map]")).to_be_hidden()
    expect(page.locator(".body-map-area")).to_have_count(0)
    page.get_by_label("Chest").check()
    page.get_by_label("Upper back").check()
    submit(page, "Save and continue")
    assert saved_areas(questionnaire) == ["upper_back", "chest"]
