"""FHIR on the workup pages: the download of a signed workup, beside its summary PDF (same
people, same audit), and the import of a laboratory's FHIR file into a draft's lab results.

A draft has no FHIR export: it may still change, so its URL answers 404. A signed workup takes
no import: its lab results are frozen (an amendment takes them).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from interop import services
from interop.fhir.lab_import import LabFileRefused
from interop.forms import LabFileForm
from summaries import services as summary_services
from workup import services as workup_services
from workup.models import SignedWorkupError
from workup.selectors import workup_get_for_user
from workup.services import SectionConflict
from workup.views.access import change_workup, section_url, view_workup, workup_context

print_summary = permission_required(
    ["workup.view_workup", "workup.print_summary"], raise_exception=True
)


@never_cache
@require_GET
@print_summary
def workup_fhir(request, patient_id: int, workup_id: int):
    workup = workup_get_for_user(user=request.user, patient_id=patient_id, workup_id=workup_id)
    if not workup.is_signed:
        raise Http404("Only a signed workup can be exported.")
    try:
        data = services.fhir_export(workup=workup, actor=request.user, request=request)
    except summary_services.SummaryUnavailable as refusal:
        kwargs = {"patient_id": workup.patient_id, "workup_id": workup.pk}
        context = {
            "workup": workup,
            "reason": refusal.reason,
            "pdf_url": reverse("summaries:summary_pdf", kwargs=kwargs),
            "overview_url": reverse("workup:overview", kwargs=kwargs),
            "patient_url": reverse("patients:detail", kwargs={"patient_id": workup.patient_id}),
        }
        return render(request, "summaries/summary_unavailable.html", context, status=500)
    response = HttpResponse(data, content_type="application/fhir+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{services.export_filename(workup)}"'
    response["Content-Length"] = str(len(data))
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# After an import, skipped entries are grouped by reason; each group names this many.
SKIPPED_SHOWN = 20


@never_cache
@require_http_methods(["GET", "POST"])
@view_workup
@change_workup
def labs_import(request, patient_id: int, workup_id: int):
    workup = workup_get_for_user(user=request.user, patient_id=patient_id, workup_id=workup_id)
    if not workup.is_editable:
        messages.error(request, "This workup is signed: amend it to add lab results.")
        return redirect(section_url(workup, "labs"))
    form = LabFileForm(initial={"version": services.labs_version(workup)})
    status = 200
    if request.method == "POST":
        form, status = _import(request, workup)
        if form is None:
            return redirect(section_url(workup, "labs"))
    workup_services.workup_read_log(
        actor=request.user, workup=workup, section="labs", page="fhir_import", request=request
    )
    context = workup_context(request, workup, current="labs") | {"form": form}
    return render(request, "interop/labs_import.html", context, status=status)


def _import(request, workup):
    """(None, 302) after an import, else the form to show again with why, and the status."""
    form = LabFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, 400
    try:
        result = services.fhir_labs_import(
            workup=workup,
            raw=form.raw_file(),
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            request=request,
        )
    except LabFileRefused as refusal:
        form.add_error("file", str(refusal))
        return form, 400
    except SignedWorkupError:
        messages.error(request, "This workup was signed meanwhile: nothing was imported.")
        return None, 302
    except SectionConflict as conflict:
        messages.error(request, _conflict_words(conflict))
        return LabFileForm(initial={"version": conflict.version}), 409
    _report(request, result)
    return None, 302


def _conflict_words(conflict) -> str:
    person = conflict.updated_by
    who = (person.get_full_name() or person.get_username()) if person else "someone else"
    return (
        f"The lab results were saved by {who} after this page was shown: nothing was imported. "
        "Look at the labs page first, then choose the file again."
    )


def _report(request, result) -> None:
    count = len(result.imported)
    if count:
        rows = "lab result" if count == 1 else "lab results"
        messages.success(request, f"Lab results: imported {count} {rows} from the FHIR file.")
    else:
        messages.info(request, "Lab results: nothing was imported from the FHIR file.")
    for reason, entries in _by_reason(result.skipped).items():
        shown = ", ".join(entries[:SKIPPED_SHOWN])
        more = f" and {len(entries) - SKIPPED_SHOWN} more" if len(entries) > SKIPPED_SHOWN else ""
        messages.warning(request, f"Skipped {len(entries)}, {reason}: {shown}{more}.")


def _by_reason(skipped) -> dict[str, list[str]]:
    """Reason -> "test (entry N)", in file order: an exported workup's fifteen scores read as
    one line, not fifteen."""
    groups: dict[str, list[str]] = {}
    for entry in skipped:
        groups.setdefault(entry.reason, []).append(f"{entry.test} ({entry.entry})")
    return groups
