"""Hostile databases: a newer schema, a damaged file, a read-only file. Each is refused (or opened
read-only) with a clear message through the store, the command line and the app, and no
refused file is ever written to."""

from __future__ import annotations

import gc
import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from corpus_tui.corpus.reading import ParsedDocument, text_sha256
from corpus_tui.store.db import StoreError, open_db
from corpus_tui.store.documents import add_document, list_documents
from corpus_tui.store.highlights import add_highlight, highlights_for
from corpus_tui.store.importer import import_paths
from corpus_tui.tui.app import CorpusApp
from tests.reliability import dump, public_folder, run_cli, run_unprivileged

TEXT = "Forty people were detained in Kostrava on Monday, witnesses said.\n" * 300


def _filled(path: Path) -> Path:
    """A real corpus database at `path`, closed (so its WAL is folded into the file)."""
    db = open_db(path)
    for n in range(30):
        text = f"Dispatch {n}\n\n{TEXT}"
        document = add_document(
            db, ParsedDocument(f"Dispatch {n}", text, text_sha256(text)), f"{n}.txt"
        )
        add_highlight(db, document.document_id, 0, 8, ["place"])
    db.close()
    return path


def _newer(path: Path) -> Path:
    _filled(path)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('corpus_tui', 'from_a_future_release', '2030-01-01')"
        )
    conn.close()
    return path


def _damaged(path: Path, kind: str) -> Path:
    data = _filled(path).read_bytes()
    page = 4096
    damaged = {
        "random bytes": os.urandom(len(data)),
        "a text file": b"My notes about the corpus.\n" * 200,
        "truncated to half": data[: len(data) // 2],
        "truncated inside the header": data[:60],
        "first page wiped": data[:100] + bytes(page - 100) + data[page:],
        "header kept, the rest random": data[:100] + os.urandom(len(data) - 100),
        "last pages random": data[: -5 * page] + os.urandom(5 * page),
    }[kind]
    path.write_bytes(damaged)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(path.name + "-*"))


DAMAGE = [
    "random bytes",
    "a text file",
    "truncated to half",
    "truncated inside the header",
    "first page wiped",
    "header kept, the rest random",
    "last pages random",
]


def test_newer_schema_is_refused_by_the_store(db_path: Path) -> None:
    before = _digest(_newer(db_path))
    with pytest.raises(StoreError, match=r"written by a newer corpus-tui.*upgrade corpus-tui"):
        open_db(db_path)
    assert _digest(db_path) == before


@pytest.mark.parametrize("command", [(), ("docs",), ("import", "."), ("export",)])
def test_newer_schema_is_refused_by_every_command(db_path: Path, command) -> None:
    before = _digest(_newer(db_path))
    status, out, err = run_cli("--db", str(db_path), *command)
    assert (status, out) == (1, "")
    assert err.count("\n") == 1
    assert "was written by a newer corpus-tui" in err and "upgrade corpus-tui" in err
    assert _digest(db_path) == before


@pytest.mark.parametrize("kind", DAMAGE)
def test_damaged_file_is_refused_and_never_written(db_path: Path, tmp_path: Path, kind) -> None:
    before = _digest(_damaged(db_path, kind))
    notes = tmp_path / "notes.txt"
    notes.write_text("A new dispatch\n\nbody\n")
    outcomes = []
    # Not the bare command: when damage goes unnoticed at open, it would start the app.
    for command in (("docs",), ("import", str(notes)), ("export",)):
        status, _, err = run_cli("--db", str(db_path), *command)
        outcomes.append(status)
        assert err.count("\n") <= 1 and "Traceback" not in err
        assert err == "" or err.startswith("corpus-tui: ")
        assert "internal error" not in err
        assert _digest(db_path) == before
    # A damaged page the commands never touched may go unnoticed; any that is touched stops
    # the command with a clear message, and the file stays exactly as it was.
    assert 1 in outcomes
    gc.collect()  # closes connections a failed in-process command left open, as an exit would
    assert _side_files(db_path) == []
    assert _digest(db_path) == before


def test_damage_found_while_writing_saves_nothing(db_path: Path) -> None:
    _filled(db_path)
    with sqlite3.connect(db_path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'highlights'")
        page = root.fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db_path, "r+b") as file:
        file.seek((page - 1) * size)
        file.write(bytes(range(256)) * (size // 256))
    before = _digest(db_path)
    db = open_db(db_path)
    document_id = list_documents(db)[0].id
    with pytest.raises(StoreError, match="damaged, so nothing was saved"):
        add_highlight(db, document_id, 0, 4, ["place"])
    db.close()
    assert _digest(db_path) == before
    assert _side_files(db_path) == []


def _read_only_session(name: str) -> dict[str, object]:
    """Open a database one may not write, read it, try to write it; say what happened."""
    seen: dict[str, object] = {}
    db = open_db(name)
    documents = list_documents(db)
    seen["documents"] = len(documents)
    seen["spans"] = len(highlights_for(db, documents[0].id))
    try:
        add_highlight(db, documents[0].id, 0, 4, ["place"])
    except StoreError as error:
        seen["write"] = str(error)
    db.close()
    seen["cli import"] = run_cli("--db", name, "import", "notes.txt")
    seen["cli docs"] = run_cli("--db", name, "docs")[0]
    return seen


@pytest.mark.parametrize(
    ("file_mode", "folder_mode"),
    [(0o444, 0o777), (0o444, 0o755), (0o666, 0o755)],
    ids=["read-only file", "read-only file and folder", "read-only folder"],
)
def test_read_only_database_opens_for_reading_and_says_why_writes_fail(
    file_mode: int, folder_mode: int
) -> None:
    with public_folder() as work:
        _filled(work / "corpus.db")
        (work / "notes.txt").write_text("A new dispatch\n\nbody\n")
        (work / "corpus.db").chmod(file_mode)
        work.chmod(folder_mode)
        before = _digest(work / "corpus.db")
        seen = run_unprivileged(_read_only_session, "corpus.db", cwd=work)
        assert _digest(work / "corpus.db") == before
    assert (seen["documents"], seen["spans"]) == (30, 1)
    assert seen["write"].startswith("the database is read-only, so nothing was saved")
    status, out, err = seen["cli import"]
    assert (status, out) == (1, "")
    assert err.startswith("corpus-tui: the database is read-only") and err.count("\n") == 1
    assert seen["cli docs"] == 0


async def test_app_refuses_a_newer_database_with_one_line(db_path: Path, capsys, monkeypatch):
    before = _digest(_newer(db_path))
    monkeypatch.setenv("COLUMNS", "500")  # stderr is not a terminal: rich would wrap at 80
    app = CorpusApp(db_path)
    await app.run_async(headless=True, size=(100, 30))
    assert app.return_code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"corpus-tui: {db_path} was written by a newer corpus-tui"), err
    assert err.count("\n") == 1
    assert _digest(db_path) == before


@pytest.mark.parametrize("kind", ["random bytes", "truncated to half"])
async def test_app_refuses_a_damaged_database_with_one_line(db_path, kind, capsys, monkeypatch):
    before = _digest(_damaged(db_path, kind))
    monkeypatch.setenv("COLUMNS", "500")  # stderr is not a terminal: rich would wrap at 80
    app = CorpusApp(db_path)
    await app.run_async(headless=True, size=(100, 30))
    assert app.return_code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"corpus-tui: {db_path} is not a corpus-tui database or is damaged")
    assert err.count("\n") == 1
    assert _digest(db_path) == before


def test_a_full_disk_saves_nothing_and_says_so(db_path: Path, tmp_path: Path) -> None:
    _filled(db_path)
    big = tmp_path / "big.txt"
    big.write_text("A long dispatch\n\n" + "Witnesses counted forty people. " * 20000)
    before = dump(db_path)
    db = open_db(db_path)
    # The database may not grow by a single page: SQLite then fails as on a full disk.
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError, match="the disk is full, so nothing was saved"):
        import_paths(db, [big])
    db.close()
    assert dump(db_path) == before
