"""The current medication list: rows of name, class and dose, added and removed like the
treatment history; "no current medication" is a recorded empty list; the document's bounds
(names 1-150 characters, doses up to 200, at most 50 medicines) hold on the form."""

import pytest

from audit.models import AuditEvent
from tests.workup.editing import CONTEXT, editor, errors_of, value_of
from tests.workup.formdata import medications_data
from tests.workup.helpers import fill_section, page_version, section_url
from workup import adapters
from workup.forms import EDITORS
from workup.models import Workup
from workup.rules import vocab
from workup.rules.facts import Medication

STATIN = Medication("atorvastatin", "statin", "20 mg at night")
TRAMADOL = Medication("tramadol", "opioid")


def test_medicines_are_kept_in_the_order_listed_with_their_class_and_dose():
    assert value_of("medications", medications_data([STATIN, TRAMADOL])) == (STATIN, TRAMADOL)


def test_no_current_medication_is_an_empty_but_recorded_list():
    assert value_of("medications", medications_data([])) == ()


def test_neither_medicines_nor_none_taken_is_refused_at_the_tick_box():
    errors = errors_of(editor("medications", medications_data([]) | {"none_taken": ""}))
    assert errors["none_taken"] == [
        "List at least one medicine below, or tick this if the patient takes none."
    ]


def test_medicines_listed_with_none_taken_ticked_is_refused():
    data = medications_data([STATIN]) | {"none_taken": "on"}
    assert "untick this" in errors_of(editor("medications", data))["none_taken"][0]


def test_every_class_of_the_vocabulary_is_offered_and_others_refused():
    for code in vocab.MEDICATION_CLASSES:
        assert value_of("medications", medications_data([Medication("x", code)]))[0].drug_class
    data = medications_data([Medication("x", "antibiotic")])
    assert errors_of(editor("medications", data))["0-drug_class"] == [
        "Choose one of the classes listed."
    ]


def test_a_row_without_a_class_or_a_name_says_which_is_missing():
    data = medications_data([Medication("x", "")])
    assert errors_of(editor("medications", data))["0-drug_class"] == [
        "Choose the class of this medicine (other if none fits)."
    ]
    data = medications_data([Medication("   ", "statin")])
    assert errors_of(editor("medications", data))["0-name"] == ["Enter the medicine's name."]


@pytest.mark.parametrize(
    "field, limit", [("name", 150), ("dose", 200)], ids=["name 150", "dose 200"]
)
def test_names_and_doses_take_up_to_their_limit_and_not_one_more(field, limit):
    at_limit = Medication(**{"name": "n", "drug_class": "other", field: "x" * limit})
    assert value_of("medications", medications_data([at_limit]))[0] == at_limit
    over = Medication(**{"name": "n", "drug_class": "other", field: "x" * (limit + 1)})
    message = errors_of(editor("medications", medications_data([over])))[f"0-{field}"][0]
    assert message.startswith("Keep the ") and f"to {limit} characters or fewer" in message


def test_fifty_medicines_are_taken_and_fifty_one_refused():
    fifty = [Medication(f"medicine {i}", "other") for i in range(vocab.MAX_MEDICATIONS)]
    assert len(value_of("medications", medications_data(fifty))) == 50
    ed = editor("medications", medications_data([*fifty, STATIN]))
    assert not ed.is_valid()
    assert ed.formset.non_form_errors() == ["List at most 50 medicines: remove some rows."]


def test_blank_rows_are_ignored_and_removed_rows_dropped():
    data = medications_data([STATIN, TRAMADOL], stored=2)
    data["medications-TOTAL_FORMS"] = "4"
    data["medications-0-DELETE"] = "on"
    assert value_of("medications", data, value=(STATIN, TRAMADOL)) == (TRAMADOL,)


def test_a_blank_page_shows_four_rows_and_a_saved_list_two_more():
    blank = EDITORS["medications"](None, value=None, version=0, context=CONTEXT)
    assert len(blank.formset.forms) == 4
    saved = EDITORS["medications"](None, value=(STATIN,), version=1, context=CONTEXT)
    assert len(saved.formset.forms) == 1 + 2


# --- Through the pages --------------------------------------------------------------------------


def test_a_list_saved_on_the_page_is_stored_with_an_audit_event(clinician_client, empty_draft):
    response = fill_section(clinician_client, empty_draft, "medications", (STATIN, TRAMADOL))
    assert response.status_code == 302
    stored = Workup.objects.get(pk=empty_draft.pk)
    assert adapters.section_value(stored, "medications") == (STATIN, TRAMADOL)
    event = AuditEvent.objects.filter(action="workup.section_update").latest("sequence")
    assert event.detail["section"] == "medications"
    assert "atorvastatin" not in str(event.detail)


def test_a_refused_save_keeps_what_was_stored_and_what_was_typed(clinician_client, draft):
    before = adapters.section_value(draft, "medications")
    page = clinician_client.get(section_url(draft, "medications"))
    data = medications_data([Medication("x" * 151, "statin", "typed dose")], stored=0)
    data["version"] = str(page_version(page))
    response = clinician_client.post(section_url(draft, "medications"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved" in html and "typed dose" in html
    assert adapters.section_value(Workup.objects.get(pk=draft.pk), "medications") == before


def test_a_save_over_someone_elses_change_shows_both(clinician_client, draft):
    page = clinician_client.get(section_url(draft, "medications"))
    version = page_version(page)
    fill_section(clinician_client, draft, "medications", (TRAMADOL,))
    data = medications_data([STATIN]) | {"version": str(version)}
    response = clinician_client.post(section_url(draft, "medications"), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "atorvastatin: statin, dose 20 mg at night" in html
    assert "tramadol: opioid (tramadol included)" in html


def test_staff_read_the_list_and_may_not_change_it(staff_client, draft):
    html = staff_client.get(section_url(draft, "medications")).content.decode()
    assert "atorvastatin: statin, dose 20 mg at night" in html
    assert 'name="medications-0-name"' not in html
    data = medications_data([STATIN]) | {"version": "1"}
    assert staff_client.post(section_url(draft, "medications"), data).status_code == 403


def test_the_change_history_names_the_medicines_added_and_removed(clinician_client, draft):
    fill_section(clinician_client, draft, "medications", (TRAMADOL,))
    html = clinician_client.get(section_url(draft, "medications")).content.decode()
    assert "Medication removed" in html and "Medication changed" in html
