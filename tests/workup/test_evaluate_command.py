"""manage.py evaluate_workup: prints the evaluation; exit 2 and one stderr line on bad input.

No test here has database access (pytest-django would refuse it): the command needs none.
"""

import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings

from tests.rules.strategies import invalid_documents
from workup.management.commands.evaluate_workup import Command

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "documents"
EXAMPLE = FIXTURES / "spec_example.json"


def run_argv(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    """Run the command as manage.py would (errors become exit codes), in this process."""
    out, err = io.StringIO(), io.StringIO()
    command = Command(stdout=out, stderr=err)
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        command.run_from_argv(["manage.py", "evaluate_workup", *args])
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


def write_json(tmp_path: Path, doc) -> str:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def test_prints_the_evaluation_json_of_the_spec_example():
    out = io.StringIO()
    call_command("evaluate_workup", str(EXAMPLE), stdout=out)
    result = json.loads(out.getvalue())
    assert list(result) == ["rule_set", "criteria", "scores", "completeness", "flags"]
    assert result["rule_set"] == "2026.1"
    assert result["criteria"]["acr2016"]["status"] == "not_met"
    assert result["flags"][0]["code"] == "EXCL.INCOMPLETE"
    assert out.getvalue().startswith('{\n  "rule_set": "2026.1",')


def test_reads_stdin_when_the_file_is_a_dash():
    code, out, err = run_argv("-", stdin=EXAMPLE.read_bytes())
    assert (code, err) == (0, "")
    assert json.loads(out)["criteria"]["acr2016"]["wpi"] == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{bad", "CommandError: invalid JSON: line 1 column 2: Expecting property name"),
        (b"", "CommandError: invalid JSON: line 1 column 1: Expecting value"),
        (b'{"a": 1, "a": 2}', "CommandError: invalid JSON: duplicate key 'a'"),
        (b'{"value": NaN}', "CommandError: invalid JSON: NaN is not valid JSON"),
        (b"\xff\xfe", "CommandError: cannot read -: not UTF-8 text"),
        (b"[]", "CommandError: invalid document: document: must be an object, got an array"),
        (b'{"format": "fibro-workup/1", "oops": 1}', "CommandError: invalid document: oops: "),
    ],
)
def test_invalid_input_exits_2_with_one_line_on_stderr(content, message):
    code, out, err = run_argv("-", stdin=content)
    assert code == 2
    assert out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1 and err.endswith("\n")


def test_invalid_document_names_the_field_path(tmp_path):
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["labs"].append(
        {"analyte": "ferritin", "value": 20, "unit": "mg", "collected_on": "2026-11-01"}
    )
    code, _, err = run_argv(write_json(tmp_path, doc))
    assert code == 2
    assert err == (
        "CommandError: invalid document: labs[1].unit: 'mg' is not a unit of ferritin; "
        "use ng/mL or ug/L\n"
    )


def test_unreadable_file_exits_2(tmp_path):
    code, _, err = run_argv(str(tmp_path / "missing.json"))
    assert code == 2
    assert err.startswith("CommandError: cannot read ") and "No such file" in err
    code, _, err = run_argv(str(tmp_path))
    assert code == 2 and err.count("\n") == 1


def test_call_command_raises_command_error_with_returncode_2(tmp_path):
    with pytest.raises(CommandError) as info:
        call_command("evaluate_workup", write_json(tmp_path, {"format": "x"}))
    assert info.value.returncode == 2
    assert str(info.value).startswith("invalid document: ")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(invalid_documents())
def test_every_mutated_document_exits_2_with_one_stderr_line_naming_its_path(case):
    doc, path = case
    with tempfile.TemporaryDirectory() as folder:
        code, out, err = run_argv(write_json(Path(folder), doc))
    assert code == 2
    assert out == ""
    assert err.startswith(f"CommandError: invalid document: {path}: ")
    assert err.count("\n") == 1


def manage(*args: str, stdin: bytes | None = None, **env) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with a bare environment (no settings module, no key)."""
    drop = ("DJANGO_SETTINGS_MODULE", "DJANGO_SECRET_KEY", "DJANGO_DEBUG")
    environment = {k: v for k, v in os.environ.items() if k not in drop} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        env=environment,
        check=False,
        timeout=60,
    )


def test_real_process_prints_json_without_a_reachable_database():
    result = manage(
        "evaluate_workup", str(EXAMPLE), DATABASE_URL="postgres://nobody:x@127.0.0.1:9/none"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rule_set"] == "2026.1"
    assert result.stderr == b""


def test_real_process_reports_an_invalid_document_on_one_line_without_traceback():
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["mental"]["phq9_items"][8] = 4
    result = manage("evaluate_workup", "-", stdin=json.dumps(doc).encode())
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == (
        "CommandError: invalid document: mental.phq9_items[8]: must be 0-3, got 4\n"
    )
