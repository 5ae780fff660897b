"""Test runs: a throw-away key, fast hashing, plain static storage, private files in a temp dir."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "t" * 40)

from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES


def _temporary_folder(prefix: str) -> str:
    """A folder of this process's own, removed when the process ends."""
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
STATIC_ROOT = _temporary_folder("workup-static-")
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": _temporary_folder("workup-private-"), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AUDIT_CHECKPOINT_FILE = Path(_temporary_folder("workup-audit-")) / "checkpoints.jsonl"
