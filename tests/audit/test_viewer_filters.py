"""Filtering the audit log by patient MRN, user, action and dates (the form is posted, the
list's address keeps record ids only), a patient's trail including every batch print their
summary was in, and the CSV export with names, labels, codes and ids."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit import actions
from audit.models import AuditEvent
from audit.record import record
from audit.views import CSV_COLUMNS
from summaries import services as summary_services
from tests.audit.test_viewer_names import lines_of, mixed_events, signed_workup, visible_text
from tests.patients.factories import make_patient
from tests.summaries.factories import make_done_batch

LIST = reverse("audit:event_list")
EXPORT = reverse("audit:event_export")


def rows_of(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def mora(db):
    return make_patient(given_name="Ines", family_name="Mora", mrn="A-1001")


def test_a_patient_is_found_by_mrn_ignoring_case_and_the_mrn_stays_out_of_the_address(
    admin_client, clinician, mora
):
    other = make_patient(mrn="B-2002")
    record(actions.PATIENT_VIEW, actor=clinician, target=mora, patient_id=mora.pk)
    record(actions.PATIENT_VIEW, actor=clinician, target=other, patient_id=other.pk)
    response = admin_client.post(LIST, {"mrn": " a-1001 "})
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?patient={mora.pk}"
    page = admin_client.get(response["Location"])
    assert [line.record for line in lines_of(page)] == ["Mora, Ines (MRN A-1001)"]
    assert page.context["form"]["mrn"].value() == "A-1001"
    assert "Events of Mora, Ines (MRN A-1001)" in visible_text(page)
    assert "A-1001" not in page.context["export_query"]


def test_an_unknown_mrn_is_a_field_error_and_nothing_is_listed(admin_client, clinician, mora):
    record(actions.PATIENT_VIEW, actor=clinician, target=mora, patient_id=mora.pk)
    response = admin_client.post(LIST, {"mrn": "Z-404"})
    assert response.status_code == 400
    assert response.context["form"].errors["mrn"] == ["No patient has MRN Z-404."]
    assert response.context["page"] is None
    assert "Mora" not in response.text


def test_a_patients_filter_finds_each_batch_print_their_summary_was_in_and_no_other_patients(
    admin_client, settings, clinician, staff, mora
):
    settings.SUMMARY_BATCH_IN_PROCESS = False
    other = make_patient(given_name="Bo", family_name="Baker", mrn="B-2002")
    outside = make_patient(given_name="Cy", family_name="Castro", mrn="C-3003")
    theirs, others = signed_workup(mora, clinician), signed_workup(other, clinician)
    signed_workup(outside, clinician)
    started = summary_services.batch_print_start(actor=staff, workup_ids=[others.pk, theirs.pk])
    printed = make_done_batch(staff, [others.pk, theirs.pk])
    summary_services.batch_download(job=printed, actor=staff)

    page = admin_client.get(admin_client.post(LIST, {"mrn": "A-1001"})["Location"])
    assert [(line.action, line.record, line.detail) for line in lines_of(page)] == [
        (
            "Downloaded a workup summary in a batch print",
            "Workup of 20 Nov 2026 for Mora, Ines (MRN A-1001)",
            f"In batch print #{printed.pk} (2 summaries)",
        ),
        (
            "Put a workup summary in a batch print",
            "Workup of 20 Nov 2026 for Mora, Ines (MRN A-1001)",
            f"In batch print #{started.pk} (2 summaries)",
        ),
    ]
    baker = admin_client.get(LIST, {"patient": other.pk})
    assert {line.record for line in lines_of(baker)} == {
        "Workup of 20 Nov 2026 for Baker, Bo (MRN B-2002)"
    }
    assert lines_of(admin_client.get(LIST, {"patient": outside.pk})) == []


@pytest.fixture
def trail(clinician, staff):
    with time_machine.travel(dt.datetime(2025, 1, 10, 9, tzinfo=dt.UTC), tick=False):
        record(actions.PATIENT_VIEW, actor=clinician, target_type="patients.patient", target_id=7)
    with time_machine.travel(dt.datetime(2025, 1, 20, 23, 59, tzinfo=dt.UTC), tick=False):
        record(actions.PATIENT_VIEW, actor=staff, target_type="patients.patient", target_id=8)
        record(actions.PATIENT_UPDATE, actor=clinician, target_type="patients.patient", target_id=8)


def shown(response):
    return [(line.event.action, line.event.target_id) for line in lines_of(response)]


def test_dates_and_user_are_posted_in_the_practice_format_and_kept_in_the_address(
    trail, admin_client, clinician
):
    response = admin_client.post(
        LIST, {"user": clinician.pk, "date_from": "20 Jan 2025", "date_to": "20/01/2025"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["date_to"]
    response = admin_client.post(
        LIST, {"user": clinician.pk, "date_from": "20 Jan 2025", "date_to": "20 January 2025"}
    )
    assert response["Location"] == (
        f"{LIST}?user={clinician.pk}&date_from=2025-01-20&date_to=2025-01-20"
    )
    page = admin_client.get(response["Location"])
    assert shown(page) == [(actions.PATIENT_UPDATE, "8")]
    form = page.context["form"]
    assert (form["date_from"].value(), form["user"].value()) == (
        dt.date(2025, 1, 20),
        clinician.pk,
    )
    assert 'value="20 Jan 2025"' in page.text
    assert "dr_rivera (Ines Rivera)" in visible_text(page)


def test_the_action_filter_is_posted_as_a_label_and_kept_as_a_code(admin_client, trail):
    response = admin_client.post(LIST, {"action": actions.PATIENT_UPDATE})
    assert response["Location"] == f"{LIST}?action=patient.update"
    page = admin_client.get(response["Location"])
    assert shown(page) == [(actions.PATIENT_UPDATE, "8")]
    assert "Changed a patient's demographics" in visible_text(page)


def test_the_csv_has_labels_and_codes_names_and_ids(admin_client, admin_user, clinician, mora):
    workup = signed_workup(mora, clinician)
    record(actions.WORKUP_VIEW, actor=clinician, target=workup, patient_id=mora.pk)
    response = admin_client.get(EXPORT, {"patient": mora.pk})
    text = b"".join(response.streaming_content).decode()
    assert next(csv.reader(io.StringIO(text))) == CSV_COLUMNS
    (row,) = list(csv.DictReader(io.StringIO(text)))
    event = AuditEvent.objects.get(action=actions.WORKUP_VIEW)
    assert row == {
        "sequence": str(event.sequence),
        "at": event.at.isoformat(),
        "actor_id": str(clinician.pk),
        "actor_username": "dr_rivera",
        "actor_name": "dr_rivera (Ines Rivera)",
        "action": "workup.view",
        "action_label": "Opened a workup",
        "record": "Workup of 20 Nov 2026 for Mora, Ines (MRN A-1001)",
        "target_type": "workup.workup",
        "target_id": str(workup.pk),
        "patient_id": str(mora.pk),
        "patient_name": "Mora, Ines (MRN A-1001)",
        "ip": "",
        "user_agent": "",
        "detail": "{}",
    }
    exported = AuditEvent.objects.get(action=actions.AUDIT_EXPORTED)
    assert (exported.actor, exported.patient_id) == (admin_user, mora.pk)
    assert exported.detail == {"filters": {"patient": mora.pk}}


def test_the_export_reads_names_per_chunk_not_per_row(admin_client, clinician, staff):
    mixed_events(4, clinician, staff)
    with CaptureQueriesContext(connection) as few:
        assert len(rows_of(admin_client.get(EXPORT))) >= 4
    mixed_events(40, clinician, staff, first=4)
    with CaptureQueriesContext(connection) as many:
        rows = rows_of(admin_client.get(EXPORT))
    assert len(many) == len(few)
    named = [row["record"] for row in rows if row["action"] == actions.WORKUP_VIEW]
    assert len(named) == 11
    assert all(name.startswith("Workup of 20 Nov 2026 for Silva, Ana (MRN T") for name in named)


@pytest.mark.parametrize("persona", ["clinician_client", "staff_client"])
def test_clinicians_and_staff_cannot_filter_or_export_a_patients_trail(request, persona, mora):
    client = request.getfixturevalue(persona)
    assert client.post(LIST, {"mrn": "A-1001"}).status_code == 403
    assert client.get(EXPORT, {"patient": mora.pk}).status_code == 403
    assert not AuditEvent.objects.filter(action=actions.AUDIT_EXPORTED).exists()
