"""Benchmark: the audit trail at a health system's size, on PostgreSQL.

Run on demand, not by the test suite:

    .venv/bin/python -m tests.bench.bench_audit                     # 1,000,000 events
    .venv/bin/python -m tests.bench.bench_audit --events 10000000   # the large data set

In a throw-away database (``harness.throwaway_database``), migrated, with the demo users and
some demo patients and workups:

1. ``record()`` latency, median of ``--samples`` appends, on an empty trail.
2. ``--events`` synthetic events appended in bulk (``audit.bulk``): seconds per million, for
   information.
3. ``record()`` latency again at that size: target <= 1.25x the empty trail's (appends stay
   flat without partitioning the table).
4. ``verify_audit`` in a process of its own: target >= 50,000 events/s and a peak memory (its
   RSS high-water mark) <= 200 MB.
5. Eight writer processes append through ``record()`` for ``--seconds``: no sequence number
   lost or duplicated, the trail verifies; throughput for information.
6. The table's size with its indexes per million events, for information.

Each figure is printed beside its target; a missed target exits 1.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

from tests.bench.harness import PROJECT, SetupError, Site, throwaway_database

VERIFY_TARGET_RATE = 50_000
VERIFY_TARGET_MB = 200
APPEND_FLAT_TARGET = 1.25
WRITERS = 8
PATIENTS = 20_000

VERIFY_CHILD = """
import json, resource, sys, time
import django
django.setup()
from io import StringIO
from django.core.management import call_command
out, err = StringIO(), StringIO()
started = time.monotonic()
try:
    call_command("verify_audit", stdout=out, stderr=err)
    code = 0
except SystemExit as exit_:
    code = exit_.code
seconds = time.monotonic() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"code": code, "seconds": seconds, "peak_mb": peak_mb,
                  "out": out.getvalue(), "err": err.getvalue()}))
"""

WRITER_CHILD = """
import json, sys, time
import django
django.setup()
from django.db import transaction
from accounts.models import User
from audit import actions
from audit.record import record
seconds = float(sys.argv[1])
actor = User.objects.order_by("pk").first()
sequences = []
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()
end = time.monotonic() + seconds
while time.monotonic() < end:
    with transaction.atomic():
        event = record(actions.PATIENT_VIEW, actor=actor, target_type="patients.patient",
                       target_id="1", patient_id=1)
    sequences.append(event.sequence)
print(json.dumps(sequences))
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="the writers' run")
    parser.add_argument("--samples", type=int, default=300, help="record() calls per latency")
    options = parser.parse_args(argv)
    try:
        with throwaway_database("audit") as url:
            site = Site(url)
            try:
                return run(site, options)
            finally:
                site.remove()
    except SetupError as error:
        print(error, file=sys.stderr)
        return 2


def run(site: Site, options) -> int:
    site.manage("migrate", "--noinput")
    site.manage("seed_demo", "--force", "--patients", str(PATIENTS), "--workups", "1")
    site.use_in_this_process()
    import django

    django.setup()
    from audit.bulk import append_synthetic_events
    from audit.checkpoint import write_checkpoint

    misses = []
    empty = append_latency(options.samples)
    print(f"record() on an empty trail: median {empty * 1000:.2f} ms")

    last = {"shown": 0.0}

    def progress(done, total):
        if time.monotonic() - last["shown"] > 10 or done == total:
            last["shown"] = time.monotonic()
            print(f"  appended {done:,} of {total:,}", file=sys.stderr, flush=True)

    seconds = append_synthetic_events(options.events, progress=progress)
    write_checkpoint()
    per_million = seconds * 1_000_000 / options.events
    print(
        f"bulk append of {options.events:,} events: {seconds:.1f} s, "
        f"{per_million:.1f} s per million (information)"
    )
    analyse()
    large = append_latency(options.samples)
    ratio = large / empty
    misses += check(
        f"record() at {options.events:,} events: median {large * 1000:.2f} ms, "
        f"{ratio:.2f}x the empty trail's",
        ratio <= APPEND_FLAT_TARGET,
        f"<= {APPEND_FLAT_TARGET}x",
    )
    misses += verify_figures(site, options.events)
    misses += concurrent_writers(site, options.seconds)
    print(f"disk: {disk_per_million()} per million events, table and indexes (information)")
    if misses:
        print(f"MISSED: {', '.join(misses)}")
        return 1
    print("all audit targets met")
    return 0


def check(figure: str, met: bool, target: str) -> list[str]:
    print(f"{figure}  [target {target}: {'met' if met else 'MISSED'}]")
    return [] if met else [figure.split(":")[0]]


def append_latency(samples: int) -> float:
    """Median seconds of one record() in its own transaction (as a page read does)."""
    from django.db import transaction

    from accounts.models import User
    from audit import actions
    from audit.record import record

    actor = User.objects.order_by("pk").first()
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        with transaction.atomic():
            record(actions.PATIENT_VIEW, actor=actor, target_type="patients.patient",
                   target_id="1", patient_id=1)  # fmt: skip
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE audit_auditevent")


def verify_figures(site: Site, events: int) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", VERIFY_CHILD],
        cwd=PROJECT,
        env=site.environment(),
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if result.returncode != 0:
        raise SetupError(f"verify_audit did not run:\n{result.stderr[-2000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    if figures["code"] != 0:
        return check(f"verify_audit: {figures['err'].strip()}", False, "intact")
    total = int(figures["out"].split(":")[1].split()[0])
    rate = total / figures["seconds"]
    misses = check(
        f"verify_audit over {total:,} events: {figures['seconds']:.1f} s, {rate:,.0f} events/s",
        rate >= VERIFY_TARGET_RATE,
        f">= {VERIFY_TARGET_RATE:,} events/s",
    )
    misses += check(
        f"verify_audit peak memory: {figures['peak_mb']:.0f} MB",
        figures["peak_mb"] <= VERIFY_TARGET_MB,
        f"<= {VERIFY_TARGET_MB} MB",
    )
    return misses


def concurrent_writers(site: Site, seconds: float) -> list[str]:
    """WRITERS processes, started together, append through record() for ``seconds``."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT max(sequence) FROM audit_auditevent")
        (before,) = cursor.fetchone()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER_CHILD, str(seconds)],
            cwd=PROJECT,
            env=site.environment(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(WRITERS)
    ]
    for writer in writers:
        writer.stdout.readline()
    started = time.monotonic()
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    written = []
    for writer in writers:
        out, _ = writer.communicate(timeout=seconds + 120)
        written.extend(json.loads(out.strip().splitlines()[-1]))
    elapsed = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(DISTINCT sequence), min(sequence), max(sequence) "
            "FROM audit_auditevent WHERE sequence > %s",
            [before],
        )
        stored, distinct, low, high = cursor.fetchone()
    whole = (
        stored == distinct == len(written) == len(set(written))
        and low == before + 1
        and high == before + stored
    )
    misses = check(
        f"{WRITERS} concurrent writers: {len(written):,} events in {elapsed:.1f} s "
        f"({len(written) / elapsed:,.0f} events/s), sequences {low}-{high}, "
        f"{stored - distinct} duplicated, {high - low + 1 - distinct} missing",
        whole,
        "none lost or duplicated",
    )
    result = subprocess.run(
        [sys.executable, "-c", VERIFY_CHILD],
        cwd=PROJECT,
        env=site.environment(),
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    intact = (figures["out"] or figures["err"]).strip()
    misses += check(f"the trail after the writers: {intact}", figures["code"] == 0, "intact")
    return misses


def disk_per_million() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size('audit_auditevent'), "
            "pg_relation_size('audit_auditevent'), count(*) FROM audit_auditevent"
        )
        total, table, count = cursor.fetchone()
    per_million = 1_000_000 / max(count, 1) / 2**20
    return f"{total * per_million:,.0f} MB ({table * per_million:,.0f} MB table)"


if __name__ == "__main__":
    sys.exit(main())
