"""Errors reach the app through Textual's public hooks: a worker started with
``exit_on_error=False`` ends in `worker_failed`, a method that reads the database is wrapped in
`reads_database`. The database failing ends the app with one line; a bug keeps its traceback."""

from __future__ import annotations

import sqlite3

import pytest
from textual import work
from textual.app import App
from textual.worker import Worker

from corpus_tui.tui.failures import reads_database, worker_failed


class Failing(App[None]):
    def __init__(self, error: Exception, in_worker: bool) -> None:
        super().__init__()
        self.error = error
        self.in_worker = in_worker

    def on_mount(self) -> None:
        if self.in_worker:
            self.fail_in_worker()
        else:
            self.call_later(self.read)

    @work(thread=True, exit_on_error=False)
    def fail_in_worker(self) -> None:
        raise self.error

    @reads_database
    def read(self) -> None:
        raise self.error

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker_failed(self, event)


@pytest.mark.parametrize("in_worker", [True, False], ids=["worker", "handler"])
async def test_the_database_failing_ends_the_app_with_one_line(in_worker, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "500")
    app = Failing(sqlite3.DatabaseError("database disk image is malformed"), in_worker)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 1
    err = capsys.readouterr().err
    assert err == "corpus-tui: the database file is damaged; restore it from a backup\n"


@pytest.mark.parametrize("in_worker", [True, False], ids=["worker", "handler"])
async def test_a_bug_keeps_its_traceback(in_worker):
    app = Failing(sqlite3.ProgrammingError("Incorrect number of bindings"), in_worker)
    with pytest.raises(sqlite3.ProgrammingError):
        async with app.run_test() as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
    assert app.return_code == 1
