"""What the user sees: the search screen with grouped spellings, and the names view."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from corpus_tui.corpus.reading import ParsedDocument, text_sha256
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import add_document
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.screens.names import NamesScreen
from corpus_tui.tui.screens.search import SearchScreen

TEXTS = {
    "succession.txt": (
        "Succession\n\nKim Jong-un took power after Kim Jong Il died in Pyongyang. "
        "Later Kim Jong-un spoke again, and some papers wrote Kim Jung-eun."
    ),
    "border.txt": "Border\n\nKim Jong Un visited the Tumen River near Tumen and Shenyang.",
}
SIZE = (110, 28)


@pytest.fixture
def app(db_path: Path) -> CorpusApp:
    db = open_db(db_path)
    for name, text in TEXTS.items():
        add_document(db, ParsedDocument(text.split("\n")[0], text, text_sha256(text)), name)
    db.close()
    return CorpusApp(db_path)


def _names_shown(app: CorpusApp) -> bool:
    """The names view is in front, its filter has the focus and the names are listed."""
    screen = app.screen
    return (
        isinstance(screen, NamesScreen)
        and app.focused is screen.query_one("#names-filter")
        and screen.query_one("#names").option_count > 0
    )


def _results_shown(app: CorpusApp) -> bool:
    """The search screen is in front with its results listed and the mentions focused."""
    screen = app.screen
    return (
        isinstance(screen, SearchScreen)
        and screen.query_one("#mentions").option_count > 0
        and app.focused is screen.query_one("#mentions")
    )


def _typed(keys: list[str], ready):
    async def run_before(pilot) -> None:
        pilot.app.sub_title = "corpus.db"  # the database path differs per test run
        await pilot.press(*keys)
        # The picture waits for what it shows, however loaded the machine: each round lets
        # the app handle what is queued (worker results, focus changes) and nothing more.
        for _ in range(1000):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            if ready(pilot.app):
                break
        assert ready(pilot.app), "the screen never reached the state the snapshot shows"
        # A blinking cursor is drawn or not depending on the clock: hold it steady. Turning
        # the blink off shows the cursor, but a blink already queued may hide it again: let it
        # run, then turn the blink off once more, with nothing in between.
        fields = list(pilot.app.screen.query(Input))
        for field in fields:
            field.cursor_blink = False
        await pilot.pause()
        for field in fields:
            field.cursor_blink = True
            field.cursor_blink = False
        await pilot.pause()

    return run_before


def test_search_screen(app, snap_compare):
    keys = ["slash", *"kim jong un", "enter"]
    assert snap_compare(app, terminal_size=SIZE, run_before=_typed(keys, _results_shown))


def test_names_view(app, snap_compare):
    assert snap_compare(app, terminal_size=SIZE, run_before=_typed(["ctrl+n"], _names_shown))
