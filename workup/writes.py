"""Storing section values in the models, with their change history. No permission checks and
no audit events: the services (and the bulk demo data) call these inside their transactions."""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone

from workup import adapters, storable
from workup.models import Workup
from workup.rules.facts import WorkupFacts
from workup.sections import SECTION_KINDS, SectionKind


def update_last_visit(patient, *, actor) -> None:
    """The patient's last visit is the latest visit date of their workups, today or earlier:
    a draft started ahead of a planned visit is not a visit yet."""
    past = patient.workups.filter(visit_date__lte=timezone.localdate())
    latest = past.aggregate(latest=Max("visit_date"))["latest"]
    if patient.last_visit_on != latest:
        patient.last_visit_on = latest
        patient._history_user = actor
        patient.save(update_fields=["last_visit_on", "updated_at"])


def history_of(instance, *, actor, reason: str):
    instance._history_user = actor
    instance._change_reason = reason
    return instance


def write_section(workup: Workup, kind: SectionKind, value, *, actor, reason: str, section=None):
    """Store a section value (fields and rows), each changed row saved with its history.

    Rows are matched to the stored ones (by condition for findings, by position otherwise) so
    the change history says what changed in a row rather than "removed, added".
    """
    own, rows = storable.section_fields(kind.name, value)
    if section is None:
        section = kind.model(workup=workup)
    for field, field_value in own.items():
        setattr(section, field, field_value)
    section.version = workup.revision
    section.updated_by = actor
    section.full_clean(exclude={"workup", "updated_by"}, validate_unique=False)
    history_of(section, actor=actor, reason=reason).save()
    if kind.has_rows:
        write_rows(section, kind, rows, actor=actor, reason=reason)
    return section


def write_rows(section, kind: SectionKind, rows: list[dict], *, actor, reason: str) -> None:
    existing = list(getattr(section, kind.rows).all())
    if kind.row_key:
        by_key = {getattr(row, kind.row_key): row for row in existing}
        pairs = [(by_key.pop(fields[kind.row_key], None), fields) for fields in rows]
        leftovers = list(by_key.values())
    else:
        pairs = [(existing[i] if i < len(existing) else None, f) for i, f in enumerate(rows)]
        leftovers = existing[len(rows) :]
    for row in leftovers:
        history_of(row, actor=actor, reason=reason).delete()
    for position, (row, fields) in enumerate(pairs):
        if row is None:
            row = kind.row_model(section=section)
        elif row.position == position and all(getattr(row, k) == v for k, v in fields.items()):
            continue
        for field, field_value in fields.items():
            setattr(row, field, field_value)
        row.position = position
        row.full_clean(exclude={"section"})
        history_of(row, actor=actor, reason=reason).save()


def delete_section(section, kind: SectionKind, *, actor, reason: str) -> None:
    if kind.has_rows:
        for row in getattr(section, kind.rows).all():
            history_of(row, actor=actor, reason=reason).delete()
    history_of(section, actor=actor, reason=reason).delete()


def write_sections(workup: Workup, facts: WorkupFacts, *, actor, reason: str) -> list[str]:
    """Store every section the facts hold (a new workup: import, amendment copy)."""
    written = []
    for kind in SECTION_KINDS:
        value = adapters.facts_section_value(facts, kind.name)
        if value is not None:
            write_section(workup, kind, value, actor=actor, reason=reason)
            written.append(kind.name)
    return written
