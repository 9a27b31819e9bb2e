"""Databases that are not what they seem: another program's SQLite file, an intact file on a
full disk, a -wal in a read-only folder, a pipe, a changed schema, a colour no terminal draws.
Each is one true line (never "damaged, restore a backup" for an intact file) and no byte of
the file changes."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_tui.corpus.reading import ParsedDocument, text_sha256
from corpus_tui.store.db import APPLICATION_ID, StoreError, open_db
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import add_highlight
from corpus_tui.store.tags import list_tags
from corpus_tui.tui.app import CorpusApp
from tests.reliability import dump, public_folder, run_cli, run_unprivileged

TEXT = "Forty people were detained in Kostrava on Monday, witnesses said.\n" * 20
COMMANDS = [
    ("docs",),
    ("search", "Kostrava"),
    ("orphans",),
    ("export",),
    ("reindex",),
    ("import", "NOTES"),
    ("merge", "SPANS"),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(path.name + "-*"))


def _corpus(path: Path) -> Path:
    db = open_db(path)
    document = add_document(db, ParsedDocument("Kostrava", TEXT, text_sha256(TEXT)), "k.txt")
    add_highlight(db, document.document_id, 0, 5, ["people"])
    db.close()
    return path


def _run_every_command(db_path: Path, tmp_path: Path) -> list[tuple[int, str, str]]:
    notes = tmp_path / "notes.txt"
    notes.write_text("A new dispatch\n\nbody\n")
    spans = tmp_path / "spans.yaml"
    spans.write_text("format: corpus-tui-spans\nversion: 1\ndocuments: []\n")
    outcomes = []
    for command in COMMANDS:
        arguments = [{"NOTES": str(notes), "SPANS": str(spans)}.get(word, word) for word in command]
        outcomes.append(run_cli("--db", str(db_path), *arguments))
    return outcomes


def _other_programs_database(path: Path, *, wal: bool, application_id: int = 0) -> Path:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        if wal:
            conn.execute("PRAGMA journal_mode = WAL")
        if application_id:
            conn.execute(f"PRAGMA application_id = {application_id}")
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
        conn.execute("INSERT INTO invoices (amount) VALUES (12.5)")
        conn.commit()
    return path


@pytest.mark.parametrize(
    "kind", ["rollback journal", "WAL", "another application id", "an empty migrations table"]
)
def test_another_programs_database_is_refused_unchanged_by_every_command(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "other.db"
    _other_programs_database(
        path, wal=kind == "WAL", application_id=0x12345678 if "id" in kind else 0
    )
    if kind == "an empty migrations table":
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("CREATE TABLE _sqlite_migrations (migration_set, name, applied_at)")
            conn.commit()
    before = _digest(path)
    for status, out, err in _run_every_command(path, tmp_path):
        assert (status, out) == (1, "")
        assert err == (
            f"corpus-tui: {path} is another program's SQLite database, not a corpus-tui one; it "
            "was left untouched (give a new file name to start a corpus)\n"
        )
        assert _digest(path) == before
    assert _side_files(path) == []
    with contextlib.closing(sqlite3.connect(path)) as conn:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master")]
    assert tables[0] == "invoices" and "documents" not in tables


async def test_the_app_refuses_another_programs_database(tmp_path: Path, capsys, monkeypatch):
    path = _other_programs_database(tmp_path / "other.db", wal=False)
    before = _digest(path)
    monkeypatch.setenv("COLUMNS", "500")
    app = CorpusApp(path)
    await app.run_async(headless=True, size=(100, 30))
    assert app.return_code == 1
    assert "another program's SQLite database" in capsys.readouterr().err
    assert _digest(path) == before


def test_new_and_empty_files_become_corpus_databases_with_our_id(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    for path in (tmp_path / "new.db", empty):
        open_db(path).close()
        with contextlib.closing(sqlite3.connect(path)) as conn:
            assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)


def test_a_corpus_database_from_before_the_id_is_still_ours(tmp_path: Path) -> None:
    path = _corpus(tmp_path / "old.db")
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA application_id = 0")
        conn.commit()
    status, out, _ = run_cli("--db", str(path), "docs")
    assert status == 0 and "Kostrava" in out
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)


@contextlib.contextmanager
def _small_disk(folder: Path) -> Iterator[Path]:
    """A 2 MiB file system mounted at ``folder`` (the tests run as root)."""
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def _fill(folder: Path) -> None:
    with open(folder / "filler", "wb") as file, contextlib.suppress(OSError):
        while True:
            file.write(bytes(65536))
            file.flush()


def test_an_intact_database_on_a_full_disk_is_told_as_a_full_disk(tmp_path: Path) -> None:
    with _small_disk(tmp_path / "disk") as disk:
        path = _corpus(disk / "corpus.db")
        before = dump(path)
        _fill(disk)
        digest = _digest(path)
        outcomes = _run_every_command(path, tmp_path)
        assert _digest(path) == digest
        for status, _, err in outcomes:
            assert status == 1
            assert err.count("\n") == 1 and "the disk is full" in err, err
            assert "damaged" not in err and "backup" not in err and "internal error" not in err
        (disk / "filler").unlink()
        assert dump(path) == before


def _wal_in_a_read_only_folder(work: Path) -> Path:
    """A database whose last changes are only in its -wal, in a folder nobody may write."""
    source = work / "source"
    source.mkdir()
    db = open_db(source / "corpus.db")
    db.execute("PRAGMA wal_autocheckpoint = 0")
    add_document(db, ParsedDocument("Kostrava", TEXT, text_sha256(TEXT)), "k.txt")
    folder = work / "read-only"
    folder.mkdir()
    for name in ("corpus.db", "corpus.db-wal"):
        shutil.copy(source / name, folder / name)
    db.close()
    folder.chmod(0o555)
    return folder / "corpus.db"


def test_a_wal_in_a_read_only_folder_is_told_as_such() -> None:
    with public_folder() as work:
        path = _wal_in_a_read_only_folder(work)
        before = {name: _digest(path.with_name(name)) for name in ("corpus.db", "corpus.db-wal")}
        arguments = ("--db", "read-only/corpus.db", "docs")
        status, out, err = run_unprivileged(run_cli, *arguments, cwd=work)
        after = {name: _digest(path.with_name(name)) for name in before}
        path.parent.chmod(0o755)
    assert (status, out) == (1, "")
    assert err == (
        "corpus-tui: read-only/corpus.db: its folder is not writable, so recent changes in "
        "corpus.db-wal cannot be recovered here; make the folder writable, or copy the database "
        "with its -wal file to a writable folder (nothing was changed)\n"
    )
    assert after == before


def _create_in(folder: str) -> tuple[int, str, str]:
    return run_cli("--db", f"{folder}/new.db", "docs")


@pytest.mark.parametrize("where", ["fifo", "/proc/self/x.db", "read-only folder"])
def test_paths_that_cannot_hold_a_database_are_one_line(tmp_path: Path, where: str) -> None:
    if where == "fifo":
        fifo = tmp_path / "corpus.db"
        os.mkfifo(fifo)
        status, out, err = run_cli("--db", str(fifo), "docs")
        expected = "is not a regular file (a pipe, socket or device)"
    elif where == "read-only folder":
        with public_folder() as work:
            (work / "locked").mkdir(mode=0o555)
            (work / "locked").chmod(0o555)
            status, out, err = run_unprivileged(_create_in, "locked", cwd=work)
            assert list((work / "locked").iterdir()) == []
        expected = "cannot create locked/new.db: the folder locked is not writable"
    else:
        status, out, err = run_cli("--db", where, "docs")
        expected = "cannot create /proc/self/x.db: the folder /proc/self is not writable"
    assert (status, out) == (1, "")
    assert err.count("\n") == 1 and expected in err, err
    assert "internal error" not in err


def test_a_dropped_table_is_told_as_a_schema_change(tmp_path: Path) -> None:
    path = _corpus(tmp_path / "corpus.db")
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("DROP TABLE highlight_tags")
        conn.commit()
    before = _digest(path)
    status, out, err = run_cli("--db", str(path), "export")
    assert (status, out) == (1, "")
    assert err == (
        "corpus-tui: the database's schema was changed by another program (table "
        "highlight_tags missing); corpus-tui cannot use it as it is\n"
    )
    assert _digest(path) == before


def test_a_dropped_record_of_schema_steps_is_told_as_a_schema_change(tmp_path: Path) -> None:
    path = _corpus(tmp_path / "corpus.db")
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("DROP TABLE _sqlite_migrations")
        conn.commit()
    before = _digest(path)
    status, out, err = run_cli("--db", str(path), "docs")
    assert (status, out) == (1, "")
    assert err == (
        f"corpus-tui: {path}: the database's schema was changed by another program (table "
        "_sqlite_migrations missing); restore the database from a backup\n"
    )
    assert _digest(path) == before


def test_a_foreign_trigger_is_refused_before_it_can_run(tmp_path: Path) -> None:
    path = _corpus(tmp_path / "corpus.db")
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute(
            "CREATE TRIGGER audit AFTER INSERT ON highlights BEGIN "
            "SELECT raise(ABORT, 'audited'); END"
        )
        conn.commit()
    before = _digest(path)
    for status, out, err in _run_every_command(path, tmp_path):
        assert (status, out) == (1, "")
        assert err == (
            f"corpus-tui: {path}: the database's schema was changed by another program "
            "(trigger 'audit' added); remove it, or restore the database from a backup\n"
        )
    assert _digest(path) == before
    with pytest.raises(StoreError, match="trigger 'audit' added"):
        open_db(path)


async def test_a_stored_colour_no_terminal_draws_falls_back_with_a_warning(
    tmp_path: Path,
) -> None:
    path = _corpus(tmp_path / "corpus.db")
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE tags SET color = '#zzzzzz'")
        conn.commit()
    app = CorpusApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.return_code is None
        warnings = [n.message for n in app._notifications]
        assert any("unusable colour '#zzzzzz'" in message for message in warnings), warnings
        assert app.query_one("#reader").border_title == "Kostrava"
        # Drawing the tag panel with the stored colour is what failed ("MissingStyle").
        assert "people" in app.export_screenshot()
    db = open_db(path)
    assert [tag.color for tag in list_tags(db)] == ["#6b7280"]
    db.close()
