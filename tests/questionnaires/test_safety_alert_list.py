"""The start page's list of open safety answers stays one short read however many are open: it
shows the oldest first, at most a page of them, and says how many more wait; acknowledging one
brings the next in, so none stays hidden."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from questionnaires.models import Questionnaire
from questionnaires.selectors import open_safety_alerts
from tests.patients.factories import make_patient
from tests.questionnaires.factories import invite

pytestmark = pytest.mark.django_db

RAISED = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 0))


def raise_alerts(count, *, actor):
    """`count` open safety alerts, one per patient, the first raised earliest."""
    raised = []
    for number in range(count):
        patient = make_patient(given_name=f"Alert{number:02d}", family_name="Patient")
        questionnaire, _ = invite(patient=patient, actor=actor)
        Questionnaire.objects.filter(pk=questionnaire.pk).update(
            safety_alert_at=RAISED + datetime.timedelta(minutes=number),
            safety_phq9=[0, 0, 0, 0, 0, 0, 0, 0, 1],
        )
        raised.append(questionnaire)
    return raised


def names_listed(home: str) -> list[str]:
    return [word for word in home.split() if word.startswith("Alert") and word[5:7].isdigit()]


@pytest.mark.parametrize(
    ("open_count", "listed", "not_shown"),
    [(0, 0, 0), (2, 2, 0), (3, 3, 0), (4, 3, 1), (6, 3, 3)],
)
def test_at_most_the_oldest_are_listed_and_the_rest_are_counted(
    clinician, open_count, listed, not_shown
):
    raised = raise_alerts(open_count, actor=clinician)

    alerts = open_safety_alerts(shown=3)

    assert [q.pk for q in alerts.oldest] == [q.pk for q in raised[:listed]]
    assert alerts.waiting == open_count
    assert alerts.not_shown == not_shown
    assert bool(alerts) is (open_count > 0)


def test_acknowledged_alerts_leave_the_list_and_the_count(clinician):
    raised = raise_alerts(4, actor=clinician)
    Questionnaire.objects.filter(pk=raised[0].pk).update(
        safety_acknowledged_at=timezone.now(), safety_acknowledged_by=clinician
    )

    alerts = open_safety_alerts(shown=3)

    assert [q.pk for q in alerts.oldest] == [q.pk for q in raised[1:]]
    assert alerts.not_shown == 0


def test_the_start_page_lists_the_oldest_and_says_how_many_more_wait(
    clinician, clinician_client, monkeypatch
):
    monkeypatch.setattr("config.views.open_safety_alerts", lambda: open_safety_alerts(shown=2))
    raise_alerts(5, actor=clinician)

    home = clinician_client.get(reverse("home")).content.decode()

    assert sorted(set(names_listed(home))) == ["Alert00", "Alert01"]
    assert "3 more waiting" in home


def test_the_list_is_read_in_two_queries_however_many_are_open(clinician):
    raise_alerts(7, actor=clinician)

    with CaptureQueriesContext(connection) as queries:
        alerts = open_safety_alerts(shown=3)
        [(str(q.patient), q.workup.visit_date, q.get_absolute_url()) for q in alerts.oldest]

    assert len(queries) == 2
    assert "answers" not in queries[0]["sql"].lower().split(" from ")[0]
