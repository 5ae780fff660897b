"""Reads of the audit trail for the administrators' viewer and export.

Every filter is an indexed query: the patient and action columns have their own index, the
user filter uses (actor, at), and a date range becomes a range of ``at`` (the start of the
first day to the start of the day after the last, in the practice's time zone) rather than
a date computed for every row.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils import timezone

from audit.models import AuditEvent
from patients.models import Patient


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
        events = events.filter(actor=user)
    if patient_id is not None:
        events = events.filter(patient_id=patient_id)
    if action:
        events = events.filter(action=action)
    if date_from is not None:
        events = events.filter(at__gte=_start_of(date_from))
    if date_to is not None:
        events = events.filter(at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    return events


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
