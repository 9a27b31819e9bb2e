"""Exporting spans and re-attaching orphans from inside the app, driven by keys."""

from __future__ import annotations

from pathlib import Path

import yaml

from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import add_highlight, highlights_for
from corpus_tui.store.orphans import list_orphans
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.reader import Reader
from corpus_tui.tui.screens.orphans import OrphansScreen

BEFORE = "The camp at Tumen is full. Officials declined to comment.\n"
AFTER = "The camp near the river is full. Officials declined to comment.\n"
SIZE = (120, 40)


def coded_database(db_path: Path) -> str:
    """One document whose highlight on "Tumen" was orphaned by a new version."""
    db = open_db(db_path)
    document_id = add_document(db, parse_bytes(BEFORE.encode(), "a.txt"), "a.txt").document_id
    add_highlight(db, document_id, 12, 17, ["place"], note="the camp")
    add_document(db, parse_bytes(AFTER.encode(), "a.txt"), "a.txt")
    db.close()
    return document_id


async def test_f6_exports_beside_the_database_and_says_where(db_path: Path) -> None:
    document_id = coded_database(db_path)
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await app.workers.wait_for_complete()
        await pilot.pause()
        target = db_path.with_name("corpus-spans.yaml")
        assert any(str(target) in n.message for n in app._notifications)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    [document] = data["documents"]
    assert document["id"] == document_id
    assert [o["text"] for o in document["orphans"]] == ["Tumen"]


async def test_an_orphan_is_reattached_at_the_selection(db_path: Path) -> None:
    document_id = coded_database(db_path)
    db = open_db(db_path)
    [orphan] = list_orphans(db)
    db.close()
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, OrphansScreen)
        await pilot.press("enter")  # no selection yet: opens the document near the orphan
        await pilot.pause()
        assert not isinstance(app.screen, OrphansScreen)
        reader = app.query_one(Reader)
        start = AFTER.index("the river")
        reader.focus()
        reader.move_to(start)
        await pilot.press(*["shift+right"] * len("the river"))
        assert reader.selection == (start, start + len("the river"))
        await pilot.press("f7", "enter")
        await pilot.pause()
    db = open_db(db_path)
    [highlight] = highlights_for(db, document_id)
    assert (highlight.id, highlight.start, highlight.end) == (orphan.id, start, start + 9)
    assert (highlight.tags, highlight.note) == (("place",), "the camp")
    assert list_orphans(db) == []
    db.close()
