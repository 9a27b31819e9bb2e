"""Which errors end the app with one line instead of a traceback: the database failing.

A damaged page deep inside a database is only found when something reads it, long after the
file was opened; that, a vanished disk or a refused write is the user's to fix, and a line
saying so is all they need. Any other exception is a bug and keeps its traceback. The words
come from the store's one table of SQLite explanations (`store.sqlite_errors`).

Through Textual's public hooks only: methods that read the database are wrapped
(`reads_database`), and workers run with ``exit_on_error=False`` and end in `worker_failed`.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from rich.text import Text
from textual.dom import DOMNode
from textual.worker import Worker, WorkerFailed, WorkerState

from corpus_tui.store.db import StoreError
from corpus_tui.store.sqlite_errors import explain

if TYPE_CHECKING:
    from textual.app import App

P = ParamSpec("P")
R = TypeVar("R")


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


def end_app_on_failure(app: App, error: BaseException) -> bool:
    """End ``app`` with one line if ``error`` is the database failing; False for any other error
    (a bug: the caller lets it go on to Textual, which shows its traceback)."""
    message = database_failure(error)
    if message is None:
        return False
    if app.return_code != 1:
        # Only the first line: closing may meet the same damage again.
        app.exit(None, 1, Text(f"corpus-tui: {message}"))
    return True


def reads_database(method: Callable[P, R]) -> Callable[P, R | None]:
    """A widget's method that reads the database: the database failing while it runs (a damaged
    page found late) ends the app with one line instead of a traceback."""

    @functools.wraps(method)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return method(*args, **kwargs)
        except (sqlite3.DatabaseError, StoreError) as error:
            widget = args[0]
            if not isinstance(widget, DOMNode) or not end_app_on_failure(widget.app, error):
                raise
            return None

    return guarded


def worker_failed(node: DOMNode, event: Worker.StateChanged) -> None:
    """Handle a worker's end for ``node`` (started with ``exit_on_error=False``): the database
    failing ends the app with one line; any other error is raised again, a bug's traceback."""
    error = event.worker.error if event.state == WorkerState.ERROR else None
    if error is not None and not end_app_on_failure(node.app, error):
        raise error
