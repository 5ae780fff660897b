"""Every benchmark, on PostgreSQL, in one table of medians and ratios measured in the same run.

    python -m tests.bench                  # or: make bench
    python -m tests.bench --quick          # fewer patients and rounds, to try the command
    python -m tests.bench --large          # or: make bench-large (tests/bench/large.py)

It creates a throw-away database ``fibro_perf_bench_<pid>`` on the PostgreSQL server of
DATABASE_URL (default: postgres@127.0.0.1:5432, which must let this user create databases),
migrates it, seeds it, measures, and drops it at the end; temporary folders likewise. Nothing
here runs in the normal test suite.

1. Pages against GET /healthz: patient search by name and by MRN among 100,000 patients, the
   page of a patient with 10 workups, a section page of a draft, the workup overview of that
   patient (and, for information, the first page of the patient list). In process (Django test
   client) and over HTTP (gunicorn with 2 sync workers on 127.0.0.1:8111, production settings:
   debug off, hashed static files), in interleaved rounds. Targets: MRN search, patient page
   and section page <= 3x healthz, name search (1,000+ found) and workup overview <= 5x, and a
   query count that does not change with the data.
2. ``evaluate`` throughput on one core (tests/bench/bench_evaluate.py). Target >= 5,000/s.
3. The summary PDF against a bare WeasyPrint render of the same HTML, and batch prints of 50 and
   200 (tests/bench/bench_summary.py). Targets: ratio <= 1.15 (the absolute time is
   information); a batch <= 12 s per 50 summaries and <= 400 MB.

Parts that need their own process (the one-core pinning, the summary's test settings) run
as ``python -m tests.bench --part ...`` children and hand back JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time

from tests.bench import harness
from tests.bench.bench_evaluate import TARGET as EVALUATE_TARGET
from tests.bench.bench_summary import (
    BATCH_TARGET_MB,
    RENDER_REFERENCE_SECONDS,
    RENDER_TARGET_RATIO,
    batch_target_seconds,
)
from tests.bench.pages import TARGET_RATIOS, queries_constant, query_text

PORT = 8111
WRITERS_SECONDS = 10.0  # the concurrent audit writers' run
HTTP_ACCOUNTS = 8  # one signed-in browser per page (a code is accepted only once)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--large" in argv:
        from tests.bench import large

        return large.main([a for a in argv if a != "--large"])
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40, help="timed rounds per page")
    parser.add_argument("--summary-rounds", type=int, default=15)
    parser.add_argument(
        "--batch", type=int, nargs="+", default=[50, 200], help="batch sizes to measure"
    )
    parser.add_argument("--quick", action="store_true", help="10,000 patients, fewer rounds")
    parser.add_argument(
        "--large",
        action="store_true",
        help="1,000,000 patients and 10,000,000 audit events against 100,000 and 100,000 "
        "(data sets built once and kept; see python -m tests.bench --large --help)",
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="with --large: build the data sets again"
    )
    parser.add_argument("--events", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--part", help=argparse.SUPPRESS)
    parser.add_argument("--plan", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.patients, args.requests, args.summary_rounds = 10_000, 15, 5
    if args.part:
        return run_part(args)
    try:
        return orchestrate(args)
    except harness.SetupError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2


# --- The parent: one database, the parts, one table ----------------------------------------------


def orchestrate(args) -> int:
    started = time.monotonic()
    load_before = harness.load_average()
    results: dict = {}
    with harness.throwaway_database("bench") as url:
        site = harness.Site(url)
        try:
            print(f"bench: preparing {url.rsplit('/', 1)[-1]} ...", file=sys.stderr)
            site.prepare()
            print(f"bench: seeding {args.patients:,} patients ...", file=sys.stderr)
            plan = child(site, "seed", args)
            plan_file = site.folder / "plan.json"
            plan_file.write_text(json.dumps(plan))
            args.plan = str(plan_file)
            print("bench: pages in process ...", file=sys.stderr)
            results["in_process"] = child(site, "pages", args)
            print("bench: pages over HTTP ...", file=sys.stderr)
            results["http"] = measure_over_http(site, plan, args.requests)
        finally:
            site.remove()
    print("bench: evaluate on one core ...", file=sys.stderr)
    results["evaluate"] = child(None, "evaluate", args)
    print("bench: summary PDF and batch print ...", file=sys.stderr)
    results["summary"] = child(None, "summary", args)
    load_after = harness.load_average()
    print_table(plan, results, args, load=(load_before, load_after))
    print(f"(the whole run took {time.monotonic() - started:.0f} s)")
    return 0 if all_met(results, plan) else 1


def child(site, part: str, args) -> dict:
    """Run one part in a child process and return the JSON it prints last."""
    command = [sys.executable, "-m", "tests.bench", "--part", part]
    command += ["--patients", str(args.patients), "--requests", str(args.requests)]
    command += ["--summary-rounds", str(args.summary_rounds), "--batch", *map(str, args.batch)]
    if args.plan:
        command += ["--plan", args.plan]
    if site is not None:
        env = site.environment()
    else:
        # Evaluate needs no database; the summary part makes its own (test settings, as its
        # module was written for), named like every database of these runs.
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
        env["DATABASE_URL"] = harness.database_url(
            f"{harness.DATABASE_PREFIX}summary_{os.getpid()}"
        )
        env["PYTHONPATH"] = str(harness.PROJECT)
    result = subprocess.run(
        command, cwd=harness.PROJECT, env=env, capture_output=True, text=True, timeout=1800
    )
    if result.returncode != 0:
        raise harness.SetupError(f"the {part} part failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_over_http(site, plan: dict, requests: int) -> dict:
    from tests.bench.pages import measure_http

    server = harness.AppServer(site, PORT, workers=2, name="bench").start()
    try:
        return measure_http(plan, server.base_url, requests)
    finally:
        server.stop()


# --- The children ---------------------------------------------------------------------------------


def run_part(args) -> int:
    if args.part == "evaluate":
        from tests.bench import bench_evaluate

        outcome = bench_evaluate.measure()  # pins this process to one core
        print(json.dumps(outcome))
        return 0
    if args.part == "summary":
        print(json.dumps(summary_part(args)))
        return 0
    if args.part == "writers":
        print(json.dumps(writers_part()))
        return 0

    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if args.part == "build":
        from tests.bench import dataset

        size = dataset.Size(patients=args.patients, events=args.events)
        print(json.dumps(dataset.build(size)))
        return 0
    if args.part == "seed":
        from tests.bench.pages import seed

        print(json.dumps(seed(patients=args.patients, http_accounts=HTTP_ACCOUNTS)))
        return 0
    if args.part == "pages":
        from tests.bench.pages import measure_in_process

        with open(args.plan) as handle:
            plan = json.load(handle)
        print(json.dumps(measure_in_process(plan, args.requests)))
        return 0
    raise SystemExit(f"unknown part {args.part}")


def writers_part() -> dict:
    """The concurrent audit writers of tests/bench/bench_audit.py against this process's
    site (its database, secret key and storage, as the parent set them); the lines it printed
    and whether a target was missed."""
    import contextlib
    import io
    from pathlib import Path

    import django

    django.setup()
    from tests.bench import bench_audit

    site = harness.Site(
        os.environ["DATABASE_URL"],
        folder=Path(os.environ["PRIVATE_STORAGE_DIR"]).parent,
        secret_key=os.environ["DJANGO_SECRET_KEY"],
        collected_static=Path(os.environ["DJANGO_STATIC_ROOT"]),
    )
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        misses = bench_audit.concurrent_writers(site, WRITERS_SECONDS)
    return {"lines": printed.getvalue().strip().splitlines(), "missed": bool(misses)}


def summary_part(args) -> dict:
    import logging

    import django

    django.setup()
    from django.db import connection

    from tests.bench import bench_summary

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    render = bench_summary.measure_render(bench_summary.follow_up_document(), args.summary_rounds)
    # measure_batch makes (and drops) the test database of this connection: name it as ours.
    connection.settings_dict["TEST"]["NAME"] = connection.settings_dict["NAME"]
    signing, batches = bench_summary.measure_batches(args.batch)
    return {"render": render, "signing": signing, "batches": list(batches.values())}


# --- The table ------------------------------------------------------------------------------------


def page_verdict(ratio: float, target: float, constant: bool | None) -> str:
    ok = ratio <= target and constant is not False
    return "ok" if ok else "MISSES"


def all_met(results: dict, plan: dict | None = None) -> bool:
    return not any("MISSES" in row[-1] for row in _rows(plan, results))


def _rows(plan, results):
    """(measure, in-process, over HTTP, target, verdict) rows; without a plan, each page's
    target is the one of its key."""
    rows = []
    in_process, http = results["in_process"], results["http"]
    base_in, base_http = in_process["healthz"]["median"], http["healthz"]["median"]
    cases = (
        plan["cases"]
        if plan
        else [{"key": k, "label": k, "ratio": TARGET_RATIOS.get(k)} for k in in_process]
    )
    for case in cases:
        key = case["key"]
        mine, theirs = in_process[key], http[key]
        constant = None if key == "healthz" else queries_constant(mine)
        ratio_in = mine["median"] / base_in
        ratio_http = theirs["median"] / base_http
        if key == "healthz":
            target, verdict = "baseline", ""
        elif case["ratio"]:
            target = f"<= {case['ratio']:g}x, same queries"
            verdict = (
                f"{page_verdict(ratio_in, case['ratio'], constant)} / "
                f"{page_verdict(ratio_http, case['ratio'], constant)}"
            )
        else:
            target, verdict = "(information)", ""
        rows.append(
            (
                case["label"],
                f"{mine['median'] * 1000:6.2f} ms {ratio_in:5.1f}x q={query_text(mine)} "
                f"sql {mine.get('sql', 0) * 1000:.1f} ms",
                f"{theirs['median'] * 1000:6.2f} ms {ratio_http:5.1f}x",
                target,
                verdict,
            )
        )
    rate = results["evaluate"]["evaluate"]
    rows.append(
        (
            "evaluate throughput, one core (facts prebuilt)",
            f"{rate:,.0f} /s",
            "",
            f">= {EVALUATE_TARGET:,}/s",
            "ok" if rate >= EVALUATE_TARGET else "MISSES",
        )
    )
    rate_all = results["evaluate"].get("parse + evaluate + JSON")
    if rate_all:
        rows.append(("  parse + evaluate + JSON output", f"{rate_all:,.0f} /s", "", "", ""))
    render = results["summary"]["render"]
    ratio = render["ours"] / render["bare"]
    rows.append(
        (
            f"summary PDF, render_summary ({render['pages']} pages) / bare WeasyPrint",
            f"{render['ours']:.3f} s / {render['bare']:.3f} s = {ratio:.2f}",
            "",
            f"ratio <= {RENDER_TARGET_RATIO} ({RENDER_REFERENCE_SECONDS} s: information)",
            "ok" if ratio <= RENDER_TARGET_RATIO else "MISSES",
        )
    )
    if render.get("ours_cpu") and render.get("bare_cpu"):
        rows.append(
            (
                "  the same, CPU time of this process only",
                f"{render['ours_cpu']:.3f} s / {render['bare_cpu']:.3f} s = "
                f"{render['ours_cpu'] / render['bare_cpu']:.2f}",
                "",
                "",
                "",
            )
        )
    for batch in results["summary"]["batches"]:
        count = batch["summaries"]
        target = batch_target_seconds(count)
        rows.append(
            (
                f"batch print of {count} summaries ({batch['pages']} pages): job time",
                f"{batch['job_seconds']:.2f} s ({batch['job_seconds'] / count * 1000:.0f} ms each)",
                "",
                f"<= {target:g} s (12 s per 50)",
                "ok" if batch["job_seconds"] <= target else "MISSES",
            )
        )
        rows.append(
            (
                "  batch worker process, peak memory (RSS)",
                f"{batch['peak_mb']:.0f} MB",
                "",
                f"<= {BATCH_TARGET_MB} MB",
                "ok" if batch["peak_mb"] <= BATCH_TARGET_MB else "MISSES",
            )
        )
    signing = results["summary"]["signing"]
    largest = max(batch["summaries"] for batch in results["summary"]["batches"])
    rows.append(
        (
            f"  rendering and storing the {largest} signed PDFs (at signing)",
            f"{signing['signing_seconds']:.2f} s, {signing['peak_mb']:.0f} MB",
            "",
            "(information)",
            "",
        )
    )
    return rows


def print_table(plan, results, args, *, load) -> None:
    cpus = os.cpu_count()
    print(
        f"Benchmarks on PostgreSQL, {plan['patients']:,} patients; {cpus} CPUs "
        f"({platform.machine()}); load average before {load[0]}, after {load[1]}"
    )
    print(
        f"Pages: medians of {args.requests} interleaved rounds after warm-up; in process = Django "
        "test client, over HTTP = gunicorn (2 sync workers) on loopback, one client;"
    )
    print(
        "q = database queries per request (in parentheses: the same page with other data, "
        "e.g. 1 workup instead of 10, 4,670 results instead of 1,310); sql = time spent waiting "
        "for those queries (median of 9 requests)."
    )
    header = ("measure", "in process", "over HTTP", "target", "in process / HTTP")
    rows = _rows(plan, results)
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(5)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*header))
    print(line.format(*("-" * w for w in widths)))
    for row in rows:
        print(line.format(*row).rstrip())


if __name__ == "__main__":
    sys.exit(main())
