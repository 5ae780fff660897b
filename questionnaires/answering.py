"""The patient's writes: opening a link, confirming the date of birth, saving a part,
submitting, and the end of a tablet session. Each runs in one transaction with its audit event
(the patient's id, the questionnaire's id and the part; never an answer). The patient has no
account, so the events have no actor; the client address is recorded as for any request.

A questionnaire takes answers only while it is open: not revoked, expired, locked, submitted,
and its visit's workup still a draft. A submission after the workup was signed is refused, so
nothing a patient sends can reach a signed workup.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from audit import actions
from audit.record import record
from questionnaires.answers import check_section, merged, phq9_item9
from questionnaires.models import DATE_OF_BIRTH_ATTEMPTS, Questionnaire
from questionnaires.parts import PARTS_BY_CODE


class QuestionnaireClosed(Exception):
    """The questionnaire stopped taking answers (revoked, expired, locked, submitted, or its
    workup signed) since the page was opened."""


@dataclass(frozen=True)
class DateOfBirthCheck:
    confirmed: bool
    locked: bool = False
    attempts_left: int = 0


@dataclass(frozen=True)
class Saved:
    questionnaire: Questionnaire
    safety_alert_raised: bool


def _locked_open(questionnaire_id: int) -> Questionnaire:
    questionnaire = (
        Questionnaire.objects.select_for_update(of=("self",))
        .select_related("patient", "workup")
        .get(pk=questionnaire_id)
    )
    if not questionnaire.is_open:
        raise QuestionnaireClosed
    return questionnaire


def _record(action: str, questionnaire: Questionnaire | None, request, **detail) -> None:
    if questionnaire is None:
        record(action, request=request, target_type=Questionnaire._meta.label_lower, detail=detail)
        return
    record(
        action,
        request=request,
        target=questionnaire,
        patient_id=questionnaire.patient_id,
        detail=detail,
    )


@transaction.atomic
def questionnaire_opened(*, questionnaire: Questionnaire, request, kiosk: bool = False) -> None:
    _record(
        actions.QUESTIONNAIRE_OPEN, questionnaire, request, channel="kiosk" if kiosk else "link"
    )


def refusal_reason(questionnaire: Questionnaire | None) -> str:
    if questionnaire is None:
        return "unknown"
    if questionnaire.submitted_at:
        return "submitted"
    if questionnaire.revoked_at:
        return "revoked"
    if questionnaire.locked_at:
        return "locked"
    if questionnaire.is_closed_by_signature:
        return "signed"
    return "expired"


@transaction.atomic
def questionnaire_refused(*, questionnaire: Questionnaire | None, request) -> None:
    """A link that cannot be used was opened (the page says nothing more than that)."""
    _record(
        actions.QUESTIONNAIRE_REFUSED, questionnaire, request, reason=refusal_reason(questionnaire)
    )


@transaction.atomic
def questionnaire_date_of_birth_check(
    *, questionnaire_id: int, date_of_birth, request
) -> DateOfBirthCheck:
    """Compare the date of birth typed with the patient's. The fifth wrong one locks the
    questionnaire (until staff issue a new code); raises QuestionnaireClosed when it is no
    longer open (a locked one included, whatever is typed)."""
    questionnaire = _locked_open(questionnaire_id)
    if date_of_birth == questionnaire.patient.date_of_birth:
        _record(actions.QUESTIONNAIRE_DOB_CONFIRMED, questionnaire, request)
        return DateOfBirthCheck(confirmed=True)
    questionnaire.date_of_birth_failures += 1
    failures = questionnaire.date_of_birth_failures
    fields = ["date_of_birth_failures"]
    if failures >= DATE_OF_BIRTH_ATTEMPTS:
        questionnaire.locked_at = timezone.now()
        fields.append("locked_at")
    questionnaire.save(update_fields=fields)
    _record(actions.QUESTIONNAIRE_DOB_FAILED, questionnaire, request, attempt=failures)
    if questionnaire.locked_at:
        _record(actions.QUESTIONNAIRE_LOCKED, questionnaire, request)
        return DateOfBirthCheck(confirmed=False, locked=True)
    return DateOfBirthCheck(confirmed=False, attempts_left=DATE_OF_BIRTH_ATTEMPTS - failures)


@transaction.atomic
def questionnaire_save_part(
    *, questionnaire_id: int, part: str, values, responses=None, request
) -> Saved:
    """Store one part's answers (replacing what that part saved before) after checking its
    section against the workup document. A PHQ-9 item 9 above 0 raises the safety alert at
    once (again when a later save answers it higher)."""
    questionnaire = _locked_open(questionnaire_id)
    section = PARTS_BY_CODE[part].section
    answers = merged(questionnaire.answers, section, values)
    if section in answers:
        check_section(section, answers[section])
    questionnaire.answers = answers
    if responses is not None or part in questionnaire.responses:
        questionnaire.responses = {**questionnaire.responses, part: responses}
    if part not in questionnaire.saved_parts:
        questionnaire.saved_parts = [*questionnaire.saved_parts, part]
    questionnaire.saved_at = timezone.now()
    fields = ["answers", "responses", "saved_parts", "saved_at"]
    raised = _safety_alert(questionnaire, fields)
    questionnaire.save(update_fields=fields)
    _record(actions.QUESTIONNAIRE_SAVE, questionnaire, request, part=part)
    if raised:
        _record(actions.QUESTIONNAIRE_SAFETY_ALERT, questionnaire, request)
    return Saved(questionnaire=questionnaire, safety_alert_raised=raised)


def _safety_alert(questionnaire: Questionnaire, fields: list[str]) -> bool:
    """Raise (or raise again) the alert when item 9 is above 0 and above any answer that
    raised it before; keeps the nine answers that raised it."""
    item9 = phq9_item9(questionnaire.answers)
    if not item9 or item9 <= (questionnaire.safety_item9 or 0):
        return False
    questionnaire.safety_alert_at = timezone.now()
    questionnaire.safety_phq9 = list(questionnaire.answers["mental"]["phq9_items"])
    questionnaire.safety_acknowledged_at = None
    questionnaire.safety_acknowledged_by = None
    fields += [
        "safety_alert_at",
        "safety_phq9",
        "safety_acknowledged_at",
        "safety_acknowledged_by",
    ]
    return True


@transaction.atomic
def questionnaire_submit(*, questionnaire_id: int, request) -> Questionnaire:
    """The one final submission: the link is spent."""
    questionnaire = _locked_open(questionnaire_id)
    questionnaire.submitted_at = timezone.now()
    questionnaire.save(update_fields=["submitted_at"])
    _record(actions.QUESTIONNAIRE_SUBMIT, questionnaire, request)
    return questionnaire


@transaction.atomic
def questionnaire_kiosk_end(*, questionnaire_id: int, reason: str, request) -> None:
    """The tablet went back to the hand-back page: finished, handed back, or left idle."""
    questionnaire = Questionnaire.objects.filter(pk=questionnaire_id).first()
    if questionnaire is not None:
        _record(actions.QUESTIONNAIRE_KIOSK_END, questionnaire, request, reason=reason)
