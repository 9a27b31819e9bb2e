"""The app starts on a database and shows its documents."""

from __future__ import annotations

from pathlib import Path

from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import add_document
from corpus_tui.tui.app import CorpusApp


async def test_app_shows_document_titles(db_path: Path) -> None:
    db = open_db(db_path)
    for name, text in [("a.txt", "Tumen camp report\n"), ("b.txt", "김정은 기사\n")]:
        add_document(db, parse_bytes(text.encode(), name), name)
    db.close()
    app = CorpusApp(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.export_screenshot().replace("&#160;", " ")
        assert "Tumen camp report" in screen
        assert "김정은" in screen
