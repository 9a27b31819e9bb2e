"""What to tell the user about an SQLite failure: the one table of explanations.

The store (while opening and writing), the command line and the app all explain a failing
database through `explain`, so one failure reads the same everywhere, and a message never
claims more than is known: an intact file on a full disk is "disk full", not "damaged".
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

# Seconds a connection waits for another writer before giving up; long enough to outlast any
# single transaction this program makes, so "database is locked" never reaches a user.
BUSY_TIMEOUT = 30.0
# Less free space than this on the database's disk: a failed write is explained as a full disk.
NEARLY_FULL_BYTES = 1 << 20

DISK_FULL = "the disk is full, so nothing was saved; free some space"
DAMAGED = "the database file is damaged; restore it from a backup"

# SQLite's primary result codes, and its words for them when an error carries no code.
_CODES = {
    5: "database is locked",
    8: "attempt to write a readonly database",
    10: "disk I/O error",
    11: "database disk image is malformed",
    13: "database or disk is full",
    26: "file is not a database",
}
# What to tell the user instead, by SQLite's words; `{saved}` says what became of a write.
_EXPLANATIONS = {
    "attempt to write a readonly database": (
        "the database is read-only, so nothing was saved; make the file and its folder writable"
    ),
    "database is locked": (
        f"another program kept the database busy for over {BUSY_TIMEOUT:.0f} s, "
        "so nothing was saved; try again"
    ),
    "database or disk is full": DISK_FULL,
    "database disk image is malformed": "the database file is damaged{saved}; restore it from "
    "a backup",
    "file is not a database": DAMAGED,
    "disk I/O error": "the database file could not be read or written (disk I/O error){saved}; "
    "check the disk",
}
_MISSING = re.compile(r"no such (table|column): (\S+)")


def explain(
    error: BaseException, path: str | os.PathLike[str] | None = None, *, writing: bool = False
) -> str | None:
    """What to tell the user about an SQLite failure they can act on; None for any other.

    ``path`` is the database file, when known: a disk I/O error on a disk with no room left is
    then told as a full disk. ``writing`` says a write was under way (so "nothing was saved").
    """
    if not isinstance(error, sqlite3.DatabaseError) or isinstance(
        error, sqlite3.ProgrammingError | sqlite3.IntegrityError
    ):
        return None
    words = str(error)
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and words not in _EXPLANATIONS:
        words = _CODES.get(code & 0xFF, words)
    if words in ("disk I/O error", "database or disk is full") and disk_is_full(path):
        return DISK_FULL
    missing = _MISSING.match(words)
    if missing:
        return (
            "the database's schema was changed by another program "
            f"({missing[1]} {missing[2]} missing); corpus-tui cannot use it as it is"
        )
    message = _EXPLANATIONS.get(words)
    if message is None:
        return None
    return message.format(saved=", so nothing was saved" if writing else "")


def disk_is_full(path: str | os.PathLike[str] | None) -> bool:
    """Whether the disk holding ``path`` (a file or folder) has almost no room left."""
    if path is None:
        return False
    folder = Path(path) if Path(path).is_dir() else Path(path).parent
    try:
        status = os.statvfs(folder)
    except OSError:
        return False
    return status.f_bavail * status.f_frsize < NEARLY_FULL_BYTES


def database_path(conn: sqlite3.Connection) -> str | None:
    """The file behind a connection's main database, None for an in-memory one."""
    try:
        for _, name, file in conn.execute("PRAGMA database_list"):
            if name == "main":
                return file or None
    except sqlite3.Error:
        return None
    return None
