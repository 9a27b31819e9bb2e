"""What the user sees: the search screen with grouped spellings, and the names view."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_tui.corpus.reading import ParsedDocument, text_sha256
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import add_document
from corpus_tui.tui.app import CorpusApp

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


def _typed(keys: list[str]):
    async def run_before(pilot) -> None:
        pilot.app.sub_title = "corpus.db"  # the database path differs per test run
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


def test_search_screen(app, snap_compare):
    keys = ["slash", *"kim jong un", "enter"]
    assert snap_compare(app, terminal_size=SIZE, run_before=_typed(keys))


def test_names_view(app, snap_compare):
    assert snap_compare(app, terminal_size=SIZE, run_before=_typed(["ctrl+n"]))
