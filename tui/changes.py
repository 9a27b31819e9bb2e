"""The app's one write path: every change a user makes, from any screen, goes through here.

A change is one store operation run as one undo step (one transaction). A refused change
(bad input, a read-only database, a step another program made impossible) is one warning and
nothing written; the app goes on. When another program holds the write lock, the change is not
waited for on the UI thread: it is queued, a worker waits for the lock on a connection of its
own while the sign "waiting for the database…" shows, and then the queued changes run in order
on the app's connection — or, after `PATIENCE` seconds, are given up with a message, nothing
half-done (each is all or nothing).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database
from textual.widget import Widget
from textual.worker import get_current_worker

from corpus_tui.store.db import DatabaseBusy, StoreError, database_file
from corpus_tui.store.undo import ConflictingChange, UndoHistory
from corpus_tui.store.waiting import set_busy_timeout, wait_for_write_lock

# How long a change may wait on the UI thread before it is queued: short enough not to be felt.
UI_WAIT = 0.25
# How long queued changes wait for another program's lock before they are given up.
PATIENCE = 60.0
WAITING = "waiting for the database…"

Done = Callable[[Any], None]


@dataclass(frozen=True, slots=True)
class _Pending:
    label: str
    run: Callable[[], Any]
    done: Done | None


class Changes:
    """Runs, queues and reports the changes of one app session on its connection."""

    def __init__(
        self,
        owner: Widget,
        db: Database,
        *,
        changed: Callable[[], None],
        sign: Callable[[str | None], None],
    ) -> None:
        """``changed`` redraws after every attempt; ``sign`` shows (or, with None, hides) the
        waiting line."""
        self.owner = owner
        self.db = db
        self.history = UndoHistory(db)
        self._changed = changed
        self._sign = sign
        self._queue: deque[_Pending] = deque()
        self._since = 0.0
        set_busy_timeout(db, UI_WAIT)

    @property
    def waiting(self) -> int:
        """How many changes wait for another program's write lock."""
        return len(self._queue)

    def change(self, label: str, operation: Callable[[], Any], done: Done | None = None) -> None:
        """Run ``operation`` as one undo step called ``label``; ``done(result)`` on success."""

        def run() -> Any:
            with self.history.change(label):
                return operation()

        self._submit(_Pending(label, run, done))

    def undo(self) -> None:
        """Undo the latest step (after any change still waiting)."""
        self._submit(_Pending("undo", self.history.undo, self._said("Undid", "undo")))

    def redo(self) -> None:
        """Redo the latest undone step (after any change still waiting)."""
        self._submit(_Pending("redo", self.history.redo, self._said("Redid", "redo")))

    def _said(self, verb: str, noun: str) -> Done:
        def done(label: str | None) -> None:
            self.owner.notify(f"{verb}: {label}" if label else f"Nothing to {noun}")

        return done

    # ---- running, queueing ---------------------------------------------------------------------

    def _submit(self, pending: _Pending) -> None:
        if self._queue:
            self._queue.append(pending)
            self._show_sign()
        elif not self._attempt(pending):
            self._queue.append(pending)
            self._since = time.monotonic()
            self._start_waiting()

    def _attempt(self, pending: _Pending) -> bool:
        """Run one change; False if another program holds the lock (nothing was written)."""
        try:
            result = pending.run()
        except DatabaseBusy:
            return False
        except ConflictingChange:
            # Rolled back: another program made the same rows meanwhile (a merge re-created a
            # span this change re-creates too).
            self._changed()
            self.owner.notify(
                f"“{pending.label}” was not saved: another program changed the same highlights "
                "or tags meanwhile; nothing was changed",
                severity="warning",
            )
            return True
        except (ValueError, KeyError, StoreError) as error:
            message = error.args[0] if error.args else str(error)
            self._changed()
            self.owner.notify(str(message), severity="warning")
            return True
        self._changed()
        if pending.done is not None:
            pending.done(result)
        return True

    def _show_sign(self) -> None:
        count = len(self._queue)
        changes = "1 change" if count == 1 else f"{count} changes"
        self._sign(f"⏳ {WAITING} another program is writing; {changes} will be saved after it")

    def _start_waiting(self) -> None:
        self._show_sign()
        path = database_file(self.db)
        remaining = max(0.0, PATIENCE - (time.monotonic() - self._since))
        self.owner.run_worker(
            lambda: self._wait(path, remaining),
            thread=True,
            exclusive=True,
            group="database-wait",
            description="waiting for the database write lock",
        )

    def _wait(self, path: str, seconds: float) -> None:
        worker = get_current_worker()
        free = wait_for_write_lock(path, seconds, lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.owner.app.call_from_thread(self._lock_free if free else self._give_up)

    def _lock_free(self) -> None:
        while self._queue:
            if not self._attempt(self._queue[0]):
                self._start_waiting()
                return
            self._queue.popleft()
        self._sign(None)

    def flush(self) -> int:
        """Try the waiting changes once more, now (the app is closing); returns how many are
        still unsaved."""
        # No redrawing and no messages: the screen is going away.
        while self._queue:
            try:
                self._queue[0].run()
            except DatabaseBusy:
                break
            except (ValueError, KeyError, StoreError):
                pass
            self._queue.popleft()
        return len(self._queue)

    def _give_up(self) -> None:
        labels = ", ".join(f"“{pending.label}”" for pending in self._queue)
        count = len(self._queue)
        self._queue.clear()
        self._sign(None)
        self.owner.notify(
            f"Another program kept the database busy for {PATIENCE:.0f} s: {count} change(s) "
            f"not saved ({labels}); nothing was half-done, try again",
            severity="error",
            timeout=15,
        )
