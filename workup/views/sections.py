"""One page per section: the form for a draft (read-only for staff and once signed), the
conflict page when someone else saved meanwhile, the change history, and clearing."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from questionnaires.acceptance import reported_answers
from questionnaires.provenance import provenance_words
from questionnaires.review import section_review
from questionnaires.views.review import accept_url
from workup import selectors, services
from workup.forms import EDITORS
from workup.forms.labs import analyte_units
from workup.forms.workflow import ClearSectionForm
from workup.models import SignedWorkupError
from workup.presenters import lab_reading
from workup.section_words import compare, section_lines
from workup.sections import next_section, section_kind
from workup.services import SectionConflict
from workup.views.access import (
    can_edit,
    change_workup,
    editor_context,
    section_url,
    view_workup,
    workup_context,
    workup_for,
)

SIGNED_MESSAGE = "This workup is signed: its data cannot be changed. Amend it to correct it."
# Fields of a submission that are not the clinician's input.
NOT_INPUT = {"csrfmiddlewaretoken", "version", "save_next", "review"}


@never_cache
@require_http_methods(["GET", "POST"])
@view_workup
def section_page(request, patient_id: int, workup_id: int, section: str):
    if request.method == "POST" and not request.user.has_perm("workup.change_workup"):
        raise PermissionDenied
    workup = workup_for(request, patient_id, workup_id)
    # A signed workup's sections are read from its frozen document: validate it once a page.
    facts = selectors.signed_facts(workup) if workup.is_signed else None
    state = selectors.section_state(workup, section, facts)
    editor = None
    status = 200
    page = ""
    if request.method == "POST" and not workup.is_editable:
        messages.error(request, SIGNED_MESSAGE)
        status, page = 409, "refused_signed"
    elif request.method == "POST":
        editor = EDITORS[section](
            request.POST, value=state.value, version=state.version, context=editor_context(workup)
        )
        if "review" in request.POST:
            page = "review_after_conflict"
        elif editor.is_valid():
            return _save(request, workup, section, editor)
        else:
            page = "form_errors"
    elif can_edit(request.user, workup):
        editor = EDITORS[section](
            None, value=state.value, version=state.version, context=editor_context(workup)
        )
    services.workup_read_log(
        actor=request.user, workup=workup, section=section, page=page, request=request
    )
    return _render_section(request, workup, state, editor, facts=facts, status=status)


def _save(request, workup, section, editor):
    value = editor.cleaned_value()
    try:
        _, changed = services.section_update(
            actor=request.user,
            workup=workup,
            name=section,
            value=value,
            expected_version=editor.posted_version,
            request=request,
        )
    except SectionConflict as conflict:
        services.section_conflict_log(
            actor=request.user, workup=workup, name=section, conflict=conflict, request=request
        )
        return _render_conflict(request, workup, section, value, conflict)
    except SignedWorkupError:
        messages.error(request, SIGNED_MESSAGE)
        return redirect(section_url(workup, section))
    title = section_kind(section).title
    messages.success(request, f"{title}: saved." if changed else f"{title}: nothing changed.")
    following = next_section(section) if "save_next" in request.POST else None
    if following:
        return redirect(section_url(workup, following))
    if "save_next" in request.POST:
        return redirect(workup)
    return redirect(section_url(workup, section))


def _render_section(request, workup, state, editor, *, facts=None, status=200):
    name = state.name
    context = workup_context(request, workup, current=name, facts=facts)
    context.update(
        {
            "state": state,
            "kind": section_kind(name),
            "editor": editor,
            "lines": section_lines(name, state.value),
            "changes": selectors.section_changes(workup, name),
            "next_section": next_section(name),
            "provenance": provenance_words(workup).get(name, ""),
            "patient_answers": _patient_answers(workup, name) if editor is not None else None,
        }
    )
    if name == "labs" and editor is None and state.value:
        patient = workup.patient
        context["readings"] = [
            (
                number,
                lab,
                lab_reading(
                    lab,
                    sex=patient.sex_at_birth,
                    date_of_birth=patient.date_of_birth,
                    visit_date=workup.visit_date,
                ),
            )
            for number, lab in enumerate(state.value, 1)
            if lab.is_resulted
        ]
    if name == "labs" and editor is not None:
        context["analyte_units"] = True
        context["analyte_units_json"] = json.dumps(analyte_units())
    return render(request, "workup/section.html", context, status=status)


def _patient_answers(workup, name: str) -> dict | None:
    """What the patient answered for this section (the panel beside the form), or None."""
    reported = reported_answers(workup, name)
    if reported is None:
        return None
    return {
        "reported": reported,
        "parts": section_review(reported.questionnaire, name),
        "accept_url": accept_url(workup, name),
    }


def _render_conflict(request, workup, section, mine, conflict):
    context = workup_context(request, workup, current=section)
    resubmit = [
        (key, value)
        for key, values in request.POST.lists()
        if key not in NOT_INPUT
        for value in values
    ]
    context.update(
        {
            "kind": section_kind(section),
            "conflict": conflict,
            "comparisons": compare(section, mine, conflict.value),
            "resubmit": resubmit,
            "section_url": section_url(workup, section),
        }
    )
    return render(request, "workup/conflict.html", context, status=409)


@never_cache
@require_http_methods(["GET", "POST"])
@change_workup
def section_clear(request, patient_id: int, workup_id: int, section: str):
    workup = workup_for(request, patient_id, workup_id)
    back = section_url(workup, section)
    if not workup.is_editable:
        messages.error(request, SIGNED_MESSAGE)
        return redirect(back)
    state = selectors.section_state(workup, section)
    form = ClearSectionForm(request.POST or None, initial={"version": state.version})
    if request.method == "POST" and form.is_valid():
        try:
            cleared = services.section_clear(
                actor=request.user,
                workup=workup,
                name=section,
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except SectionConflict:
            messages.error(
                request,
                "This section was changed by someone else since you opened it: nothing was "
                "cleared. Review it before clearing again.",
            )
            return redirect(back)
        title = section_kind(section).title
        if cleared:
            messages.success(request, f"{title}: cleared, now not assessed.")
        else:
            messages.info(request, f"{title}: not recorded, nothing to clear.")
        return redirect(back)
    if not state.recorded:
        messages.info(request, "This section is not recorded: there is nothing to clear.")
        return redirect(back)
    services.workup_read_log(
        actor=request.user, workup=workup, section=section, page="clear", request=request
    )
    context = workup_context(request, workup, current=section)
    context.update({"kind": section_kind(section), "form": form, "state": state})
    return render(request, "workup/clear.html", context)
