"""Named data sets for the large benchmark: built once, kept, and reused by later runs.

A data set lives in its own PostgreSQL database, ``fibro_perf_set_<patients>_<events>``,
beside a one-row table ``bench_dataset`` that records what it holds (the sizes, the plan of
the pages and the load test, the build times) and whether its build finished. A database whose
row says ``complete`` with the same sizes is reused as it is; any other is dropped and built
again, and so is every one when asked to (``--rebuild``).

The build runs in a child process with the app's production settings (``python -m
tests.bench --part build``): the accounts of the page benchmark and the load test, the demo
patients in bulk, the workups the pages and the load test open, then the audit events
(``audit.bulk.append_synthetic_events``: valid chained events about those users and patients),
and the statistics autovacuum would have gathered. The runs add a few thousand audit events
of their own to a kept data set (every page read is audited); the sizes are what it was built
with.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass

from tests.bench import harness

MARKER_TABLE = "bench_dataset"
HTTP_ACCOUNTS = 8
LOAD_USERS = 50
LOAD_WORKUPS = 25
PROGRESS_EVERY = 500_000  # audit events between two progress lines


@dataclass(frozen=True)
class Size:
    patients: int
    events: int

    @property
    def database(self) -> str:
        return f"{harness.DATABASE_PREFIX}set_{self.patients}_{self.events}"

    def label(self) -> str:
        return f"{self.patients:,} patients, {self.events:,} audit events"


@dataclass
class Dataset:
    size: Size
    site: harness.Site
    plan: dict  # the pages' plan, the load test's accounts and targets, the build figures
    reused: bool


def ensure(size: Size, *, rebuild: bool = False, collected_static=None) -> Dataset:
    """The data set of ``size``: the kept one if complete (and not ``rebuild``), else built.
    ``collected_static``: static files already collected in this run, to serve as they are."""
    server = harness.server_url()
    url = harness.database_url(size.database, server=server)
    plan = None if rebuild else read_marker(size)
    reused = plan is not None
    if not reused:
        harness.drop_database(size.database, server=server)
        harness.create_database(size.database, server=server)
    site = harness.Site(url, collected_static=collected_static)
    try:
        print(f"bench: preparing {size.database} ...", file=sys.stderr)
        site.prepare()
        if not reused:
            print(f"bench: building {size.label()} ...", file=sys.stderr)
            plan = build_in_child(site, size)
    except BaseException:
        site.remove()
        raise
    return Dataset(size, site, plan, reused)


def read_marker(size: Size) -> dict | None:
    """The plan of a complete data set of ``size``, or None (missing, unfinished, other)."""
    import psycopg2

    url = harness.database_url(size.database)
    try:
        connection = psycopg2.connect(url, connect_timeout=5)
    except psycopg2.OperationalError:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
            if cursor.fetchone()[0] is None:
                return None
            cursor.execute(
                f"SELECT patients, events, complete, plan FROM {MARKER_TABLE}"  # noqa: S608
            )
            row = cursor.fetchone()
    finally:
        connection.close()
    if row is None or (row[0], row[1]) != (size.patients, size.events) or not row[2]:
        return None
    return row[3]


def build_in_child(site: harness.Site, size: Size) -> dict:
    import subprocess

    command = [sys.executable, "-m", "tests.bench", "--part", "build"]
    command += ["--patients", str(size.patients), "--events", str(size.events)]
    result = subprocess.run(
        command,
        cwd=harness.PROJECT,
        env=site.environment(),
        stdout=subprocess.PIPE,
        text=True,
        timeout=4 * 3600,
    )
    if result.returncode != 0:
        raise harness.SetupError(f"building {size.database} failed (see the lines above)")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- The build (in the child, after django.setup()) ----------------------------------------------


def build(size: Size) -> dict:
    """Seed everything, append the audit events, record the marker; returns the plan."""
    from django.db import connection

    from tests.bench import load, pages
    from tests.bench import seed as data

    _write_marker(size, complete=False, plan={})
    started = time.perf_counter()
    patient_seconds = data.patients(size.patients)
    say(f"{size.patients:,} patients in {patient_seconds:.0f} s")
    plan = pages.seed_cases(http_accounts=HTTP_ACCOUNTS)
    accounts, targets = load.seed_accounts_and_targets(users=LOAD_USERS, workups=LOAD_WORKUPS)
    plan["load"] = {"accounts": accounts, "targets": targets}
    event_seconds = append_events(size.events)
    with connection.cursor() as cursor:
        analysed = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")
        analyse_seconds = time.perf_counter() - analysed
    say(f"VACUUM ANALYZE in {analyse_seconds:.0f} s")
    plan["build"] = {
        "patients": size.patients,
        "events": size.events,
        "patient_seconds": patient_seconds,
        "event_seconds": event_seconds,
        "analyse_seconds": analyse_seconds,
        "total_seconds": time.perf_counter() - started,
        "database_bytes": _database_bytes(),
    }
    plan["patients"] = size.patients
    _write_marker(size, complete=True, plan=plan)
    return plan


def append_events(count: int) -> float:
    """Append ``count`` synthetic audit events (in one call: they are spread over the last few
    years), showing progress; returns the seconds taken."""
    if count <= 0:
        return 0.0
    from audit.bulk import append_synthetic_events

    started = time.monotonic()
    shown = [0]

    def progress(done: int, total: int) -> None:
        if done - shown[0] >= PROGRESS_EVERY or done == total:
            shown[0] = done
            seconds = time.monotonic() - started
            say(f"audit events: {done:,} of {total:,} ({seconds:.0f} s, {done / seconds:,.0f}/s)")

    return append_synthetic_events(count, progress=progress)


def _write_marker(size: Size, *, complete: bool, plan: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (patients bigint NOT NULL, "
            "events bigint NOT NULL, complete boolean NOT NULL, plan jsonb NOT NULL, "
            "written_at timestamptz NOT NULL DEFAULT now())"
        )
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (patients, events, complete, plan) "  # noqa: S608
            "VALUES (%s, %s, %s, %s)",
            [size.patients, size.events, complete, json.dumps(plan)],
        )
        cursor.execute(
            f"COMMENT ON TABLE {MARKER_TABLE} IS %s",
            [
                f"benchmark data set: {size.label()}; "
                + ("complete" if complete else "build in progress")
            ],
        )


def read_plan_here() -> dict:
    """The plan of the data set this process's database holds (after django.setup())."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT complete, plan FROM {MARKER_TABLE}")  # noqa: S608
        row = cursor.fetchone()
    if row is None or not row[0]:
        raise harness.SetupError("this database holds no complete benchmark data set")
    plan = row[1]
    return json.loads(plan) if isinstance(plan, str) else plan


def _database_bytes() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]


def say(line: str) -> None:
    print(f"bench: {line}", file=sys.stderr, flush=True)
