"""Waiting for another program's write lock without holding anything up.

An interactive program should not sit in SQLite's busy handler for half a minute while another
program (an import, a merge) writes: its connection waits briefly (`set_busy_timeout`), and when
that is not enough, `wait_for_write_lock` waits on a connection of its own, in a worker thread,
until the lock is free; the change is then tried again on the app's connection.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable

from sqlite_utils import Database

# How long one try waits inside SQLite before looking whether the wait was called off.
_SLICE = 0.2


def set_busy_timeout(db: Database, seconds: float) -> None:
    """How long ``db`` waits for another writer before a write gives up with DatabaseBusy."""
    db.execute(f"PRAGMA busy_timeout = {max(0, int(seconds * 1000))}")


def wait_for_write_lock(
    path: str | os.PathLike[str],
    seconds: float,
    cancelled: Callable[[], bool] = lambda: False,
) -> bool:
    """Wait until no other program holds the write lock of the database at ``path``.

    True once the lock was free (taken and released at once, nothing written); False when
    ``seconds`` passed or ``cancelled()`` became true first, or when the waiting connection
    failed (as if the time ran out). Run it off the UI thread: it opens, and closes, a
    connection of its own.
    """
    try:
        return _wait_for_write_lock(path, seconds, cancelled)
    except sqlite3.Error:
        return False


def _wait_for_write_lock(
    path: str | os.PathLike[str], seconds: float, cancelled: Callable[[], bool]
) -> bool:
    deadline = time.monotonic() + seconds
    conn = sqlite3.connect(path, timeout=_SLICE, isolation_level=None)
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
                    raise
            else:
                conn.execute("ROLLBACK")
                return True
            if cancelled() or time.monotonic() >= deadline:
                return False
    finally:
        conn.close()
