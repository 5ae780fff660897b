"""Reads of patients. Sorting goes through a whitelist: a raw parameter never reaches the ORM."""

import datetime
import json
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, StrIndex
from django.db.models.lookups import Exact, GreaterThan
from django.shortcuts import get_object_or_404

from accounts.roles import Role
from config.dates import show_date
from patients.models import Patient
from patients.search import PatientSearch, SearchKind, normalise_name


class ListStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"
    ALL = "all"

    @property
    def is_active(self) -> bool | None:
        """The ``is_active`` of the patients this list keeps; None: both."""
        return {ListStatus.ACTIVE: True, ListStatus.ARCHIVED: False}.get(self)


# "Never seen" sorts last either way: as a visit after every date, or before every date.
NEVER_SEEN_LAST = datetime.date.max
NEVER_SEEN_FIRST = datetime.date.min
VISIT_UP = Coalesce("last_visit_on", Value(NEVER_SEEN_LAST))
VISIT_DOWN = Coalesce("last_visit_on", Value(NEVER_SEEN_FIRST))


@dataclass(frozen=True)
class SortColumn:
    """One column of a list order: a field, or an expression the query names ``name``."""

    name: str
    descending: bool = False
    expression: object = None

    def backwards(self) -> "SortColumn":
        return SortColumn(self.name, not self.descending, self.expression)


_NAME = SortColumn("sort_name")
_ID = SortColumn("id")

# sort key in the URL -> the columns of its order. Every order ends on the primary key, so
# pages never overlap or skip a patient when names or dates are equal, and a patient's id
# alone says where a page starts (keyset paging). No column is ever empty (NULL), so "after
# this patient" is a plain comparison that an index in the same order answers.
SORT_COLUMNS = {
    "name": (_NAME, _ID),
    "-name": (SortColumn("sort_name", descending=True), SortColumn("id", descending=True)),
    "dob": (SortColumn("date_of_birth"), _NAME, _ID),
    "-dob": (SortColumn("date_of_birth", descending=True), _NAME, _ID),
    "last_visit": (SortColumn("visit_order", expression=VISIT_UP), _NAME, _ID),
    "-last_visit": (SortColumn("visit_order", descending=True, expression=VISIT_DOWN), _NAME, _ID),
}
# sort key -> ORM ordering, the columns above (indexes in these orders: patients.migrations).
SORTS = {
    "name": ("sort_name", "id"),
    "-name": ("-sort_name", "-id"),
    "dob": ("date_of_birth", "sort_name", "id"),
    "-dob": ("-date_of_birth", "sort_name", "id"),
    "last_visit": (VISIT_UP.asc(), "sort_name", "id"),
    "-last_visit": (VISIT_DOWN.desc(), "sort_name", "id"),
}
DEFAULT_SORT = "name"

# The same orders for a name search with few matches, each led by an expression that no
# index covers. Given an index in the requested order, the planners (PostgreSQL's and
# SQLite's) walk it row by row looking for matches of LIKE '%...%', whose number they cannot
# estimate: for a rare or absent name that is the whole table. Without one, they fetch the
# matches through the trigram index and sort them, so a name search costs what its number of
# matches costs. A search with many matches (``many_matches``) is the other way round: its
# matches are dense, a walk of the order's index finds a page of them quickly, and sorting
# them all would cost more and more as the practice grows; that search is written so that
# the trigram index cannot answer it (see _search_condition).
# sort_name is lower-case already and COALESCE(x, x) is x: the order is exactly that of SORTS.
SORTS_FOR_NAME_SEARCH = {
    "name": (Lower("sort_name").asc(), "id"),
    "-name": (Lower("sort_name").desc(), "-id"),
    "dob": (Coalesce("date_of_birth", "date_of_birth").asc(), "sort_name", "id"),
    "-dob": (Coalesce("date_of_birth", "date_of_birth").desc(), "sort_name", "id"),
    "last_visit": (
        Coalesce("last_visit_on", "last_visit_on", Value(NEVER_SEEN_LAST)).asc(),
        "sort_name",
        "id",
    ),
    "-last_visit": (
        Coalesce("last_visit_on", "last_visit_on", Value(NEVER_SEEN_FIRST)).desc(),
        "sort_name",
        "id",
    ),
}


def sort_key_or_default(raw: str | None) -> str:
    return raw if raw in SORTS else DEFAULT_SORT


def sort_columns(sort: str) -> tuple[SortColumn, ...]:
    return SORT_COLUMNS[sort_key_or_default(sort)]


def status_or_default(raw: str | None) -> ListStatus:
    try:
        return ListStatus(raw)
    except ValueError:
        return ListStatus.ACTIVE


def patient_list(
    *,
    search: PatientSearch | None = None,
    sort: str = DEFAULT_SORT,
    status: ListStatus = ListStatus.ACTIVE,
    many_matches: bool = False,
) -> QuerySet[Patient]:
    """Patients matching ``search`` (all when None), in ``sort`` order; archived ones only
    when ``status`` asks for them. An unknown sort key falls back to the name order.
    ``many_matches``: the search is known to match many patients (see SORTS_FOR_NAME_SEARCH)."""
    patients = Patient.objects.select_related("primary_clinician")
    if status.is_active is not None:
        patients = patients.filter(is_active=status.is_active)
    sorts = SORTS
    if search is not None:
        patients = patients.filter(_search_condition(search, many_matches=many_matches))
        if search.kind == SearchKind.NAME and not many_matches:
            sorts = SORTS_FOR_NAME_SEARCH
    return patients.order_by(*sorts[sort_key_or_default(sort)])


# From this many patients on, the whole list shows the database's estimate of its length
# instead of counting every row on every visit (searches are always counted exactly).
ESTIMATE_FROM = 10_000


def patient_count_estimate(patients: QuerySet[Patient]) -> int | None:
    """How many rows ``patients`` has, as PostgreSQL's planner estimates it from the table's
    statistics (rounded to hundreds), when that is ESTIMATE_FROM or more; None when the rows
    should be counted (fewer, or another database)."""
    if connection.vendor != "postgresql":
        return None
    plan = json.loads(patients.order_by().values("pk").explain(format="json"))
    rows = int(plan[0]["Plan"]["Plan Rows"])
    return round(rows, -2) if rows >= ESTIMATE_FROM else None


def _search_condition(search: PatientSearch, *, many_matches: bool = False) -> Q:
    if search.kind == SearchKind.DATE_OF_BIRTH:
        return Q(date_of_birth=search.date_of_birth)
    if search.kind == SearchKind.MRN:
        return _mrn_is(search.mrn)
    if many_matches:
        # Where in the name the letters are (0: nowhere), rather than LIKE '%...%': the
        # same patients, but the planner can neither answer it from the trigram index nor
        # estimate it as rare, so it walks the order's index for a page of matches.
        condition = Q(GreaterThan(StrIndex("search_name", Value(search.name)), 0))
    else:
        condition = Q(search_name__contains=search.name)
    if search.mrn:
        condition |= _mrn_is(search.mrn)
    return condition


def _mrn_is(mrn: str) -> Exact:
    """LOWER(mrn) = ..., the expression the case-insensitive unique index is built on."""
    return Exact(Lower("mrn"), mrn.strip().lower())


def patient_get(*, patient_id: int) -> Patient:
    """One patient, archived or not, with the people named on the page; 404 if unknown."""
    return get_object_or_404(
        Patient.objects.select_related("primary_clinician", "created_by", "updated_by"),
        pk=patient_id,
    )


def patient_mrn_taken(*, mrn: str, exclude_patient_id: int | None = None) -> bool:
    others = Patient.objects.filter(_mrn_is(mrn))
    if exclude_patient_id is not None:
        others = others.exclude(pk=exclude_patient_id)
    return others.exists()


def patient_possible_duplicates(
    *,
    family_name: str,
    date_of_birth: datetime.date,
    exclude_patient_id: int | None = None,
) -> list[Patient]:
    """Patients born the same day whose family name matches, ignoring case and accents."""
    wanted = normalise_name(family_name)
    same_day = Patient.objects.filter(date_of_birth=date_of_birth).order_by("sort_name", "id")
    if exclude_patient_id is not None:
        same_day = same_day.exclude(pk=exclude_patient_id)
    return [patient for patient in same_day if normalise_name(patient.family_name) == wanted]


def primary_clinician_choices(*, keeping_user_id: int | None = None) -> QuerySet:
    """Active users with the clinician role, for the "primary clinician" field, and the
    patient's current one even if they have left (so an edit does not drop them silently)."""
    chosen = Q(is_active=True, groups__name=Role.CLINICIAN.value)
    if keeping_user_id is not None:
        chosen |= Q(pk=keeping_user_id)
    return (
        get_user_model()
        .objects.filter(chosen)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# --- Change history -------------------------------------------------------------------------

# The fields whose changes the patient page lists, in the order of the form.
HISTORY_FIELDS = {
    "mrn": "MRN",
    "given_name": "Given name",
    "family_name": "Family name",
    "date_of_birth": "Date of birth",
    "sex_at_birth": "Sex at birth",
    "phone": "Phone",
    "email": "Email",
    "primary_clinician": "Primary clinician",
    "is_active": "Record",  # archive and restore; their reason is the entry's reason
    "last_visit_on": "Last visit",
}
NOT_RECORDED = "Values before this change were not recorded."


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class PatientChange:
    at: datetime.datetime
    by: str
    kind: str  # "registered" or "changed"
    reason: str
    fields: list[FieldChange]
    note: str = ""


def patient_changes(*, patient: Patient, limit: int = 50) -> list[PatientChange]:
    """Who changed what and when, newest first: each field with its value before and after.

    At most two queries whatever the number of entries (the history rows with their users,
    then the clinicians they name). Patients created in bulk (demo data) have no
    "registered" entry: their first change says that the earlier values were not recorded.
    """
    newest = patient.history.select_related("history_user").order_by("-history_date", "-history_id")
    rows = list(newest[: limit + 1])
    truncated = len(rows) > limit
    rows.reverse()  # oldest first, so each row is compared with the one before it
    names = _clinician_names({row.primary_clinician_id for row in rows} - {None})
    changes = []
    for previous, row in zip([None, *rows], rows, strict=False):  # (None, 1st), (1st, 2nd)...
        if previous is None and truncated:
            continue  # older than the limit: only the base the next entry is compared with
        note = NOT_RECORDED if previous is None and row.history_type != "+" else ""
        changes.append(
            PatientChange(
                at=row.history_date,
                by=str(row.history_user) if row.history_user else "system",
                kind="registered" if row.history_type == "+" else "changed",
                reason=row.history_change_reason or "",
                fields=[] if note else _field_changes(previous, row, names),
                note=note,
            )
        )
    changes.reverse()
    return changes


def _field_changes(previous, row, clinician_names) -> list[FieldChange]:
    fields = []
    for name, label in HISTORY_FIELDS.items():
        field = Patient._meta.get_field(name)
        after = getattr(row, field.attname)
        if previous is None:
            if after in (None, "") or name == "is_active":
                continue
            before = None
        else:
            before = getattr(previous, field.attname)
            if before == after:
                continue
        fields.append(
            FieldChange(
                label=label,
                before=_shown(field, before, clinician_names),
                after=_shown(field, after, clinician_names),
            )
        )
    return fields


def _clinician_names(user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return {user.pk: str(user) for user in get_user_model().objects.filter(pk__in=user_ids)}


def _shown(field, value, clinician_names) -> str:
    if value is None or value == "":
        return "—"
    if field.name == "primary_clinician":
        return clinician_names.get(value, f"user #{value}")
    if field.name == "is_active":
        return "active" if value else "archived"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return show_date(value)
    return str(value)
