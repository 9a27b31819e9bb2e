"""Opening a corpus database: pragmas, migrations, refusals.

The one way to write (`write`) and what SQLite failures mean (`StoreError`, `explain`) live in
`store.transaction`, which imports nothing else of store, so the schema's migrations can use it
without a cycle; they are re-exported here, where callers have always found them.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from corpus_tui.store.schema import MIGRATIONS, unknown_migrations
from corpus_tui.store.transaction import BUSY_TIMEOUT, DatabaseBusy, StoreError, explain, write

__all__ = ["BUSY_TIMEOUT", "DatabaseBusy", "StoreError", "explain", "open_db", "write"]


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


def data_version(db: Database) -> int:
    """A number that changes when another connection commits to the database.

    This connection's own writes leave it alone, so a watcher sees only other programs' changes.
    """
    return int(db.execute("PRAGMA data_version").fetchone()[0])


def database_file(db: Database) -> str:
    """The path of the file the connection has open (to open another connection on it)."""
    return str(db.execute("PRAGMA database_list").fetchone()[2])
