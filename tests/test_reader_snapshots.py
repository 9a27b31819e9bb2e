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


@pytest.fixture(autouse=True)
def fixed_config_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The `?` screen shows the config path: the same one in every run (it does not exist)."""
    monkeypatch.setenv("CORPUS_TUI_CONFIG", "/nonexistent/corpus-tui/config.toml")


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


STACKED = (
    "Terrible news. Dong-A Ilbo reports that China sent back all 31 defectors to Tumen.\n"
    "    A comment thread, indented, whose long lines wrap under their own first word and not "
    "under the margin of the page.\n"
)


@pytest.fixture
def stacked_app(db_path: Path) -> CorpusApp:
    """A sentence with a two-tag name at its start, a place inside it, a three-tag word."""
    db = open_db(db_path)
    doc = add_document(db, parse_bytes(STACKED.encode(), "news.txt"), "news.txt").document_id
    for name, color in [("event", "#3b82f6"), ("source", "#ef4444"), ("place", "#22c55e")]:
        ensure_tag(db, name, color)
    sentence = (STACKED.index("Dong-A"), STACKED.index("\n"))
    add_highlight(db, doc, *sentence, tags=["event"])
    add_highlight(db, doc, sentence[0], STACKED.index(" reports"), tags=["source", "place"])
    add_highlight(db, doc, STACKED.index("China"), STACKED.index(" sent"), tags=["place"])
    add_highlight(db, doc, STACKED.index("thread"), STACKED.index(", indented"), tags=[])
    words = (STACKED.index("whose"), STACKED.index(" wrap"))
    add_highlight(db, doc, *words, tags=["event", "source", "place"])
    db.close()
    return CorpusApp(db_path)


def test_stacked_and_multi_tag_highlights(stacked_app, snap_compare):
    # The cursor on "Ilbo": the name is the target (1 of 2), its tags in the status line.
    keys = ["ctrl+right", "ctrl+right", "ctrl+right", "ctrl+right", "left"]
    assert snap_compare(stacked_app, terminal_size=(80, 16), run_before=_steady, press=keys)
