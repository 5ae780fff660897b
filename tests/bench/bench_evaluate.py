"""Benchmark: evaluations per second of realistic workups on one core.

Run on demand (not part of the normal test run):

    python -m tests.bench.bench_evaluate
    pytest tests/bench/bench_evaluate.py -s

Prints the median of several rounds for: evaluate only (facts prebuilt), parse + evaluate, and
parse + evaluate + JSON output. The target is 5,000 evaluations per second for evaluate only.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import time
from datetime import date
from pathlib import Path

from workup.document import facts_from_document
from workup.rules.evaluate import evaluate

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "documents"
TARGET = 5_000
ROUNDS = 7
PER_ROUND = 3_000
TODAY = date(2026, 11, 24)


def _documents() -> list[dict]:
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.json"))]
    # Weight towards full workups: the minimal first-visit document is the cheap case.
    return [d for d in docs for _ in range(1 if len(d) <= 3 else 3)]


def _pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _rate(work, items: list) -> float:
    """Median items per second over ROUNDS rounds of PER_ROUND calls of `work`."""
    rates = []
    n = len(items)
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for i in range(PER_ROUND):
            work(items[i % n])
        rates.append(PER_ROUND / (time.perf_counter() - start))
    return statistics.median(rates)


def measure() -> dict[str, float]:
    _pin_to_one_core()
    docs = _documents()
    facts = [facts_from_document(d, today=TODAY) for d in docs]
    for f in facts:  # warm up
        evaluate(f)
    return {
        "evaluate": _rate(evaluate, facts),
        "parse + evaluate": _rate(lambda d: evaluate(facts_from_document(d, today=TODAY)), docs),
        "parse + evaluate + JSON": _rate(
            lambda d: json.dumps(evaluate(facts_from_document(d, today=TODAY)).as_dict()), docs
        ),
    }


def report(results: dict[str, float]) -> str:
    lines = [f"{name:>24}: {rate:>9,.0f} evaluations/s (median of {ROUNDS} rounds)"
             for name, rate in results.items()]  # fmt: skip
    return "\n".join(lines)


def test_bench_evaluate_meets_target():
    results = measure()
    print("\n" + report(results))
    assert results["evaluate"] >= TARGET


if __name__ == "__main__":
    outcome = measure()
    print(report(outcome))
    status = "meets" if outcome["evaluate"] >= TARGET else "MISSES"
    print(f"target {TARGET:,}/s for evaluate: {status}")
