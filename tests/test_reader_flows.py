"""The reader as a user drives it: keys pressed through Pilot, then the database checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.db import open_db, write
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import highlights_for
from corpus_tui.store.tags import ensure_tag, get_tag, list_tags
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.keys import key_reference
from corpus_tui.tui.reader import Reader
from corpus_tui.tui.widgets.document_list import DocumentList
from corpus_tui.tui.widgets.highlight_list import HighlightList

ENGLISH = (
    "Mr. Kim met the U.N. envoy in Tumen. The camp holds 24 defectors.\n"
    "A second paragraph here. It ends.\n"
)
KOREAN = (
    "북한 당국은 지난달 국경을 봉쇄했다. 주민들은 불안해하고 있다.\n"
    "탈북자 24명이 투먼 수용소에 구금되어 있다.\n"
)
LONG = "".join(f"Paragraph {n} of a long report. It goes on.\n" for n in range(300))
SIZE = (120, 40)


@pytest.fixture
def corpus(db_path: Path) -> dict[str, str]:
    """Two documents (English first) and two tags; returns {text: document id}."""
    db = open_db(db_path)
    ids = {}
    for name, text in [("english.txt", ENGLISH), ("korean.txt", KOREAN), ("long.txt", LONG)]:
        ids[text] = add_document(db, parse_bytes(text.encode(), name), name).document_id
    ensure_tag(db, "place")
    ensure_tag(db, "person")
    db.close()
    return ids


def stored(db_path: Path, document_id: str) -> list[tuple[int, int, tuple[str, ...], str | None]]:
    db = open_db(db_path)
    try:
        return [(h.start, h.end, h.tags, h.note) for h in highlights_for(db, document_id)]
    finally:
        db.close()


async def test_a_sentence_is_selected_in_one_key_and_tagged_in_one(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "1")
        await pilot.pause()
        reader = app.query_one(Reader)
        assert reader.selection is None
    assert stored(db_path, corpus[ENGLISH]) == [(0, 36, ("place",), None)]
    assert ENGLISH[0:36] == "Mr. Kim met the U.N. envoy in Tumen."


async def test_next_sentence_then_select_and_a_second_tag_on_the_same_highlight(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_parenthesis", "right_parenthesis", "s", "1")
        await pilot.press("left", "2")
        await pilot.pause()
    start = ENGLISH.index("The camp")
    end = ENGLISH.index("\n")
    assert stored(db_path, corpus[ENGLISH]) == [(start, end, ("place", "person"), None)]


async def test_hangul_passage_stores_its_code_point_offsets(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.query_one(DocumentList).focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        # Word by word to "국경을", then select it.
        await pilot.press("ctrl+right", "ctrl+right", "ctrl+right", "ctrl+right", "w", "1")
        await pilot.press("ctrl+down", "right", "s", "2")
        await pilot.pause()
    word = KOREAN.index("국경을")
    line = KOREAN.index("탈북자")
    assert stored(db_path, corpus[KOREAN]) == [
        (word, word + 3, ("place",), None),
        (line, len(KOREAN) - 1, ("person",), None),
    ]


async def test_enter_on_a_tag_in_the_panel_tags_the_selection(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w", "ctrl+t", "down", "enter")
        await pilot.pause()
        assert app.focused is app.query_one(Reader)
    assert stored(db_path, corpus[ENGLISH]) == [(0, 2, ("person",), None)]


async def test_choosing_a_highlight_in_the_panel_goes_to_it(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "1", "s", "s", "2", "ctrl+home")
        app.query_one(HighlightList).focus()
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        reader = app.query_one(Reader)
        assert app.focused is reader
        assert reader.cursor == ENGLISH.index("The camp")


async def test_pressing_s_again_selects_the_next_sentence(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "s", "1")
        await pilot.pause()
    start = ENGLISH.index("The camp")
    assert stored(db_path, corpus[ENGLISH]) == [(start, ENGLISH.index("\n"), ("place",), None)]


async def test_extending_by_words_and_by_a_mark_then_sentences(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        await pilot.press("ctrl+shift+right", "ctrl+shift+right")
        assert reader.selection == (0, 7)
        await pilot.press("escape", "ctrl+home", "v", "right_parenthesis", "right_parenthesis")
        assert reader.selection == (0, ENGLISH.index("\n"))
        await pilot.press("shift+left")
        assert reader.selection == (0, ENGLISH.index("\n") - 1)
        await pilot.press("ctrl+down")
        assert reader.selection == (0, ENGLISH.index("\n"))
        await pilot.press("escape", "p")
        assert reader.selection == (0, ENGLISH.index("\n"))


async def test_tag_picker_creates_a_tag_with_a_colour(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w", "t")
        await pilot.press(*"detention", "enter")
        await pilot.pause()
    db = open_db(db_path)
    tag = get_tag(db, "detention")
    db.close()
    assert tag is not None and tag.color.startswith("#")
    assert stored(db_path, corpus[ENGLISH]) == [(0, 2, ("detention",), None)]


async def test_tag_picker_filters_fuzzily_and_picks_an_existing_tag(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "t", "p", "r", "s", "enter")
        await pilot.pause()
    assert stored(db_path, corpus[ENGLISH]) == [(0, 36, ("person",), None)]


async def test_remove_tag_delete_and_undo_redo_each_change(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "1", "s", "2")
        assert stored(db_path, corpus[ENGLISH]) == [(0, 36, ("place", "person"), None)]
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert stored(db_path, corpus[ENGLISH]) == [(0, 36, ("place",), None)]
        await pilot.press("x")
        assert stored(db_path, corpus[ENGLISH]) == []
        await pilot.press("u")
        assert stored(db_path, corpus[ENGLISH]) == [(0, 36, ("place",), None)]
        await pilot.press("u", "u", "u")
        assert stored(db_path, corpus[ENGLISH]) == []
        await pilot.press("ctrl+y", "ctrl+y")
        assert stored(db_path, corpus[ENGLISH]) == [(0, 36, ("place", "person"), None)]


async def test_nudging_bounds_by_character_and_word(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "1", "ctrl+home")
        await pilot.press("right_square_bracket", "right_curly_bracket", "minus", "underscore")
        await pilot.pause()
        (start, end, _tags, _note) = stored(db_path, corpus[ENGLISH])[0]
        assert ENGLISH[start:end] == "Kim met the U.N. envoy in"
        await pilot.press("plus", "equals_sign", "left_curly_bracket", "left_square_bracket")
        await pilot.pause()
    assert stored(db_path, corpus[ENGLISH])[0][:2] == (0, 36)


async def test_a_multi_line_note(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "1", "ctrl+home", "e")
        await pilot.press(*"first", "enter", *"second", "ctrl+s")
        await pilot.pause()
        assert "✎ first second" in str(app.query_one("#status").render())
    assert stored(db_path, corpus[ENGLISH]) == [(0, 36, ("place",), "first\nsecond")]


async def test_escape_leaves_the_note_and_no_leaves_the_tag(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "1", "ctrl+home", "e", *"draft", "escape")
        await pilot.pause()
        assert stored(db_path, corpus[ENGLISH]) == [(0, 36, ("place",), None)]
        await pilot.press("ctrl+t", "delete", "n")
        await pilot.pause()
        assert stored(db_path, corpus[ENGLISH]) == [(0, 36, ("place",), None)]


async def test_jumping_between_highlights_and_by_tag(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        await pilot.press("w", "1", "right_parenthesis", "right_parenthesis", "s", "2")
        await pilot.press("ctrl+down", "s", "1", "ctrl+home")
        await pilot.press("n")
        assert reader.cursor == ENGLISH.index("The camp")
        await pilot.press("n")
        assert reader.cursor == ENGLISH.index("It ends")
        await pilot.press("N", "N")
        assert reader.cursor == 0
        await pilot.press("f", *"place", "enter", "n")
        assert reader.cursor == ENGLISH.index("It ends")


async def test_tags_are_renamed_recoloured_described_merged_and_deleted(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "1", "s", "2", "ctrl+t")
        await pilot.press("R", *"location", "enter")
        await pilot.press("C", *"#123456", "enter")
        await pilot.press("D", *"where", "enter")
        await pilot.pause()
        db = open_db(db_path)
        location = get_tag(db, "location")
        assert (location.color, location.description) == ("#123456", "where")
        await pilot.press("M", "enter", "y")
        await pilot.pause()
        assert [tag.name for tag in list_tags(db)] == ["person"]
        assert stored(db_path, corpus[ENGLISH]) == [(0, 36, ("person",), None)]
        await pilot.press("delete", "y")
        await pilot.pause()
        assert list_tags(db) == []
        await pilot.press("u", "u")
        await pilot.pause()
        assert [tag.name for tag in list_tags(db)] == ["location", "person"]
        db.close()


async def test_reopening_restores_document_scroll_and_cursor(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.query_one(DocumentList).focus()
        await pilot.press("down", "enter", "ctrl+right", "ctrl+right")
        await pilot.pause()
    again = CorpusApp(db_path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = again.query_one(Reader)
        assert reader.text == KOREAN
        assert reader.cursor == KOREAN.index(" 당국은") + 4


async def test_reopening_restores_the_scroll_of_a_long_document(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+d", "end", "enter", "pagedown", "pagedown", "pagedown", "up")
        await pilot.pause()
        reader = app.query_one(Reader)
        top, cursor = reader.top_offset, reader.cursor
        assert top > 0
    again = CorpusApp(db_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = again.query_one(Reader)
        assert (reader.text, reader.cursor) == (LONG, cursor)
        # The list pane is hidden at 80 columns this time, so rows are wider: the same text
        # is on the first row, though the row may start a little earlier.
        assert reader.text_layout.locate(top)[0] == round(reader.scroll_y) > 0


async def test_document_list_filters_as_you_type(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        documents = app.query_one(DocumentList)
        await pilot.press("ctrl+d", *"kor", "n")
        assert documents.shown == []
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"envy")
        assert [documents.documents[i].source for i in documents.shown] == ["english.txt"]
        await pilot.press("escape")
        assert len(documents.shown) == 3
        await pilot.press("end", "up", "enter")
        await pilot.pause()
        assert app.query_one(Reader).text == KOREAN


async def test_help_lists_keys_from_the_bindings(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reference = key_reference(app.screen)
        described = {entry.description for entry in reference}
        palette = [command.title for command in app.get_system_commands(app.screen)]
        await pilot.press("question_mark")
        await pilot.pause()
        screen = app.export_screenshot().replace("&#160;", " ")
        assert "Sentence" in screen
        assert "Undo" in screen
        for description in ("Start one word left", "Mark", "Tag", "End of word"):
            assert description in described
        (end_of_word,) = [entry for entry in reference if entry.description == "End of word"]
        assert end_of_word.extend_keys == ("shift+^→",)
        assert not any(title.startswith("Scroll") for title in palette)
        for title in ("Sentence (s)", "Undo (u)", "Show/hide tags (f3)", "Note (e)"):
            assert title in palette


async def test_a_click_moves_the_cursor(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        # Border and padding take two cells: the sixth cell shows the fourth character.
        await pilot.click(Reader, offset=(5, 1))
        assert reader.cursor == 3


async def test_dragging_the_mouse_selects(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        await pilot.mouse_down(Reader, offset=(6, 1))
        await pilot.hover(Reader, offset=(13, 1))
        await pilot.mouse_up(Reader, offset=(13, 1))
        assert reader.selection == (4, 11)
        await pilot.press("1")
        await pilot.pause()
    assert stored(db_path, corpus[ENGLISH]) == [(4, 11, ("place",), None)]


async def test_a_large_corpus_lists_without_a_widget_per_document_and_filters(db_path):
    db = open_db(db_path)
    count = 6_000
    with write(db):
        db.conn.executemany(
            "INSERT INTO documents (id, seq, title, source, sha256, chars, version, imported_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, 5, 1, 't', 't')",
            [(f"{n:016x}", n + 1, f"Report {n}", f"{n}.txt", f"{n:064x}") for n in range(count)],
        )
        db.conn.executemany(
            "INSERT INTO document_versions (document_id, version, sha256, text, chars, imported_at)"
            " VALUES (?, 1, ?, 'text.', 5, 't')",
            [(f"{n:016x}", f"{n:064x}") for n in range(count)],
        )
    db.close()
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        documents = app.query_one(DocumentList)
        # The first rows show at once; the rest arrive from a worker thread.
        assert len(documents.shown) >= 1
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(documents.shown) == count
        assert len(documents.children) == 0
        await pilot.press("ctrl+d", *"5999")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert documents.documents[documents.shown[0]].title == "Report 5999"
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one(Reader).border_title == "Report 5999"
