"""Opening a corpus database: pragmas, migrations, refusals.

The one way to write (`write`) and its errors (`StoreError`, `DatabaseBusy`) live in
`store.transaction`, and what SQLite failures mean (`explain`) in `store.sqlite_errors`; neither
imports the rest of store, so the schema's migrations can write without an import cycle. They
are re-exported here, where callers have always found them.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from pathlib import Path

from sqlite_utils import Database

from corpus_tui.store.schema import MIGRATIONS, unknown_migrations
from corpus_tui.store.sqlite_errors import (
    BUSY_TIMEOUT,
    disk_is_full,
    explain,
)
from corpus_tui.store.transaction import DatabaseBusy, StoreError, write

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT",
    "DatabaseBusy",
    "StoreError",
    "explain",
    "open_db",
    "write",
]

# Stored in the SQLite header of every database this program creates ("CTUI"), so it can tell
# its own files from other programs' without reading their tables.
APPLICATION_ID = 0x43545549


def open_db(path: str | os.PathLike[str], *, readonly: bool = False) -> Database:
    """Open (creating if needed) and migrate a corpus database; one connection per thread.

    WAL lets readers and a writer work at once; `synchronous=FULL` makes every committed
    highlight survive power loss, at about 0.2 ms per commit. A file that is not a corpus
    database (another program's SQLite file, or no SQLite file at all), or one from a newer
    release, is refused and left untouched; a missing or empty file is created.
    """
    path = Path(path)
    _check_path(path)
    # SQLite writes a WAL database through files it creates beside it: without a writable
    # folder, a writable file still cannot be written.
    writable = os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK)
    if not readonly and path.exists() and not writable:
        readonly = True
    try:
        if readonly:
            if not path.exists():
                raise StoreError(f"{path} does not exist")
            conn = sqlite3.connect(_readonly_uri(path), uri=True, timeout=BUSY_TIMEOUT)
        else:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT)
    except sqlite3.DatabaseError as error:
        raise StoreError(_open_failure(path, error)) from None
    try:
        # No sqlite-utils plugins: looking for them scans every installed package (slow to
        # start), and none may change how this program's connection behaves.
        return _prepare(Database(conn, execute_plugins=False), path, readonly)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise StoreError(_open_failure(path, error)) from None
    except BaseException:
        conn.close()
        raise


def _check_path(path: Path) -> None:
    """Refuse, before SQLite touches anything, a path that cannot hold a database.

    The file itself is read by SQLite only: opening and closing it here would drop the
    POSIX locks that this process's other connections to it hold (the app's, while a worker
    opens its own), and another program could then write under them.
    """
    try:
        status = path.stat()
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise StoreError(f"{path}: cannot use it as a database ({error.strerror})") from None
    if status is not None:
        if stat.S_ISDIR(status.st_mode):
            raise StoreError(f"{path} is a folder; give a database file path")
        if not stat.S_ISREG(status.st_mode):
            raise StoreError(
                f"{path} is not a regular file (a pipe, socket or device); "
                "give a database file path"
            )
        return
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"cannot create the folder {folder} for a new database ({error.strerror})"
        ) from None
    if not os.access(folder, os.W_OK):
        raise StoreError(f"cannot create {path}: the folder {folder} is not writable")
    if disk_is_full(folder):
        raise StoreError(f"cannot create {path}: the disk is full; free some space")


def _foreign(path: Path) -> str:
    return (
        f"{path} is another program's SQLite database, not a corpus-tui one; it was left "
        "untouched (give a new file name to start a corpus)"
    )


def _open_failure(path: Path, error: sqlite3.DatabaseError) -> str:
    """The line to show when opening ``path`` failed in SQLite."""
    folder = path.resolve().parent
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size and not os.access(folder, os.W_OK):
        return (
            f"{path}: its folder is not writable, so recent changes in {wal.name} cannot be "
            "recovered here; make the folder writable, or copy the database with its -wal "
            "file to a writable folder (nothing was changed)"
        )
    explained = explain(error, path)
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if explained is not None and code not in (11, 26):
        return f"{path}: {explained}"
    if code == 14:  # SQLITE_CANTOPEN
        return f"{path}: SQLite cannot open it ({error}); check the path and its permissions"
    return f"{path} is not a corpus-tui database or is damaged ({error}); it was left untouched"


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
    # Reads only, up to the ownership check: another program's file is refused unchanged.
    ours = _check_ownership(db, path)
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
    _switch_to_wal(db)
    with db.ensure_autocommit_on():
        db.execute("PRAGMA synchronous = FULL")
    if MIGRATIONS.pending(db) or not ours:
        # Under the write lock, so two instances opening a new database at once cannot both
        # create the schema: `apply` finds nothing pending for the second.
        with write(db):
            MIGRATIONS.apply(db)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    return db


def _check_ownership(db: Database, path: Path) -> bool:
    """Whether the database carries this program's application id; refuses another program's.

    A file without the id is ours when it records corpus-tui schema steps (it was made before
    the id was set), and new when it holds no schema at all.
    """
    (application_id,) = db.execute("PRAGMA application_id").fetchone()
    if application_id not in (0, APPLICATION_ID):
        raise StoreError(_foreign(path))
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    if application_id == APPLICATION_ID:
        if MIGRATIONS.migrations_table not in names:
            # Without its record of schema steps, every step would be applied again.
            raise StoreError(
                f"{path}: the database's schema was changed by another program (table "
                f"{MIGRATIONS.migrations_table} missing); restore the database from a backup"
            )
        _check_triggers(db, path)
        return True
    if names and not (MIGRATIONS.migrations_table in names and MIGRATIONS.applied(db)):
        raise StoreError(_foreign(path))
    _check_triggers(db, path)
    return False


def _check_triggers(db: Database, path: Path) -> None:
    # corpus-tui's schema names its triggers corpus_tui_*; another's would run inside every
    # write this program makes, doing what it was written to do.
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
        if not name.startswith("corpus_tui_"):
            raise StoreError(
                f"{path}: the database's schema was changed by another program (trigger "
                f"{name!r} added); remove it, or restore the database from a backup"
            )


def _switch_to_wal(db: Database) -> None:
    """Put the database in WAL mode, waiting out other programs opening it at the same time.

    Changing the journal mode needs the file to itself, and SQLite reports another
    connection's lock at that moment as "database is locked" at once, without its busy
    handler: so wait here, as the busy handler would, up to `BUSY_TIMEOUT`.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT
    pause = 0.001
    with db.ensure_autocommit_on():
        while True:
            try:
                (mode,) = db.execute("PRAGMA journal_mode = WAL").fetchone()
            except sqlite3.OperationalError as error:
                if getattr(error, "sqlite_errorcode", 0) & 0xFF != 5 or (
                    time.monotonic() > deadline
                ):
                    raise
            else:
                if mode.lower() == "wal":
                    return
                if time.monotonic() > deadline:
                    raise StoreError("could not switch the database to WAL mode")
            time.sleep(pause)
            pause = min(pause * 2, 0.05)


def data_version(db: Database) -> int:
    """A number that changes when another connection commits to the database.

    This connection's own writes leave it alone, so a watcher sees only other programs' changes.
    """
    return int(db.execute("PRAGMA data_version").fetchone()[0])


def database_file(db: Database) -> str:
    """The path of the file the connection has open (to open another connection on it)."""
    return str(db.execute("PRAGMA database_list").fetchone()[2])
