"""The audit log as a privacy officer reads it: actions in words, records named as people know
them (patient name and MRN, workup date, user account, batch print), the names read for a whole
page at once."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from audit import actions
from audit.record import record
from tests.conftest import make_user
from tests.patients.factories import make_patient
from tests.summaries.factories import make_done_batch
from workup.models import Workup, WorkupStatus

LIST = reverse("audit:event_list")
VISIT = dt.date(2026, 11, 20)


def visible_text(response) -> str:
    """What a reader sees: the page without its tags and attributes (option values, say)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def lines_of(response):
    """The trail's rows on the page, without the administrator's own log-in."""
    return [line for line in response.context["lines"] if not line.event.action.startswith("auth.")]


def signed_workup(patient, clinician, visit_date=VISIT) -> Workup:
    return Workup.objects.create(
        patient=patient,
        clinician=clinician,
        visit_date=visit_date,
        status=WorkupStatus.SIGNED,
        signed_at=timezone.now(),
        signed_by=clinician,
        signed_document={},
    )


def test_actions_read_as_their_labels_never_as_codes(admin_client, clinician, staff):
    record(actions.USER_DEACTIVATED, actor=clinician, target=staff)
    record(actions.PATIENT_SEARCH, actor=staff, target_type="patients.patient")
    response = admin_client.get(LIST)
    text = visible_text(response)
    assert "Deactivated a user account" in text
    assert "Listed or searched patients" in text
    for code in actions.LABELS:
        assert code not in text
    options = re.findall(r"<option value=\"([^\"]*)\"[^>]*>([^<]*)</option>", response.text)
    labelled = dict(options)
    assert labelled[actions.USER_DEACTIVATED] == "Deactivated a user account"
    assert labelled[actions.SUMMARY_BATCH_DOWNLOADED] == (
        "Downloaded a workup summary in a batch print"
    )


def test_an_action_without_a_label_reads_in_words(admin_client, clinician):
    record("patient.merge_records", actor=clinician)
    response = admin_client.get(LIST)
    assert [line.action for line in lines_of(response)] == ["Patient merge records"]
    assert "patient.merge_records" not in visible_text(response)


def test_records_are_named_as_people_read_them(admin_client, clinician, staff):
    patient = make_patient(given_name="Ines", family_name="Mora", mrn="A1001")
    workup = signed_workup(patient, clinician)
    other = signed_workup(make_patient(), clinician)
    batch = make_done_batch(staff, [workup.pk, other.pk])
    record(actions.PATIENT_VIEW, actor=clinician, target=patient, patient_id=patient.pk)
    record(actions.WORKUP_VIEW, actor=clinician, target=workup, patient_id=patient.pk)
    record(actions.USER_DEACTIVATED, actor=clinician, target=staff)
    record(actions.BATCH_PRINT_DOWNLOAD, actor=staff, target=batch)
    record(
        actions.SUMMARY_BATCH_DOWNLOADED,
        actor=staff,
        target=workup,
        patient_id=patient.pk,
        detail={"batch": batch.pk},
    )
    response = admin_client.get(LIST)
    mora = "Mora, Ines (MRN A1001)"
    workup_name = f"Workup of 20 Nov 2026 for {mora}"
    in_batch = f"In batch print #{batch.pk} (2 summaries)"
    assert [(line.user, line.record, line.detail) for line in lines_of(response)] == [
        ("front_desk (Sam Okafor)", workup_name, in_batch),
        ("front_desk (Sam Okafor)", f"Batch print #{batch.pk} (2 summaries)", ""),
        ("dr_rivera (Ines Rivera)", "front_desk (Sam Okafor)", ""),
        ("dr_rivera (Ines Rivera)", workup_name, ""),
        ("dr_rivera (Ines Rivera)", mora, ""),
    ]
    text = visible_text(response)
    assert workup_name in text and in_batch in text
    assert "workup.workup" not in text and "patients.patient" not in text


def test_records_no_longer_on_file_are_named_by_their_id(admin_client, clinician):
    record(
        actions.PATIENT_VIEW,
        actor=clinician,
        target_type="patients.patient",
        target_id=999_991,
        patient_id=999_991,
    )
    record(
        actions.WORKUP_VIEW,
        actor=clinician,
        target_type="workup.workup",
        target_id=999_992,
        patient_id=999_993,
    )
    response = admin_client.get(LIST)
    assert [(line.record, line.patient, line.patient_in_record) for line in lines_of(response)] == [
        ("Workup #999992 (no longer on record)", "Patient #999993 (no longer on record)", False),
        ("Patient #999991 (no longer on record)", "Patient #999991 (no longer on record)", True),
    ]
    assert "Patient: Patient #999993 (no longer on record)" in visible_text(response)


def test_details_read_in_words_with_dates_in_the_practice_format(admin_client, staff):
    record(
        actions.BATCH_PRINT_CHOOSE,
        actor=staff,
        detail={"clinic_date": "2026-11-02", "shown_workup_ids": [4, 5], "late": True},
    )
    (line,) = lines_of(admin_client.get(LIST))
    assert line.detail == "Clinic date: 2 Nov 2026; Late: yes; Workups listed: 4, 5"


def mixed_events(count: int, clinician, staff, *, first: int = 0) -> None:
    """`count` events naming different patients, workups, user accounts and batch prints."""
    for number in range(first, first + count):
        patient = make_patient()
        workup = signed_workup(patient, clinician)
        kind = number % 4
        if kind == 0:
            record(actions.PATIENT_VIEW, actor=clinician, target=patient, patient_id=patient.pk)
        elif kind == 1:
            record(actions.WORKUP_VIEW, actor=staff, target=workup, patient_id=patient.pk)
        elif kind == 2:
            user = make_user(f"account_{number}", Role.STAFF)
            record(actions.USER_CREATED, actor=clinician, target=user)
        else:
            batch = make_done_batch(staff, [workup.pk])
            record(
                actions.SUMMARY_BATCH_QUEUED,
                actor=staff,
                target=workup,
                patient_id=patient.pk,
                detail={"batch": batch.pk},
            )


def test_a_page_of_fifty_events_costs_the_same_queries_as_a_page_of_five(
    admin_client, clinician, staff, django_assert_max_num_queries
):
    mixed_events(4, clinician, staff)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(LIST).status_code == 200
    mixed_events(60, clinician, staff, first=4)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(LIST)
    assert len(response.context["lines"]) == 50
    assert len(many) == len(few)
    with django_assert_max_num_queries(len(few)):
        admin_client.get(LIST, {"page": "2"})


@pytest.mark.parametrize("persona", ["clinician_client", "staff_client"])
def test_clinicians_and_staff_get_no_named_log(request, persona, clinician):
    patient = make_patient(given_name="Ines", family_name="Mora")
    record(actions.PATIENT_VIEW, actor=clinician, target=patient, patient_id=patient.pk)
    response = request.getfixturevalue(persona).get(LIST, {"patient": patient.pk})
    assert response.status_code == 403
    assert "Mora" not in response.text
