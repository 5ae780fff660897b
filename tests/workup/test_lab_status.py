"""Lab rows that are pending or not done: no value, unit or range (the form says so at the field,
the model and the database refuse it too); a pending row is later completed with its value; the
catalogue's new analytes are offered."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.workup.editing import editor, errors_of, value_of
from tests.workup.formdata import labs_data
from tests.workup.helpers import fill_section, page_version, section_url
from workup import adapters
from workup.forms.labs import ANALYTE_CHOICES
from workup.models import LabResult as LabRow
from workup.models import Workup
from workup.rules.facts import LabResult

ORDERED = datetime.date(2026, 11, 18)
PENDING_CK = LabResult("ck", None, None, ORDERED, status="pending")
CK_RESULT = LabResult("ck", 140, "U/L", datetime.date(2026, 11, 22))


def test_a_pending_or_not_done_row_is_kept_without_a_value():
    not_done = LabResult("ttg_iga", None, None, ORDERED, status="not_done")
    assert value_of("labs", labs_data([PENDING_CK, not_done])) == (PENDING_CK, not_done)


@pytest.mark.parametrize("field", ["value", "unit", "ref_low", "ref_high"])
def test_a_pending_row_with_a_value_unit_or_range_is_refused_at_that_field(field):
    data = labs_data([PENDING_CK])
    data[f"labs-0-{field}"] = "U/L" if field == "unit" else "12"
    errors = errors_of(editor("labs", data))
    what = "unit" if field == "unit" else "value" if field == "value" else "laboratory range"
    assert errors == {
        f"0-{field}": [f"A pending test has no {what}: clear this box, or choose “Resulted”."]
    }


def test_a_not_done_row_with_a_value_says_not_done():
    data = labs_data([LabResult("ck", None, None, ORDERED, status="not_done")])
    data["labs-0-value"] = "140"
    assert errors_of(editor("labs", data))["0-value"] == [
        "A not done test has no value: clear this box, or choose “Resulted”."
    ]


def test_a_resulted_row_needs_its_value_and_unit():
    data = labs_data([LabResult("ck", None, None, ORDERED)])
    errors = errors_of(editor("labs", data))
    assert errors["0-value"] == ["Enter the value, or choose “Pending” or “Not done”."]
    assert errors["0-unit"] == ["Choose the unit."]


def test_a_row_posted_without_a_status_is_a_result_and_an_unknown_status_is_refused():
    data = labs_data([CK_RESULT])
    del data["labs-0-status"]
    assert value_of("labs", data) == (CK_RESULT,)
    data["labs-0-status"] = "lost"
    assert errors_of(editor("labs", data))["0-status"] == ["Choose resulted, pending or not done."]


def test_a_blank_row_stays_blank_with_its_status_at_resulted_or_missing():
    data = labs_data([CK_RESULT], blank_rows=2)
    data["labs-1-status"] = "resulted"
    assert value_of("labs", data) == (CK_RESULT,)


def test_a_blank_row_set_to_pending_asks_for_the_analyte():
    data = labs_data([], blank_rows=1)
    data["labs-0-status"] = "pending"
    errors = errors_of(editor("labs", data))
    assert errors["0-analyte"] == ["Choose the analyte."]


def test_a_pending_date_in_the_future_is_refused_like_a_collection_date():
    tomorrow = datetime.date(2026, 11, 25)
    data = labs_data([LabResult("ck", None, None, tomorrow, status="pending")])
    assert "0-collected_on" in errors_of(editor("labs", data))


def test_the_new_analytes_of_the_catalogue_are_offered():
    codes = [code for code, _ in ANALYTE_CHOICES]
    assert "ttg_iga" in codes and "iga_total" in codes
    ttg = LabResult("ttg_iga", 3.1, "U/mL", ORDERED, ref_high=7)
    assert value_of("labs", labs_data([ttg])) == (ttg,)


# --- The model and the database -----------------------------------------------------------------


def stored_row(draft, **fields) -> LabRow:
    values = {"analyte": "ck", "collected_on": ORDERED, "position": 99, **fields}
    return LabRow(section=draft.labs, **values)


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"status": "pending", "value": Decimal(1)}, "value"),
        ({"status": "pending", "unit": "U/L"}, "unit"),
        ({"status": "not_done", "ref_high": Decimal(200)}, "ref_high"),
        ({"status": "resulted", "unit": "U/L"}, "value"),
        ({"status": "resulted", "value": Decimal(1)}, "unit"),
    ],
)
def test_the_model_refuses_a_value_that_does_not_fit_the_status(draft, fields, field):
    with pytest.raises(ValidationError) as refused:
        stored_row(draft, **fields).full_clean()
    assert field in refused.value.message_dict


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "pending", "value": Decimal(1)},
        {"status": "not_done", "unit": "U/L"},
        {"status": "resulted"},
        {"status": "lost"},
    ],
)
def test_the_database_refuses_it_too(draft, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        stored_row(draft, **fields).save()


def test_the_database_takes_a_pending_row(draft):
    stored_row(draft, status="pending").save()


# --- A pending row completed later --------------------------------------------------------------


def test_a_pending_row_is_completed_later_with_its_value(clinician_client, empty_draft):
    fill_section(clinician_client, empty_draft, "labs", (PENDING_CK,))
    row = Workup.objects.get(pk=empty_draft.pk).labs.results.get()
    assert (row.status, row.value, row.unit) == ("pending", None, "")

    page = clinician_client.get(section_url(empty_draft, "labs"))
    assert "pending since 18 Nov 2026" in page.content.decode()
    data = labs_data([CK_RESULT], stored=1) | {"version": str(page_version(page))}
    assert clinician_client.post(section_url(empty_draft, "labs"), data).status_code == 302

    completed = Workup.objects.get(pk=empty_draft.pk).labs.results.get()
    assert completed.pk == row.pk
    assert (completed.status, completed.value, completed.unit) == ("resulted", 140, "U/L")
    assert adapters.section_value(Workup.objects.get(pk=empty_draft.pk), "labs") == (CK_RESULT,)
    history = clinician_client.get(section_url(empty_draft, "labs")).content.decode()
    assert "CK: pending, ordered 18 Nov 2026" in history
    assert "CK 140 U/L, collected 22 Nov 2026" in history


def test_read_only_labs_list_pending_rows_and_read_only_the_results(staff_client, draft):
    html = staff_client.get(section_url(draft, "labs")).content.decode()
    assert "CK: pending, ordered 18 Nov 2026" in html
    assert "Results converted to the catalogue" in html
