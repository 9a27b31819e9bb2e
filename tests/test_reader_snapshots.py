"""What the user sees: the main screen (Korean text, overlapping highlights), tag picker, help."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import add_highlight
from corpus_tui.store.tags import ensure_tag
from corpus_tui.tui.app import CorpusApp

TEXT = (
    "북한 당국은 지난달 국경을 봉쇄했다. 주민들은 불안해하고 있다.\n"
    "Mr. Kim met the U.N. envoy in Tumen. “The camp holds 24 defectors,” he said.\n"
    "\t탈북자 24명이 투먼 수용소에 구금되어 있다. Café owners saw e\u0301 and 👍🏽.\n"
)
SIZE = (100, 24)


@pytest.fixture
def app(db_path: Path) -> CorpusApp:
    db = open_db(db_path)
    document = add_document(db, parse_bytes(TEXT.encode(), "korean.txt"), "korean.txt")
    add_document(db, parse_bytes(b"Second document\nshort.\n", "second.txt"), "second.txt")
    for name, color in [("place", "#3b82f6"), ("person", "#ef4444"), ("date", "#22c55e")]:
        ensure_tag(db, name, color)
    doc = document.document_id
    add_highlight(db, doc, 0, 12, tags=["place"])
    add_highlight(db, doc, 7, 20, tags=["person"])
    add_highlight(db, doc, TEXT.index("Mr. Kim"), TEXT.index(" met"), tags=["person", "date"])
    add_highlight(db, doc, TEXT.index("투먼"), TEXT.index("투먼") + 2, tags=["place"])
    db.close()
    return CorpusApp(db_path)


async def _steady(pilot) -> None:
    # The database path differs per test run; show a fixed one.
    pilot.app.sub_title = "corpus.db"
    await pilot.pause()


def test_main_screen(app, snap_compare):
    assert snap_compare(app, terminal_size=SIZE, run_before=_steady, press=["down", "w"])


def test_tag_picker(app, snap_compare):
    assert snap_compare(app, terminal_size=SIZE, run_before=_steady, press=["s", "t", "p"])


def test_help_screen(app, snap_compare):
    assert snap_compare(app, terminal_size=SIZE, run_before=_steady, press=["question_mark"])


def test_main_screen_at_80_by_24(app, snap_compare):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_steady)
