"""Summary pages, PDF downloads and batch printing. Views orchestrate: selectors read (404 for
what the user may not see), services write and record, the report decides what is shown.

Every page and file here carries patient data: none may be cached.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from summaries import jobs, selectors, services, sources
from summaries.forms import BatchStartForm, ClinicDateForm
from summaries.models import BatchPrintStatus
from workup.selectors import workup_get_for_user

view_summary = permission_required("workup.view_workup", raise_exception=True)
print_summary = permission_required(
    ["workup.view_workup", "workup.print_summary"], raise_exception=True
)


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(len(data))
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _workup_urls(workup) -> dict:
    kwargs = {"patient_id": workup.patient_id, "workup_id": workup.pk}
    return {
        "pdf_url": reverse("summaries:summary_pdf", kwargs=kwargs),
        "overview_url": reverse("workup:overview", kwargs=kwargs),
        "patient_url": reverse("patients:detail", kwargs={"patient_id": workup.patient_id}),
    }


@never_cache
@require_GET
@view_summary
def summary(request, patient_id: int, workup_id: int):
    workup = workup_get_for_user(user=request.user, patient_id=patient_id, workup_id=workup_id)
    report = services.summary_report(workup, generated_by=sources.person_name(request.user))
    services.summary_view_log(actor=request.user, workup=workup, request=request)
    context = {"report": report, "workup": workup, **_workup_urls(workup)}
    context["can_download"] = request.user.has_perm("workup.print_summary")
    return render(request, "summaries/summary_detail.html", context)


@never_cache
@require_GET
@print_summary
def summary_pdf(request, patient_id: int, workup_id: int):
    workup = workup_get_for_user(user=request.user, patient_id=patient_id, workup_id=workup_id)
    try:
        data, filename = services.summary_pdf(workup=workup, actor=request.user, request=request)
    except services.SummaryUnavailable as refusal:
        context = {"workup": workup, "reason": refusal.reason, **_workup_urls(workup)}
        return render(request, "summaries/summary_unavailable.html", context, status=500)
    return pdf_response(data, filename)


# --- Batch printing ------------------------------------------------------------------------------


@never_cache
@require_GET
@print_summary
def batch_list(request):
    batches = selectors.batch_list_for_user(user=request.user)
    return render(request, "summaries/batch_list.html", {"batches": batches})


@never_cache
@require_http_methods(["GET", "POST"])
@print_summary
def batch_create(request):
    """Choose the signed workups of a clinic date (all, or ticked ones) and start the batch."""
    data = request.POST if request.method == "POST" else request.GET
    date_form = ClinicDateForm(data if "clinic_date" in data else None)
    clinic_date = timezone.localdate()
    if date_form.is_valid():
        clinic_date = date_form.cleaned_data["clinic_date"]
    elif not date_form.is_bound:
        date_form = ClinicDateForm(initial={"clinic_date": clinic_date})
    candidates = selectors.batch_candidates(clinic_date=clinic_date) if not date_form.errors else []

    form = None
    if request.method == "POST" and not date_form.errors:
        form = BatchStartForm(request.POST, candidates=candidates)
        if form.is_valid():
            try:
                job = services.batch_print_start(
                    actor=request.user,
                    workup_ids=form.cleaned_data["workup_ids"],
                    clinic_date=clinic_date,
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "The batch print has started.")
                return redirect("summaries:batch_detail", batch_id=job.pk)
    if candidates:
        services.batch_choose_log(
            actor=request.user,
            clinic_date=clinic_date,
            workup_ids=[w.pk for w in candidates],
            request=request,
        )
    context = {
        "date_form": date_form,
        "form": form,
        "clinic_date": clinic_date,
        "candidates": candidates,
        "mode_all": BatchStartForm.ALL,
        "mode_selected": BatchStartForm.SELECTED,
    }
    return render(request, "summaries/batch_create.html", context)


def _keep_going(job) -> None:
    """A poll that finds the job waiting (or its worker gone) starts a worker here."""
    if jobs.waiting(job):
        transaction.on_commit(jobs.kick)


def batch_message(job) -> str:
    if job.status == BatchPrintStatus.DONE:
        return f"Ready: one PDF with {job.total} summaries in the chosen order."
    if job.status == BatchPrintStatus.FAILED:
        return job.error or "The batch could not be made."
    return "Being made in the background: you can leave this page and come back for the file."


def batch_state(job) -> dict:
    return {
        "message": batch_message(job),
        "status": job.status,
        "status_label": job.status_label,
        # The progress bar counts steps: one per summary, then joining them (see the model).
        "done": job.steps_done,
        "total": job.steps,
        "summaries": job.total,
        "percent": job.percent,
        "finished": job.is_finished,
        "error": job.error,
        "download_url": reverse("summaries:batch_download", kwargs={"batch_id": job.pk})
        if job.status == BatchPrintStatus.DONE
        else "",
    }


@never_cache
@require_GET
@print_summary
def batch_detail(request, batch_id: int):
    job = selectors.batch_get_for_user(user=request.user, batch_id=batch_id)
    _keep_going(job)
    context = {
        "job": job,
        "state": batch_state(job),
        "status_url": reverse("summaries:batch_status", kwargs={"batch_id": job.pk}),
    }
    return render(request, "summaries/batch_detail.html", context)


@never_cache
@require_GET
@print_summary
def batch_status(request, batch_id: int):
    job = selectors.batch_get_for_user(user=request.user, batch_id=batch_id)
    _keep_going(job)
    return JsonResponse(batch_state(job))


@never_cache
@require_GET
@print_summary
def batch_download(request, batch_id: int):
    job = selectors.batch_get_for_user(user=request.user, batch_id=batch_id)
    if job.status != BatchPrintStatus.DONE:
        raise Http404("This batch print is not ready.")
    try:
        data, filename = services.batch_download(job=job, actor=request.user, request=request)
    except (services.SummaryUnavailable, OSError):
        return render(request, "summaries/batch_unavailable.html", {"job": job}, status=500)
    return pdf_response(data, filename)
