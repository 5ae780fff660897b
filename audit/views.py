"""The administrators' audit-log viewer and its CSV export (the export is itself audited).

Events are shown as a privacy officer reads them (see audit.names): the action in words, the
records named (patient name and MRN, workup date, user account, batch print). The trail
itself keeps ids only; names are looked up as the page or the export is made.

The filter form is posted and answered with a redirect to the list's address, which holds
record ids, action codes and dates only: an MRN typed in the form never enters an address.
Pages go by sequence number ("before" or "after" in the address, see
``audit.selectors.audit_events_page``): the trail holds millions of events and is never counted.
"""

import csv
import json
from itertools import islice
from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from audit import actions
from audit.forms import AuditFilterForm, AuditQueryForm
from audit.names import event_lines, patient_name
from audit.record import record
from audit.selectors import audit_events_filter, audit_events_page

EXPORT_CHUNK = 2000
view_audit_log = permission_required("audit.view_auditevent", raise_exception=True)

# The export: ids and codes for machines, names and labels for people.
CSV_COLUMNS = [
    "sequence",
    "at",
    "actor_id",
    "actor_username",
    "actor_name",
    "action",
    "action_label",
    "record",
    "target_type",
    "target_id",
    "patient_id",
    "patient_name",
    "ip",
    "user_agent",
    "detail",
]
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def list_url(applied: dict) -> str:
    base = reverse("audit:event_list")
    return f"{base}?{urlencode(applied)}" if applied else base


@never_cache
@view_audit_log
@require_http_methods(["GET", "POST"])
def event_list(request):
    if request.method == "POST":
        form = AuditFilterForm(request.POST)
        if form.is_valid():
            return redirect(list_url(form.applied()))
        return _refused(request, form)
    query = AuditQueryForm(request.GET)
    if not query.is_valid():
        return _refused(request, query)
    events = audit_events_filter(**query.selection())
    page = audit_events_page(events, **query.bounds())
    patient_id = query.patient_id()
    context = {
        "form": AuditFilterForm.showing(query),
        "page": page,
        "lines": event_lines(page.events),
        "patient": patient_name(patient_id) if patient_id is not None else "",
        "export_query": urlencode(query.applied()),
    }
    return render(request, "audit/event_list.html", context)


@never_cache
@view_audit_log
@require_GET
def event_export(request):
    query = AuditQueryForm(request.GET)
    if not query.is_valid():
        return _refused(request, query)
    exported = record(
        actions.AUDIT_EXPORTED,
        request=request,
        patient_id=query.patient_id(),
        detail={"filters": query.applied()},
    )
    # The trail as it stood when the export was asked for: not this export's own event.
    events = (
        audit_events_filter(**query.selection())
        .filter(sequence__lt=exported.sequence)
        .order_by("sequence")
    )
    rows = (_csv_row(line) for chunk in _chunks(events) for line in event_lines(chunk))
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _with_header(rows)), content_type="text/csv"
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _refused(request, form):
    """Filters that do not validate are shown with their errors and never run."""
    context = {"form": form, "page": None, "lines": [], "patient": "", "export_query": ""}
    return render(request, "audit/event_list.html", context, status=400)


def _chunks(events):
    """The events in lists of EXPORT_CHUNK, so names are read once per chunk, not per row."""
    iterator = events.iterator(chunk_size=EXPORT_CHUNK)
    while chunk := list(islice(iterator, EXPORT_CHUNK)):
        yield chunk


def _with_header(rows):
    yield CSV_COLUMNS
    yield from rows


def _csv_row(line) -> list[str]:
    event = line.event
    values = {
        "sequence": event.sequence,
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor_username": event.actor_username,
        "actor_name": line.user,
        "action": event.action,
        "action_label": line.action,
        "record": line.record,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "patient_id": event.patient_id,
        "patient_name": line.patient,
        "ip": event.ip,
        "user_agent": event.user_agent,
        "detail": json.dumps(event.detail, ensure_ascii=False, sort_keys=True),
    }
    return [_safe_cell(values[column]) for column in CSV_COLUMNS]


def _safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    def write(self, value):
        return value
