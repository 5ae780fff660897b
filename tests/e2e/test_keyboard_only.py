"""Journey 6: a clinician who does not use a mouse fills in and saves whole sections with the
keyboard alone: Tab from control to control, arrow keys in radio groups and lists, Space for
boxes, typing for numbers, and Enter on the save button."""

import dataclasses

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import authenticator
from tests.e2e.workup_forms import document, fill_by_keyboard, section_value
from tests.workup.formdata import lifestyle_data, mental_data
from workup import adapters
from workup.importing import workup_import
from workup.models import Workup

pytestmark = pytest.mark.e2e


def test_a_clinician_fills_and_saves_sections_with_the_keyboard_only(visitor, clinician):
    facts = document("treatment_resistant_woman")
    workup = workup_import(
        facts=dataclasses.replace(facts, mental=None, lifestyle=None),
        clinician_username=clinician.username,
    ).workup
    visitor.journey = "6-keyboard"
    page = visitor.page
    visitor.log_in(clinician.username, device=authenticator(clinician))

    # Mental and emotional health: two radio-button questionnaires and three totals.
    visitor.goto(f"{workup.get_absolute_url()}mental/")
    answers = mental_data(section_value(facts, "mental"))
    visited = fill_by_keyboard(page, answers, until="Save")
    reached = [control["name"] for control in visited if control["name"] in answers]
    assert sorted(reached) == sorted(answers), "the focus must reach every question, once"
    assert visited[-2]["name"] == "pc_ptsd5", "the last total is followed by the save button"
    visitor.screenshot("mental-filled")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.expect_saved("Mental and emotional health: saved.")
    visitor.check_page("saved")

    # Lifestyle: numbers, a list to choose from, and boxes to tick.
    visitor.goto(f"{workup.get_absolute_url()}lifestyle/")
    answers = lifestyle_data(section_value(facts, "lifestyle"))
    answers["diets_tried"] = ["low_fodmap"]
    fill_by_keyboard(page, answers, until="Save")
    visitor.screenshot("lifestyle-filled")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.expect_saved("Lifestyle: saved.")
    expect(page.get_by_label("Low-FODMAP")).to_be_checked()

    stored = adapters.workup_facts(Workup.objects.get(pk=workup.pk))
    assert stored.mental == facts.mental
    assert stored.lifestyle == dataclasses.replace(facts.lifestyle, diets_tried=("low_fodmap",))
