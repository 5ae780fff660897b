"""The workup overview, a new workup, and the visit details of a draft."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from patients.selectors import patient_get
from patients.services import patient_read_log
from questionnaires.provenance import provenance_words
from workup import services
from workup.forms.workflow import WorkupDetailsForm
from workup.views.access import (
    add_workup,
    change_workup,
    section_url,
    view_workup,
    workup_context,
    workup_for,
)


@never_cache
@require_http_methods(["GET"])
@view_workup
def workup_overview(request, patient_id: int, workup_id: int):
    workup = workup_for(request, patient_id, workup_id)
    services.workup_read_log(actor=request.user, workup=workup, request=request)
    context = workup_context(request, workup)
    provenance = provenance_words(workup)
    context["section_rows"] = [(s, provenance.get(s.name, "")) for s in context["sections"]]
    return render(request, "workup/overview.html", context)


def _form_errors_from(error: ValidationError, form) -> None:
    """A service's refusal on the form: at its field (the visit date) or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@never_cache
@require_http_methods(["GET", "POST"])
@add_workup
def workup_create(request, patient_id: int):
    patient = patient_get(patient_id=patient_id)
    initial = {"visit_date": timezone.localdate()}
    if request.user.has_perm("workup.change_workup"):
        initial["clinician"] = request.user.pk
    form = WorkupDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            workup = services.workup_create(
                actor=request.user,
                patient=patient,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _form_errors_from(error, form)
        else:
            messages.success(request, "Workup started. Record each section; save as you go.")
            return redirect(section_url(workup, "pain"))
    if request.method == "GET":
        patient_read_log(actor=request.user, patient=patient, page="new_workup", request=request)
    return render(request, "workup/workup_form.html", {"patient": patient, "form": form})


@never_cache
@require_http_methods(["GET", "POST"])
@change_workup
def workup_details(request, patient_id: int, workup_id: int):
    workup = workup_for(request, patient_id, workup_id)
    if not workup.is_editable:
        messages.error(request, "This workup is signed: its visit details cannot be changed.")
        return redirect(workup)
    form = WorkupDetailsForm(
        request.POST or None,
        initial={"visit_date": workup.visit_date, "clinician": workup.clinician_id},
        keeping_clinician_id=workup.clinician_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.workup_update_details(
                actor=request.user, workup=workup, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors_from(error, form)
        else:
            messages.success(request, "Visit details saved." if changed else "Nothing was changed.")
            return redirect(workup)
    if request.method == "GET":
        services.workup_read_log(actor=request.user, workup=workup, page="details", request=request)
    return render(
        request,
        "workup/workup_form.html",
        {"patient": workup.patient, "workup": workup, "form": form},
    )
