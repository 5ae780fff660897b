"""The audit log at millions of events: pages go by sequence number ("Older" and "Newer" links
carry a bound, never a page number), nothing counts the trail, the queries of a page do not
grow with it, and each filter is read from an index."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit import actions
from audit.models import AuditEvent
from audit.record import record
from audit.selectors import audit_events_filter

LIST = reverse("audit:event_list")
LINK = re.compile(r'<a class="page-link"[^>]*href="([^"]*)">(Newest|Newer|Older)</a>')


def events(count: int, *, first: int = 0, actor=None) -> None:
    for number in range(first, first + count):
        action = actions.PATIENT_VIEW if number % 3 else actions.PATIENT_UPDATE
        record(
            action,
            actor=actor,
            target_type="patients.patient",
            target_id=number,
            patient_id=number % 5,
        )


def sequences(response) -> list[int]:
    return [event.sequence for event in response.context["page"]]


def links(response) -> dict[str, str]:
    return {name: url.replace("&amp;", "&") for url, name in LINK.findall(response.text)}


def test_older_and_newer_walk_the_trail_by_sequence(admin_client):
    events(119)
    last = AuditEvent.objects.order_by("-sequence").first().sequence
    first_page = admin_client.get(LIST)
    assert sequences(first_page) == list(range(last, last - 50, -1))
    assert set(links(first_page)) == {"Older"}
    assert links(first_page)["Older"] == f"?before={last - 49}"
    second = admin_client.get(LIST + links(first_page)["Older"])
    assert sequences(second) == list(range(last - 50, last - 100, -1))
    third = admin_client.get(LIST + links(second)["Older"])
    assert sequences(third) == list(range(last - 100, 0, -1))
    assert set(links(third)) == {"Newest", "Newer"}
    back = admin_client.get(LIST + links(third)["Newer"])
    assert sequences(back) == sequences(second)
    assert sequences(admin_client.get(LIST + links(back)["Newer"])) == sequences(first_page)


def test_paging_keeps_the_filters_and_pages_only_matching_events(admin_client):
    events(160)
    updates = list(
        AuditEvent.objects.filter(action=actions.PATIENT_UPDATE)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
    )
    assert len(updates) == 54
    first_page = admin_client.get(LIST, {"action": actions.PATIENT_UPDATE})
    assert sequences(first_page) == updates[:50]
    older = links(first_page)["Older"]
    assert older == f"?action={actions.PATIENT_UPDATE}&before={updates[49]}"
    second = admin_client.get(LIST + older)
    assert sequences(second) == updates[50:]
    assert "Older" not in links(second)
    newer = admin_client.get(LIST + links(second)["Newer"])
    assert sequences(newer) == updates[:50]


def test_a_newer_page_short_of_fifty_is_the_newest_page(admin_client):
    events(70)
    last = AuditEvent.objects.order_by("-sequence").first().sequence
    response = admin_client.get(LIST, {"after": last - 10})
    assert sequences(response) == list(range(last, last - 50, -1))
    assert set(links(response)) == {"Older"}


@pytest.mark.parametrize(
    "query",
    [
        {"before": "x'--"},
        {"before": "0"},
        {"after": "-1"},
        {"before": "9" * 30},
        {"before": "5", "after": "3"},
    ],
)
def test_bad_bounds_are_refused_with_a_clear_message(admin_client, query):
    events(3)
    response = admin_client.get(LIST, query)
    assert response.status_code == 400
    assert response.context["page"] is None
    assert "is not valid" in response.text or "not both" in response.text


def test_an_old_page_number_is_ignored(admin_client):
    events(60)
    assert sequences(admin_client.get(LIST, {"page": "3"})) == sequences(admin_client.get(LIST))


def test_a_bound_beyond_the_trail_shows_what_is_there(admin_client):
    events(5)
    assert len(sequences(admin_client.get(LIST, {"before": "999999"}))) == 6
    assert sequences(admin_client.get(LIST, {"before": "1"})) == []


@pytest.mark.parametrize("query", [{}, {"action": actions.PATIENT_VIEW}, {"patient": "3"}])
def test_queries_per_page_do_not_grow_with_the_trail(admin_client, admin_user, query):
    """Every page names a user (the events' actor), as the first page of few events names the
    administrator's own log-in."""
    events(10, actor=admin_user)
    admin_client.get(LIST, query)  # the session's first request does one-off work
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(LIST, query).status_code == 200
    events(300, first=10, actor=admin_user)
    with CaptureQueriesContext(connection) as many:
        first_page = admin_client.get(LIST, query)
    with CaptureQueriesContext(connection) as older:
        admin_client.get(LIST + links(first_page)["Older"])
    assert not any("COUNT(" in entry["sql"].upper() for entry in many.captured_queries)
    assert len(many) == len(few)
    assert len(older) == len(few)


def test_a_date_range_is_a_range_of_sequences_that_keeps_late_events(admin_client):
    """An event timed a little before the one chained ahead of it (it waited for the chain's
    lock) is still found by its own day."""
    for day, hour in ((1, 12), (10, 23), (10, 22), (11, 1), (20, 9)):
        with time_machine.travel(dt.datetime(2025, 3, day, hour, tzinfo=dt.UTC), tick=False):
            record(actions.PATIENT_VIEW, target_type="patients.patient", target_id=day)
    selection = audit_events_filter(date_from=dt.date(2025, 3, 10), date_to=dt.date(2025, 3, 10))
    assert 'sequence" >' in str(selection.query) and 'sequence" <' in str(selection.query)
    response = admin_client.get(LIST, {"date_from": "2025-03-10", "date_to": "2025-03-10"})
    assert [(e.target_id, e.at.hour) for e in response.context["page"]] == [("10", 22), ("10", 23)]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")
@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({"patient_id": 3}, "audit_event_patient_seq"),
        ({"action": actions.PATIENT_VIEW}, "audit_event_action_seq"),
        ({"user": "actor"}, "audit_event_actor_seq"),
        ({"date_from": dt.date(2025, 1, 1)}, "audit_auditevent_sequence_"),
    ],
)
def test_each_filter_is_read_newest_first_from_an_index(admin_user, filters, index):
    events(300)
    if filters.get("user"):
        filters = {"user": admin_user}
    selection = audit_events_filter(**filters)[:51]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        sql, params = selection.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
    assert "Sort" not in plan, plan
