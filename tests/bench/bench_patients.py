"""Benchmark: finding patients among 100,000, against GET /healthz measured in the same run.

Run on demand, not by the test suite:

    .venv/bin/python -m tests.bench.bench_patients                   # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fibro_bench \\
        .venv/bin/python -m tests.bench.bench_patients                # PostgreSQL

It creates its own throw-away database (``test_<name>`` on PostgreSQL, a file in a temporary
folder for SQLite), migrates it, seeds the patients with the same code as
``seed_demo --patients``, signs a clinician in, and drops the database at the end. Each page is
requested a few times to warm up, then ``--requests`` times; the table gives the median server
time (Django test client, in process: no network, no server), its ratio to /healthz and the
number of database queries per request (a range if it varied). Target: each search page within
3x /healthz on PostgreSQL, with a constant number of queries.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

WARM_UP = 5
NAME_SEARCH_SELECTIVE = "ferrei"  # part of one family name: about 1 patient in 80
NAME_SEARCH_BROAD = "ana"  # 3 letters found in many given and family names
MRN_SEARCH = "demo-054321"
MRN_SEARCH_OTHER = "demo-000321"  # another patient by MRN: the same page with other data


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument(
        "--explain", action="store_true", help="also print the plan of each search's queries"
    )
    args = parser.parse_args(argv)

    if not os.environ.get("DATABASE_URL"):
        os.environ["DJANGO_DATA_DIR"] = tempfile.mkdtemp(prefix="patients-bench-")
    import django
    from django.conf import settings

    django.setup()
    from django.db import connection

    # Not setup_test_environment(): its template instrumentation would slow every page down.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = os.path.join(
            os.environ["DJANGO_DATA_DIR"], "bench.sqlite3"
        )
    original_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False
    )
    try:
        return run(patients=args.patients, requests=args.requests, explain=args.explain)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


def run(*, patients: int, requests: int, explain: bool = False) -> int:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accounts.roles import Role
    from tests.conftest import make_user, sign_in

    clinician = make_user("bench_clinician", Role.CLINICIAN, first_name="Bea", last_name="Bench")
    seeded = seed_patients(patients)

    client = sign_in(Client(), clinician)
    patient_list = reverse("patients:list")

    def searching(typed):
        def prepare():
            response = client.post(patient_list, {"query": typed})
            assert response.status_code == 302, typed

        return prepare

    def clear():
        client.post(patient_list, {"clear": "1"})

    cases = [
        ("GET /healthz", reverse("healthz"), clear, None),
        ("GET / (signed-in start page)", reverse("home"), clear, None),
        ("list, first page", patient_list, clear, ""),
        (
            f"name search '{NAME_SEARCH_SELECTIVE}'",
            patient_list,
            searching(NAME_SEARCH_SELECTIVE),
            NAME_SEARCH_SELECTIVE,
        ),
        (
            f"name search '{NAME_SEARCH_BROAD}'",
            patient_list,
            searching(NAME_SEARCH_BROAD),
            NAME_SEARCH_BROAD,
        ),
        (f"MRN search '{MRN_SEARCH}'", patient_list, searching(MRN_SEARCH), MRN_SEARCH),
    ]
    results = []
    for label, url, prepare, typed in cases:
        prepare()
        median, sql, queries = measure(client, url, requests)
        count = None if typed is None else result_count(typed)
        results.append((label, median, sql, queries, count))

    healthz = results[0][1]
    print(
        f"{connection.vendor}: {patients:,} patients seeded in {seeded:.1f} s; "
        f"median of {requests} requests after {WARM_UP} warm-up requests"
    )
    print(
        f"{'page':<34} {'median ms':>10} {'x healthz':>10} {'patient SQL ms':>15} "
        f"{'queries':>8} {'results':>8}"
    )
    for label, median, sql, queries, count in results:
        print(
            f"{label:<34} {median * 1000:>10.2f} {median / healthz:>10.1f} {sql * 1000:>15.2f} "
            f"{queries:>8} {count if count is not None else '':>8}"
        )
    if explain:
        for _, _, _, typed in cases[2:]:
            print_plans(typed)
    return 0


def seed_patients(count: int) -> float:
    """``count`` demo patients (as ``seed_demo --patients``), then the statistics autovacuum
    would have gathered by now. Returns the seconds the patients took."""
    from django.db import connection

    from patients.demo import demo_patients_create

    started = time.perf_counter()
    demo_patients_create(count=count)
    seeded = time.perf_counter() - started
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE patients_patient")
        else:
            cursor.execute("ANALYZE")
    return seeded


def print_plans(typed: str) -> None:
    from django.core.paginator import Paginator
    from django.db import connection

    from patients.search import parse_search
    from patients.selectors import patient_list

    patients = patient_list(search=parse_search(typed) if typed else None)
    page = Paginator(patients, 25).page(1).object_list
    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    for label, query in [("count", patients.order_by().query), ("page", page.query)]:
        sql, params = query.sql_with_params()
        if label == "count":
            sql = f"SELECT COUNT(*) FROM ({sql}) counted"  # noqa: S608 (ORM-built, parameters apart)
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql, params)
            print(f"-- {typed or '(no search)'}: {label}")
            for row in cursor.fetchall():
                print("   ", row[0] if len(row) == 1 else row[-1])


def measure(client, url, requests):
    """Median time of ``requests`` GETs, then the query count of a few more (counting queries
    slows them down, so it is not done while timing)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UP):
        client.get(url)
    timings, patient_sql = [], []
    for _ in range(requests):
        sql_timer = SqlTimer("patients_patient")
        with connection.execute_wrapper(sql_timer):
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        patient_sql.append(sql_timer.seconds)
        assert response.status_code == 200, (url, response.status_code)
    query_counts = set()
    for _ in range(WARM_UP):
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        query_counts.add(len(captured))
    low, high = min(query_counts), max(query_counts)
    queries = str(low) if low == high else f"{low}-{high}"
    return statistics.median(timings), statistics.median(patient_sql), queries


class SqlTimer:
    """Adds up the time spent waiting for queries: all of them, or those naming ``table``."""

    def __init__(self, table: str | None = None):
        self.table = table
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if self.table is None or self.table in sql:
                self.seconds += time.perf_counter() - started


def result_count(typed: str) -> int:
    from patients.search import parse_search
    from patients.selectors import patient_list

    return patient_list(search=parse_search(typed) if typed else None).count()


if __name__ == "__main__":
    sys.exit(main())
