"""The administrators' audit-log viewer: whitelisted filters in the page's address,
pagination, CSV export (itself audited); the trail keeps ids, names are shown as it is read."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from audit import actions
from audit.models import AuditEvent
from audit.record import record
from tests.patients.factories import make_patient

LIST = reverse("audit:event_list")
EXPORT = reverse("audit:event_export")


def rows_of(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def trail(clinician, staff):
    """Three events of 2025. Request it before ``admin_client``: the log-in then comes after
    them in the chain, and times follow the chain as they do on a clock that is not travelled
    (the date filters rely on it, see ``audit.selectors``)."""
    with time_machine.travel(dt.datetime(2025, 1, 10, 9, tzinfo=dt.UTC), tick=False):
        record(
            "patient.view",
            actor=clinician,
            target_type="patients.patient",
            target_id=7,
            patient_id=7,
        )
    with time_machine.travel(dt.datetime(2025, 1, 20, 9, tzinfo=dt.UTC), tick=False):
        record(
            "patient.view", actor=staff, target_type="patients.patient", target_id=8, patient_id=8
        )
        record(
            "patient.update",
            actor=clinician,
            target_type="patients.patient",
            target_id=8,
            patient_id=8,
            detail={"fields": ["phone"]},
        )


A, B, C = ("patient.view", 7), ("patient.view", 8), ("patient.update", 8)


def shown(response):
    """The trail's events on the page (the administrator's own log-in is left out)."""
    return [
        (event.action, event.patient_id)
        for event in response.context["page"]
        if not event.action.startswith("auth.")
    ]


def test_the_viewer_lists_events_newest_first(trail, admin_client):
    response = admin_client.get(LIST)
    assert response.status_code == 200
    assert shown(response) == [C, B, A]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"patient": "8"}, [C, B]),
        ({"action": "patient.view"}, [B, A]),
        ({"date_from": "2025-01-15", "date_to": "2025-12-31"}, [C, B]),
        ({"date_to": "2025-01-15"}, [A]),
        ({"date_from": "2025-01-10", "date_to": "2025-01-10"}, [A]),
        ({"patient": "8", "action": "patient.update"}, [C]),
    ],
)
def test_filters_narrow_the_list(trail, admin_client, query, expected):
    assert shown(admin_client.get(LIST, query)) == expected


def test_filter_by_user(admin_client, trail, clinician):
    assert shown(admin_client.get(LIST, {"user": clinician.pk})) == [C, A]


@pytest.mark.parametrize(
    "query",
    [
        {"patient": "1 OR 1=1"},
        {"patient": "-3"},
        {"user": "999999"},
        {"user": "1; DROP TABLE audit_auditevent"},
        {"action": "' OR ''='"},
        {"date_from": "2026-13-45"},
        {"date_from": "2026-02-01", "date_to": "2026-01-01"},
    ],
)
def test_bad_filters_are_refused_not_run(admin_client, trail, query):
    response = admin_client.get(LIST, query)
    assert response.status_code == 400
    assert response.context["page"] is None
    assert admin_client.get(EXPORT, query).status_code == 400
    assert not AuditEvent.objects.filter(action=actions.AUDIT_EXPORTED).exists()


def test_export_gives_the_filtered_events_as_csv_and_is_itself_audited(
    admin_client, admin_user, trail
):
    response = admin_client.get(EXPORT, {"patient": "8"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = rows_of(response)
    assert [(row["action"], row["patient_id"]) for row in rows] == [
        ("patient.view", "8"),
        ("patient.update", "8"),
    ]
    event = AuditEvent.objects.get(action=actions.AUDIT_EXPORTED)
    assert (event.actor, event.detail) == (admin_user, {"filters": {"patient": 8}})
    # An export of one patient's trail is in that patient's trail from then on.
    assert event.patient_id == 8
    assert shown(admin_client.get(LIST, {"patient": "8"}))[0] == (actions.AUDIT_EXPORTED, 8)


def test_export_neutralises_spreadsheet_formulas(admin_client, db):
    Client().post(
        reverse("login"),
        {"username": '=HYPERLINK("http://evil")', "password": "x"},
        HTTP_USER_AGENT="+cmd|' /C calc'!A0",
    )
    row = rows_of(admin_client.get(EXPORT, {"action": actions.LOGIN_FAILED}))[0]
    assert row["user_agent"] == "'+cmd|' /C calc'!A0"
    assert row["detail"].startswith('{"username": "=HYPERLINK')  # inside JSON: not a formula


def test_the_trail_keeps_ids_and_the_viewer_names_the_patient(admin_client, clinician):
    patient = make_patient(given_name="Zanzibar", family_name="Quixotic", mrn="Q-7")
    event = record("patient.view", actor=clinician, target=patient, patient_id=patient.pk)
    stored = AuditEvent.objects.filter(pk=event.pk).values().get()
    assert not any("Zanzibar" in str(value) or "Q-7" in str(value) for value in stored.values())
    page = admin_client.get(LIST).text
    export = b"".join(admin_client.get(EXPORT).streaming_content).decode()
    for text in (page, export):
        assert "Quixotic, Zanzibar (MRN Q-7)" in text


@pytest.mark.parametrize("persona", ["clinician_client", "staff_client"])
def test_clinicians_and_staff_cannot_read_the_audit_log(request, persona, trail):
    client = request.getfixturevalue(persona)
    make_patient(mrn="P-1")
    assert client.get(LIST).status_code == 403
    assert client.post(LIST, {"mrn": "P-1"}).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert not AuditEvent.objects.filter(action=actions.AUDIT_EXPORTED).exists()
