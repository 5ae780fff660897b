"""The large benchmark: a health system after a few years against a young clinic, same run.

    python -m tests.bench --large              # or: make bench-large
    python -m tests.bench --large --rebuild    # build both data sets again first
    python -m tests.bench --large --quick      # small sizes and short runs, to try the command
    python -m tests.bench --large --build-only # build the data sets (about 15 minutes), then stop

Two data sets, each built once and kept in its own database (tests/bench/dataset.py): the
large one with 1,000,000 patients and 10,000,000 audit events, the small one with 100,000 and
100,000, made the same way. Then, on PostgreSQL:

1. Pages in process (Django test client, production settings) against GET /healthz, in
   interleaved rounds, at both sizes: MRN search, patient page, section page of a draft
   (<= 3x healthz), name search with 1,000+ found and the workup overview (<= 5x), measured at
   the large set; each page's median at the large set / at the small one (<= 1.25x); the
   query count of each page the same at both sizes (and with other data). Beside them, for
   information: each page's SQL time, and the signed-in start page (the app's layout and
   nothing of a patient), the floor every signed-in page starts from.
2. The load test (tests/bench/load.py: 50 users, 60 s, gunicorn with 2 sync workers on
   127.0.0.1) at each set: 0 errors, 0 lost updates, p95 at the large set <= 1.25x the p95 at
   the small one; the app's CPU per request of its mix (once every user has signed in) / the
   app's CPU per GET /healthz over HTTP on the same server (<= 4), and, for information, per
   signed-in GET / (the start page).
3. ``manage.py verify_audit`` over the large set's trail: >= 50,000 events/s and a peak
   memory <= 200 MB; 8 concurrent audit writers at the small set (tests/bench/bench_audit.py).
4. The summary PDF against bare WeasyPrint (ratio <= 1.15), as in ``make bench``.

Every figure is printed beside its target; a missed target exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time

from tests.bench import harness
from tests.bench.dataset import Dataset, Size, ensure
from tests.bench.pages import HOME, page_queries, plan_cases, queries_constant, query_text

LARGE = Size(patients=1_000_000, events=10_000_000)
SMALL = Size(patients=100_000, events=100_000)
QUICK_LARGE = Size(patients=20_000, events=50_000)
QUICK_SMALL = Size(patients=4_000, events=5_000)
SCALE_TARGET = 1.25
LOAD_P95_TARGET = 1.25
CPU_TARGET = 4.0
VERIFY_RATE_TARGET = 50_000
VERIFY_MB_TARGET = 200
VERIFY_TIMEOUT = 1800
LOAD_PORT = 8122


def main(argv) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench --large", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rebuild", action="store_true", help="build both data sets again")
    parser.add_argument("--quick", action="store_true", help="small sizes and short runs")
    parser.add_argument("--requests", type=int, default=40, help="timed rounds per page")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="load test seconds")
    parser.add_argument("--ramp-up", type=float, default=20.0, help="seconds to start all users")
    parser.add_argument("--summary-rounds", type=int, default=15)
    parser.add_argument("--skip-summary", action="store_true", help="leave out the summary PDF row")
    parser.add_argument(
        "--build-only", action="store_true", help="build (or find) both data sets, then stop"
    )
    args = parser.parse_args(argv)
    large, small = LARGE, SMALL
    if args.quick:
        large, small = QUICK_LARGE, QUICK_SMALL
        args.requests, args.duration, args.users, args.summary_rounds = 10, 20.0, 10, 3
        args.ramp_up = 5.0
    try:
        return run(args, large=large, small=small, rebuild=args.rebuild)
    except harness.SetupError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2


def run(args, *, large: Size, small: Size, rebuild: bool) -> int:
    started = time.monotonic()
    load_before = harness.load_average()
    results: dict = {}
    sets: list[Dataset] = []
    try:
        for size in (small, large):
            collected = sets[0].site.static_root if sets else None
            sets.append(ensure(size, rebuild=rebuild, collected_static=collected))
        if args.build_only:
            for chosen in sets:
                say(f"{chosen.size.database}: {'kept' if chosen.reused else 'built'}")
            return 0
        small_set, large_set = sets
        for chosen in sets:
            # A checkpoint of the trail as built, in this run's storage: the pages then find
            # one recent enough and do not write their own while being measured.
            chosen.site.manage("audit_checkpoint")
        for name, chosen in (("small", small_set), ("large", large_set)):
            say(f"pages in process at {chosen.size.label()} ...")
            results[f"pages_{name}"] = pages(chosen, args.requests)
        for name, chosen in (("small", small_set), ("large", large_set)):
            say(f"load test at {chosen.size.label()} ...")
            results[f"load_{name}"] = load_test(chosen, args)
        say(f"verify_audit over {large_set.size.label()} ...")
        results["verify"] = verify_audit(large_set)
        say(f"8 concurrent audit writers at {small_set.size.label()} ...")
        results["writers"] = concurrent_writers(small_set)
    finally:
        for chosen in sets:
            chosen.site.remove()
    if not args.skip_summary:
        say("summary PDF ...")
        results["summary"] = summary(args.summary_rounds)
    rows = table_rows(small_set, large_set, results)
    print_table(rows, small_set, large_set, args, load=(load_before, harness.load_average()))
    print(f"(the whole run took {time.monotonic() - started:.0f} s)")
    return 1 if any(row[-1] == "MISSES" for row in rows) else 0


# --- The parts ------------------------------------------------------------------------------------


def pages(chosen: Dataset, requests: int) -> dict:
    """The page medians and query counts in process, in a child with the set's settings."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", dir=chosen.site.folder) as plan:
        json.dump(chosen.plan, plan)
        plan.flush()
        command = ["--part", "pages", "--requests", str(requests), "--plan", plan.name]
        return run_json(command, chosen.site.environment(), timeout=3600)


def load_test(chosen: Dataset, args) -> dict:
    """tests/bench/load.py against the kept set, in a child; its figures."""
    out = chosen.site.folder / "load.json"
    command = [sys.executable, "-m", "tests.bench.load", "--database", chosen.size.database]
    command += ["--users", str(args.users), "--duration", str(args.duration)]
    command += ["--ramp-up", str(args.ramp_up)]
    command += ["--port", str(LOAD_PORT), "--json", str(out)]
    command += ["--collected-static", str(chosen.site.static_root)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["PYTHONPATH"] = str(harness.PROJECT)
    result = subprocess.run(
        command, cwd=harness.PROJECT, env=env, capture_output=True, text=True, timeout=1800
    )
    print(result.stdout, end="", file=sys.stderr)
    if not out.exists():
        raise harness.SetupError(f"the load test failed:\n{result.stderr[-4000:]}")
    return json.loads(out.read_text())


def verify_audit(chosen: Dataset) -> dict:
    """``manage.py verify_audit`` over the whole trail (checkpointed at the start of the run):
    seconds and the child's peak memory (its own rusage, from wait4). Stopped after
    VERIFY_TIMEOUT seconds: the rate is then what it would at least have needed."""
    events = count_events(chosen)
    command = [sys.executable, "manage.py", "verify_audit"]
    with tempfile.TemporaryFile("w+") as output:
        started = time.perf_counter()
        child = subprocess.Popen(
            command,
            cwd=harness.PROJECT,
            env=chosen.site.environment(),
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
        timer = threading.Timer(VERIFY_TIMEOUT, child.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read()
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    return {
        "events": events,
        "seconds": seconds,
        "rate": events / seconds if seconds else 0.0,
        "peak_mb": peak_mb,
        "exit": child.returncode,
        "last_line": (text.strip().splitlines() or [""])[-1][:200],
    }


def count_events(chosen: Dataset) -> int:
    import psycopg2

    connection = psycopg2.connect(chosen.site.database_url, connect_timeout=5)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM audit_auditevent")
            return cursor.fetchone()[0]
    finally:
        connection.close()


def concurrent_writers(chosen: Dataset) -> dict:
    """8 processes appending audit events through ``record()`` at once (tests/bench/
    bench_audit.py), at the small set: the trail is verified again after them."""
    return run_json(["--part", "writers"], chosen.site.environment(), timeout=1800)


def summary(rounds: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    env["DATABASE_URL"] = harness.database_url(f"{harness.DATABASE_PREFIX}summary_{os.getpid()}")
    env["PYTHONPATH"] = str(harness.PROJECT)
    command = ["--part", "summary", "--summary-rounds", str(rounds), "--batch", "50"]
    return run_json(command, env, timeout=1800)


def run_json(arguments: list[str], env: dict, *, timeout: float) -> dict:
    """``python -m tests.bench <arguments>`` in a child; the JSON it prints last."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench", *arguments],
        cwd=harness.PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise harness.SetupError(f"{' '.join(arguments[:2])} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- The table ------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSES"


def table_rows(small_set: Dataset, large_set: Dataset, results: dict) -> list[tuple]:
    """(measure, figure, target, verdict) rows."""
    rows = []
    small, large = results["pages_small"], results["pages_large"]
    base = large["healthz"]["median"]
    home = large[HOME.key]["median"]
    rows.append(("GET /healthz, in process", f"{base * 1000:.2f} ms", "baseline", ""))
    for case in plan_cases(large_set.plan):
        key = case.key
        if key == "healthz":
            continue
        mine = large[key]
        ratio = mine["median"] / base
        # The page's SQL alone (time in the database driver) and the page against the
        # signed-in start page, to set beside what it may cost.
        against_home = "" if key == HOME.key else f"; {mine['median'] / home:.1f}x the start page"
        figure = (
            f"{mine['median'] * 1000:.2f} ms = {ratio:.1f}x healthz "
            f"(its SQL alone {mine['sql'] * 1000:.2f} ms = {mine['sql'] / base:.1f}x{against_home})"
        )
        if case.ratio:
            rows.append((case.label, figure, f"<= {case.ratio:g}x", verdict(ratio <= case.ratio)))
        else:
            rows.append((case.label, figure, "(information)", ""))
    for case in large_set.plan["cases"]:
        key = case["key"]
        if key == "healthz" or not case["ratio"]:
            continue
        scale = large[key]["median"] / small[key]["median"]
        rows.append(
            (
                f"{key}: median at large / at small",
                f"{large[key]['median'] * 1000:.2f} / {small[key]['median'] * 1000:.2f} ms "
                f"= {scale:.2f}x",
                f"<= {SCALE_TARGET:g}x",
                verdict(scale <= SCALE_TARGET),
            )
        )
    for case in large_set.plan["cases"]:
        key = case["key"]
        if key == "healthz" or not case["ratio"]:
            continue
        same = page_queries(large[key]) == page_queries(small[key])
        constant = same and queries_constant(large[key]) and queries_constant(small[key])
        rows.append(
            (
                f"{key}: queries at large / at small (other data)",
                f"{query_text(large[key])} / {query_text(small[key])}",
                "constant",
                verdict(constant),
            )
        )
    rows.extend(load_rows(results["load_small"], results["load_large"]))
    rows.extend(audit_rows(results["verify"], results["writers"]))
    if "summary" in results:
        from tests.bench.bench_summary import RENDER_REFERENCE_SECONDS, RENDER_TARGET_RATIO

        render = results["summary"]["render"]
        ratio = render["ours"] / render["bare"]
        rows.append(
            (
                f"summary PDF ({render['pages']} pages) / bare WeasyPrint",
                f"{render['ours']:.3f} s / {render['bare']:.3f} s = {ratio:.2f}",
                f"<= {RENDER_TARGET_RATIO} ({RENDER_REFERENCE_SECONDS} s: information)",
                verdict(ratio <= RENDER_TARGET_RATIO),
            )
        )
    for chosen in (small_set, large_set):
        rows.append(build_row(chosen))
    return rows


def load_rows(small: dict, large: dict) -> list[tuple]:
    rows = []
    for name, figures in (("small", small), ("large", large)):
        overall, check = figures["overall"], figures["check"]
        rows.append(
            (
                f"load test at {name} set: errors, lost updates",
                f"{overall['errors']} of {overall['requests']} requests, "
                f"{check['lost_updates']} of {check['acknowledged']} saves "
                f"({check['conflicts']} conflicts); p50 {overall['p50']:.1f} ms, "
                f"p95 {overall['p95']:.1f} ms",
                "0, 0",
                verdict(overall["errors"] == 0 and check["lost_updates"] == 0),
            )
        )
    ratio = large["overall"]["p95"] / small["overall"]["p95"] if small["overall"]["p95"] else 0
    rows.append(
        (
            "load test p95, large / small",
            f"{large['overall']['p95']:.1f} / {small['overall']['p95']:.1f} ms = {ratio:.2f}x",
            f"<= {LOAD_P95_TARGET:g}x",
            verdict(0 < ratio <= LOAD_P95_TARGET),
        )
    )
    for name, figures in (("small", small), ("large", large)):
        cpu = figures.get("cpu")
        if not cpu:
            rows.append((f"app CPU per request / per healthz, {name} set", "not measured", "", ""))
            continue
        rows.append(
            (
                f"app CPU per request (load mix) / per GET /healthz, {name} set",
                f"{cpu['per_request_ms']:.2f} / {cpu['healthz_ms']:.2f} ms = {cpu['ratio']:.1f}",
                f"<= {CPU_TARGET:g}" if name == "large" else "(information)",
                verdict(cpu["ratio"] <= CPU_TARGET) if name == "large" else "",
            )
        )
        if "home_ms" in cpu:
            rows.append(
                (
                    f"  the same / per signed-in start page (layout only), {name} set",
                    f"{cpu['per_request_ms']:.2f} / {cpu['home_ms']:.2f} ms "
                    f"= {cpu['ratio_to_home']:.1f}",
                    "(information)",
                    "",
                )
            )
    return rows


def audit_rows(verify: dict, writers: dict) -> list[tuple]:
    intact = verify["exit"] == 0
    rows = [
        (
            f"verify_audit over {verify['events']:,} events",
            f"{verify['seconds']:.1f} s = {verify['rate']:,.0f} events/s"
            + ("" if intact else f" (exit {verify['exit']}: {verify['last_line'] or 'stopped'})"),
            f">= {VERIFY_RATE_TARGET:,}/s, intact",
            verdict(intact and verify["rate"] >= VERIFY_RATE_TARGET),
        ),
        (
            "  verify_audit, peak memory (RSS)",
            f"{verify['peak_mb']:.0f} MB",
            f"<= {VERIFY_MB_TARGET} MB",
            verdict(verify["peak_mb"] <= VERIFY_MB_TARGET),
        ),
    ]
    for number, line in enumerate(writers["lines"]):
        figure, _, target = line.partition("  [target ")
        met = target.rstrip("]").rsplit(": ", 1)
        rows.append(
            (
                "8 concurrent audit writers (small set)" if number == 0 else "",
                figure,
                met[0] if len(met) == 2 else "",
                verdict(met[1] == "met") if len(met) == 2 else "",
            )
        )
    return rows


def build_row(chosen: Dataset) -> tuple:
    build = chosen.plan["build"]
    per_million = build["event_seconds"] / build["events"] * 1_000_000 if build["events"] else 0.0
    how = "kept from an earlier run" if chosen.reused else "built in this run"
    return (
        f"data set {chosen.size.label()} ({how})",
        f"patients {build['patient_seconds']:.0f} s, audit events {build['event_seconds']:.0f} s "
        f"({per_million:.0f} s per million), VACUUM ANALYZE {build['analyse_seconds']:.0f} s, "
        f"{build['database_bytes'] / 2**30:.1f} GiB",
        "(information)",
        "",
    )


def print_table(rows, small_set, large_set, args, *, load) -> None:
    print(
        f"Large benchmark on PostgreSQL: {large_set.size.label()} against "
        f"{small_set.size.label()}; {os.cpu_count()} CPUs ({platform.machine()}); "
        f"load average before {load[0]}, after {load[1]}"
    )
    print(
        f"Pages: in process (Django test client), medians of {args.requests} interleaved "
        f"rounds after warm-up. Load test: {args.users} users, {args.duration:.0f} s, gunicorn "
        "(2 sync workers) on loopback, at each set in turn."
    )
    header = ("measure", "figure", "target", "")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(4)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*header).rstrip())
    print(line.format(*("-" * w for w in widths)).rstrip())
    for row in rows:
        print(line.format(*row).rstrip())


def say(line: str) -> None:
    print(f"bench: {line}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
