"""The one way to write to a corpus database, and what its failures mean for the user.

Nothing here imports the rest of store but `store.sqlite_errors` (the one table of SQLite
explanations): every store module, the schema's migrations included, can write through `write`
without an import cycle.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from corpus_tui.store.sqlite_errors import database_path, explain


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
        message = explain(error, database_path(conn), writing=True)
        if message is None:
            raise
        # The primary code, so SQLITE_BUSY_TIMEOUT and the other extended codes count too.
        busy = getattr(error, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY
        raise (DatabaseBusy if busy else StoreError)(message) from error
