"""The search screen and the names view, driven through Pilot; the database checked after."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from corpus_tui.corpus.reading import ParsedDocument, text_sha256
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import highlights_for
from corpus_tui.store.search_tagging import tag_mentions
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.screens.names import NamesScreen
from corpus_tui.tui.screens.search import SearchScreen
from corpus_tui.tui.workspace import Workspace

FIRST = (
    "Succession\n\nKim Jong-un took power. Kim Jong Il had died. "
    "Later Kim Jong-un spoke again, and some wrote Kim Jung-eun."
)
SECOND = "Border\n\nKim Jong Un visited the Tumen River near Tumen."


@pytest.fixture
def corpus(db_path: Path) -> dict[str, str]:
    """Two documents in the database; their ids by name."""
    db = open_db(db_path)
    ids = {}
    for name, text in (("first", FIRST), ("second", SECOND)):
        parsed = ParsedDocument(text.split("\n")[0], text, text_sha256(text))
        ids[name] = add_document(db, parsed, f"{name}.txt").document_id
    db.close()
    return ids


async def settle(app: CorpusApp, pilot) -> None:
    """Wait for every worker, then for the messages they posted."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def tagged(db_path: Path, document_id: str, text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(highlighted text, tags) of a document's highlights."""
    db = open_db(db_path)
    try:
        return [(text[h.start : h.end], tuple(h.tags)) for h in highlights_for(db, document_id)]
    finally:
        db.close()


def option_texts(screen, selector: str) -> list[str]:
    options = screen.query_one(selector, OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_search_drop_a_variant_check_all_and_tag_in_one_undoable_step(
    db_path: Path, corpus: dict[str, str]
) -> None:
    db = open_db(db_path)
    start = SECOND.index("Kim Jong Un")
    tag_mentions(db, [(corpus["second"], start, start + len("Kim Jong Un"))], "person")
    db.close()
    app = CorpusApp(db_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"kim jong un", "enter")  # Enter searches at once, no pause
        await settle(app, pilot)
        variants = [text.split("\n")[0][2:] for text in option_texts(screen, "#variants")]
        assert [v.split("  ")[0] for v in variants] == [
            "Kim Jong-un",
            "Kim Jong Un",
            "Kim Jung-eun",
        ]
        assert "2 in 1 doc(s)" in option_texts(screen, "#variants")[0]
        screen.query_one("#variants", OptionList).focus()
        await pilot.press("down", "down", "space")  # drop "Kim Jung-eun"
        screen.query_one("#mentions", OptionList).focus()
        await pilot.press("a", "ctrl+t")
        await pilot.press(*"person", "enter")
        await pilot.pause()
        assert tagged(db_path, corpus["first"], FIRST) == [
            ("Kim Jong-un", ("person",)),
            ("Kim Jong-un", ("person",)),
        ]
        assert tagged(db_path, corpus["second"], SECOND) == [("Kim Jong Un", ("person",))]
        await pilot.press("escape", "u")
        await pilot.pause()
        assert tagged(db_path, corpus["first"], FIRST) == []
        assert tagged(db_path, corpus["second"], SECOND) == [("Kim Jong Un", ("person",))]


async def test_enter_opens_the_mention_selected_in_the_reader(
    db_path: Path, corpus: dict[str, str]
) -> None:
    app = CorpusApp(db_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("slash", *"tumen", "enter")
        await settle(app, pilot)
        assert "Border  (2)" in option_texts(app.screen, "#mentions")[0]
        await pilot.press("enter")
        await pilot.pause()
        workspace = app.query_one(Workspace)
        assert workspace.document_id == corpus["second"]
        start, end = workspace.reader.selection
        # The first mention listed: the best score within the exact ones (all of the name).
        assert SECOND[start:end] == "Tumen"


async def test_scope_keeps_to_the_open_document(db_path: Path, corpus: dict[str, str]) -> None:
    app = CorpusApp(db_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        app.query_one(Workspace).open_document(corpus["second"])
        await pilot.press("slash", *"kim", "enter")
        await settle(app, pilot)
        assert len(app.screen.hits) == 5
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert [hit.text for hit in app.screen.hits] == ["Kim Jong Un"]


async def test_names_view_filters_and_shows_mentions(db_path: Path, corpus: dict[str, str]) -> None:
    app = CorpusApp(db_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert isinstance(app.screen, NamesScreen)
        names = option_texts(app.screen, "#names")
        assert any(text.startswith("Kim Jong-un  2×") for text in names)
        assert any(text.startswith("   ↳ Kim Jong Un  1×") for text in names)
        await pilot.press(*"tumen")
        assert [text.split("  ")[0] for text in option_texts(app.screen, "#names")] == [
            "Tumen",
            "Tumen River",
        ]
        assert all("place" in text for text in option_texts(app.screen, "#names"))
        await pilot.press("enter", "down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one(Input).value == "Tumen River"
        assert [hit.text for hit in app.screen.hits] == ["Tumen River"]
