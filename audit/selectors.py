"""Reads of the audit trail for the administrators' viewer and export.

The trail grows by every page read and never shrinks, so no read here counts it or skips
through it. Every filter is read newest first from an index ending in ``sequence``
((patient_id, sequence), (action, sequence), (actor, sequence)), and a page of the list starts
below or above a sequence number (keyset paging): the same few queries at any size.

A date range (the start of the first day to the start of the day after the last, in the
practice's time zone) is kept as a range of ``at`` and also turned into a range of sequences,
through the index on ``at``: events are timed before they are chained, so times follow the
sequence only within ``CLOCK_MARGIN`` (a transaction that waited for the chain's lock), and the
range is widened by that much. The ``at`` condition then keeps exactly the days asked for.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils import timezone

from audit.models import AuditEvent
from patients.models import Patient

PAGE_SIZE = 50
# How far an event's time may run behind the time of an event chained before it (a
# transaction that waited for the lock, a server clock set back by hand).
CLOCK_MARGIN = datetime.timedelta(days=1)


def audit_events_filter(
    *,
    user=None,
    patient_id: int | None = None,
    action: str | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The events matching every filter given, newest first."""
    events = AuditEvent.objects.order_by("-sequence")
    if user is not None:
        events = events.filter(actor_id=user.pk)
    if patient_id is not None:
        events = events.filter(patient_id=patient_id)
    if action:
        events = events.filter(action=action)
    if date_from is not None:
        start = _start_of(date_from)
        events = events.filter(at__gte=start)
        before = _last_sequence_before(start - CLOCK_MARGIN)
        if before is not None:
            events = events.filter(sequence__gt=before)
    if date_to is not None:
        end = _start_of(date_to + datetime.timedelta(days=1))
        events = events.filter(at__lt=end)
        after = _first_sequence_from(end + CLOCK_MARGIN)
        if after is not None:
            events = events.filter(sequence__lt=after)
    return events


def _last_sequence_before(moment: datetime.datetime) -> int | None:
    """The sequence of the last event timed before ``moment``: every event timed
    CLOCK_MARGIN later or more has a higher one."""
    events = AuditEvent.objects.filter(at__lt=moment).order_by("-at")
    return events.values_list("sequence", flat=True).first()


def _first_sequence_from(moment: datetime.datetime) -> int | None:
    """The sequence of the first event timed at or after ``moment``: every event timed
    CLOCK_MARGIN earlier or more has a lower one."""
    events = AuditEvent.objects.filter(at__gte=moment).order_by("at")
    return events.values_list("sequence", flat=True).first()


@dataclass(frozen=True)
class EventPage:
    """One page of events, newest first, and whether there are newer and older ones."""

    events: list[AuditEvent]
    has_newer: bool
    has_older: bool

    def __iter__(self):
        return iter(self.events)

    def __len__(self):
        return len(self.events)

    @property
    def newest(self) -> int | None:
        return self.events[0].sequence if self.events else None

    @property
    def oldest(self) -> int | None:
        return self.events[-1].sequence if self.events else None


def audit_events_page(
    events: QuerySet[AuditEvent],
    *,
    before: int | None = None,
    after: int | None = None,
    size: int = PAGE_SIZE,
) -> EventPage:
    """The newest ``size`` of ``events`` below sequence ``before``, or the oldest ``size`` above
    sequence ``after`` (shown newest first), or else the newest. One query, two when fewer
    than ``size`` events are newer than ``after`` (then the newest page is shown)."""
    if after is not None:
        newer = list(events.filter(sequence__gt=after).order_by("sequence")[: size + 1])
        if len(newer) > size:
            return EventPage(newer[:size][::-1], has_newer=True, has_older=True)
        before = None
    if before is not None:
        events = events.filter(sequence__lt=before)
    shown = list(events.order_by("-sequence")[: size + 1])
    return EventPage(shown[:size], has_newer=before is not None, has_older=len(shown) > size)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def patient_with_mrn(mrn: str) -> Patient | None:
    """The patient with this MRN, compared as the patient register compares MRNs (trimmed,
    case-insensitive, on the expression its unique index is built on); None if there is none.
    """
    mrn = mrn.strip()
    if not mrn:
        return None
    return Patient.objects.filter(Exact(Lower("mrn"), mrn.lower())).first()


def patient_mrn(patient_id: int) -> str:
    """The MRN of a patient on record, "" for an id no patient has."""
    return Patient.objects.filter(pk=patient_id).values_list("mrn", flat=True).first() or ""
