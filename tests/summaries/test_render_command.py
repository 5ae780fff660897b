"""manage.py render_summary ID --output OUT [--format pdf|html] (the DESIGN.md contract)."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from summaries.models import IssuedSummary
from tests.summaries.conftest import draft_from

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_writes_the_pdf_of_a_draft(clinician, tmp_path):
    workup = draft_from("first_visit_minimal", clinician=clinician)
    out = tmp_path / "summary.pdf"
    call_command("render_summary", str(workup.pk), "--output", str(out))
    assert out.read_bytes().startswith(b"%PDF-")


def test_writes_the_html_with_the_shared_template(clinician, tmp_path):
    workup = draft_from("treatment_resistant_woman", clinician=clinician)
    out = tmp_path / "summary.html"
    call_command("render_summary", str(workup.pk), "--output", str(out), "--format", "html")
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert "summary-running-header" in html and "Rule MENTAL.SUICIDAL_IDEATION" in html
    assert "<link" not in html  # the print document links no stylesheet


def test_a_signed_workups_pdf_is_the_stored_signed_copy(signed_workup, tmp_path):
    out = tmp_path / "signed.pdf"
    call_command("render_summary", str(signed_workup.pk), "-o", str(out), "--format", "pdf")
    assert out.read_bytes() == IssuedSummary.objects.get(workup=signed_workup).file.read()


def test_each_run_is_recorded(signed_workup, tmp_path):
    call_command(
        "render_summary", str(signed_workup.pk), "-o", str(tmp_path / "s.html"), "--format", "html"
    )
    event = AuditEvent.objects.get(action="summary.download")
    assert event.actor is None
    assert event.target_id == str(signed_workup.pk)
    assert event.detail["channel"] == "command" and event.detail["format"] == "html"


@pytest.mark.parametrize("raw_id", ["987654", "abc", "-1"])
def test_an_unknown_id_is_exit_2(raw_id, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("render_summary", raw_id, "--output", str(tmp_path / "x.pdf"))
    assert error.value.returncode == 2
    assert "unknown workup id" in str(error.value)
    assert not (tmp_path / "x.pdf").exists()


def test_from_the_shell_an_unknown_id_is_one_line_on_stderr_and_exit_2(tmp_path):
    """A real process: no traceback, one clear line, exit status 2."""
    db = tmp_path / "empty.sqlite3"
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DJANGO_DATA_DIR": str(tmp_path),
    }
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert migrate.returncode == 0, migrate.stderr
    assert db.parent.exists()
    result = subprocess.run(
        [sys.executable, "manage.py", "render_summary", "424242", "--output", "x.pdf"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "unknown workup id: 424242" in lines[0]
    assert "Traceback" not in result.stderr
