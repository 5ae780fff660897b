"""A draft started ahead of a planned visit (for the patient's questionnaire) is signed from its
visit day, not before; until then its visit date may move to another day ahead."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from audit.models import AuditEvent
from config.dates import show_date
from summaries.models import IssuedSummary
from tests.conftest import PASSWORD
from tests.workup.helpers import url
from tests.workup.signing import sign_data
from workup import services
from workup.models import Workup
from workup.signing import VisitAhead, signable_from


def days_ahead(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def planned(draft):
    """A complete draft whose visit is next week."""
    Workup.objects.filter(pk=draft.pk).update(visit_date=days_ahead(7))
    draft.refresh_from_db()
    return draft


def test_a_draft_of_a_visit_ahead_is_not_signed_and_the_page_says_from_when(
    clinician_client, planned
):
    response = clinician_client.post(url("sign", planned), sign_data(planned, PASSWORD))
    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("can be signed from that day" in message for message in shown), shown
    stored = Workup.objects.get(pk=planned.pk)
    assert stored.status == "draft" and stored.signed_at is None
    assert stored.signed_document is None
    assert not IssuedSummary.objects.filter(workup=planned).exists()
    refused = AuditEvent.objects.get(action="workup.sign_failed")
    assert refused.detail == {"reason": "visit_ahead"}
    assert not AuditEvent.objects.filter(action="workup.sign").exists()


def test_the_sign_page_of_a_visit_ahead_says_from_when_before_anything_is_typed(
    clinician_client, planned
):
    page = clinician_client.get(url("sign", planned)).content.decode()
    assert f"This visit is planned for {show_date(planned.visit_date)}" in page
    assert "can be signed from that day" in page
    assert 'name="password"' not in page


def test_the_sign_page_of_todays_visit_asks_for_the_password(clinician_client, planned):
    Workup.objects.filter(pk=planned.pk).update(visit_date=timezone.localdate())
    page = clinician_client.get(url("sign", planned)).content.decode()
    assert "can be signed from that day" not in page
    assert 'name="password"' in page


@pytest.mark.parametrize(("days", "expected"), [(-1, None), (0, None), (1, 1)])
def test_a_draft_is_signable_from_its_visit_day(planned, days, expected):
    planned.visit_date = days_ahead(days)
    assert signable_from(planned) == (None if expected is None else days_ahead(expected))


def test_the_signing_service_refuses_a_draft_of_a_visit_ahead(clinician, planned):
    with pytest.raises(VisitAhead, match="can be signed from that day"):
        services.workup_sign(workup=planned, signer=clinician, password=PASSWORD)
    assert Workup.objects.get(pk=planned.pk).status == "draft"


def test_on_its_visit_day_the_draft_is_signed(clinician_client, planned):
    Workup.objects.filter(pk=planned.pk).update(visit_date=timezone.localdate())
    planned.refresh_from_db()
    response = clinician_client.post(url("sign", planned), sign_data(planned, PASSWORD))
    assert response.status_code == 302
    assert Workup.objects.get(pk=planned.pk).status == "signed"


def test_a_planned_visit_can_move_to_another_day_ahead(clinician_client, clinician, planned):
    response = clinician_client.post(
        url("details", planned),
        {"visit_date": days_ahead(14).isoformat(), "clinician": str(clinician.pk)},
    )
    assert response.status_code == 302
    assert Workup.objects.get(pk=planned.pk).visit_date == days_ahead(14)


def test_a_planned_visit_cannot_move_more_than_a_year_ahead(clinician_client, clinician, planned):
    response = clinician_client.post(
        url("details", planned),
        {"visit_date": days_ahead(400).isoformat(), "clinician": str(clinician.pk)},
    )
    assert response.status_code == 200
    assert "at most a year ahead" in response.content.decode()
    assert Workup.objects.get(pk=planned.pk).visit_date == days_ahead(7)


def test_a_draft_of_today_or_earlier_still_cannot_move_ahead(clinician_client, clinician, draft):
    before = draft.visit_date
    response = clinician_client.post(
        url("details", draft),
        {"visit_date": days_ahead(7).isoformat(), "clinician": str(clinician.pk)},
    )
    assert "The visit date cannot be in the future." in response.content.decode()
    assert Workup.objects.get(pk=draft.pk).visit_date == before


def test_moving_another_visit_keeps_a_planned_visit_out_of_the_last_visit(
    clinician_client, clinician, patient, planned
):
    earlier = Workup.objects.create(
        patient=patient, clinician=clinician, visit_date=datetime.date(2026, 9, 1)
    )
    response = clinician_client.post(
        url("details", earlier), {"visit_date": "2026-10-01", "clinician": str(clinician.pk)}
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.last_visit_on == datetime.date(2026, 10, 1)
