"""Importing many files: worker processes, batched commits, a failure in the middle of a batch."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

import corpus_tui.store.importer
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import get_text, list_documents
from corpus_tui.store.importer import POOL_FILES, import_paths
from corpus_tui.store.search import search
from corpus_tui.store.search_index import rebuild_index

NAMES = ("Kim Jong-un", "Tumen River", "Muammar al-Qaddafi", "Hyesan", "Ri Sol-ju")


def _folder(root: Path, files: int) -> Path:
    root.mkdir()
    for n in range(files):
        name = NAMES[n % len(NAMES)]
        body = f"Report {n}\n\nWitnesses said {name} visited on day {n}. The river was high.\n"
        (root / f"{n:03d}.txt").write_text(body, encoding="utf-8")
    return root


def _index_rows(db: Database) -> list[tuple]:
    return db.execute(
        "SELECT kind, text, key, occurrences, documents, place FROM search_terms "
        "ORDER BY kind, text"
    ).fetchall()


def test_pool_import_equals_one_process_import(tmp_path, monkeypatch) -> None:
    folder = _folder(tmp_path / "corpus", POOL_FILES + 30)
    (folder / "040.txt").write_bytes(b"")
    pooled = open_db(tmp_path / "pooled.db")
    calls: list[tuple[int, int, str]] = []
    summary = import_paths(pooled, [folder], progress=lambda *call: calls.append(call))
    files = sorted(str(path) for path in folder.iterdir())
    assert calls == [(n, len(files), source) for n, source in enumerate(files, 1)]
    assert [r.source for r in summary.rejected] == [str(folder / "040.txt")]
    assert len(summary.added) == len(files) - 1
    monkeypatch.setattr(corpus_tui.store.importer, "POOL_FILES", 10**9)
    alone = open_db(tmp_path / "alone.db")
    import_paths(alone, [folder])
    assert _index_rows(pooled) == _index_rows(alone)
    assert {hit.doc for hit in search(pooled, "Tumen", limit=100)} == {
        hit.doc for hit in search(alone, "Tumen", limit=100)
    }
    assert len({hit.doc for hit in search(pooled, "Tumen", limit=100)}) == 16


@pytest.mark.parametrize("files", [12, POOL_FILES + 20])
def test_a_document_failing_mid_batch_keeps_the_ones_before(
    tmp_path, db_path, monkeypatch, files
) -> None:
    folder = _folder(tmp_path / "corpus", files)
    failing = str(folder / "007.txt")
    real = corpus_tui.store.importer.add_document

    def add_document(db, parsed, source, analysis=None):
        result = real(db, parsed, source, analysis)
        if source == failing:
            raise RuntimeError("disk trouble")
        return result

    monkeypatch.setattr(corpus_tui.store.importer, "add_document", add_document)
    db = open_db(db_path)
    reported: list[str] = []
    with pytest.raises(RuntimeError, match="disk trouble"):
        import_paths(db, [folder], progress=lambda _done, _total, source: reported.append(source))
    db.close()
    after = open_db(db_path)
    stored = [d.source for d in list_documents(after)]
    assert stored == reported == [str(folder / f"{n:03d}.txt") for n in range(7)]
    assert all("Witnesses" in get_text(after, d.id) for d in list_documents(after))
    # The failed document left nothing in the index either: a search finds only stored ones.
    hits = {hit.doc for hit in search(after, "Hyesan", limit=100)}
    assert hits == {d.id for d in list_documents(after) if "Hyesan" in get_text(after, d.id)}
    after.close()


def test_pool_reimport_indexes_changed_files_like_a_rebuild(tmp_path, db: Database) -> None:
    folder = _folder(tmp_path / "corpus", POOL_FILES + 10)
    import_paths(db, [folder])
    changed = folder / "003.txt"
    changed.write_text("Report 3\n\nRi Sol-ju met Muammar al-Qaddafi near Hyesan.\n", "utf-8")
    (folder / "100.txt").write_text("Report 100\n\nKim Jong-un left Hyesan.\n", "utf-8")
    summary = import_paths(db, [folder])
    assert (summary.updated, summary.added) == ([str(changed)], [str(folder / "100.txt")])
    assert len(summary.unchanged) == POOL_FILES + 9
    imported = _index_rows(db)
    rebuild_index(db)
    assert _index_rows(db) == imported


def test_nothing_to_import_takes_no_write_lock(db: Database, tmp_path) -> None:
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    summary = import_paths(db, [tmp_path / "missing"])
    db.conn.set_trace_callback(None)
    assert [r.reason for r in summary.rejected] == ["no such file or folder"]
    assert not [s for s in statements if s.startswith("BEGIN")]
