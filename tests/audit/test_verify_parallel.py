"""verify_audit on two cores: a long trail on PostgreSQL is checked in two halves at once, and
whatever is wrong, in either half or at the seam between them, is found and worded exactly as
a walk in one process finds and words it."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from audit import verify, verify_parallel
from audit.checkpoint import write_checkpoint
from audit.verify import audit_trail_verify
from tests.audit.test_hash_chain import record_some, tamper

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
    # The worker reads through a connection of its own: it sees committed events only.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EVENTS = 10  # the first half is sequences 1-5, the worker's 6-10


@pytest.fixture
def walked_here(monkeypatch):
    """Two halves from the first event on; counts the events this process reads itself."""
    monkeypatch.setattr(verify_parallel, "PARALLEL_FROM", 2)
    read = []
    events = verify._events

    def counted(*args):
        for event in events(*args):
            read.append(event[1])
            yield event

    monkeypatch.setattr(verify, "_events", counted)
    return read


def in_one_process():
    """The reference: the same trail walked in one process."""
    limit = verify_parallel.PARALLEL_FROM
    verify_parallel.PARALLEL_FROM = 10**12
    try:
        return audit_trail_verify()
    finally:
        verify_parallel.PARALLEL_FROM = limit


def test_an_intact_trail_is_checked_half_here_half_in_the_worker(walked_here):
    record_some(EVENTS)
    seen = []
    assert audit_trail_verify(progress=lambda done, total: seen.append((done, total))) == (
        EVENTS,
        None,
    )
    assert walked_here == [1, 2, 3, 4, 5]
    assert seen[-1] == (EVENTS, EVENTS)


def test_an_edited_event_in_the_second_half_is_found_as_in_one_process(walked_here):
    events = record_some(EVENTS)
    tamper("UPDATE audit_auditevent SET action = 'x.hidden' WHERE id = %s", [events[7].pk])
    found = audit_trail_verify()
    assert found == in_one_process()
    checked, chain_break = found
    assert checked == 7
    assert str(chain_break) == (
        f"event {events[7].pk} (sequence 8): content edited (its hash no longer matches what "
        "it records)"
    )
    assert walked_here[:5] == [1, 2, 3, 4, 5]
    assert walked_here[5] == 8, "walked on from the last event the worker vouched for"


def test_an_edited_first_event_of_the_second_half_is_found(walked_here):
    events = record_some(EVENTS)
    tamper("UPDATE audit_auditevent SET target_id = 'x' WHERE id = %s", [events[5].pk])
    found = audit_trail_verify()
    assert found == in_one_process()
    assert found[0] == 5 and found[1].sequence == 6 and "content edited" in found[1].problem


def test_an_edit_in_the_first_half_is_found_before_the_second_half_is_heard(walked_here):
    events = record_some(EVENTS)
    tamper("UPDATE audit_auditevent SET action = 'x.hidden' WHERE id = %s", [events[2].pk])
    tamper("UPDATE audit_auditevent SET action = 'x.hidden' WHERE id = %s", [events[8].pk])
    found = audit_trail_verify()
    assert found == in_one_process()
    assert found[0] == 2 and found[1].event_id == events[2].pk


def test_an_event_removed_at_the_seam_is_found(walked_here):
    events = record_some(EVENTS)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[5].pk])
    found = audit_trail_verify()
    assert found == in_one_process()
    assert str(found[1]) == (
        f"event {events[6].pk} (sequence 7): predecessor missing (sequence 6 removed)"
    )


def test_the_last_event_of_the_first_half_removed_is_found(walked_here):
    events = record_some(EVENTS)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[4].pk])
    found = audit_trail_verify()
    assert found == in_one_process()
    assert str(found[1]) == (
        f"event {events[5].pk} (sequence 6): predecessor missing (sequence 5 removed)"
    )


def test_events_swapped_across_the_seam_are_found(walked_here):
    events = record_some(EVENTS)
    a, b = events[4], events[5]
    tamper("UPDATE audit_auditevent SET sequence = %s WHERE id = %s", [10**9, a.pk])
    tamper("UPDATE audit_auditevent SET sequence = %s WHERE id = %s", [a.sequence, b.pk])
    tamper("UPDATE audit_auditevent SET sequence = %s WHERE id = %s", [b.sequence, a.pk])
    found = audit_trail_verify()
    assert found == in_one_process()
    assert str(found[1]) == (
        f"event {b.pk} (sequence 5): re-ordered (it was recorded after event {a.pk}, now at "
        "sequence 6)"
    )


def test_an_event_forged_into_the_second_half_is_found(walked_here):
    events = record_some(EVENTS)
    tamper("UPDATE audit_auditevent SET prev_hash = %s WHERE id = %s", ["e" * 64, events[8].pk])
    found = audit_trail_verify()
    assert found == in_one_process()
    assert found[1].sequence == 9 and "content edited" in found[1].problem


def test_a_second_half_removed_from_its_start_is_found_from_a_checkpoint(walked_here):
    events = record_some(EVENTS)
    checkpoint = write_checkpoint()
    record_some(EVENTS)
    tamper("DELETE FROM audit_auditevent WHERE sequence IN (16, 17)")
    found = audit_trail_verify(start=checkpoint)
    assert found == (5, verify.ChainBreak(found[1].event_id, 18, found[1].problem))
    assert found[1].problem == "predecessor missing (sequences 16-17 removed)"
    assert walked_here[:5] == [11, 12, 13, 14, 15]
    assert events[-1].sequence == checkpoint.sequence


def test_a_worker_that_cannot_connect_leaves_the_second_half_to_this_process(
    walked_here, monkeypatch
):
    record_some(EVENTS)
    params = {**verify._worker_connection_params(), "port": 1}
    monkeypatch.setattr(verify, "_worker_connection_params", lambda: params)
    assert audit_trail_verify() == (EVENTS, None)
    assert walked_here == list(range(1, EVENTS + 1))


class StretchEndingEarly:
    """A worker that saw fewer events than this process (another role, another schema): its
    stretch checks out but stops at sequence 8 of 10."""

    checked = 0

    def __init__(self, events):
        sixth, eighth = events[5], events[7]
        self.stretch = verify_parallel.Stretch(
            first=(sixth.pk, sixth.sequence, sixth.prev_hash),
            last_intact=(eighth.pk, eighth.sequence, eighth.hash),
            intact=3,
            whole=True,
        )

    def result(self, **kwargs):
        return self.stretch

    def stop(self):
        pass


def test_events_a_worker_did_not_see_are_checked_here(walked_here, monkeypatch):
    events = record_some(EVENTS)
    monkeypatch.setattr(verify, "_second_half", lambda after, last: StretchEndingEarly(events))
    assert audit_trail_verify() == (EVENTS, None)
    assert walked_here == [1, 2, 3, 4, 5, 9, 10]
    tamper("UPDATE audit_auditevent SET action = 'x.forged' WHERE sequence = 10")
    assert audit_trail_verify() == in_one_process()
    assert in_one_process()[1].sequence == 10


def test_the_command_says_the_same_in_two_halves(walked_here):
    events = record_some(EVENTS)
    out = io.StringIO()
    call_command("verify_audit", stdout=out, stderr=io.StringIO())
    assert out.getvalue().startswith(f"audit trail intact: {EVENTS} events, 1 checkpoint agrees")
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[7].pk])
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_audit", stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 1
    assert err.getvalue() == (
        f"audit trail tampered: event {events[8].pk} (sequence 9): predecessor missing "
        "(sequence 8 removed)\n"
    )


def test_the_worker_is_waited_for_outside_a_transaction(walked_here, monkeypatch):
    """A session idle in a transaction while the worker checks its half may be ended by the
    server (idle_in_transaction_session_timeout)."""
    events = record_some(EVENTS)
    in_transaction = []

    class Watched(StretchEndingEarly):
        def result(self, **kwargs):
            in_transaction.append(connection.in_atomic_block)
            return super().result(**kwargs)

    monkeypatch.setattr(verify, "_second_half", lambda after, last: Watched(events))
    assert audit_trail_verify() == (EVENTS, None)
    assert in_transaction == [False]


def test_a_trail_that_cannot_be_copied_is_an_unreadable_trail_exit_2(monkeypatch):
    import psycopg2

    record_some(3)

    def copy_fails(*args, **kwargs):
        raise psycopg2.OperationalError("server closed the connection unexpectedly\nmore")
        yield

    monkeypatch.setattr(verify, "copied_events", copy_fails)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_audit", stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 2
    assert err.getvalue() == (
        "cannot read the audit trail: server closed the connection unexpectedly\n"
    )
