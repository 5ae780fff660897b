"""Taking a patient's answers into the draft, section by section, and the words that say where
each section's values came from.

Accepting merges what the patient answered into the section as stored: the fields the
patient answered replace the section's, the fields only a clinician records (the FIQR total,
the PSQI, ISI and STOP-Bang, height and weight, the gut tests, hormone therapy, the paper-form
totals of another instrument) stay as they are. The write is the section's normal save
(``workup.services.section_update``, with the version the page showed: someone else's save
meanwhile is a conflict, nothing written). Until then the answers stay on the questionnaire,
so the rules read only accepted values (the one exception, a PHQ-9 item 9 above 0, is
``Questionnaire.reported_phq9_for_rules``).

The medicines are listed by name only; the clinician classifies each into the medication
list, so accepting them writes nothing and records that the patient's list was reviewed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import actions
from audit.record import record
from questionnaires.answers import SECTION_CHECKS
from questionnaires.models import Questionnaire, SectionAcceptance
from questionnaires.parts import PARTS
from workup import services as workup_services
from workup.adapters import section_value_of
from workup.document import DocumentError
from workup.models import SignedWorkupError, Workup, WorkupStatus
from workup.sections import section_kind

CHANGE_WORKUP = "workup.change_workup"
MEDICATIONS = "medications"
# The workup sections a patient answers, in the order of the workup's sections.
PATIENT_SECTIONS = tuple(dict.fromkeys(part.section for part in PARTS))
# The answers a patient gives to the symptom severity questions, kept under ``pain.sss``.
SSS_FIELDS = (
    "fatigue",
    "waking_unrefreshed",
    "cognitive",
    "headaches",
    "lower_abdominal_pain",
    "depression",
)


class NothingToAccept(Exception):
    """The visit's questionnaires hold no answer for this section (any more)."""


@dataclass(frozen=True)
class ReportedAnswers:
    """The latest answers a patient gave for one section of this visit."""

    questionnaire: Questionnaire
    section: str
    value: object  # the document-shaped section (medicines: a list of {"name": ...})

    @property
    def reported_at(self):
        return self.questionnaire.submitted_at or self.questionnaire.saved_at

    @property
    def submitted(self) -> bool:
        return self.questionnaire.submitted_at is not None


def reported_answers(workup: Workup, section: str) -> ReportedAnswers | None:
    """The newest answers for ``section`` from the visit's questionnaires (sent, or saved and
    not yet sent; a revoked questionnaire's answers are left out), or None."""
    if section not in PATIENT_SECTIONS or workup.pk is None:
        return None
    questionnaires = (
        Questionnaire.objects.filter(workup=workup, revoked_at__isnull=True, saved_at__isnull=False)
        .select_related("patient", "workup")
        .order_by("-saved_at", "-id")
    )
    for questionnaire in questionnaires:
        value = questionnaire.answers.get(section)
        if value is not None:
            return ReportedAnswers(questionnaire=questionnaire, section=section, value=value)
    return None


def _answered_fields(section: str, reported: dict) -> list[str]:
    fields = [key for key in reported if key != "sss"]
    if section == "pain":
        fields += [key for key in SSS_FIELDS if key in (reported.get("sss") or {})]
    return fields


def merged_section_value(section: str, current, reported: dict):
    """The section's value with the patient's answered fields put in (``current``: the stored
    value, None when not recorded). A question the patient left unanswered changes nothing."""
    try:
        given = SECTION_CHECKS[section](reported)
    except DocumentError as error:
        raise ValidationError(f"The patient's answers cannot be taken in ({error}).") from None
    changes = {
        name: getattr(given, name)
        for name in _answered_fields(section, reported)
        if getattr(given, name) is not None
    }
    if section == "mental":
        # Items replace a paper-form total of the same instrument (never both in one section).
        if "phq9_items" in changes:
            changes.update(phq9_total=None, phq9_item9=None)
        if "gad7_items" in changes:
            changes["gad7_total"] = None
    base = current if current is not None else type(given)()
    return dataclasses.replace(base, **changes)


def _locked_draft(workup: Workup) -> Workup:
    locked = Workup.objects.select_for_update().get(pk=workup.pk)
    if locked.status != WorkupStatus.DRAFT:
        raise SignedWorkupError("This workup is signed: nothing can be accepted into it.")
    return locked


@transaction.atomic
def section_accept(
    *, actor, workup: Workup, section: str, expected_version: int, request=None
) -> SectionAcceptance:
    """Accept the visit's newest answers for ``section`` into the draft and record it.

    Raises PermissionDenied without ``workup.change_workup``, SignedWorkupError once the
    workup is signed, NothingToAccept when there is no answer for the section, and
    ``workup.services.SectionConflict`` when the section is no longer at ``expected_version``.
    """
    if not actor.has_perm(CHANGE_WORKUP):
        raise PermissionDenied
    locked = _locked_draft(workup)
    reported = reported_answers(locked, section)
    if reported is None:
        raise NothingToAccept(section)
    kind = section_kind(section)
    stored = kind.model.objects.filter(workup=locked).first()
    changed = False
    if section == MEDICATIONS:
        version = 0 if stored is None else stored.version
    else:
        current = None if stored is None else section_value_of(stored, section)
        value = merged_section_value(section, current, reported.value)
        written, changed = workup_services.section_update(
            actor=actor,
            workup=locked,
            name=section,
            value=value,
            expected_version=expected_version,
            request=request,
        )
        version = written.version
    now = timezone.now()
    questionnaire = Questionnaire.objects.select_for_update().get(pk=reported.questionnaire.pk)
    questionnaire.accepted_sections = {
        **questionnaire.accepted_sections,
        section: {"at": now.isoformat(), "by": actor.pk},
    }
    questionnaire.save(update_fields=["accepted_sections"])
    acceptance = SectionAcceptance.objects.create(
        workup=locked,
        questionnaire=questionnaire,
        section=section,
        reported_at=reported.reported_at,
        accepted_at=now,
        accepted_by=actor,
        section_version=version,
    )
    record(
        actions.QUESTIONNAIRE_ACCEPT,
        request=request,
        actor=actor,
        target=questionnaire,
        patient_id=questionnaire.patient_id,
        detail={
            "workup_id": locked.pk,
            "section": section,
            "version": version,
            "changed": changed,
        },
    )
    return acceptance
