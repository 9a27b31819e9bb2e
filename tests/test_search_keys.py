"""Keys typed at once after `/` reach the search input whole; the query and scope rules of `/`."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Static

from corpus_tui.corpus.reading import ParsedDocument, text_sha256
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import add_document
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.screens import search as search_screen
from corpus_tui.tui.workspace import Workspace

TEXT = "Border\n\nKim Jong Un visited the Tumen River near Tumen. 보위부 officers watched."


@pytest.fixture
def document(db_path: Path) -> str:
    """One document in the database; its id."""
    db = open_db(db_path)
    try:
        parsed = ParsedDocument("Border", TEXT, text_sha256(TEXT))
        return add_document(db, parsed, "border.txt").document_id
    finally:
        db.close()


def burst(app: CorpusApp, keys: list[str]) -> None:
    """Queue every key at once, as a terminal delivers a fast typist's keys: no pause between."""
    for key in keys:
        char = key if len(key) == 1 else None
        if key == "slash":
            char = "/"
        elif key == "space":
            char = " "
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


async def settle(app: CorpusApp, pilot) -> None:
    """Wait for every worker, then for the messages they posted."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("query", ["Tumen", "보위부"])
async def test_slash_and_a_query_typed_at_once_after_launch_arrive_whole(
    db_path: Path, document: str, query: str
) -> None:
    app = CorpusApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        burst(app, ["slash", *query, "enter"])  # Enter searches at once
        await settle(app, pilot)
        assert app.screen.query_one("#search-query", Input).value == query
        hits = [hit.text for hit in app.screen.hits]
        assert query in hits


def line(app: CorpusApp, selector: str) -> str:
    """The text a one-line Static of the search screen shows."""
    return str(app.screen.query_one(selector, Static).render())


async def test_slash_again_selects_the_previous_query_so_typing_replaces_it(
    db_path: Path, document: str
) -> None:
    app = CorpusApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        burst(app, ["slash", *"Tumen", "enter"])
        await settle(app, pilot)
        assert {hit.text for hit in app.screen.hits} == {"Tumen", "Tumen River"}
        burst(app, ["escape", "slash", *"Kim", "enter"])
        await settle(app, pilot)
        assert app.screen.query_one("#search-query", Input).value == "Kim"
        assert [hit.text for hit in app.screen.hits] == ["Kim Jong Un"]


async def test_a_search_in_the_open_document_says_so_and_the_next_slash_searches_all(
    db_path: Path, document: str
) -> None:
    other = "Elsewhere\n\nTumen again, in another article."
    db = open_db(db_path)
    add_document(db, ParsedDocument("Elsewhere", other, text_sha256(other)), "else.txt")
    db.close()
    app = CorpusApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.query_one(Workspace).open_document(document)
        burst(app, ["slash", *"Tumen", "enter"])
        await settle(app, pilot)
        assert line(app, "#search-scope") == "All documents ›"
        assert len({hit.doc for hit in app.screen.hits}) == 2
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert line(app, "#search-scope") == "Only “Border” ›"
        assert {hit.doc for hit in app.screen.hits} == {document}
        burst(app, ["escape", "slash"])
        await settle(app, pilot)
        assert line(app, "#search-scope") == "All documents ›"
        assert app.screen.query_one("#search-query", Input).value == "Tumen"
        assert len({hit.doc for hit in app.screen.hits}) == 2


async def test_a_running_search_shows_searching(
    db_path: Path, document: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()
    real_search = search_screen.search

    def held_search(*args, **kwargs):
        started.set()
        release.wait(timeout=60)
        return real_search(*args, **kwargs)

    monkeypatch.setattr(search_screen, "search", held_search)
    app = CorpusApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            burst(app, ["slash", *"Tumen", "enter"])
            while not started.is_set():
                await pilot.pause()
            assert line(app, "#search-busy") == "searching…"
            assert app.screen.hits == []
        finally:
            release.set()
        await settle(app, pilot)
        assert line(app, "#search-busy") == ""
        assert "Tumen" in [hit.text for hit in app.screen.hits]
