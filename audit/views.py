"""The administrators' audit-log viewer and its CSV export (the export is itself audited).

Shows ids, action names, times and addresses; never patient names or clinical text.
"""

import csv
import json

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from audit import actions
from audit.forms import AuditFilterForm
from audit.record import record
from audit.selectors import audit_events_filter

PAGE_SIZE = 50
view_audit_log = permission_required("audit.view_auditevent", raise_exception=True)

CSV_COLUMNS = [
    "sequence",
    "at",
    "actor_id",
    "actor_username",
    "action",
    "target_type",
    "target_id",
    "patient_id",
    "ip",
    "user_agent",
    "detail",
]
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@view_audit_log
@require_GET
def event_list(request):
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "audit/event_list.html", {"form": form, "page": None}, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    events = audit_events_filter(**_selector_arguments(filters))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"form": form, "page": page})


@view_audit_log
@require_GET
def event_export(request):
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "audit/event_list.html", {"form": form, "page": None}, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    events = audit_events_filter(**_selector_arguments(filters))
    applied = form.applied() if form.is_bound else {}
    record(actions.AUDIT_EXPORTED, request=request, detail={"filters": applied})
    rows = (
        _csv_row(event)
        for event in events.values(*CSV_COLUMNS).order_by("sequence").iterator(chunk_size=2000)
    )
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _with_header(rows)), content_type="text/csv"
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _selector_arguments(filters: dict) -> dict:
    return {
        "user": filters.get("user"),
        "patient": filters.get("patient"),
        "action": filters.get("action") or None,
        "date_from": filters.get("date_from"),
        "date_to": filters.get("date_to"),
    }


def _with_header(rows):
    yield CSV_COLUMNS
    yield from rows


def _csv_row(event: dict) -> list[str]:
    values = {
        **event,
        "at": event["at"].isoformat(),
        "detail": json.dumps(event["detail"], ensure_ascii=False, sort_keys=True),
    }
    return [_safe_cell(values[column]) for column in CSV_COLUMNS]


def _safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    def write(self, value):
        return value
