"""A page of a common name search in name order, read from the name trigrams (PostgreSQL).

Sorting every match of "ferrei" to show the first 25 costs what the matches cost, and a
family name matches ten times as many patients in a practice ten times the size. The name
trigrams (patients.migrations.0006) hold every run of three characters of every searched
name in name order: every match holds each of the search's trigrams, so the next page of
matches is the next rows of one of them, in name order, whose name holds the whole search.
The walk starts from the search's least common trigram, as the table's statistics count them,
so that few of the rows it reads are not matches.

Only the list of a name search with more matches than its count says (patients.paging) walks;
a search with fewer matches sorts them, which costs as few rows. The archived list does not
walk: archived patients are too few among a trigram's rows for a walk to find them quickly.
"""

from __future__ import annotations

import functools
import time

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from patients.search import PatientSearch, SearchKind

TABLE = "patients_name_trigram"
TRIGRAM_LENGTH = 3
# has_more_than reads at most this many rows of a trigram per match it needs to find.
SCAN_RATIO = 10
# How long the statistics' share of a search's trigrams is kept (common_trigram_shares).
SHARES_KEPT_SECONDS = 600


def counts(search: PatientSearch | None) -> bool:
    """Whether ``search`` is first counted from the trigrams (see has_more_than)."""
    return (
        connection.vendor == "postgresql" and search is not None and search.kind == SearchKind.NAME
    )


def walks(search: PatientSearch | None, *, sort_key: str, is_active: bool | None) -> bool:
    """Whether a page of ``search`` in ``sort_key`` order, among patients of that ``is_active``
    (None: all), is read by walking the trigrams."""
    return counts(search) and sort_key in ("name", "-name") and is_active is not False


def next_matches(
    search: PatientSearch,
    *,
    descending: bool,
    after: tuple[str, int] | None,
    is_active: bool | None,
    limit: int,
) -> Q:
    """The patients among the next ``limit`` matches of ``search`` in name order (``descending``:
    the other way), after the patient whose (sort name, id) is ``after`` when given, among
    those of that ``is_active`` (None: all)."""
    conditions = ["trigram = %s", "strpos(search_name, %s) > 0"]
    params: list = [least_common_trigram(search.name), search.name]
    if is_active is not None:
        conditions.append("is_active = %s")
        params.append(is_active)
    if after is not None:
        conditions.append(f"(sort_name, patient_id) {'<' if descending else '>'} (%s, %s)")
        params += list(after)
    direction = "DESC" if descending else "ASC"
    # Only fixed words are joined in; what was typed goes in as parameters. The patient whose
    # MRN was typed joins the walk's rows inside the subquery: as an OR beside it, the planner
    # would rather read the whole list in order, testing each patient against both.
    walk = (
        f"(SELECT patient_id FROM {TABLE} WHERE {' AND '.join(conditions)} "  # noqa: S608
        f"ORDER BY sort_name {direction}, patient_id {direction} LIMIT %s)"
    )
    params.append(limit)
    if search.mrn:
        walk += " UNION ALL (SELECT id FROM patients_patient WHERE LOWER(mrn) = %s)"
        params.append(search.mrn.lower())
    return Q(pk__in=RawSQL(walk, params))  # noqa: S611


def has_more_than(search: PatientSearch, count: int, *, is_active: bool | None) -> bool:
    """Whether ``search`` matches more than ``count`` patients (``is_active``: of that status
    only), as far as the first few rows of its least common trigram tell: False means "count
    them", not "no more". Reading the rows until ``count`` + 1 match, from at most SCAN_RATIO
    times as many, costs the same at any size of practice, where counting through the trigram
    index of 0002 reads every match (tens of thousands for a family name in a large one). The
    rows are read in the walk's index order: the planner then stops reading where the limits
    are reached, instead of first gathering every row of the trigram."""
    limit = count + 1
    params = [least_common_trigram(search.name), limit * SCAN_RATIO, search.name]
    status = ""
    if is_active is not None:
        status = "AND is_active = %s"
        params.append(is_active)
    query = (
        "SELECT count(*) FROM (SELECT 1 FROM ("  # noqa: S608 - fixed words only
        f"SELECT search_name, is_active FROM {TABLE} WHERE trigram = %s "
        "ORDER BY sort_name, patient_id LIMIT %s"
        f") AS scanned WHERE strpos(search_name, %s) > 0 {status} LIMIT %s) AS matched"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, limit])
        return cursor.fetchone()[0] == limit


def least_common_trigram(name: str) -> str:
    """The trigram of ``name`` (normalised, 3 characters or more) that the fewest names hold,
    as the statistics have it: one outside their most common values, when there is one (the
    first such), else the least common of those."""
    trigrams = tuple(name[i : i + TRIGRAM_LENGTH] for i in range(len(name) - TRIGRAM_LENGTH + 1))
    shares = common_trigram_shares(trigrams, int(time.monotonic() // SHARES_KEPT_SECONDS))
    return min(trigrams, key=lambda trigram: shares.get(trigram, 0.0))


@functools.lru_cache(maxsize=1024)
def common_trigram_shares(trigrams: tuple[str, ...], period: int) -> dict[str, float]:
    """The share of the table's rows each of ``trigrams`` has, for those among the most common
    values in the statistics (none before the table is first analysed). Kept for the
    ``period`` asked about: the statistics change with the register, slowly, and a stale
    share only makes a walk read a few more rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT value, share FROM pg_stats, "
            "unnest(most_common_vals::text::text[], most_common_freqs) AS common(value, share) "
            "WHERE schemaname = current_schema() AND tablename = %s AND attname = 'trigram' "
            "AND value = ANY(%s)",
            [TABLE, list(trigrams)],
        )
        return dict(cursor.fetchall())
