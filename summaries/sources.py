"""Gathers what a summary is built from: reads only, no writes, no audit.

A signed workup is always read from its frozen copy (the canonical document and the evaluation
stored at signing), so its summary prints the same forever whatever later happens to the rules,
the section tables or the patient's demographics. A draft is read from its sections now.

The trend points are the patient's signed workups up to this visit, each with its own frozen
evaluation. For a signed workup only those signed no later than it count, and a workup counts
as replaced only by an amendment signed no later than it: the set never changes afterwards.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from questionnaires.provenance import provenance_words
from summaries.report import SummaryInput, TrendPoint
from workup import selectors as workup_selectors
from workup.models import Workup, WorkupStatus
from workup.responsibility import responsibility_words
from workup.sections import SECTION_NAMES

ROW_RELATIONS = ("exclusions__findings", "labs__results", "treatments__trials")


def workups_for_summary():
    """Workups with everything a summary reads, in a fixed number of queries (the sections
    only matter for drafts; a signed workup is read from its frozen copy)."""
    return Workup.objects.select_related(
        "patient", "clinician", "signed_by", "amends", *SECTION_NAMES
    ).prefetch_related(*ROW_RELATIONS)


def person_name(user) -> str:
    """The full name, else the user name (``User.__str__``); "" for nobody."""
    return str(user) if user else ""


def facts_and_evaluation(workup: Workup) -> tuple:
    """(facts, evaluation as a dict): the frozen copies for a signed workup; a draft's facts
    built once from its sections and evaluated now."""
    facts = workup_selectors.workup_facts_now(workup)
    return facts, workup_selectors.workup_evaluation(workup, facts)


def trend_points(workup: Workup, evaluation: dict) -> tuple[TrendPoint, ...]:
    others = Workup.objects.filter(
        patient_id=workup.patient_id,
        status=WorkupStatus.SIGNED,
        visit_date__lte=workup.visit_date,
    ).exclude(pk=workup.pk)
    if workup.is_signed:
        others = others.filter(signed_at__lte=workup.signed_at)
        replaced = Q(amendment__status=WorkupStatus.SIGNED) & Q(
            amendment__signed_at__lte=workup.signed_at
        )
    else:
        replaced = Q(amendment__status=WorkupStatus.SIGNED)
    others = others.exclude(replaced)
    if workup.amends_id is not None:
        others = others.exclude(pk=workup.amends_id)
    rows = others.order_by("visit_date", "id").values_list("id", "visit_date", "signed_evaluation")
    points = [TrendPoint(workup_id=pk, visit_date=day, evaluation=ev or {}) for pk, day, ev in rows]
    points.append(
        TrendPoint(
            workup_id=workup.pk,
            visit_date=workup.visit_date,
            evaluation=evaluation,
            is_current=True,
            is_draft=not workup.is_signed,
        )
    )
    return tuple(points)


def summary_input(
    workup: Workup,
    *,
    generated_by: str,
    generated_at: datetime.datetime | None = None,
) -> SummaryInput:
    facts, evaluation = facts_and_evaluation(workup)
    return SummaryInput(
        workup_id=workup.pk,
        facts=facts,
        evaluation=evaluation,
        clinician_name=person_name(workup.clinician),
        is_signed=workup.is_signed,
        practice_name=settings.PRACTICE_NAME,
        generated_at=timezone.localtime(generated_at or timezone.now()),
        generated_by=generated_by,
        signed_at=timezone.localtime(workup.signed_at) if workup.signed_at else None,
        signed_by_name=person_name(workup.signed_by),
        amends_visit_date=workup.amends.visit_date if workup.amends_id else None,
        amendment_reason=workup.amendment_reason,
        trend=trend_points(workup, evaluation),
        responsibility=responsibility_words(workup),
        provenance=tuple(provenance_words(workup).items()),
    )
