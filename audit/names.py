"""Audit events as a privacy officer reads them: the action in words, each record named as
people know it ("Rivera, Ines (MRN A1001)", "Workup of 20 Nov 2026 for ..."), the details in
plain words.

Events keep ids only (no names in the trail); names are looked up when a page or an export
is shown, for a whole page of events at once: one query per kind of record, however many
events there are. A record that is no longer on file is named by its id and says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.utils.text import capfirst

from accounts.models import User
from audit.actions import action_label
from audit.models import AuditEvent
from config import dates
from patients.models import Patient
from summaries.models import BatchPrint
from workup.models import Workup

PATIENT = Patient._meta.label_lower
WORKUP = Workup._meta.label_lower
USER = User._meta.label_lower
BATCH = BatchPrint._meta.label_lower
NO_ONE = "-"
PATIENT_FIELDS = ("family_name", "given_name", "mrn")

# Detail keys whose plain name is not just the key in words.
DETAIL_KEYS = {
    "workup_ids": "Workups",
    "patient_ids": "Patients",
    "shown": "Patients listed",
    "shown_workup_ids": "Workups listed",
    "clinician_id": "Clinician",
    "amends": "Amends workup",
    "sha256": "SHA-256",
    "fields": "Fields changed",
    "changed": "Changed",
    "from": "From role",
    "to": "To role",
}


@dataclass(frozen=True)
class EventLine:
    """One event, in words. ``patient`` names the event's patient (empty when it has none);
    ``patient_in_record`` says the record's name already does."""

    event: AuditEvent
    action: str
    user: str
    record: str
    patient: str
    patient_in_record: bool
    detail: str


def event_lines(events: Iterable[AuditEvent]) -> list[EventLine]:
    events = list(events)
    names = _Names(events)
    return [names.line(event) for event in events]


def patient_name(patient_id: int) -> str:
    """One patient named as on the audit pages (for the filter in use)."""
    rows = _read(Patient, {patient_id}, *PATIENT_FIELDS)
    return _patient_text(patient_id, rows.get(patient_id))


def record_id(value: str) -> int | None:
    """A target id as a number, or None (an empty or non-numeric id names no row)."""
    return int(value) if value and value.isdigit() and len(value) <= 18 else None


class _Names:
    """The records a list of events mentions, read in one query per kind."""

    def __init__(self, events: list[AuditEvent]):
        wanted = {PATIENT: set(), WORKUP: set(), USER: set(), BATCH: set()}
        for event in events:
            target = record_id(event.target_id)
            if target is not None and event.target_type in wanted:
                wanted[event.target_type].add(target)
            if event.patient_id is not None:
                wanted[PATIENT].add(event.patient_id)
            if event.actor_id is not None:
                wanted[USER].add(event.actor_id)
            batch = event.detail.get("batch") if isinstance(event.detail, dict) else None
            if isinstance(batch, int) and not isinstance(batch, bool):
                wanted[BATCH].add(batch)
        self.workups = _read(Workup, wanted[WORKUP], "visit_date", "patient_id")
        wanted[PATIENT].update(patient_id for _, patient_id in self.workups.values())
        self.patients = _read(Patient, wanted[PATIENT], *PATIENT_FIELDS)
        self.users = _read(User, wanted[USER], "username", "first_name", "last_name")
        self.batches = _read(BatchPrint, wanted[BATCH], "total")

    def line(self, event: AuditEvent) -> EventLine:
        record, named_patient = self.record(event)
        return EventLine(
            event=event,
            action=action_label(event.action),
            user=self.actor(event),
            record=record,
            patient=self.patient(event.patient_id) if event.patient_id is not None else "",
            patient_in_record=named_patient is not None and named_patient == event.patient_id,
            detail=self.detail(event.detail),
        )

    def actor(self, event: AuditEvent) -> str:
        if event.actor_id is not None and event.actor_id in self.users:
            return self.user(event.actor_id)
        return event.actor_username or NO_ONE

    def record(self, event: AuditEvent) -> tuple[str, int | None]:
        """The record's name, and the patient it names (None if it names none)."""
        kind, target = event.target_type, record_id(event.target_id)
        if target is None:
            if not event.target_id:
                return _kind_plural(kind), None
            return f"{_kind_name(kind)} {event.target_id}", None
        if kind == PATIENT:
            return self.patient(target), target
        if kind == WORKUP:
            return self.workup(target)
        if kind == USER:
            return self.user(target), None
        if kind == BATCH:
            return self.batch(target), None
        return f"{_kind_name(kind)} #{target}", None

    def patient(self, pk: int) -> str:
        return _patient_text(pk, self.patients.get(pk))

    def workup(self, pk: int) -> tuple[str, int | None]:
        if pk not in self.workups:
            return f"Workup #{pk} (no longer on record)", None
        visit_date, patient_id = self.workups[pk]
        return f"Workup of {dates.show_date(visit_date)} for {self.patient(patient_id)}", patient_id

    def user(self, pk: int) -> str:
        if pk not in self.users:
            return f"User account #{pk} (no longer on record)"
        username, first, last = self.users[pk]
        full = f"{first} {last}".strip()
        return f"{username} ({full})" if full else username

    def batch(self, pk: int) -> str:
        if pk not in self.batches:
            return f"Batch print #{pk} (no longer on record)"
        (total,) = self.batches[pk]
        return f"Batch print #{pk} ({total} {'summary' if total == 1 else 'summaries'})"

    def detail(self, detail) -> str:
        if not isinstance(detail, dict):
            return _value(detail)
        parts = []
        # In key order: PostgreSQL's jsonb does not keep the order the keys were written in.
        for key, value in sorted(detail.items()):
            if key == "batch" and isinstance(value, int) and not isinstance(value, bool):
                batch = self.batch(value)
                parts.append(f"In {batch[:1].lower()}{batch[1:]}")
            else:
                parts.append(f"{DETAIL_KEYS.get(key, _words(key))}: {_value(value)}")
        return "; ".join(parts)


def _patient_text(pk: int, row: tuple | None) -> str:
    if row is None:
        return f"Patient #{pk} (no longer on record)"
    family, given, mrn = row
    return f"{family}, {given} (MRN {mrn})"


def _read(model, ids: set[int], *fields: str) -> dict[int, tuple]:
    if not ids:
        return {}
    rows = model.objects.filter(pk__in=ids).order_by().values_list("pk", *fields)
    return {pk: tuple(values) for pk, *values in rows}


def _value(value) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_value(item) for item in value) if value else "none"
    if isinstance(value, dict):
        inner = "; ".join(f"{_words(key)}: {_value(item)}" for key, item in sorted(value.items()))
        return f"({inner})" if inner else "none"
    return dates.iso_dates_shown(str(value))


def _words(key: str) -> str:
    return capfirst(" ".join(str(key).replace("_", " ").split()))


def _model(kind: str):
    try:
        return apps.get_model(kind)
    except (LookupError, ValueError):
        return None


def _kind_name(kind: str) -> str:
    model = _model(kind)
    if model is not None:
        return capfirst(model._meta.verbose_name)
    return _words(kind.rpartition(".")[2]) if kind else "Record"


def _kind_plural(kind: str) -> str:
    """A record type without an id (a list was shown): "Patients"; nothing for no type."""
    if not kind:
        return ""
    model = _model(kind)
    if model is not None:
        return capfirst(model._meta.verbose_name_plural)
    return _words(kind.rpartition(".")[2])
