"""manage.py evaluate_workup: prints the evaluation of a fibro-workup/1 or /2 document; exit 2
and one stderr line, naming the field, on bad input.

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
from workup.document import text_problem
from workup.management.commands.evaluate_workup import Command

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "documents"
EXAMPLE = FIXTURES / "spec_example.json"  # fibro-workup/1
EXAMPLE_V2 = FIXTURES / "spec_example_v2.json"  # the contract's fibro-workup/2 example


def notes_are_text(doc: dict) -> bool:
    """Whether the generated notes hold only characters a note may hold (the generator draws
    any text, so a control character could be the first error instead of the mutation)."""
    notes = [row.get("note") or "" for row in doc.get("exclusions") or []]
    return all(text_problem(note, multiline=True) is None for note in notes)


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
    assert result["rule_set"] == "2027.1"
    assert result["criteria"]["acr2016"]["status"] == "not_met"
    assert result["flags"][0]["code"] == "EXCL.INCOMPLETE"
    assert out.getvalue().startswith('{\n  "rule_set": "2027.1",')


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_every_fixture_of_either_version_prints_rule_set_2027_1_and_an_action_per_flag(path):
    code, out, err = run_argv(str(path))
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["rule_set"] == "2027.1"
    assert result["flags"], "every fixture raises at least one flag"
    for flag in result["flags"]:
        assert flag["action"] in ("recommend", "consider"), flag["code"]
        assert list(flag)[:4] == ["code", "area", "severity", "action"]


def test_the_version_2_example_reads_its_new_fields():
    code, out, _ = run_argv(str(EXAMPLE_V2))
    assert code == 0
    version_1 = json.loads(run_argv(str(EXAMPLE))[1])
    assert json.loads(out)["criteria"] == version_1["criteria"]
    assert json.loads(out)["scores"] == version_1["scores"]


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


def v2_with(path: str, value) -> dict:
    doc = json.loads(EXAMPLE_V2.read_text(encoding="utf-8"))
    *parents, last = path.split(".")
    target = doc
    for key in parents:
        name, _, index = key.partition("[")
        target = target[name][int(index[:-1])] if index else target[name]
    target[last] = value
    return doc


INVALID_V2 = [
    ("medications[0].class", "beta_blocker", "medications[0].class: 'beta_blocker' is not one of "),
    ("medications[1].name", "", "medications[1].name: must not be blank"),
    ("red_flags.fever", "yes", "red_flags.fever: must be true or false, got string 'yes'"),
    ("red_flags.fevers", True, "red_flags.fevers: unknown key"),
    ("labs[1].value", 300, "labs[1].value: must be absent or null when status is pending, got 300"),
    ("mental.phq9_total", 12, "mental.phq9_total: give the items or the total, not both"),
    ("mental.phq9_item9", 1, "mental.phq9_item9: give it only with phq9_total"),
    ("mental.gad7_total", 7, "mental.gad7_total: give the items or the total, not both"),
    ("exclusions[0].note", "a\u202eb", "exclusions[0].note: must not contain bidirectional "),
    ("exclusions[0].note", "a\ud800b", "exclusions[0].note: must not contain a lone surrogate "),
    ("patient.mrn", "x" * 65, "patient.mrn: must be at most 64 characters, got 65"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "value", "message"), INVALID_V2, ids=[f"{p}={v!r}"[:40] for p, v, _ in INVALID_V2]
)
def test_an_invalid_version_2_document_exits_2_naming_the_field(tmp_path, path, value, message):
    code, out, err = run_argv(write_json(tmp_path, v2_with(path, value)))
    assert (code, out) == (2, "")
    assert err.startswith(f"CommandError: invalid document: {message}")
    assert err.count("\n") == 1 and err.endswith("\n")


def test_a_version_1_document_with_a_version_2_field_exits_2_naming_it(tmp_path):
    doc = v2_with("format", "fibro-workup/1")
    code, _, err = run_argv(write_json(tmp_path, doc))
    assert code == 2
    assert err == (
        "CommandError: invalid document: medications: needs format fibro-workup/2 "
        "(this document is fibro-workup/1)\n"
    )


HOSTILE = [
    ("a lone surrogate as a key", b'{"format": "fibro-workup/2", "\\ud800": 1}',
     "CommandError: invalid document: '\\ud800': unknown key"),
    ("a bidirectional override in a key", '{"format": "fibro-workup/2", "a\u202eb": 1}'.encode(),
     "CommandError: invalid document: 'a\\u202eb': unknown key"),
    ("a line break in a key", b'{"format": "fibro-workup/2", "a\\nb": 1}',
     "CommandError: invalid document: 'a\\nb': unknown key"),
    ("a lone surrogate as the format", b'{"format": "\\udfff"}',
     "CommandError: invalid document: format: must be 'fibro-workup/1' or 'fibro-workup/2', "
     "got string '\\udfff'"),
    ("deeply nested arrays", b"[" * 100_000 + b"]" * 100_000,
     "CommandError: invalid JSON: nested too deeply"),
    ("deeply nested objects", b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
     "CommandError: invalid JSON: nested too deeply"),
    ("an integer of 5000 digits", b'{"format": ' + b"9" * 5000 + b"}",
     "CommandError: invalid JSON: an integer has more than 4300 digits"),
    ("an integer of 200 digits", b'{"format": "fibro-workup/2", "patient": ' + b"9" * 200 + b"}",
     "CommandError: invalid document: patient: must be an object, got a number of 200 digits"),
    ("a number beyond a float", b'{"format": "fibro-workup/2", "patient": 1e999}',
     "CommandError: invalid document: patient: must be an object, got inf"),
    ("Latin-1 bytes", b'{"format": "fibro-workup/2", "x": "Jos\xe9"}',
     "CommandError: cannot read -: not UTF-8 text"),
    ("an encoded surrogate", b'{"x": "\xed\xa0\x80"}',
     "CommandError: cannot read -: not UTF-8 text"),
    ("UTF-16", '{"format": "fibro-workup/2"}'.encode("utf-16"),
     "CommandError: cannot read -: not UTF-8 text"),
    ("a 100,000-character code", b'{"format": "' + b"x" * 100_000 + b'"}',
     "CommandError: invalid document: format: must be 'fibro-workup/1' or 'fibro-workup/2', got a "
     "string\n"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_input_exits_2_with_one_printable_line(name, content, message):
    code, out, err = run_argv("-", stdin=content)
    assert (code, out) == (2, "")
    assert err.startswith(message)
    assert err.count("\n") == 1 and err.endswith("\n")
    assert err.isascii(), "escaped: nothing a terminal could reorder or choke on"
    assert len(err) < 400


def test_hostile_bytes_in_a_file_exit_2(tmp_path):
    path = tmp_path / "doc.json"
    path.write_bytes(b'{"format": "fibro-workup/2", "patient": {"mrn": "\xff"}}')
    code, _, err = run_argv(str(path))
    assert code == 2
    assert err == f"CommandError: cannot read {path}: not UTF-8 text\n"


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
@given(invalid_documents().filter(lambda case: notes_are_text(case[0])))
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
    assert json.loads(result.stdout)["rule_set"] == "2027.1"
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


def test_real_process_reads_a_version_2_document_and_reports_hostile_text_without_traceback():
    result = manage("evaluate_workup", str(EXAMPLE_V2))
    assert result.returncode == 0, result.stderr
    assert all(flag["action"] for flag in json.loads(result.stdout)["flags"])
    doc = v2_with("patient.given_name", "A\ud800\u202ena")
    result = manage("evaluate_workup", "-", stdin=json.dumps(doc).encode())
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "CommandError: invalid document: patient.given_name: must not contain a lone surrogate "
        "(U+D800)\n"
    )
