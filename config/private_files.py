"""Files that hold patient data are readable by the app's own user only.

Issued summaries and batch prints get 0600 in 0700 folders (FILE_UPLOAD_PERMISSIONS and
FILE_UPLOAD_DIRECTORY_PERMISSIONS in the settings). The SQLite database file (and its -wal and
-shm companions) is created by SQLite with the process umask, usually 0644: it is narrowed to
0600 when the app first connects.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700


def make_private(path: Path) -> None:
    """Take group and other permissions off an existing file (the owner's stay)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if mode & 0o077:
        os.chmod(path, mode & ~0o077)


def sqlite_database_private(sender, connection, **kwargs) -> None:
    """connection_created: narrow a file-based SQLite database and its journals to 0600."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        return
    for suffix in ("", "-wal", "-shm"):
        make_private(Path(name + suffix))
