"""Undo and redo of every change to highlights and tags, recorded by SQLite itself.

Temporary triggers on the coding tables (SQLite's own undo/redo recipe) write, for every row
changed on this connection, the statement that reverses it. A user action is one transaction and
one undo step; undoing a step runs its reversing statements, newest first, in one transaction,
and the triggers record what those do — which is exactly the redo step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlite_utils import Database

from corpus_tui.store.db import StoreError, write

JOURNALED_TABLES = ("tags", "highlights", "highlight_tags", "orphans", "orphan_tags")
MAX_STEPS = 500


class StepSkipped(StoreError):
    """An undo or redo step no longer fits the database (another program changed the same
    rows); it was dropped and nothing was changed."""


class ConflictingChange(StoreError):
    """A change refused at commit because another program wrote the same rows meanwhile (a
    merge re-created a span this change re-creates too): rolled back, nothing saved."""


@dataclass(frozen=True, slots=True)
class Step:
    """One user action: its label and the journal entries it wrote, ``first`` to ``last``."""

    label: str
    first: int
    last: int


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _trigger_sql(db: Database, table: str) -> list[str]:
    """Three temporary triggers that journal the reverse of each insert, update and delete."""
    info = db.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
    columns = [row[1] for row in info]
    keys = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]] or ["rowid"]

    def match(prefix: str) -> str:
        parts = [f"'{_quote(key)}=' || quote({prefix}.{_quote(key)})" for key in keys]
        return " || ' AND ' || ".join(parts)

    names = ",".join(_quote(column) for column in columns)
    values = " || ',' || ".join(f"quote(OLD.{_quote(column)})" for column in columns)
    assignments = " || ',' || ".join(
        f"'{_quote(column)}=' || quote(OLD.{_quote(column)})" for column in columns
    )
    reverse = {
        "INSERT": f"'DELETE FROM {_quote(table)} WHERE ' || {match('NEW')}",
        "DELETE": f"'INSERT INTO {_quote(table)}({names}) VALUES(' || {values} || ')'",
        "UPDATE": f"'UPDATE {_quote(table)} SET ' || {assignments} || ' WHERE ' || {match('NEW')}",
    }
    return [
        f"CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_{event.lower()} AFTER {event} "
        f"ON main.{_quote(table)} BEGIN INSERT INTO undo_journal(statement) VALUES ({sql}); END"
        for event, sql in reverse.items()
    ]


class UndoHistory:
    """The undo and redo stacks of one connection (one app session)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.undo_steps: list[Step] = []
        self.redo_steps: list[Step] = []
        db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS undo_journal "
            "(seq INTEGER PRIMARY KEY AUTOINCREMENT, statement TEXT NOT NULL)"
        )
        for table in JOURNALED_TABLES:
            for statement in _trigger_sql(db, table):
                db.execute(statement)

    def _last_entry(self) -> int:
        return self.db.execute("SELECT coalesce(max(seq), 0) FROM temp.undo_journal").fetchone()[0]

    @contextmanager
    def change(self, label: str) -> Iterator[Database]:
        """Run the body as one transaction and, if it changed anything, one undo step.

        Raises ConflictingChange, nothing saved, when a constraint refuses the rows it writes.
        """
        try:
            with write(self.db):
                first = self._last_entry() + 1
                yield self.db
                last = self._last_entry()
        except sqlite3.IntegrityError as error:
            raise ConflictingChange(f"{label}: {error}") from error
        if last >= first:
            self.undo_steps = [*self.undo_steps[-MAX_STEPS + 1 :], Step(label, first, last)]
            self.redo_steps.clear()

    def undo(self) -> str | None:
        """Reverse the latest step; returns its label, or None if there is nothing to undo.

        Raises StepSkipped, with the step dropped and nothing changed, when another program
        has changed the same rows since (a merge re-created a deleted span, say)."""
        return self._move(self.undo_steps, self.redo_steps, "undo")

    def redo(self) -> str | None:
        """Re-apply the latest undone step; returns its label, or None if there is none.

        Raises StepSkipped like `undo`."""
        return self._move(self.redo_steps, self.undo_steps, "redo")

    def _move(self, source: list[Step], target: list[Step], verb: str) -> str | None:
        if not source:
            return None
        step = source[-1]
        try:
            replayed = self._replay(step, verb)
        except StepSkipped:
            source.pop()
            raise
        # Only now: a replay refused for another reason (a busy or read-only database) left
        # the step where it was, to be tried again.
        source.pop()
        target.append(replayed)
        return step.label

    def _replay(self, step: Step, verb: str) -> Step:
        """Run a step's reversing statements newest first; return the step that reverses that."""
        try:
            with write(self.db):
                # Rows come back in reverse order, so a child may return before its parent.
                self.db.execute("PRAGMA defer_foreign_keys = ON")
                rows = self.db.execute(
                    "SELECT statement FROM temp.undo_journal "
                    "WHERE seq BETWEEN ? AND ? ORDER BY seq DESC",
                    [step.first, step.last],
                ).fetchall()
                first = self._last_entry() + 1
                for (statement,) in rows:
                    # An update that finds its row gone, or an insert whose row is back
                    # (IntegrityError), means another program changed it. A delete finding
                    # nothing is fine: deleting a highlight already took its tag links along.
                    changed = self.db.execute(statement).rowcount
                    if changed == 0 and statement.startswith("UPDATE"):
                        raise _Conflict
                self.db.execute(
                    "DELETE FROM temp.undo_journal WHERE seq BETWEEN ? AND ?",
                    [step.first, step.last],
                )
                return Step(step.label, first, self._last_entry())
        except (_Conflict, sqlite3.IntegrityError):
            # Rolled back; the step cannot be replayed later either, so it goes.
            self._drop_journal(step)
            raise StepSkipped(
                f"could not {verb} “{step.label}”: another program changed the same "
                "highlights or tags since; that step was skipped and nothing changed"
            ) from None

    def _drop_journal(self, step: Step) -> None:
        with write(self.db):
            self.db.execute(
                "DELETE FROM temp.undo_journal WHERE seq BETWEEN ? AND ?", [step.first, step.last]
            )


class _Conflict(Exception):
    """A replayed statement found no row to act on."""
