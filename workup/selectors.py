"""Reads of workups: object-level access, the evaluation (frozen once signed), section states,
the change history of a section, and the document form of a workup."""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404

from workup import adapters
from workup.document import DocumentError, document_from_facts, facts_from_document
from workup.models import Workup
from workup.presenters import NOT_RECORDED, sentence
from workup.rules.catalogue.red_flags import red_flags_answered
from workup.rules.evaluate import evaluate
from workup.rules.facts import WorkupFacts
from workup.section_words import row_text, section_lines
from workup.sections import ROW_RELATIONS, SECTION_KINDS, SECTION_NAMES, section_kind


def workup_with_sections():
    """Workups with their patient, amendment links, sections and section rows, so reading
    every section (facts, document, section states) costs no further query."""
    return Workup.objects.select_related(
        "patient", "amends", "amendment", *SECTION_NAMES
    ).prefetch_related(*ROW_RELATIONS)


def workup_get_for_user(*, user, patient_id: int, workup_id: int) -> Workup:
    """The workup, with its patient, people and sections; 404 when the workup is not this
    patient's or the user may not see workups (an id never reveals another record)."""
    if not user.has_perm("workup.view_workup"):
        raise Http404
    with joins_as_written():
        workup = get_object_or_404(
            workup_with_sections(),
            pk=workup_id,
            patient_id=patient_id,
        )
    _attach_people(workup)
    return workup


@contextmanager
def joins_as_written():
    """On PostgreSQL, queries in the block are planned with their joins in the order written.

    The workup with its sections joins fourteen tables, each section by the workup's key: one
    good order, which the ORM writes. Searching the others took PostgreSQL 2-5 ms a page, more
    than running the query (under 1 ms); planned as written it takes about 1 ms. The setting
    lasts only for the block (SET LOCAL, set back at its end; a rollback undoes it).
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL join_collapse_limit = 1")
        yield
        cursor.execute("SET LOCAL join_collapse_limit TO DEFAULT")


def _attach_people(workup: Workup) -> None:
    """The clinician, the signer and who last changed each section, in one query. (Joining
    the user table into the query above, once per person, made that query take about twice
    as long to build and to plan.)"""
    sections = [s for name in SECTION_NAMES if (s := getattr(workup, name, None)) is not None]
    named = [(workup, "clinician"), (workup, "signed_by")]
    named += [(section, "updated_by") for section in sections]
    user_ids = {getattr(obj, f"{name}_id") for obj, name in named} - {None}
    users = get_user_model().objects.in_bulk(user_ids) if user_ids else {}
    for obj, name in named:
        user_id = getattr(obj, f"{name}_id")
        if user_id is not None:
            obj._meta.get_field(name).set_cached_value(obj, users.get(user_id))


def patient_workups(*, patient) -> list[Workup]:
    """The patient's workups, newest visit first, with what the patient page lists."""
    return list(
        Workup.objects.filter(patient=patient)
        .select_related("clinician", "amendment", "amends")
        .order_by("-visit_date", "-id")
    )


def signed_facts(workup: Workup) -> WorkupFacts:
    """The facts of a signed workup, read from its frozen document."""
    return facts_from_document(workup.signed_document, today=datetime.date.max)


def workup_facts_now(workup: Workup) -> WorkupFacts:
    """What the workup says: the frozen document once signed, the sections while a draft."""
    if workup.is_signed:
        return signed_facts(workup)
    return adapters.workup_facts(workup)


def workup_evaluation(workup: Workup, facts: WorkupFacts | None = None) -> dict:
    """The evaluation as ``evaluate_workup`` prints it: frozen at signing for a signed workup
    (it never changes when the rules change), computed now for a draft (from `facts` when
    given: ``workup_facts_now(workup)``, already built by the caller)."""
    if workup.is_signed:
        return workup.signed_evaluation
    return evaluate(facts if facts is not None else adapters.workup_facts(workup)).as_dict()


def workup_document(workup: Workup) -> dict:
    """The workup as a workup document: the signed document itself once signed (keys in the
    canonical order), the current sections of a draft (as `fibro-workup/2`)."""
    if not workup.is_signed:
        return document_from_facts(adapters.workup_facts(workup))
    stored = workup.signed_document
    try:
        again = document_from_facts(signed_facts(workup))
    except DocumentError:
        return stored
    return again if again == stored else stored


# --- Sections -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionState:
    name: str
    title: str
    value: object  # None: not recorded
    version: int  # 0: not recorded
    updated_by: object = None
    updated_at: datetime.datetime | None = None

    @property
    def recorded(self) -> bool:
        return self.value is not None


def section_state(workup: Workup, name: str, facts: WorkupFacts | None = None) -> SectionState:
    """The section as stored (signed workups: as signed, from `facts` when given)."""
    kind = section_kind(name)
    section = getattr(workup, name, None)
    if workup.is_signed:
        facts = facts or signed_facts(workup)
        value = adapters.facts_section_value(facts, name)
    else:
        value = None if section is None else adapters.section_value_of(section, name)
    return SectionState(
        name=name,
        title=kind.title,
        value=value,
        version=0 if section is None else section.version,
        updated_by=None if section is None else section.updated_by,
        updated_at=None if section is None else section.updated_at,
    )


@dataclass(frozen=True)
class SectionSummary:
    name: str
    title: str
    area: str
    recorded: bool
    complete: bool
    updated_by: object
    updated_at: datetime.datetime | None


# Sections that are one part of their area: their badge says whether this page is done (the
# area's completeness in the evaluation also needs the other part: the treatment history, the
# exclusion checklist).
PART_OF_AREA = ("medications", "red_flags")


def _part_complete(name: str, workup: Workup, section, facts: WorkupFacts | None) -> bool:
    """A recorded medication list is complete (an empty one says "none"); the red flags once
    every question is answered."""
    if name == "medications":
        return True
    if workup.is_signed:
        return red_flags_answered(facts.red_flags)
    return red_flags_answered(adapters.red_flag_facts(section))


def section_summaries(
    workup: Workup, evaluation: dict, facts: WorkupFacts | None = None
) -> list[SectionSummary]:
    """Each section: recorded or not, and whether its area of the evaluation is complete (for
    the medication list and the red flags: whether that part of their area is).

    A draft's section is recorded when its row exists (no value is built); a signed workup's
    when the signed facts hold it (`facts`: ``workup_facts_now(workup)``, when already built).
    """
    completeness = evaluation["completeness"]
    if workup.is_signed and facts is None:
        facts = signed_facts(workup)
    rows = []
    for kind in SECTION_KINDS:
        section = getattr(workup, kind.name, None)
        if workup.is_signed:
            recorded = adapters.facts_section_value(facts, kind.name) is not None
        else:
            recorded = section is not None
        complete = bool(completeness.get(kind.area))
        if kind.name in PART_OF_AREA:
            complete = recorded and _part_complete(kind.name, workup, section, facts)
        rows.append(
            SectionSummary(
                name=kind.name,
                title=kind.title,
                area=kind.area,
                recorded=recorded,
                complete=complete,
                updated_by=None if section is None else section.updated_by,
                updated_at=None if section is None else section.updated_at,
            )
        )
    return rows


# --- Change history -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class SectionChange:
    at: datetime.datetime
    by: str
    what: str
    fields: list[FieldChange] = field(default_factory=list)


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "the system (import)"
    return user.get_full_name() or user.get_username()


def _line_changes(name: str, before, after) -> list[FieldChange]:
    old = {line.label: line.text for line in section_lines(name, before)}
    changes = []
    for line in section_lines(name, after):
        previous = old.get(line.label, NOT_RECORDED)
        if previous != line.text:
            changes.append(FieldChange(line.label, previous, line.text))
    return changes


def section_changes(workup: Workup, name: str, *, limit: int = 50) -> list[SectionChange]:
    """Who changed the section, when, and each field from what to what; newest first.

    Saves are grouped by the reason written with every record of one save (for example
    "saved (revision 7)"); rows say what was added, changed or removed.
    """
    kind = section_kind(name)
    records = list(
        kind.model.history.filter(workup_id=workup.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = [(r.history_date, r.history_id, "section", r) for r in records]
    if kind.has_rows:
        section_ids = {r.id for r in records}
        rows = (
            kind.row_model.history.filter(section_id__in=section_ids)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        entries += [(r.history_date, r.history_id, "row", r) for r in rows]
    entries.sort(key=lambda e: (e[0], e[2] == "row", e[1]))

    changes: list[SectionChange] = []
    previous_of: dict[tuple[str, int], object] = {}
    current_key = None
    for _at, _id, what, rec in entries:
        key = (rec.history_change_reason or "", rec.history_user_id)
        if key != current_key:
            current_key = key
            changes.append(
                SectionChange(at=rec.history_date, by=_who(rec), what=sentence(key[0] or "saved"))
            )
        change = changes[-1]
        change.at = rec.history_date
        change.fields += _record_changes(kind, name, what, rec, previous_of)
    visible = [c for c in changes if c.fields or c.what.startswith(("Cleared", "Imported"))]
    return list(reversed(visible))[:limit]


def _record_changes(kind, name, what, rec, previous_of) -> list[FieldChange]:
    key = (what, rec.id)
    before = previous_of.get(key)
    previous_of[key] = None if rec.history_type == "-" else rec
    if what == "section":
        if rec.history_type == "-":
            return [FieldChange("Section", "recorded", "cleared: not assessed")]
        if kind.has_rows:
            return (
                [] if before is not None else [FieldChange("Section", "not assessed", "recorded")]
            )
        old = None if before is None else adapters.section_value_of(before, name)
        return _line_changes(name, old, adapters.section_value_of(rec, name))
    label = sentence(kind.row_label)
    text = row_text(name, adapters.ROW_READERS[name](rec))
    if rec.history_type == "+":
        return [FieldChange(f"{label} added", "", text)]
    if rec.history_type == "-":
        return [FieldChange(f"{label} removed", text, "")]
    old_text = "" if before is None else row_text(name, adapters.ROW_READERS[name](before))
    if old_text == text:
        return []
    return [FieldChange(f"{label} changed", old_text, text)]
