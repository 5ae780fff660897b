"""The benchmark command fails (exit 1) when any figure misses its target; no database here."""

import pytest

from tests.bench.__main__ import all_met


def results(*, name_ms=6.0, render_s=0.3, batch_s=3.0, batch_mb=250, evaluate=10_000):
    page = {"queries": [6], "variant_queries": [6]}
    return {
        "in_process": {
            "healthz": {"median": 0.002, "queries": [4], "variant_queries": []},
            "name": {"median": name_ms / 1000, **page},
        },
        "http": {"healthz": {"median": 0.003}, "name": {"median": 0.006}},
        "evaluate": {"evaluate": evaluate},
        "summary": {
            "render": {"pages": 3, "ours": render_s, "bare": 0.4},
            "batches": [
                {"summaries": 50, "pages": 150, "job_seconds": batch_s, "peak_mb": batch_mb},
                {"summaries": 200, "pages": 600, "job_seconds": 40.0, "peak_mb": 90},
            ],
            "signing": {"signing_seconds": 10.0, "peak_mb": 100},
        },
    }


def test_every_figure_within_its_target_passes():
    assert all_met(results())


@pytest.mark.parametrize(
    "missed",
    [
        {"name_ms": 10.1},
        {"render_s": 0.47},
        {"batch_s": 12.5},
        {"batch_mb": 401},
        {"evaluate": 4_999},
    ],
)
def test_one_missed_target_fails_the_run(missed):
    assert not all_met(results(**missed))


def test_the_absolute_render_time_is_information_only():
    """0.36 s is over the old 0.35 s, but within 1.15x of bare WeasyPrint (0.4 s here)."""
    assert all_met(results(render_s=0.36))
