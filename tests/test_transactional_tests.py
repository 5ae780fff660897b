"""Transactional tests restore the tables as the migrations left them (serialized rollback).

One that does not leaves Django's flush to recreate content types with new ids, and the next
test that restores the migrated rows then collides with them (seen on PostgreSQL only, where
the thread-based batch test runs).
"""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
MARKER = re.compile(r"django_db\(([^)]*transaction=True[^)]*)\)")


def test_every_transactional_test_uses_serialized_rollback():
    offenders = [
        f"{path.relative_to(TESTS)}: django_db({args})"
        for path in TESTS.rglob("*.py")
        if "e2e" not in path.parts
        for args in MARKER.findall(path.read_text(encoding="utf-8"))
        if "serialized_rollback=True" not in args
    ]
    assert offenders == []
