"""Reads of questionnaires. A questionnaire is always looked up under its patient (an id under
another patient's address is a 404), or by the hash of its code, or by the id the patient's
own session holds."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from questionnaires import tokens
from questionnaires.models import Questionnaire
from workup.models import Workup, WorkupStatus


def questionnaire_get(*, patient_id: int, questionnaire_id: int) -> Questionnaire:
    return get_object_or_404(
        Questionnaire.objects.select_related(
            "patient",
            "workup",
            "workup__clinician",
            "created_by",
            "revoked_by",
            "safety_acknowledged_by",
        ),
        pk=questionnaire_id,
        patient_id=patient_id,
    )


def patient_questionnaires(*, patient) -> list[Questionnaire]:
    """The patient's questionnaires, newest first."""
    return list(
        Questionnaire.objects.filter(patient=patient)
        .select_related("workup", "created_by")
        .order_by("-created_at", "-id")
    )


def questionnaire_by_code(raw: str) -> Questionnaire | None:
    """The questionnaire whose link carries this code (typed or in the link), or None."""
    code = tokens.normalised(raw)
    if code is None:
        return None
    return (
        Questionnaire.objects.select_related("patient", "workup")
        .filter(token_hash=tokens.code_hash(code))
        .first()
    )


def questionnaire_for_session(questionnaire_id) -> Questionnaire | None:
    if not isinstance(questionnaire_id, int):
        return None
    return (
        Questionnaire.objects.select_related("patient", "workup")
        .filter(pk=questionnaire_id)
        .first()
    )


def draft_workups(*, patient):
    """The patient's draft workups, a questionnaire's visit to choose from, newest visit first."""
    return (
        Workup.objects.filter(patient=patient, status=WorkupStatus.DRAFT)
        .select_related("clinician")
        .order_by("-visit_date", "-id")
    )


def workup_has_waiting_questionnaire(*, workup) -> bool:
    """Whether the visit already has a questionnaire the patient can still answer."""
    return any(q.is_open for q in workup.questionnaires.select_related("workup"))


SAFETY_ALERTS_SHOWN = 50


@dataclass(frozen=True)
class OpenSafetyAlerts:
    """The oldest open safety alerts the start page lists, and how many more wait behind them.
    Acknowledging one brings the next into the list, so none is hidden for good."""

    oldest: list[Questionnaire]
    waiting: int

    @property
    def not_shown(self) -> int:
        return self.waiting - len(self.oldest)

    def __bool__(self) -> bool:
        return self.waiting > 0


def open_safety_alerts(*, shown: int = SAFETY_ALERTS_SHOWN) -> OpenSafetyAlerts:
    """Questionnaires whose PHQ-9 item 9 above 0 no clinician has acknowledged, oldest first:
    at most ``shown`` of them, with only the columns the list displays, and a count only when
    there are more (both from the partial index of open alerts)."""
    open_alerts = Questionnaire.objects.filter(
        safety_alert_at__isnull=False, safety_acknowledged_at__isnull=True
    )
    oldest = list(
        open_alerts.select_related("patient", "workup")
        .only(
            "patient__given_name",
            "patient__family_name",
            "workup__visit_date",
            "safety_alert_at",
        )
        .order_by("safety_alert_at", "id")[: shown + 1]
    )
    if len(oldest) > shown:
        return OpenSafetyAlerts(oldest=oldest[:shown], waiting=open_alerts.count())
    return OpenSafetyAlerts(oldest=oldest, waiting=len(oldest))
