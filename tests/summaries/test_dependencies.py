"""The summary modules depend one way: services use jobs and issued, jobs use issued, and
neither imports back (not even inside a function, which would only hide the cycle)."""

import ast
from pathlib import Path

import pytest

import summaries


def imported_by(module: str) -> set[str]:
    tree = ast.parse((Path(summaries.__file__).parent / f"{module}.py").read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


@pytest.mark.parametrize(
    "module, never",
    [("jobs", {"summaries.services"}), ("issued", {"summaries.services", "summaries.jobs"})],
)
def test_the_batch_jobs_and_the_issued_summaries_do_not_import_back(module, never):
    assert imported_by(module) & never == set()


def test_services_and_jobs_share_the_issued_summary_readers():
    from summaries import issued, jobs, services

    assert imported_by("services") >= {"summaries.jobs", "summaries.issued"}
    assert "summaries.issued" in imported_by("jobs")
    assert services.SummaryUnavailable is issued.SummaryUnavailable
    assert jobs.issued is issued
