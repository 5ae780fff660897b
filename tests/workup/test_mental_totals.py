"""PHQ-9 and GAD-7 from a paper form: entered as totals, the PHQ-9 total always with item 9;
items and a total of one instrument together are refused at the total, item 9 trouble at item 9
(the fields the document's messages name). The page shows running totals while items are
chosen, from a script file (the CSP allows no inline script)."""

import re

import pytest
from django.core.exceptions import ValidationError

from tests.workup.editing import editor, errors_of, value_of
from tests.workup.formdata import mental_data
from tests.workup.helpers import fill_section, section_url
from workup import adapters
from workup.models import MentalHealth, Workup
from workup.rules.facts import Mental

PHQ9 = (2, 2, 1, 3, 1, 1, 2, 1, 0)
GAD7 = (1, 2, 1, 1, 0, 2, 1)


def test_totals_from_a_paper_form_are_kept():
    value = Mental(phq9_total=21, phq9_item9=2, gad7_total=15)
    assert value_of("mental", mental_data(value)) == value


@pytest.mark.parametrize(
    "field, high", [("phq9_total", 27), ("gad7_total", 21)], ids=["phq9 27", "gad7 21"]
)
def test_totals_take_their_range_and_refuse_just_outside(field, high):
    item9 = {"phq9_item9": "0"} if field == "phq9_total" else {}
    assert value_of("mental", {field: str(high), **item9})
    assert value_of("mental", {field: "0", **item9})
    for bad in (str(high + 1), "-1", "12.5"):
        errors = errors_of(editor("mental", {field: bad, **item9}))
        assert errors[field] == [f"Enter a whole number from 0 to {high}."]


def test_items_and_a_total_of_one_instrument_together_are_refused_at_the_total():
    data = mental_data(Mental(phq9_items=PHQ9, gad7_items=GAD7)) | {
        "phq9_total": "12",
        "gad7_total": "8",
    }
    errors = errors_of(editor("mental", data))
    assert errors["phq9_total"] == [
        "Give the PHQ-9 items or the total, not both: clear the total, or the items above."
    ]
    assert errors["gad7_total"][0].startswith("Give the GAD-7 items or the total, not both")
    assert "phq9_item9" not in errors


def test_the_phq9_total_without_item_9_is_refused_at_item_9():
    errors = errors_of(editor("mental", {"phq9_total": "12"}))
    assert errors == {
        "phq9_item9": ["Give item 9 with the PHQ-9 total: the safety item is never left out."]
    }


def test_item_9_without_the_total_is_refused_at_item_9():
    errors = errors_of(editor("mental", {"phq9_item9": "1"}))
    assert errors["phq9_item9"] == [
        "Give item 9 here only with the PHQ-9 total: enter the total too, or clear item 9."
    ]
    data = mental_data(Mental(phq9_items=PHQ9)) | {"phq9_item9": "1"}
    assert (
        "already answered with the items above"
        in errors_of(editor("mental", data))["phq9_item9"][0]
    )


@pytest.mark.parametrize("item9", ["2", "3"])
def test_item_9_up_to_the_total_is_taken(item9):
    assert value_of("mental", {"phq9_total": "3", "phq9_item9": item9}).phq9_item9 == int(item9)


def test_item_9_above_the_total_is_refused():
    errors = errors_of(editor("mental", {"phq9_total": "2", "phq9_item9": "3"}))
    assert errors == {"phq9_item9": ["Item 9 (3) cannot be above the PHQ-9 total (2)."]}


def test_a_gad7_total_needs_nothing_beside_it():
    assert value_of("mental", {"gad7_total": "9"}) == Mental(gad7_total=9)


def test_the_model_refuses_items_and_total_together(draft):
    mental = draft.mental
    mental.phq9_total, mental.phq9_item9 = 12, 1
    with pytest.raises(ValidationError, match="not both"):
        mental.full_clean()


# --- Running totals -----------------------------------------------------------------------------


def running(html: str, prefix: str) -> tuple[str, str]:
    box = re.search(rf'data-running-total="{prefix}".*?</p>', html, re.S).group(0)
    total = re.search(r"data-running-sum>(\d+)<", box).group(1)
    answered = re.search(r"data-running-answered>(\d+)<", box).group(1)
    return total, answered


def test_the_page_shows_the_stored_items_running_totals(clinician_client, draft):
    html = clinician_client.get(section_url(draft, "mental")).content.decode()
    assert running(html, "phq9") == (str(sum(PHQ9)), "9")
    assert running(html, "gad7") == (str(sum(GAD7)), "7")


def test_a_refused_page_shows_the_running_total_of_what_was_chosen(clinician_client, draft):
    data = {"version": str(draft.mental.version), "phq9_1": "3", "phq9_2": "2"}
    html = clinician_client.post(section_url(draft, "mental"), data).content.decode()
    assert running(html, "phq9") == ("5", "2")
    assert running(html, "gad7") == ("0", "0")


def test_the_running_totals_come_from_a_script_file_not_an_inline_script(clinician_client, draft):
    html = clinician_client.get(section_url(draft, "mental")).content.decode()
    assert '<script src="/static/js/running-totals.js" defer></script>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_read_only_pages_load_no_running_total_script(staff_client, draft):
    html = staff_client.get(section_url(draft, "mental")).content.decode()
    assert "running-totals.js" not in html


def test_totals_saved_on_the_page_are_stored_and_read_back(clinician_client, empty_draft):
    value = Mental(phq9_total=21, phq9_item9=2, gad7_total=15, pss10_total=30)
    assert fill_section(clinician_client, empty_draft, "mental", value).status_code == 302
    stored = MentalHealth.objects.get(workup=empty_draft)
    assert (stored.phq9_total, stored.phq9_item9, stored.gad7_total) == (21, 2, 15)
    assert adapters.section_value(Workup.objects.get(pk=empty_draft.pk), "mental") == value
    html = clinician_client.get(section_url(empty_draft, "mental")).content.decode()
    assert 'name="phq9_total" value="21"' in html
