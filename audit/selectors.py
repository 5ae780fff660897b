"""Reads of the audit trail for the administrators' viewer and export."""

from django.db.models import QuerySet

from audit.models import AuditEvent


def audit_events_filter(
    *, user=None, patient=None, action=None, date_from=None, date_to=None
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.order_by("-sequence")
    if user is not None:
        events = events.filter(actor=user)
    if patient is not None:
        events = events.filter(patient_id=patient)
    if action:
        events = events.filter(action=action)
    if date_from is not None:
        events = events.filter(at__date__gte=date_from)
    if date_to is not None:
        events = events.filter(at__date__lte=date_to)
    return events
