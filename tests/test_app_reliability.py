"""The app beside other programs and on a read-only database: no traceback, no "database is
locked", and every program sees the others' changes."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import corpus_tui.tui.app
from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import add_document, list_documents
from corpus_tui.store.highlights import highlights_for
from corpus_tui.store.tags import ensure_tag
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.reader import Reader
from corpus_tui.tui.widgets.document_list import DocumentList
from tests.reliability import dump, public_folder, run_unprivileged

TEXT = "Mr. Kim met the U.N. envoy in Tumen. The camp holds 24 defectors.\n" * 40
SIZE = (120, 40)


def _corpus(path: Path) -> str:
    db = open_db(path)
    document_id = add_document(db, parse_bytes(TEXT.encode(), "a.txt"), "a.txt").document_id
    ensure_tag(db, "place")
    db.close()
    return document_id


def _cli(*args: str) -> subprocess.Popen[str]:
    """`corpus-tui ARGS...` as its own process."""
    return subprocess.Popen(
        [sys.executable, "-c", "from corpus_tui.tui.cli import main; main()", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _capture_notifications(app: CorpusApp) -> list[str]:
    notes: list[str] = []
    show = app.notify

    def record(message: str, **options) -> None:
        notes.append(str(message))
        show(message, **options)

    app.notify = record
    return notes


async def _wait_for(pilot, condition) -> None:
    """Let the app run until `condition()` holds (a few seconds at most)."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never got there")


async def test_app_and_a_cli_import_write_at_once_and_see_each_other(
    db_path, tmp_path, monkeypatch
):
    monkeypatch.setattr(corpus_tui.tui.app, "WATCH_SECONDS", 0.05)
    document_id = _corpus(db_path)
    folder = tmp_path / "incoming"
    folder.mkdir()
    for n in range(60):
        (folder / f"{n:02d}.txt").write_text(f"Dispatch {n}\n\n" + "Report from Hyesan. " * 400)
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        notes = _capture_notifications(app)
        await pilot.pause()
        importer = _cli("--db", str(db_path), "import", str(folder))
        # Highlights made while the import writes: sentence by sentence, each tagged "place".
        for _ in range(15):
            await pilot.press("s", "1", "right_parenthesis")
        out, err = await asyncio.to_thread(importer.communicate)
        assert (importer.returncode, err) == (0, ""), err
        assert out.endswith("60 added, 0 updated (new version), 0 unchanged, 0 rejected\n")
        await _wait_for(pilot, lambda: any("Another program changed" in n for n in notes))
        assert len(app.query_one(DocumentList).documents) == 1
        await pilot.press("f5")
        await pilot.pause()
        assert len(app.query_one(DocumentList).documents) == 61
        made = len(app.query_one(Reader).highlights)
    assert made == 15
    assert not any("locked" in note or "busy" in note for note in notes), notes
    docs = _cli("--db", str(db_path), "docs", "--json")
    rows = json.loads(docs.communicate()[0])
    assert {row["id"]: row["spans"] for row in rows}[document_id] == 15


async def test_a_cli_merge_shows_in_the_open_reader_after_reload(db_path, tmp_path):
    document_id = _corpus(db_path)
    sha = list_documents(open_db(db_path))[0].sha256
    spans = tmp_path / "colleague.yaml"
    spans.write_text(
        "format: corpus-tui-spans\nversion: 1\ndocuments:\n"
        f"  - sha256: {sha}\n    spans:\n"
        "      - {start: 37, end: 45, text: The camp, tags: [place]}\n",
        encoding="utf-8",
    )
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(app.query_one(Reader).highlights) == 0
        merge = _cli("--db", str(db_path), "merge", str(spans))
        _, err = await asyncio.to_thread(merge.communicate)
        assert (merge.returncode, err) == (0, ""), err
        await pilot.press("f5")
        await pilot.pause()
        assert [(h.start, h.end) for h in app.query_one(Reader).highlights.spans] == [(37, 45)]
    assert len(highlights_for(open_db(db_path), document_id)) == 1


def _app_on_read_only_database(name: str) -> dict[str, object]:
    """Drive the app on a database this user may not write; say what the user saw."""

    async def scenario() -> dict[str, object]:
        app = CorpusApp(Path(name))
        async with app.run_test(size=SIZE) as pilot:
            notes = _capture_notifications(app)
            await pilot.pause()
            await pilot.press("s", "1", "down", "down", "right")
            await pilot.press("s", "1")
            await pilot.pause()
            # Leaving the app saves the reading position: refused too, and quietly.
            shown = app.query_one(DocumentList).documents
        return {"notes": notes, "documents": len(shown), "return code": app.return_code}

    return asyncio.run(scenario())


def test_app_on_a_read_only_database_reads_and_says_why_changes_are_refused() -> None:
    with public_folder() as work:
        _corpus(work / "corpus.db")
        (work / "corpus.db").chmod(0o444)
        work.chmod(0o755)
        before = dump(work / "corpus.db")
        seen = run_unprivileged(_app_on_read_only_database, "corpus.db", cwd=work)
        assert dump(work / "corpus.db") == before
    assert seen["documents"] == 1
    assert seen["return code"] in (0, None)
    refusals = [note for note in seen["notes"] if "read-only" in note]
    assert (
        refusals
        == [
            "the database is read-only, so nothing was saved; make the file and its folder writable"
        ]
        * 2
    )
