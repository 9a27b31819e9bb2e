"""Damage deep inside a database, on pages not read when it is opened, found while reading: the
app ends with one line saying what is wrong, never a traceback; a bug keeps its traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.worker import WorkerFailed

from corpus_tui.corpus.reading import ParsedDocument, text_sha256
from corpus_tui.store.db import StoreError, open_db
from corpus_tui.store.documents import add_document
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.failures import database_failure

MARK = "Qx7-damaged-here-Qx7"
DAMAGED = 3


def _dispatch(n: int) -> str:
    line = f"Dispatch {n}: forty people were detained in Kostrava on Monday, witnesses said.\n"
    half = line * 250  # about 20,000 characters: the text spans a chain of overflow pages
    return f"Dispatch {n}\n\n{half}{MARK if n == DAMAGED else ''}{half}"


def _damage_middle_of_document(path: Path) -> None:
    """A corpus of five documents, closed, with one page in the middle of one text wiped."""
    db = open_db(path)
    for n in range(5):
        text = _dispatch(n)
        add_document(db, ParsedDocument(f"Dispatch {n}", text, text_sha256(text)), f"{n}.txt")
    db.close()
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    assert data.count(MARK.encode()) == 1
    page = data.index(MARK.encode()) // page_size
    # The page's first four bytes point to the next page of the chain: now past the file's end.
    data[page * page_size : (page + 1) * page_size] = b"\xff" * page_size
    path.write_bytes(bytes(data))


async def test_a_damaged_page_met_while_reading_ends_the_app_with_one_line(
    db_path: Path, capsys, monkeypatch
) -> None:
    _damage_middle_of_document(db_path)
    monkeypatch.setenv("COLUMNS", "500")  # stderr is not a terminal: rich would wrap at 80
    app = CorpusApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.query_one("#reader").border_title == "Dispatch 0"
        await pilot.press("ctrl+d", *["down"] * DAMAGED, "enter")
        await pilot.pause()
    assert app.return_code == 1
    err = capsys.readouterr().err
    assert err == "corpus-tui: the database file is damaged; restore it from a backup\n"


def test_only_the_database_failing_is_told_in_one_line() -> None:
    malformed = sqlite3.DatabaseError("database disk image is malformed")
    assert database_failure(malformed) == database_failure(WorkerFailed(malformed))
    assert database_failure(StoreError("the disk is full")) == "the disk is full"
    assert database_failure(sqlite3.OperationalError("database is locked")).startswith(
        "another program kept the database busy"
    )
    for bug in (
        sqlite3.ProgrammingError("Incorrect number of bindings supplied"),
        sqlite3.IntegrityError("UNIQUE constraint failed: tags.name"),
        KeyError("no such document"),
        WorkerFailed(AttributeError("'NoneType' object has no attribute 'id'")),
    ):
        assert database_failure(bug) is None, bug
