"""Stacked and multi-tag highlights: both visible, the innermost is the target, `c` cycles, the
highlight list chooses; the bound keys move a selection's bounds before a highlight's."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import add_highlight, highlights_for
from corpus_tui.store.tags import ensure_tag
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.reader import Reader
from corpus_tui.tui.widgets.highlight_list import HighlightList

TEXT = (
    "Terrible news. Dong-A Ilbo reports that China sent back all 31 defectors to Tumen.\n"
    "A second paragraph follows here.\n"
)
SENTENCE = (TEXT.index("Dong-A"), TEXT.index("\n"))
NAME = (TEXT.index("Dong-A"), TEXT.index(" reports"))
COLORS = {"event": "#3b82f6", "source": "#ef4444", "place": "#22c55e"}
SIZE = (120, 30)


@pytest.fixture
def doc(db_path: Path) -> str:
    """One document with a tagged sentence and a two-tag name that starts it."""
    db = open_db(db_path)
    document_id = add_document(db, parse_bytes(TEXT.encode(), "news.txt"), "news.txt").document_id
    for name, color in COLORS.items():
        ensure_tag(db, name, color)
    add_highlight(db, document_id, *SENTENCE, tags=["event"])
    add_highlight(db, document_id, *NAME, tags=["source", "place"])
    db.close()
    return document_id


def spans(db_path: Path, document_id: str) -> list[tuple[int, int, tuple[str, ...]]]:
    db = open_db(db_path)
    try:
        return sorted((h.start, h.end, h.tags) for h in highlights_for(db, document_id))
    finally:
        db.close()


def status(app: CorpusApp) -> str:
    return str(app.query_one("#status").render())


def backgrounds(reader: Reader, start: int, end: int) -> set[str]:
    """The background colours the first row draws ``TEXT[start:end]`` in (one cell each)."""
    cells: list[str] = []
    for segment in reader.render_line(0):
        color = segment.style.bgcolor.get_truecolor().hex if segment.style.bgcolor else ""
        cells += [color] * len(segment.text)
    return set(cells[start:end])


async def test_an_inner_highlight_is_drawn_over_the_outer_and_x_deletes_only_it(db_path, doc):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        reader.move_to(TEXT.index("Ilbo") + 1)
        await pilot.pause()
        assert backgrounds(reader, *NAME[:1], NAME[0] + 1) == {COLORS["source"]}
        # The name has two tags: it is striped word by word in both colours, never the
        # sentence's.
        assert backgrounds(reader, *NAME) == {COLORS["source"], COLORS["place"]}
        reports = TEXT.index("reports")
        assert backgrounds(reader, reports, reports + 7) == {COLORS["event"]}
        assert "“Dong-A Ilbo” source, place (1/2, c: next)" in status(app)
        await pilot.press("x")
        await pilot.pause()
    assert spans(db_path, doc) == [(*SENTENCE, ("event",))]


async def test_stacked_text_is_marked(db_path, doc):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        styles = {
            word: segment.style
            for segment in reader.render_line(0)
            for word in segment.text.split()
        }
        assert styles["Ilbo"].underline
        assert not styles["reports"].underline


async def test_c_cycles_the_target_and_the_keys_act_on_it(db_path, doc):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        reader.move_to(NAME[0])
        await pilot.press("c")
        await pilot.pause()
        assert "event (2/2, c: next)" in status(app)
        # The chosen target is drawn on top of the name it shares its start with.
        assert backgrounds(reader, NAME[0] + 1, NAME[1]) == {COLORS["event"]}
        await pilot.press("r")  # one tag: removed without asking
        await pilot.pause()
        assert spans(db_path, doc) == sorted([(*SENTENCE, ()), (*NAME, ("source", "place"))])
        await pilot.press("c", "c")  # round to the name and back to the sentence
        await pilot.pause()
        assert "(2/2, c: next)" in status(app)
        await pilot.press("x")
        await pilot.pause()
    assert spans(db_path, doc) == [(*NAME, ("source", "place"))]


async def test_same_start_highlights_act_on_the_shorter_first(db_path, doc):
    db = open_db(db_path)
    add_highlight(db, doc, NAME[0], NAME[0] + len("Dong-A"), tags=["place"])
    db.close()
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.query_one(Reader).move_to(NAME[0])
        await pilot.pause()
        assert "(1/3, c: next)" in status(app)
        await pilot.press("x")
        await pilot.pause()
    assert spans(db_path, doc) == sorted([(*SENTENCE, ("event",)), (*NAME, ("source", "place"))])


async def test_a_row_chosen_in_the_highlight_list_is_the_target(db_path, doc):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        highlights = app.query_one(HighlightList)
        highlights.focus()
        # The rows are in start order: the sentence and the name start together, the
        # sentence (longer) is stored first.
        row = next(i for i, h in enumerate(highlights.highlights) if h.end == SENTENCE[1])
        highlights.cursor = row
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.query_one(Reader)
        assert "event (2/2, c: next)" in status(app)
        await pilot.press("e", *"whole sentence", "ctrl+s")
        await pilot.pause()
    db = open_db(db_path)
    notes = {(h.start, h.end): h.note for h in highlights_for(db, doc)}
    db.close()
    assert notes == {SENTENCE: "whole sentence", NAME: None}


async def test_moving_off_the_chosen_target_forgets_it(db_path, doc):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        reader.move_to(NAME[0])
        await pilot.press("c")  # the sentence
        await pilot.press("ctrl+down", "ctrl+up")  # out to the next paragraph, then back
        reader.move_to(NAME[0])
        await pilot.pause()
        assert "source, place (1/2, c: next)" in status(app)


async def test_bound_keys_move_the_selection_not_the_highlight_under_it(db_path, doc):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        sent = (TEXT.index("sent"), TEXT.index(" back"))
        reader.select(*sent)
        await pilot.press("plus")  # end one word right: to the end of "back"
        await pilot.press("left_square_bracket")  # start one character left: the space
        await pilot.pause()
        assert reader.selection == (sent[0] - 1, TEXT.index(" all"))
        await pilot.press("underscore", "right_square_bracket")
        await pilot.pause()
        assert reader.selection == sent
        assert "“sent” · event · 4 chars" in status(app)
    # The sentence under the selection kept its bounds.
    assert spans(db_path, doc) == sorted([(*SENTENCE, ("event",)), (*NAME, ("source", "place"))])


async def test_without_a_selection_bound_keys_move_the_target_and_say_so(db_path, doc):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.query_one(Reader).move_to(TEXT.index("Ilbo"))
        await pilot.press("plus")  # the name's end, one word right
        await pilot.pause()
        assert "moved the end of the target “Dong-A Ilbo reports”" in status(app)
    assert spans(db_path, doc) == sorted(
        [(*SENTENCE, ("event",)), (NAME[0], TEXT.index(" that"), ("source", "place"))]
    )


async def test_bound_keys_with_nothing_to_move_say_what_to_do(db_path, doc):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.query_one(Reader).move_to(TEXT.index("second"))
        await pilot.press("plus")
        await pilot.pause()
        await pilot.pause()
        shown = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert [message.strip() for message in shown] == [
            "Select a passage or go to a highlight first"
        ]
    assert len(spans(db_path, doc)) == 2


async def test_a_name_strictly_inside_a_sentence_is_drawn_and_deleted_alone(db_path, doc):
    china = (TEXT.index("China"), TEXT.index(" sent"))
    db = open_db(db_path)
    add_highlight(db, doc, *china, tags=["place"])
    db.close()
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        reader.move_to(china[0] + 2)
        await pilot.pause()
        assert backgrounds(reader, *china) == {COLORS["place"]}
        assert "“China” place (1/2, c: next)" in status(app)
        await pilot.press("x")
        await pilot.pause()
    assert spans(db_path, doc) == sorted([(*SENTENCE, ("event",)), (*NAME, ("source", "place"))])
