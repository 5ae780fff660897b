"""Pages of the patient list, walked by key: a page starts after (or ends before) a patient.

A numbered page makes the database skip every row before it, and a page count needs every
match counted: both grow with the practice. Here a page is the next rows after the last one
shown, in the list's order, found through the order's index; the link to it carries only
that patient's id (never a name). How many patients match is counted up to COUNT_UP_TO
("more than 1,000" beyond), and the whole list of a large practice on PostgreSQL shows the
database's estimate of its length instead. So each page costs the same few queries, however
many patients there are and however deep into the list it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from patients import name_walk, selectors
from patients.models import Patient
from patients.search import PatientSearch, SearchKind

PAGE_SIZE = 25
COUNT_UP_TO = 1000


@dataclass(frozen=True)
class PatientCount:
    value: int
    more: bool = False  # more than ``value`` (counting stopped at COUNT_UP_TO)
    estimated: bool = False  # the database's estimate of the whole list


@dataclass(frozen=True)
class PatientPage:
    patients: list[Patient]
    count: PatientCount
    first: bool  # the first page of the list
    next_after: int | None  # the id the next page starts after; None on the last page
    previous_before: int | None  # the id the previous page ends before; None on the first

    def __iter__(self):
        return iter(self.patients)

    def __len__(self) -> int:
        return len(self.patients)


def patient_count(search: PatientSearch | None, status: selectors.ListStatus) -> PatientCount:
    """How many patients the list has: exact up to COUNT_UP_TO; the whole list on PostgreSQL
    from the database's estimate once it is large. A common name is found to have more than
    COUNT_UP_TO matches from the name trigrams on PostgreSQL, without reading every match."""
    if name_walk.counts(search) and name_walk.has_more_than(
        search, COUNT_UP_TO, is_active=status.is_active
    ):
        return PatientCount(COUNT_UP_TO, more=True)
    matching = selectors.patient_list(search=search, status=status).order_by()
    if search is None:
        estimate = selectors.patient_count_estimate(matching)
        if estimate is not None:
            return PatientCount(estimate, estimated=True)
    counted = matching.values("pk")[: COUNT_UP_TO + 1].count()
    if counted > COUNT_UP_TO:
        return PatientCount(COUNT_UP_TO, more=True)
    return PatientCount(counted)


def patient_page(
    *,
    search: PatientSearch | None,
    sort: str,
    status: selectors.ListStatus,
    after: str | None = None,
    before: str | None = None,
) -> PatientPage:
    """The page after the patient ``after`` (or before ``before``), ids as typed in the URL;
    the first page when neither names a patient, or when the page there is empty (the
    patients it started from were archived or now sort elsewhere)."""
    if search is not None and search.kind == SearchKind.MRN:
        return _one_patient_page(search, sort, status)
    count = patient_count(search, status)
    columns = selectors.sort_columns(sort)
    listing = _listing(search, sort, status, columns, many=count.more or count.estimated)
    key = _key_of(_patient_id(before), columns)
    if key is not None:
        rows = list(listing(key, backwards=True)[: PAGE_SIZE + 1])
        earlier = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE][::-1]
        if not rows:
            return _first_page(listing(), count)
        return PatientPage(
            rows,
            count,
            first=not earlier,
            next_after=rows[-1].pk,
            previous_before=rows[0].pk if earlier else None,
        )
    key = _key_of(_patient_id(after), columns)
    if key is None:
        return _first_page(listing(), count)
    rows = list(listing(key)[: PAGE_SIZE + 1])
    if not rows:
        return _first_page(listing(), count)
    later = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return PatientPage(
        rows,
        count,
        first=False,
        next_after=rows[-1].pk if later else None,
        previous_before=rows[0].pk,
    )


def _listing(search, sort: str, status, columns, *, many: bool):
    """The list's patients from a key on (``listing(key)``; ``backwards``: the other way, in
    reverse order), or from its start (``listing()``). A name search with many matches walks
    an index in the list's order: the name trigrams in name order (patients.name_walk), the
    order's own index in the others (see _walkable)."""
    sort_key = selectors.sort_key_or_default(sort)
    trigram_walk = many and name_walk.walks(search, sort_key=sort_key, is_active=status.is_active)

    def listing(key: dict | None = None, *, backwards: bool = False):
        patients = selectors.patient_list(
            search=None if trigram_walk else search,
            sort=sort,
            status=status,
            many_matches=many and _walkable(search, sort),
        ).alias(**_expressions(columns))
        if trigram_walk:
            patients = patients.filter(_walk_condition(search, status, columns, key, backwards))
        if key is None:
            return patients
        if backwards:
            return patients.reverse().filter(_after(tuple(c.backwards() for c in columns), key))
        return patients.filter(_after(columns, key))

    return listing


def _walk_condition(search, status, columns, key, backwards) -> Q:
    return name_walk.next_matches(
        search,
        descending=columns[0].descending != backwards,
        after=None if key is None else (key["sort_name"], key["id"]),
        is_active=status.is_active,
        limit=PAGE_SIZE + 1,
    )


def _one_patient_page(search: PatientSearch, sort: str, status) -> PatientPage:
    """A search by MRN finds one patient at most (MRNs are unique whatever their case): the
    page is the whole list, and its length is the count, without counting apart."""
    rows = list(selectors.patient_list(search=search, sort=sort, status=status)[:PAGE_SIZE])
    return PatientPage(
        rows, PatientCount(len(rows)), first=True, next_after=None, previous_before=None
    )


def _walkable(search: PatientSearch | None, sort: str) -> bool:
    """Whether a name search with many matches should walk the order's index. Not in name
    order: a family name's matches sit together there (every "Ferreira" under F), possibly
    far along the index, while in date order any name's matches are spread evenly."""
    name_order = selectors.sort_key_or_default(sort) in ("name", "-name")
    return search is not None and search.kind == SearchKind.NAME and not name_order


def _first_page(ordered, count: PatientCount) -> PatientPage:
    rows = list(ordered[: PAGE_SIZE + 1])
    later = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return PatientPage(
        rows, count, first=True, next_after=rows[-1].pk if later else None, previous_before=None
    )


def _patient_id(raw: str | None) -> int | None:
    if raw is None or not raw.isdigit() or len(raw) > 18:
        return None
    return int(raw)


def _expressions(columns) -> dict:
    return {c.name: c.expression for c in columns if c.expression is not None}


def _key_of(patient_id: int | None, columns) -> dict | None:
    """The sort values of the patient a page starts from; None if there is no such patient."""
    if patient_id is None:
        return None
    fields = [c.name for c in columns if c.expression is None]
    return Patient.objects.filter(pk=patient_id).values(*fields, **_expressions(columns)).first()


def _after(columns, key: dict) -> Q:
    """Rows strictly after ``key`` in the order of ``columns`` (the last one is unique):
    (a > x) OR (a = x AND (b > y OR ...)), with a >= x beside it, the bound on the leading
    column that an index range can use."""
    column, rest = columns[0], columns[1:]
    value = key[column.name]
    beyond = Q(**{f"{column.name}__{'lt' if column.descending else 'gt'}": value})
    if not rest:
        return beyond
    bound = Q(**{f"{column.name}__{'lte' if column.descending else 'gte'}": value})
    return bound & (beyond | (Q(**{column.name: value}) & _after(rest, key)))
