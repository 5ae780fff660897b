"""Benchmark: the summary PDF against a bare WeasyPrint render, and batch prints of 50 and 200.

Run on demand, not by the test suite:

    .venv/bin/python -m tests.bench.bench_summary                    # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fibro_bench \\
        .venv/bin/python -m tests.bench.bench_summary                 # PostgreSQL
    .venv/bin/python -m tests.bench.bench_summary --batch 50          # one batch size only

1. ``render_summary`` of a realistic 3-page summary (a signed follow-up visit with two earlier
   visits on the trend charts), median of ``--rounds``, against a bare WeasyPrint render of the
   very same HTML in the same run: ``weasyprint.HTML(string=html).write_pdf(stylesheets=[the
   print stylesheet file], pdf_variant="pdf/ua-1")`` with WeasyPrint's own defaults (its
   fetcher, a fresh font configuration, the stylesheet parsed each time). The two alternate,
   so background load hits both alike. Target: ratio <= 1.15. The absolute time is printed
   beside the 0.35 s it was once held to, for information only: absolute times differ twofold
   between machines of the same kind. The longest fixture summary is timed too, for scale.
2. Batch prints: as many signed workups as the largest batch (their summaries stored at
   signing, which is timed as "render N"), then for each size the batch print job that joins
   the first N of them into one PDF, each step in its own process so its peak memory (RSS
   high-water mark) is its own. Target for 50: <= 12 s and <= 400 MB. For other sizes the time
   target is the 50's scaled linearly (200: <= 48 s) and the memory cap stays 400 MB.

It creates its own throw-away database (``test_<name>`` on PostgreSQL, a file in a temporary
folder for SQLite) and private storage folder, and removes them at the end.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

RENDER_TARGET_RATIO = 1.15
# For information only (not a target): absolute render times differ twofold between machines.
RENDER_REFERENCE_SECONDS = 0.35
RENDER_TARGET_SECONDS = RENDER_REFERENCE_SECONDS  # the earlier name, still imported
BATCH_SIZES = (50, 200)
BATCH_SIZE = 200  # the batch the job is measured at by default (the largest of BATCH_SIZES)
# The targets as set for a batch of 50; other sizes scale the time linearly, the memory not.
BATCH_TARGET_SIZE = 50
BATCH_TARGET_SECONDS = 12.0
BATCH_TARGET_MB = 400
FIXTURES = ("older_man_inflammatory", "spec_example", "treatment_resistant_woman",
            "young_woman_safety_alert", "first_visit_minimal")  # fmt: skip


def follow_up_document() -> dict:
    """A realistic follow-up visit: every section recorded, a handful of flags, 3 pages."""
    from tests.workup.factories import load_document

    document = load_document("treatment_resistant_woman")
    document["lifestyle"].update(
        aerobic_minutes_per_week=160,
        strength_sessions_per_week=2,
        sleep_hours=7,
        psqi_global=5,
        isi_total=6,
        stop_bang=2,
        diets_tried=["hypocaloric"],
        weight_kg=79,
    )
    document["mental"].update(
        phq9_items=[1, 1, 1, 1, 0, 1, 1, 0, 0], gad7_items=[1, 1, 0, 1, 0, 1, 0], pc_ptsd5=1
    )
    document["mental"]["ace_score"] = 1
    document["gut"].update(rome_iv_ibs=False, sibo_breath_test="negative", symptoms=["bloating"])
    document["hormones"]["cycle_related_flares"] = "none"
    document["exclusions"][-1] = {
        "condition": "sleep_apnoea",
        "status": "unlikely",
        "note": "STOP-Bang 2 after weight loss",
    }
    document["labs"] = [
        lab for lab in document["labs"] if lab["analyte"] not in ("b12", "ana", "ferritin")
    ]
    return document


def earlier_visits():
    from summaries.report import TrendPoint

    def evaluation(wpi, sss, fiqr, phq9, gad7):
        return {
            "criteria": {"acr2016": {"wpi": wpi, "sss": sss, "fs": wpi + sss}},
            "scores": {"fiqr": {"total": fiqr}, "phq9": {"total": phq9}, "gad7": {"total": gad7}},
        }

    return (
        TrendPoint(1, datetime.date(2025, 10, 2), evaluation(15, 11, 78, 17, 12)),
        TrendPoint(2, datetime.date(2026, 3, 2), evaluation(14, 10, 74.5, 12, 9)),
    )


def report_of(document: dict, *, with_history: bool = True):
    from django.utils import timezone

    from summaries.report import SummaryInput, TrendPoint, build_report
    from tests.workup.factories import document_facts
    from workup.rules.evaluate import evaluate

    facts = document_facts(document)
    evaluation = evaluate(facts).as_dict()
    current = TrendPoint(3, facts.visit_date, evaluation, is_current=True)
    now = timezone.now()
    return build_report(
        SummaryInput(
            workup_id=3,
            facts=facts,
            evaluation=evaluation,
            clinician_name="Bea Bench",
            is_signed=True,
            practice_name="Riverside Pain Clinic",
            generated_at=now,
            generated_by="Bea Bench",
            signed_at=now,
            signed_by_name="Bea Bench",
            trend=(*earlier_visits(), current) if with_history else (current,),
        )
    )


def page_count(data: bytes) -> int:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def batch_target_seconds(count: int) -> float:
    """The job-time target for a batch of ``count``: 12 s for 50, scaled linearly."""
    return BATCH_TARGET_SECONDS * count / BATCH_TARGET_SIZE


def batch_met(batch: dict) -> bool:
    return (
        batch["job_seconds"] <= batch_target_seconds(batch["summaries"])
        and batch["peak_mb"] <= BATCH_TARGET_MB
    )


def measure_render(document: dict, rounds: int) -> dict:
    """Median seconds of render_summary (report, template and PDF) and of a bare render."""
    import weasyprint

    from summaries import pdf
    from summaries.report import build_report  # noqa: F401 - imported before timing

    stylesheet = pdf.print_stylesheet_path()
    html, data = pdf.render_summary(report_of(document))

    def ours():
        pdf.render_summary(report_of(document))

    def bare():
        weasyprint.HTML(string=html).write_pdf(
            stylesheets=[weasyprint.CSS(filename=stylesheet)], pdf_variant=pdf.PDF_VARIANT
        )

    ours(), bare()  # warm up both
    timings = {"ours": [], "bare": [], "ours_cpu": [], "bare_cpu": []}
    for _ in range(rounds):
        for name, work in (("ours", ours), ("bare", bare)):
            started, started_cpu = time.perf_counter(), time.process_time()
            work()
            timings[name].append(time.perf_counter() - started)
            timings[f"{name}_cpu"].append(time.process_time() - started_cpu)
    return {"pages": page_count(data)} | {k: statistics.median(v) for k, v in timings.items()}


# --- The batches, each step in its own process ---------------------------------------------------


def child(step: str, database: str, storage: str, count: int) -> None:
    """Runs in a subprocess: 'sign' (N signed workups, their PDFs stored) or 'batch' (a batch
    print of the first N of them)."""
    import django
    from django.conf import settings

    settings.STORAGES["default"]["OPTIONS"]["location"] = storage
    django.setup()
    from django.db import connection

    connection.settings_dict["NAME"] = database
    started = time.perf_counter()
    detail = sign_workups(count) if step == "sign" else run_batch(count)
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "peak_mb": peak_kb / 1024, **detail}))


def sign_workups(count: int) -> dict:
    from accounts.roles import Role
    from tests.conftest import PASSWORD, make_user
    from tests.patients.factories import make_patient
    from tests.workup.factories import document_facts, load_document, make_workup
    from workup.services import workup_sign

    clinician = make_user("bench_clinician", Role.CLINICIAN, first_name="Bea", last_name="Bench")
    day = datetime.date(2026, 11, 2)
    drafts = []
    for i in range(count):
        document = load_document(FIXTURES[i % len(FIXTURES)])
        document["visit_date"] = day.isoformat()
        person = document["patient"]
        patient = make_patient(
            mrn=f"BENCH-{i:04d}",
            given_name=person["given_name"],
            family_name=f"{person['family_name']}{i:02d}",
            date_of_birth=datetime.date.fromisoformat(person["date_of_birth"]),
            sex_at_birth=person["sex_at_birth"],
        )
        facts = document_facts(document)
        drafts.append(make_workup(patient=patient, clinician=clinician, facts=facts))
    started = time.perf_counter()
    for workup in drafts:
        workup_sign(workup=workup, signer=clinician, password=PASSWORD)
    return {"signing_seconds": time.perf_counter() - started}


def run_batch(count: int) -> dict:
    from accounts.models import User
    from summaries import jobs
    from summaries.models import BatchPrint
    from summaries.selectors import batch_candidates

    ids = [w.pk for w in batch_candidates(clinic_date=datetime.date(2026, 11, 2))][:count]
    assert len(ids) == count, f"{len(ids)} signed workups for a batch of {count}"
    user = User.objects.get(username="bench_clinician")
    job = BatchPrint.objects.create(requested_by=user, workup_ids=ids, total=len(ids))
    started = time.perf_counter()
    done = jobs.run_one("bench-worker")
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # the job's, before the checks
    assert done.pk == job.pk and done.status == "done", done.error
    with done.result.open("rb") as handle:
        data = handle.read()
    return {
        "job_seconds": elapsed,
        "peak_mb": peak_kb / 1024,
        "summaries": len(ids),
        "pages": page_count(data),
        "size_mb": len(data) / 1e6,
    }


def run_child(step: str, database: str, storage: str, count: int) -> dict:
    command = [sys.executable, "-m", "tests.bench.bench_summary", "--child", step]
    command += ["--database", database, "--storage", storage, "--count", str(count)]
    result = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    if result.returncode != 0:
        raise RuntimeError(f"{step} step failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_batch(count: int) -> tuple[dict, dict]:
    """(signing, batch) figures for one batch of ``count``."""
    signing, batches = measure_batches([count])
    return signing, batches[count]


def measure_batches(counts) -> tuple[dict, dict[int, dict]]:
    """Sign as many workups as the largest batch, then make a batch of each size in turn:
    (signing figures, {size: batch figures})."""
    from django.db import connection

    counts = sorted(set(counts))

    storage = tempfile.mkdtemp(prefix="summary-bench-storage-")
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = os.path.join(
            os.environ["DJANGO_DATA_DIR"], "bench.sqlite3"
        )
    original = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    database = connection.settings_dict["NAME"]
    connection.close()
    try:
        signing = run_child("sign", database, storage, counts[-1])
        batches = {count: run_child("batch", database, storage, count) for count in counts}
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)
        shutil.rmtree(storage, ignore_errors=True)
    return signing, batches


def row(label, value, target, ok) -> str:
    return f"{label:<58} {value:>12} {target:>12} {'ok' if ok else 'MISSES':>7}"


def batch_rows(signing: dict, batches: dict[int, dict]) -> list[str]:
    lines = []
    for count, batch in sorted(batches.items()):
        target = batch_target_seconds(count)
        scaled = "" if count == BATCH_TARGET_SIZE else f"; 12 s for {BATCH_TARGET_SIZE}, scaled"
        lines += [
            row(
                f"batch print of {batch['summaries']} ({batch['pages']} pages, "
                f"{batch['size_mb']:.1f} MB): job{scaled}",
                f"{batch['job_seconds']:.2f} s",
                f"<= {target:.0f} s",
                batch["job_seconds"] <= target,
            ),
            row(
                "  per summary",
                f"{batch['job_seconds'] / count * 1000:.0f} ms",
                "",
                True,
            ),
            row(
                "  batch worker process, peak RSS",
                f"{batch['peak_mb']:.0f} MB",
                f"<= {BATCH_TARGET_MB} MB",
                batch["peak_mb"] <= BATCH_TARGET_MB,
            ),
        ]
    largest = max(batches)
    lines += [
        row(
            f"render {largest} summaries (signing {largest} workups)",
            f"{signing['signing_seconds']:.2f} s",
            "",
            True,
        ),
        row("  signing process, peak RSS", f"{signing['peak_mb']:.0f} MB", "", True),
    ]
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument(
        "--batch", type=int, nargs="+", default=list(BATCH_SIZES), help="batch sizes to measure"
    )
    parser.add_argument("--child", choices=["sign", "batch"], help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--storage", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=BATCH_SIZE, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if not os.environ.get("DATABASE_URL") and not os.environ.get("DJANGO_DATA_DIR"):
        os.environ["DJANGO_DATA_DIR"] = tempfile.mkdtemp(prefix="summary-bench-")
    if args.child:
        child(args.child, args.database, args.storage, args.count)
        return 0

    import django

    django.setup()
    import logging

    from django.db import connection

    from tests.workup.factories import load_document

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    load_before = os.getloadavg()[0]
    typical = measure_render(follow_up_document(), args.rounds)
    longest = measure_render(load_document("treatment_resistant_woman"), max(5, args.rounds // 3))
    vendor = connection.vendor
    signing, batches = measure_batches(args.batch)

    ratio = typical["ours"] / typical["bare"]
    print(
        f"summary benchmark ({vendor}, {os.cpu_count()} CPUs, load average {load_before:.1f} "
        f"before the run, medians of {args.rounds} rounds)"
    )
    print(f"{'measure':<58} {'value':>12} {'target':>12} {'':>7}")
    lines = [
        row(
            f"render_summary, realistic summary ({typical['pages']} pages)",
            f"{typical['ours']:.3f} s",
            f"(was {RENDER_REFERENCE_SECONDS})",
            True,
        ),
        row("bare WeasyPrint render of the same HTML", f"{typical['bare']:.3f} s", "", True),
        row(
            "  the same two in CPU time (render_summary / bare)",
            f"{typical['ours_cpu']:.3f}/{typical['bare_cpu']:.3f}",
            "",
            True,
        ),
        row(
            "ratio render_summary / bare",
            f"{ratio:.2f}",
            f"<= {RENDER_TARGET_RATIO}",
            ratio <= RENDER_TARGET_RATIO,
        ),
        row(
            f"render_summary, longest fixture ({longest['pages']} pages; for scale)",
            f"{longest['ours']:.3f} s",
            "",
            True,
        ),
        row(
            f"  its bare render (ratio {longest['ours'] / longest['bare']:.2f})",
            f"{longest['bare']:.3f} s",
            "",
            True,
        ),
        *batch_rows(signing, batches),
    ]
    print("\n".join(lines))
    print(
        f"(the render time is information: {RENDER_REFERENCE_SECONDS} s was its target before "
        "absolute times were found to differ twofold between machines; batch time targets "
        f"are {BATCH_TARGET_SECONDS:.0f} s per {BATCH_TARGET_SIZE} summaries, scaled linearly, "
        f"and the memory cap is {BATCH_TARGET_MB} MB at every size)"
    )
    met = ratio <= RENDER_TARGET_RATIO and all(batch_met(b) for b in batches.values())
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
