"""The clinic's writes of questionnaires: invite, issue a new code, e-mail the link, revoke,
start on a clinic tablet, acknowledge a safety answer. Each runs in one transaction with its
audit event (ids, part codes and channels only: never a code, an answer or an address).

A code exists only in what these functions return; the database keeps its SHA-256.
"""

from __future__ import annotations

import datetime
import logging
from smtplib import SMTPException

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from audit import actions
from audit.record import record
from questionnaires import tokens
from questionnaires.models import Questionnaire
from questionnaires.parts import parts_for
from questionnaires.selectors import workup_has_waiting_questionnaire
from workup import services as workup_services
from workup.models import Workup

logger = logging.getLogger(__name__)

ADD = "questionnaires.add_questionnaire"
CHANGE = "questionnaires.change_questionnaire"
ACKNOWLEDGE = "questionnaires.acknowledge_safety_alert"


class NotSent(Exception):
    """The e-mail could not go out (no address, a wrong code, or the mail server refused)."""


def link_lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.QUESTIONNAIRE_LINK_DAYS)


def link_path(code: str) -> str:
    return reverse("questionnaires:open", kwargs={"code": tokens.grouped(code)})


def _require(actor, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied


def _record(action: str, questionnaire: Questionnaire, *, actor, request) -> None:
    """The audit event of a change to this questionnaire, with its patient."""
    record(
        action,
        request=request,
        actor=actor,
        target=questionnaire,
        patient_id=questionnaire.patient_id,
    )


def _locked(questionnaire: Questionnaire) -> Questionnaire:
    return (
        Questionnaire.objects.select_for_update(of=("self",))
        .select_related("patient", "workup")
        .get(pk=questionnaire.pk)
    )


@transaction.atomic
def questionnaire_invite(
    *,
    actor,
    patient,
    parts: list[str],
    channel: str,
    workup: Workup | None = None,
    visit_date: datetime.date | None = None,
    clinician=None,
    request=None,
) -> tuple[Questionnaire, str | None]:
    """A questionnaire for one visit: an existing draft of the patient's, or a new draft
    (``workup.services.workup_create``, as a planned visit: practice staff may start it and
    its date may be ahead) for ``visit_date`` with ``clinician``. Returns it and, for a link,
    its code (None for a clinic tablet)."""
    _require(actor, ADD)
    if not patient.is_active:
        raise ValidationError("This patient is archived: restore them to invite them.")
    allowed = {part.code for part in parts_for(patient)}
    if not parts or set(parts) - allowed:
        raise ValidationError({"parts": "Choose at least one of the parts listed."})
    if channel not in Questionnaire.Channel.values:
        raise ValidationError({"channel": "Choose how the patient answers."})
    if workup is None:
        workup = workup_services.workup_create(
            actor=actor,
            patient=patient,
            visit_date=visit_date,
            clinician=clinician,
            planned=True,
            request=request,
        )
    else:
        workup = Workup.objects.select_for_update().get(pk=workup.pk)
        if workup.patient_id != patient.pk or not workup.is_editable:
            raise ValidationError({"workup": "Choose one of this patient's draft visits."})
        if workup_has_waiting_questionnaire(workup=workup):
            raise ValidationError(
                {
                    "workup": "This visit already has a questionnaire waiting for the patient: "
                    "open it to issue a new code, or revoke it first."
                }
            )
    now = timezone.now()
    code = tokens.new_code() if channel == Questionnaire.Channel.LINK else None
    questionnaire = Questionnaire.objects.create(
        patient=patient,
        workup=workup,
        parts=[part.code for part in parts_for(patient) if part.code in set(parts)],
        channel=channel,
        token_hash=tokens.code_hash(code) if code else None,
        code_issued_at=now if code else None,
        created_by=actor,
        expires_at=now + link_lifetime(),
    )
    record(
        actions.QUESTIONNAIRE_INVITE,
        request=request,
        actor=actor,
        target=questionnaire,
        patient_id=patient.pk,
        detail={"workup_id": workup.pk, "parts": questionnaire.parts, "channel": channel},
    )
    return questionnaire, code


@transaction.atomic
def questionnaire_new_code(*, actor, questionnaire: Questionnaire, request=None) -> str:
    """A new link code (the old one stops working), a new lifetime from now, and the count of
    wrong dates of birth back to 0 (a locked questionnaire opens again)."""
    _require(actor, CHANGE)
    locked = _locked(questionnaire)
    if locked.submitted_at or locked.revoked_at or locked.is_closed_by_signature:
        raise ValidationError("This questionnaire is closed: a new code cannot be issued.")
    was_locked = locked.locked_at is not None
    code = tokens.new_code()
    now = timezone.now()
    locked.token_hash = tokens.code_hash(code)
    locked.code_issued_at = now
    locked.expires_at = now + link_lifetime()
    locked.date_of_birth_failures = 0
    locked.locked_at = None
    locked.save(
        update_fields=[
            "token_hash",
            "code_issued_at",
            "expires_at",
            "date_of_birth_failures",
            "locked_at",
        ]
    )
    record(
        actions.QUESTIONNAIRE_NEW_CODE,
        request=request,
        actor=actor,
        target=locked,
        patient_id=locked.patient_id,
        detail={"unlocked": True} if was_locked else {},
    )
    return code


@transaction.atomic
def questionnaire_email(*, actor, questionnaire: Questionnaire, code: str, request) -> None:
    """E-mail the link to the patient's own address. The code comes back from the page that
    shows it (it is not stored) and must be this questionnaire's current one."""
    _require(actor, CHANGE)
    locked = _locked(questionnaire)
    normalised = tokens.normalised(code)
    if normalised is None or tokens.code_hash(normalised) != locked.token_hash:
        raise NotSent("This code is not the questionnaire's current code.")
    if not locked.is_open:
        raise NotSent("This questionnaire is closed.")
    patient = locked.patient
    if not patient.email:
        raise NotSent("The patient has no e-mail address on record.")
    context = {
        "given_name": patient.given_name,
        "practice": settings.PRACTICE_NAME,
        "link": request.build_absolute_uri(link_path(normalised)),
        "expires_at": locked.expires_at,
    }
    try:
        send_mail(
            f"{settings.PRACTICE_NAME}: questions before your visit",
            render_to_string("questionnaires/email/invitation.txt", context),
            None,
            [patient.email],
        )
    except (SMTPException, OSError):
        logger.exception("Could not send the questionnaire e-mail of questionnaire %s", locked.pk)
        raise NotSent(
            "The e-mail could not be sent. Try again later, or print the letter."
        ) from None
    _record(actions.QUESTIONNAIRE_EMAIL, locked, actor=actor, request=request)


@transaction.atomic
def questionnaire_revoke(*, actor, questionnaire: Questionnaire, request=None) -> Questionnaire:
    _require(actor, CHANGE)
    locked = _locked(questionnaire)
    if locked.submitted_at or locked.revoked_at:
        raise ValidationError("This questionnaire is already closed.")
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.save(update_fields=["revoked_at", "revoked_by"])
    _record(actions.QUESTIONNAIRE_REVOKE, locked, actor=actor, request=request)
    return locked


@transaction.atomic
def questionnaire_kiosk_start(*, actor, questionnaire: Questionnaire, request=None) -> None:
    """Recorded before the tablet's browser is signed out and handed to the patient."""
    _require(actor, CHANGE)
    locked = _locked(questionnaire)
    if not locked.is_open:
        raise ValidationError("This questionnaire cannot be answered any more.")
    _record(actions.QUESTIONNAIRE_KIOSK_START, locked, actor=actor, request=request)


@transaction.atomic
def questionnaire_acknowledge(*, actor, questionnaire: Questionnaire, request=None) -> None:
    """A clinician has seen the patient's PHQ-9 item 9 answer and takes it from here."""
    _require(actor, ACKNOWLEDGE)
    locked = _locked(questionnaire)
    if not locked.safety_alert_open:
        raise ValidationError("There is no safety answer to acknowledge.")
    locked.safety_acknowledged_at = timezone.now()
    locked.safety_acknowledged_by = actor
    locked.save(update_fields=["safety_acknowledged_at", "safety_acknowledged_by"])
    _record(actions.QUESTIONNAIRE_SAFETY_ACKNOWLEDGE, locked, actor=actor, request=request)
