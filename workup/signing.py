"""Who signs a workup, signing it, taking over another clinician's draft, and amending.

The signing policy lives here (:func:`may_sign`, :func:`may_take_over`): by default only the
workup's own clinician signs it. Another clinician who is to sign takes the draft over first,
giving a reason; the take-over is audited, kept with the workup and named on its summary. A
practice that sets ``PRACTICE_ANY_CLINICIAN_SIGNS`` lets any clinician sign any draft; the
summary then says for whom the signer signed.

Audit details carry ids, versions and hashes: never clinical values, names or free text (the
reasons for a take-over or an amendment stay on the workup, not in the trail).
``workup.services`` re-exports the names here that callers knew it for.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import actions
from audit.record import record
from config.dates import show_date
from summaries import services as summaries_services
from workup import adapters
from workup.document import DocumentError, document_from_facts, facts_from_document
from workup.document.checks import is_blank, text_problem
from workup.models import Workup, WorkupStatus, WorkupTakeOver
from workup.rules.catalogue import RULE_SET
from workup.rules.evaluate import evaluate
from workup.writes import write_sections


class WorkupStateError(Exception):
    """The workup is not in a state that allows this (signing twice, amending a draft...)."""


class VisitAhead(WorkupStateError):
    """The draft of a planned visit (started ahead for the patient's questionnaire) is signed
    from its visit day, not before."""

    def __init__(self, visit_date: datetime.date):
        super().__init__(
            f"This visit is planned for {show_date(visit_date)}: its workup can be signed from "
            "that day. Nothing was signed."
        )
        self.visit_date = visit_date


def signable_from(workup: Workup) -> datetime.date | None:
    """The day the draft of a planned visit can be signed from; None when it can be signed
    today."""
    return workup.visit_date if workup.visit_date > timezone.localdate() else None


class WrongPassword(Exception):
    """The password given to confirm a signature is not the signer's."""


class NotTheClinician(PermissionDenied):
    """Only the workup's clinician may sign it (unless the practice lets any clinician sign):
    another clinician takes the draft over first."""


class FlagsChanged(Exception):
    """The urgent and high flags are not the ones the signer acknowledged (a section was saved
    meanwhile). Carries the flags to acknowledge now."""

    def __init__(self, current: list[dict]):
        super().__init__("the urgent and high flags changed before signing")
        self.current = current


# --- The policy ---------------------------------------------------------------------------------


def any_clinician_signs() -> bool:
    return settings.PRACTICE_ANY_CLINICIAN_SIGNS


def may_sign(user, workup: Workup) -> bool:
    """Whether `user` may sign this draft: a clinician who signs workups, and the workup's own
    clinician unless the practice lets any clinician sign."""
    if not (workup.is_editable and user.has_perm("workup.sign_workup")):
        return False
    return any_clinician_signs() or workup.clinician_id == user.pk


def may_take_over(user, workup: Workup) -> bool:
    """Whether `user` may make themselves the clinician of this draft: a clinician who edits
    workups, of a draft whose clinician is someone else."""
    return (
        workup.is_editable
        and workup.clinician_id != user.pk
        and user.has_perm("workup.change_workup")
        and user.has_perm("workup.sign_workup")
    )


# --- The signature ------------------------------------------------------------------------------


def canonical_json(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def document_sha256(document: dict) -> str:
    """The SHA-256 stored with a signature, over the canonical JSON of the document."""
    return hashlib.sha256(canonical_json(document)).hexdigest()


def signature_of(facts) -> dict:
    """What a signature freezes, as Workup field values: the canonical document, its SHA-256,
    the evaluation and the rule set. Raises DocumentError when the document would not be valid
    (for example a date of birth changed to after the visit since the draft was started)."""
    document = document_from_facts(facts)
    facts_from_document(document, today=timezone.localdate())
    return {
        "signed_document": document,
        "signed_document_sha256": document_sha256(document),
        "signed_evaluation": evaluate(facts).as_dict(),
        "signed_rule_set": RULE_SET,
    }


# Flags the signer acknowledges one by one before signing.
ACKNOWLEDGED_SEVERITIES = ("urgent", "high")


def flags_to_acknowledge(evaluation: dict) -> list[dict]:
    """The urgent and high flags of an evaluation, in its order, as a signature stores their
    acknowledgement: ``{"code", "severity", "title"}`` each."""
    return [
        {"code": flag["code"], "severity": flag["severity"], "title": flag["title"]}
        for flag in evaluation.get("flags", [])
        if flag["severity"] in ACKNOWLEDGED_SEVERITIES
    ]


@transaction.atomic
def workup_sign_refused_log(*, actor, workup: Workup, reason: str, request=None) -> None:
    record(
        actions.WORKUP_SIGN_FAILED,
        request=request,
        actor=actor,
        target=workup,
        patient_id=workup.patient_id,
        detail={"reason": reason},
    )


def workup_sign(
    *, workup: Workup, signer, password: str, acknowledged: list[dict] | None = None, request=None
) -> Workup:
    """Sign a draft: freeze its document, the document's SHA-256, the evaluation and the rule
    set. A wrong password is refused (and recorded) before anything is locked, and so is a
    signer other than the workup's clinician (:class:`NotTheClinician`) unless the practice
    lets any clinician sign. A draft dated ahead (a planned visit) is refused until its visit
    day (:class:`VisitAhead`, recorded).

    `acknowledged`: the urgent and high flags the signer acknowledged on the sign page (as
    :func:`flags_to_acknowledge` gives them). They must be exactly the urgent and high flags of
    the evaluation being frozen, or :class:`FlagsChanged` is raised (and recorded) and nothing
    is signed; they are stored with the signature and their codes go into the audit event. The
    sign page always passes them. None, from callers without a page (imports, demo data),
    stores no acknowledgement.
    """
    if not signer.has_perm("workup.sign_workup"):
        raise PermissionDenied
    refusal = None
    if workup.is_editable and not may_sign(signer, workup):
        refusal = "not_the_clinician"
    elif not signer.check_password(password):
        refusal = "wrong_password"
    if refusal is not None:
        workup_sign_refused_log(actor=signer, workup=workup, reason=refusal, request=request)
        raise NotTheClinician if refusal == "not_the_clinician" else WrongPassword
    try:
        _sign(workup, signer, acknowledged, request)
    except (FlagsChanged, NotTheClinician, VisitAhead) as refused:
        reason = {FlagsChanged: "flags_changed", VisitAhead: "visit_ahead"}.get(
            type(refused), "not_the_clinician"
        )
        workup_sign_refused_log(actor=signer, workup=workup, reason=reason, request=request)
        raise
    return workup


def _sign(workup: Workup, signer, acknowledged: list[dict] | None, request) -> None:
    """The signature itself, once the password is confirmed: one transaction, row locked (so
    a take-over committed meanwhile is seen before signing)."""
    with transaction.atomic():
        locked = Workup.objects.select_for_update().select_related("patient").get(pk=workup.pk)
        if locked.status != WorkupStatus.DRAFT:
            raise WorkupStateError("This workup is already signed.")
        if not may_sign(signer, locked):
            raise NotTheClinician
        if (day := signable_from(locked)) is not None:
            raise VisitAhead(day)
        try:
            signature = signature_of(adapters.workup_facts(locked))
        except DocumentError as error:
            raise WorkupStateError(f"This workup cannot be signed as it stands: {error}") from None
        due = flags_to_acknowledge(signature["signed_evaluation"])
        if acknowledged is not None and list(acknowledged) != due:
            raise FlagsChanged(due)
        locked.status = WorkupStatus.SIGNED
        locked.signed_at = timezone.now()
        locked.signed_by = signer
        for field, value in signature.items():
            setattr(locked, field, value)
        locked.signed_acknowledged_flags = None if acknowledged is None else due
        frozen = [
            "status",
            "signed_at",
            "signed_by",
            "signed_document",
            "signed_document_sha256",
            "signed_evaluation",
            "signed_rule_set",
            "signed_acknowledged_flags",
        ]
        locked.save(update_fields=[*frozen, "updated_at"])
        # The signed summary PDF, rendered from the frozen copy and stored with its SHA-256.
        summaries_services.summary_issue(workup=locked, actor=signer, request=request)
        detail = {"sha256": locked.signed_document_sha256, "rule_set": RULE_SET}
        if locked.clinician_id != signer.pk:
            detail["for_clinician_id"] = locked.clinician_id
        if acknowledged is not None:
            detail["acknowledged"] = [flag["code"] for flag in due]
        record(
            actions.WORKUP_SIGN,
            request=request,
            actor=signer,
            target=locked,
            patient_id=locked.patient_id,
            detail=detail,
        )
    for field in (*frozen, "updated_at"):
        setattr(workup, field, getattr(locked, field))


# --- Reasons ------------------------------------------------------------------------------------


def checked_reason(reason: str, *, noun: str, limit: int, missing: str) -> str:
    """A reason under the document's rules for free text: one of only whitespace or invisible
    characters is no reason, control or bidirectional characters are refused, and it is kept
    under `limit` characters. Errors are at the ``reason`` field."""
    reason = (reason or "").strip()
    if is_blank(reason):
        raise ValidationError({"reason": missing})
    problem = text_problem(reason, multiline=True)
    if problem is not None:
        raise ValidationError({"reason": f"{noun} {problem}."})
    if len(reason) > limit:
        raise ValidationError({"reason": f"Keep the reason under {limit} characters."})
    return reason


# --- Taking over a draft ------------------------------------------------------------------------


@transaction.atomic
def workup_take_over(*, workup: Workup, actor, reason: str, request=None) -> WorkupTakeOver:
    """Make `actor` the clinician of another clinician's draft, with the reason (kept on a
    :class:`WorkupTakeOver` and shown on the summary; the audit event holds the clinicians'
    ids only). Not for a signed workup, nor for one's own."""
    if not (actor.has_perm("workup.change_workup") and actor.has_perm("workup.sign_workup")):
        raise PermissionDenied
    reason = checked_reason(
        reason,
        noun="The reason for taking over",
        limit=WorkupTakeOver._meta.get_field("reason").max_length,
        missing="Give the reason for taking over this draft.",
    )
    locked = Workup.objects.select_for_update().get(pk=workup.pk)
    if locked.status != WorkupStatus.DRAFT:
        raise WorkupStateError("This workup is signed: it can no longer be taken over.")
    if locked.clinician_id == actor.pk:
        raise WorkupStateError("You are already this workup's clinician.")
    previous = locked.clinician_id
    take_over = WorkupTakeOver.objects.create(
        workup=locked, from_clinician_id=previous, to_clinician=actor, reason=reason
    )
    locked.clinician = actor
    locked.save(update_fields=["clinician", "updated_at"])
    workup.clinician = actor
    record(
        actions.WORKUP_TAKE_OVER,
        request=request,
        actor=actor,
        target=locked,
        patient_id=locked.patient_id,
        detail={"from_clinician_id": previous, "to_clinician_id": actor.pk},
    )
    return take_over


# --- Amending a signed workup -------------------------------------------------------------------


@transaction.atomic
def workup_amend(*, workup: Workup, actor, reason: str, request=None) -> Workup:
    """Start the amendment of a signed workup: a new draft with every section and row of the
    signed one, pointing back at it, with the reason. A signed workup is amended once; the
    one who amends it is the amendment's clinician.

    The reason is free text under the document's rules: one of only whitespace or invisible
    characters is no reason, and control or bidirectional characters are refused."""
    if not actor.has_perm("workup.amend_workup"):
        raise PermissionDenied
    reason = checked_reason(
        reason,
        noun="The reason for the amendment",
        limit=Workup._meta.get_field("amendment_reason").max_length,
        missing="Give the reason for the amendment.",
    )
    locked = Workup.objects.select_for_update().get(pk=workup.pk)
    if locked.status != WorkupStatus.SIGNED:
        raise WorkupStateError("Only a signed workup can be amended.")
    if Workup.objects.filter(amends=locked).exists():
        raise WorkupStateError("This workup has already been amended.")
    amendment = Workup.objects.create(
        patient_id=locked.patient_id,
        visit_date=locked.visit_date,
        clinician=actor,
        amends=locked,
        amendment_reason=reason,
        revision=Workup.AMENDMENT_REVISION,
    )
    signed_facts = facts_from_document(locked.signed_document, today=datetime.date.max)
    write_sections(
        amendment, signed_facts, actor=actor, reason=f"copied from signed workup {locked.pk}"
    )
    record(
        actions.WORKUP_AMEND,
        request=request,
        actor=actor,
        target=amendment,
        patient_id=locked.patient_id,
        detail={"amends": locked.pk},
    )
    return amendment
