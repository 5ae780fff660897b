"""What every workup page shares: permissions, the workup with its sections, the page context."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.urls import reverse
from django.utils import timezone

from workup import selectors, signing
from workup.forms import EditorContext
from workup.presenters import acr_box, pending_tests
from workup.rules.catalogue import RULE_SET
from workup.rules.catalogue.exclusions import open_required
from workup.rules.labs import open_pending

view_workup = permission_required("workup.view_workup", raise_exception=True)
add_workup = permission_required("workup.add_workup", raise_exception=True)
change_workup = permission_required("workup.change_workup", raise_exception=True)
sign_workup = permission_required("workup.sign_workup", raise_exception=True)
amend_workup = permission_required("workup.amend_workup", raise_exception=True)


def workup_for(request, patient_id: int, workup_id: int):
    return selectors.workup_get_for_user(
        user=request.user, patient_id=patient_id, workup_id=workup_id
    )


def can_edit(user, workup) -> bool:
    return workup.is_editable and user.has_perm("workup.change_workup")


def editor_context(workup) -> EditorContext:
    patient = workup.patient
    return EditorContext(
        date_of_birth=patient.date_of_birth,
        sex_at_birth=patient.sex_at_birth,
        visit_date=workup.visit_date,
        today=timezone.localdate(),
    )


def section_url(workup, name: str) -> str:
    return reverse(
        "workup:section",
        kwargs={"patient_id": workup.patient_id, "workup_id": workup.pk, "section": name},
    )


def workup_context(request, workup, *, current: str = "", facts=None) -> dict:
    """The header, section navigation, evaluation and actions every workup page shows, with
    the urgent flags pinned at the top of each page and the tests still pending.

    The facts are built once per page (`facts`: ``selectors.workup_facts_now(workup)`` when
    the view already has them): the evaluation of a draft and the section list both read them.
    The count of open look-alike conditions follows today's rules, so it is left out for a
    workup signed under an earlier rule set (its frozen flags say what was open then).
    """
    user = request.user
    if facts is None:
        facts = selectors.workup_facts_now(workup)
    evaluation = selectors.workup_evaluation(workup, facts)
    still_open = None
    if evaluation.get("rule_set") == RULE_SET:
        still_open = open_required({finding.condition: finding for finding in facts.exclusions})
    return {
        "patient": workup.patient,
        "workup": workup,
        "evaluation": evaluation,
        "urgent_flags": [f for f in evaluation["flags"] if f["severity"] == "urgent"],
        "acr": acr_box(evaluation["criteria"]["acr2016"], open_required=still_open),
        "pending_tests": pending_tests(open_pending(facts.labs)),
        "sections": selectors.section_summaries(workup, evaluation, facts),
        "current_section": current,
        "can_edit": can_edit(user, workup),
        "can_sign": workup.is_editable and user.has_perm("workup.sign_workup"),
        "can_take_over": signing.may_take_over(user, workup),
        "can_amend": workup.is_signed
        and not workup.is_amended
        and user.has_perm("workup.amend_workup"),
    }
