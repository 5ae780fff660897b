"""verify_audit reads the trail from PostgreSQL with COPY and spells each event's content from
the text: the spelling is the chain's own for every value a column can hold, and whatever it
cannot spell is read through the ORM instead."""

import datetime as dt

import pytest
from django.db import connection

from audit import trail_copy, verify_parallel
from audit.chain import canonical_content
from audit.models import AuditEvent
from audit.record import record
from audit.verify import FIELDS, audit_trail_verify
from tests.audit.test_hash_chain import record_some, tamper

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")

ODD_TEXT = [
    "tab\there",
    "new\nline and \r return",
    "back\\slash \\N \\t",
    'quote " and \u2028 \x01 \x7f',
    "Zoë 😀 ünï",
    "",
]
ODD_TIMES = [
    "2026-03-29 01:30:05+00",
    "2026-03-29 01:30:05.1+00",
    "2026-03-29 01:30:05.120000+00",
    "2026-03-29 01:30:05.000001+00",
    "1999-12-31 23:59:59.999999-05",
    "0999-01-01 00:00:00+00",
]


def copied(after=0):
    with connection.cursor() as cursor:
        return list(trail_copy.copied_events(cursor, "audit_auditevent", after, 10**12, batch=3))


def spelled_through_the_orm(event_id):
    return canonical_content(AuditEvent.objects.filter(pk=event_id).values(*FIELDS).get())


@postgresql_only
def test_every_odd_value_is_spelled_as_the_chain_spells_it(db, clinician):
    events = []
    for i, text in enumerate(ODD_TEXT):
        events.append(
            record(
                "test.odd",
                actor=clinician if i % 2 else None,
                target_type=text,
                target_id=text[:60],
                patient_id=None if i % 3 else 9_007_199_254_740_993,
                detail={"note": text, text: [1, None, True, {"z": text}]},
            )
        )
    for event, text in zip(events, ODD_TEXT, strict=True):
        tamper(
            "UPDATE audit_auditevent SET actor_username = %s, user_agent = %s WHERE id = %s",
            [text, text, event.pk],
        )
    for event, at in zip(events, ODD_TIMES, strict=True):
        tamper("UPDATE audit_auditevent SET at = %s WHERE id = %s", [at, event.pk])
    tamper("UPDATE audit_auditevent SET ip = '::ffff:10.0.0.1' WHERE id = %s", [events[0].pk])
    tamper("UPDATE audit_auditevent SET ip = NULL WHERE id = %s", [events[1].pk])
    rows = copied()
    assert [row[0] for row in rows] == [event.pk for event in events]
    for event_id, _, _, _, content in rows:
        assert content == spelled_through_the_orm(event_id)


@postgresql_only
def test_a_trail_with_odd_values_verifies_through_copy(db, clinician):
    for text in ODD_TEXT:
        record("test.odd", actor=clinician, target_type=text, detail={text: text})
    assert audit_trail_verify() == (len(ODD_TEXT), None)
    assert all(row[4] is not None for row in copied())


@postgresql_only
def test_batches_continue_where_the_last_one_ended(db):
    events = record_some(7)
    assert [row[1] for row in copied()] == [1, 2, 3, 4, 5, 6, 7]
    assert [row[1] for row in copied(after=5)] == [6, 7]
    assert [row[3] for row in copied()] == [event.hash for event in events]


@pytest.mark.parametrize(
    ("text", "spelled"),
    [
        ("2026-03-29 01:30:05+00", "2026-03-29T01:30:05.000000+00:00"),
        ("2026-03-29 01:30:05.12+00", "2026-03-29T01:30:05.120000+00:00"),
        ("2026-03-29 01:30:05.123456+00", "2026-03-29T01:30:05.123456+00:00"),
    ],
)
def test_a_time_is_spelled_as_isoformat_spells_it(text, spelled):
    assert trail_copy._iso_utc(text) == spelled
    moment = dt.datetime.fromisoformat(text + ":00")
    assert moment.astimezone(dt.UTC).isoformat(timespec="microseconds") == spelled


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-29 02:30:05.12+01",
        "2026-03-29 01:30:05.12 UTC",
        "10000-01-01 00:00:00+00",
        "0044-03-15 12:00:00+00 BC",
        "infinity",
        "03/29/2026 01:30:05.12 UTC",
    ],
)
def test_a_time_in_another_shape_is_left_to_the_orm(text):
    line = "\t".join(["1", "1", "0" * 64, "f" * 64, text, "\\N", "u", "a", "", "", "\\N"])
    line += "\t\\N\t\t{}"
    assert trail_copy.event_of_line(line, {})[4] is None


@pytest.mark.parametrize("escape", ["\\x41", "\\101", "\\q", "trailing \\"])
def test_an_escape_copy_does_not_write_is_left_to_the_orm(escape):
    fields = ["1", "1", "0" * 64, "f" * 64, "2026-03-29 01:30:05+00", "\\N", escape, "a", "", ""]
    line = "\t".join([*fields, "\\N", "\\N", "", "{}"])
    assert trail_copy.event_of_line(line, {})[4] is None
    readable = line.replace(escape, "plain")
    assert trail_copy.event_of_line(readable, {})[4] is not None


@postgresql_only
def test_what_copy_cannot_spell_is_checked_through_the_orm(db, monkeypatch):
    events = record_some(4)

    def unreadable(text):
        raise trail_copy._Unreadable(text)

    monkeypatch.setattr(trail_copy, "_iso_utc", unreadable)
    assert all(row[4] is None for row in copied())
    assert audit_trail_verify() == (4, None)
    tamper("UPDATE audit_auditevent SET action = 'x.hidden' WHERE id = %s", [events[2].pk])
    checked, chain_break = audit_trail_verify()
    assert checked == 2
    assert str(chain_break) == (
        f"event {events[2].pk} (sequence 3): content edited (its hash no longer matches what "
        "it records)"
    )


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the other databases")
def test_other_databases_are_walked_in_one_process_through_the_orm(db, monkeypatch):
    monkeypatch.setattr(verify_parallel, "PARALLEL_FROM", 0)

    def no_worker(*args):
        raise AssertionError("a worker was started")

    monkeypatch.setattr(verify_parallel, "SecondHalf", no_worker)
    events = record_some(5)
    assert audit_trail_verify() == (5, None)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[3].pk])
    checked, chain_break = audit_trail_verify()
    assert checked == 3 and chain_break.problem == "predecessor missing (sequence 4 removed)"
