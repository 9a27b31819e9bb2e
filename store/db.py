"""Opening a corpus database (pragmas, migrations, refusals) and the one way to write to it."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from corpus_tui.store.schema import MIGRATIONS, unknown_migrations

# Seconds a connection waits for another writer before giving up; long enough to outlast any
# single transaction this program makes, so "database is locked" never reaches a user.
BUSY_TIMEOUT = 30.0


class StoreError(Exception):
    """A database problem explained for the user in one line."""


class DatabaseBusy(StoreError):
    """Another program held the write lock for longer than this connection waits."""


def open_db(path: str | os.PathLike[str], *, readonly: bool = False) -> Database:
    """Open (creating if needed) and migrate a corpus database; one connection per thread.

    WAL lets readers and a writer work at once; `synchronous=FULL` makes every committed
    highlight survive power loss, at about 0.2 ms per commit. A file that is not a corpus
    database, or one from a newer release, is refused and left untouched.
    """
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder; give a database file path")
    # SQLite writes a WAL database through files it creates beside it: without a writable
    # folder, a writable file still cannot be written.
    writable = os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK)
    if not readonly and path.exists() and not writable:
        readonly = True
    if readonly:
        if not path.exists():
            raise StoreError(f"{path} does not exist")
        conn = sqlite3.connect(_readonly_uri(path), uri=True, timeout=BUSY_TIMEOUT)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT)
    try:
        # No sqlite-utils plugins: looking for them scans every installed package (slow to
        # start), and none may change how this program's connection behaves.
        return _prepare(Database(conn, execute_plugins=False), path, readonly)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise StoreError(
            f"{path} is not a corpus-tui database or is damaged ({error}); it was left untouched"
        ) from None
    except StoreError:
        conn.close()
        raise


def _readonly_uri(path: Path) -> str:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    # SQLite reads a WAL database through a -shm file it must be able to create. In a read-only
    # folder with no -wal file left by a writer, the main file holds everything committed, so
    # it can be read as immutable.
    wal = path.with_name(path.name + "-wal")
    if not os.access(path.resolve().parent, os.W_OK) and not wal.exists():
        uri += "&immutable=1"
    return uri


def _prepare(db: Database, path: Path, readonly: bool) -> Database:
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    # Reading the schema first makes a non-database file fail here, before anything is written.
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    newer = unknown_migrations(db)
    if newer:
        raise StoreError(
            f"{path} was written by a newer corpus-tui (schema step {newer[-1]!r}); "
            "upgrade corpus-tui to open it"
        )
    if readonly:
        if MIGRATIONS.pending(db):
            raise StoreError(f"{path} is read-only and needs a schema upgrade; make it writable")
        return db
    with db.ensure_autocommit_on():
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
    if MIGRATIONS.pending(db):
        # Under the write lock, so two instances opening a new database at once cannot both
        # create the schema; the second finds nothing pending.
        with write(db):
            MIGRATIONS.apply(db)
    return db


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
