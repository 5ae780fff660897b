"""Patient data on disk is the app user's alone: issued PDFs, batch prints and the SQLite
database are 0600, in 0700 folders (not the 0644 a default umask gives)."""

import os
import stat
import subprocess
import sys
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.summaries.conftest import signed_workup  # noqa: F401 (fixture)

PROJECT = Path(__file__).resolve().parents[2]


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_summary_stored_at_signing_is_readable_by_the_app_user_only(signed_workup):  # noqa: F811
    path = Path(signed_workup.issued_summary.file.path)
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_any_stored_print_is_0600_in_a_new_0700_folder(db):
    name = default_storage.save("summaries/batches/2026/12/batch-test.pdf", ContentFile(b"%PDF"))
    try:
        path = Path(default_storage.path(name))
        assert mode(path) == 0o600
        assert mode(path.parent) == 0o700
    finally:
        default_storage.delete(name)


def test_the_sqlite_database_and_its_folder_are_private(tmp_path):
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", DJANGO_DATA_DIR=str(data))
    run = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert mode(data) == 0o700
    assert mode(data / "db.sqlite3") == 0o600
    for journal in ("db.sqlite3-wal", "db.sqlite3-shm"):
        if (data / journal).exists():
            assert mode(data / journal) == 0o600
