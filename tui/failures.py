"""Which errors end the app with one line instead of a traceback: the database failing.

A damaged page deep inside a database is only found when something reads it, long after the
file was opened; that, a vanished disk or a refused write is the user's to fix, and a line
saying so is all they need. Any other exception is a bug and keeps its traceback. The words
come from the store's one table of SQLite explanations.
"""

from __future__ import annotations

import sqlite3

from textual.worker import WorkerFailed

from corpus_tui.store.db import StoreError
from corpus_tui.store.sqlite_errors import explain


def database_failure(error: BaseException, path: str | None = None) -> str | None:
    """The line to show for ``error`` if it is the database failing; None for any other error.

    A worker's failure is looked at through to the error it raised. SQLite's complaints about
    how it was called (a wrong query, a broken constraint) are programming errors: None.
    """
    if isinstance(error, WorkerFailed):
        error = error.error
    if isinstance(error, StoreError):
        return str(error)
    if not isinstance(error, sqlite3.DatabaseError) or isinstance(
        error, sqlite3.ProgrammingError | sqlite3.IntegrityError
    ):
        return None
    return explain(error, path) or f"the database failed: {error}"
