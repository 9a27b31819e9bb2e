"""The one way to write to a corpus database, and what its failures mean for the user.

Nothing here imports the rest of store: every store module, the schema's migrations included,
can write through `write` without an import cycle.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

# Seconds a connection waits for another writer before giving up; long enough to outlast any
# single transaction this program makes, so "database is locked" never reaches a user.
BUSY_TIMEOUT = 30.0


class StoreError(Exception):
    """A database problem explained for the user in one line."""


class DatabaseBusy(StoreError):
    """Another program held the write lock for longer than this connection waits."""


@contextmanager
def write(db: Database) -> Iterator[Database]:
    """One write transaction: all of it is committed, or none of it.

    `BEGIN IMMEDIATE` takes the write lock up front, so a transaction that reads and then
    writes cannot deadlock against another process. Inside an open transaction it nests
    as a savepoint.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
            # Inside: a refused COMMIT (a deferred foreign key) leaves the transaction open.
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.DatabaseError as error:
        message = explain(error)
        if message is None:
            raise
        # The primary code, so SQLITE_BUSY_TIMEOUT and the other extended codes count too.
        busy = getattr(error, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY
        raise (DatabaseBusy if busy else StoreError)(message) from error


def explain(error: BaseException) -> str | None:
    """What to tell the user about an SQLite failure they can act on; None for any other."""
    return _EXPLANATIONS.get(str(error)) if isinstance(error, sqlite3.DatabaseError) else None


# SQLite's words for the failures a user can act on, and what to tell them instead.
_EXPLANATIONS = {
    "attempt to write a readonly database": (
        "the database is read-only, so nothing was saved; make the file and its folder writable"
    ),
    "database is locked": (
        f"another program kept the database busy for over {BUSY_TIMEOUT:.0f} s, "
        "so nothing was saved; try again"
    ),
    "database or disk is full": "the disk is full, so nothing was saved; free some space",
    "database disk image is malformed": (
        "the database file is damaged, so nothing was saved; restore it from a backup"
    ),
}
