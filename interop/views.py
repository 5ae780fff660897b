"""The FHIR download of a signed workup, beside its summary PDF (same people, same audit).

A draft has no FHIR export: it may still change, so its URL answers 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from interop import services
from summaries import services as summary_services
from workup.selectors import workup_get_for_user

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
