"""The clinician's review of a patient's answers at the visit: accepting one section's answers
into the draft (the panel beside each section's form shows them; see
``workup.views.sections``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from questionnaires.acceptance import (
    MEDICATIONS,
    PATIENT_SECTIONS,
    NothingToAccept,
    merged_section_value,
    reported_answers,
    section_accept,
)
from workup import services as workup_services
from workup.models import SignedWorkupError
from workup.section_words import compare
from workup.sections import section_kind
from workup.services import SectionConflict
from workup.views.access import change_workup, section_url, workup_context, workup_for

SIGNED = "This workup is signed: the patient's answers cannot be taken into it."


class AcceptForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


def accept_url(workup, section: str) -> str:
    return reverse(
        "questionnaires:accept",
        kwargs={"patient_id": workup.patient_id, "workup_id": workup.pk, "section": section},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@change_workup
def accept_section(request, patient_id: int, workup_id: int, section: str):
    """POST: take the patient's answers into the section. GET (and "edit before saving" on the
    conflict page) lead back to the section's page."""
    if section not in PATIENT_SECTIONS:
        raise Http404
    workup = workup_for(request, patient_id, workup_id)
    back = section_url(workup, section)
    if request.method == "GET" or "review" in request.POST:
        return redirect(back)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nothing was accepted: reload the page and try again.")
        return redirect(back)
    title = section_kind(section).title
    try:
        section_accept(
            actor=request.user,
            workup=workup,
            section=section,
            expected_version=form.cleaned_data["version"],
            request=request,
        )
    except SignedWorkupError:
        messages.error(request, SIGNED)
        return redirect(back)
    except NothingToAccept:
        messages.error(request, f"{title}: the patient has no answers to accept here.")
        return redirect(back)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    except SectionConflict as conflict:
        workup_services.section_conflict_log(
            actor=request.user, workup=workup, name=section, conflict=conflict, request=request
        )
        return _render_conflict(request, workup, section, conflict)
    if section == MEDICATIONS:
        messages.success(
            request, f"{title}: the patient's list is marked reviewed. Classify each medicine."
        )
    else:
        messages.success(request, f"{title}: the patient's answers were accepted.")
    return redirect(back)


def _render_conflict(request, workup, section, conflict):
    """The section's conflict page: accepting again takes the answers into what is stored now."""
    reported = reported_answers(workup, section)
    if reported is None:
        return redirect(section_url(workup, section))
    mine = merged_section_value(section, conflict.value, reported.value)
    context = workup_context(request, workup, current=section)
    context.update(
        {
            "kind": section_kind(section),
            "conflict": conflict,
            "comparisons": compare(section, mine, conflict.value),
            "resubmit": [],
            "section_url": accept_url(workup, section),
        }
    )
    return render(request, "workup/conflict.html", context, status=409)
