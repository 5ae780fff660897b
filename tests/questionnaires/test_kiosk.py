"""A clinic tablet: staff start the questionnaire with a POST (no code shown), which signs them
out of that browser; the patient still confirms the date of birth; on finishing, on handing
back, or after the idle limit, the tablet shows the neutral hand-back page and nothing of the
answers, and the back button shows nothing either."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit import actions
from audit.models import AuditEvent
from tests.conftest import sign_in
from tests.questionnaires.factories import dob_text, invite, part_url

pytestmark = pytest.mark.django_db

HAND_BACK = "Please hand the tablet back to the reception."
CONFIRM = reverse("questionnaires:patient_confirm")


@pytest.fixture
def tablet_questionnaire(patient, staff):
    questionnaire, code = invite(patient=patient, actor=staff, channel="kiosk")
    assert code is None
    return questionnaire


@pytest.fixture
def tablet(client, staff, tablet_questionnaire, patient):
    """The reception's tablet, after staff started the questionnaire on it."""
    sign_in(client, staff)
    started = client.post(
        reverse("questionnaires:kiosk_start", args=[patient.pk, tablet_questionnaire.pk])
    )
    assert started["Location"] == CONFIRM
    return client


def answering(tablet, patient):
    tablet.post(CONFIRM, {"date_of_birth": dob_text(patient)})
    tablet.post(part_url("pain_areas"), {"areas": ["neck", "chest"]})
    return tablet


def test_starting_the_tablet_signs_the_staff_member_out_of_it(tablet):
    assert tablet.get(reverse("patients:list"))["Location"].startswith(reverse("login"))
    assert tablet.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_the_tablet_still_asks_the_date_of_birth_and_shows_no_code(tablet, patient):
    page = tablet.get(CONFIRM).content.decode()
    assert "Your date of birth" in page and 'autocomplete="off"' in page
    assert tablet.get(part_url("pain_areas"))["Location"] == CONFIRM
    answering(tablet, patient)


def test_the_kiosk_start_and_end_are_audited(tablet, patient, staff):
    answering(tablet, patient)
    tablet.post(reverse("questionnaires:patient_review"))
    start = AuditEvent.objects.get(action=actions.QUESTIONNAIRE_KIOSK_START)
    end = AuditEvent.objects.get(action=actions.QUESTIONNAIRE_KIOSK_END)
    assert (start.patient_id, start.actor) == (patient.pk, staff)
    assert (end.patient_id, end.actor, end.detail) == (patient.pk, None, {"reason": "submitted"})


def test_finishing_shows_the_hand_back_page_and_nothing_of_the_answers(tablet, patient):
    answering(tablet, patient)
    done = tablet.post(reverse("questionnaires:patient_review"), follow=True)
    html = done.content.decode()
    assert HAND_BACK in html
    assert "Neck" not in html and "Ana" not in html
    back = tablet.get(reverse("questionnaires:patient_review"))
    assert HAND_BACK in back.content.decode() and "Neck" not in back.content.decode()
    assert "no-store" in back["Cache-Control"]


def test_an_idle_tablet_times_out_to_the_hand_back_page(tablet, patient, settings):
    settings.QUESTIONNAIRE_KIOSK_IDLE_MINUTES = 10
    answering(tablet, patient)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        page = tablet.get(part_url("symptoms"))
    html = page.content.decode()
    assert HAND_BACK in html and "Tiredness" not in html
    assert AuditEvent.objects.get(action=actions.QUESTIONNAIRE_KIOSK_END).detail == {
        "reason": "idle"
    }
    back = tablet.get(part_url("pain_areas")).content.decode()
    assert HAND_BACK in back and "Neck" not in back


def test_a_tablet_page_refreshes_itself_to_the_hand_back_page_at_the_idle_limit(
    tablet, patient, settings
):
    settings.QUESTIONNAIRE_KIOSK_IDLE_MINUTES = 10
    answering(tablet, patient)
    html = tablet.get(part_url("symptoms")).content.decode()
    hand_back = reverse("questionnaires:patient_hand_back")
    assert f'<meta http-equiv="refresh" content="600;url={hand_back}">' in html
    assert 'data-kiosk-idle-seconds="600"' in html
    assert "js/questionnaire-kiosk.js" in html


def test_the_refresh_at_the_idle_limit_ends_the_session(tablet, patient, settings):
    settings.QUESTIONNAIRE_KIOSK_IDLE_MINUTES = 10
    answering(tablet, patient)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10)):
        page = tablet.get(reverse("questionnaires:patient_hand_back"))
    assert HAND_BACK in page.content.decode()
    assert AuditEvent.objects.get(action=actions.QUESTIONNAIRE_KIOSK_END).detail == {
        "reason": "idle"
    }
    assert HAND_BACK in tablet.get(part_url("symptoms")).content.decode()


def test_hand_back_in_the_middle_saves_and_ends(tablet, patient, tablet_questionnaire):
    answering(tablet, patient)
    handed = tablet.post(part_url("symptoms"), {"fatigue": "2", "action": "later"})
    assert handed["Location"] == reverse("questionnaires:patient_hand_back")
    tablet_questionnaire.refresh_from_db()
    assert tablet_questionnaire.answers["pain"]["sss"]["fatigue"] == 2
    assert HAND_BACK in tablet.get(part_url("symptoms")).content.decode()


def test_a_link_questionnaire_page_is_not_refreshed_away(browser, code, patient):
    from tests.questionnaires.factories import open_and_confirm

    open_and_confirm(browser, code, patient)
    assert "http-equiv" not in browser.get(part_url("symptoms")).content.decode()


def test_an_idle_link_page_closes_and_keeps_the_answers(browser, code, patient, settings):
    from tests.questionnaires.factories import open_and_confirm

    settings.QUESTIONNAIRE_LINK_IDLE_MINUTES = 30
    open_and_confirm(browser, code, patient)
    browser.post(part_url("pain_areas"), {"areas": ["neck"]})
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        page = browser.get(part_url("symptoms"))
    assert "Closed for your privacy" in page.content.decode()
    assert "This link cannot be used" in browser.get(part_url("symptoms")).content.decode()
