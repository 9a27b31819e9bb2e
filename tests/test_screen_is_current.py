"""What the screen says is current: document-list counts after every change, the status line at
80 columns, at most two notifications, passages opened a third of the way down, hanging
indents, and a `?` page that starts with how to highlight and tag."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_tui.corpus.reading import ParsedDocument, text_sha256
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import add_highlight
from corpus_tui.store.tags import ensure_tag
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.reader import Reader
from corpus_tui.tui.screens.search import SearchScreen
from corpus_tui.tui.widgets.document_list import DocumentList
from corpus_tui.tui.widgets.highlight_list import HighlightList

FIRST = "Border report\n\nKim Jong Un visited the Tumen River near Tumen. Guards watched.\n"
SECOND = "Camps\n\nDefectors held at Tumen were sent back. Families wait for news.\n"
LONG = "Long report\n\n" + "".join(
    f"Paragraph {n} says {'Kim Jong Un came' if n == 170 else 'little of note'}.\n"
    for n in range(200)
)
INDENTED = "Comments\n\n  • cm\n    " + "It is reported that the mother is very sick. " * 3 + "\n"


@pytest.fixture
def corpus(db_path: Path) -> dict[str, str]:
    """Four documents and a tag; their ids by name."""
    db = open_db(db_path)
    ids = {}
    for name, text in (("first", FIRST), ("second", SECOND), ("long", LONG), ("indent", INDENTED)):
        parsed = ParsedDocument(text.split("\n")[0], text, text_sha256(text))
        ids[name] = add_document(db, parsed, f"{name}.txt").document_id
    ensure_tag(db, "place")
    db.close()
    return ids


def counts(app: CorpusApp) -> dict[str, int]:
    return {document.id: document.spans for document in app.query_one(DocumentList).documents}


def status(app: CorpusApp) -> str:
    return str(app.query_one("#status").render())


async def settle(app: CorpusApp, pilot) -> None:
    """Wait for every worker, then for the messages they posted."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_counts_follow_tagging_from_search_and_its_undo(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"tumen", "enter")
        await settle(app, pilot)
        app.screen.query_one("#mentions").focus()
        await pilot.press("a", "ctrl+t", *"place", "enter")
        await pilot.pause()
        tagged = counts(app)
        assert tagged[corpus["first"]] == 2 and tagged[corpus["second"]] == 1
        await pilot.press("escape", "u")
        await pilot.pause()
        assert set(counts(app).values()) == {0}
        await pilot.press("U")
        await pilot.pause()
        assert counts(app) == tagged


async def test_counts_follow_undo_in_another_document_and_f5(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s", "1")
        await pilot.pause()
        opened = app.query_one(Reader)
        assert opened.text == FIRST
        assert counts(app)[corpus["first"]] == 1
        app.query_one(DocumentList).focus()
        await pilot.press("down", "enter", "u")  # undo in the second document
        await pilot.pause()
        assert counts(app)[corpus["first"]] == 0
        other = open_db(db_path)  # another program adds a highlight
        add_highlight(other, corpus["long"], 0, 4, tags=["place"])
        other.close()
        await pilot.press("f5")
        await pilot.pause()
        assert counts(app)[corpus["long"]] == 1


async def test_status_line_shows_the_selected_text_and_its_tags_at_80_columns(db_path, corpus):
    db = open_db(db_path)
    sentence = (FIRST.index("Kim"), FIRST.index(" Guards"))
    add_highlight(db, corpus["first"], *sentence, tags=["place"])
    db.close()
    app = CorpusApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.query_one(Reader).select(FIRST.index("Tumen River"), FIRST.index(" near"))
        await pilot.pause()
        shown = app.query_one("#status")
        line = str(shown.render())
        assert line.startswith("“Tumen River” · place · 11 chars")
        assert len(line.split(" · 1")[0]) < shown.content_region.width
        await pilot.press("s")  # the whole first sentence: its start, as room allows
        await pilot.pause()
        assert status(app).startswith("“Kim Jong Un visited the Tumen R…” · place")


async def test_at_most_two_notifications_and_never_over_the_status_line(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        for key in ("x", "e", "r", "c", "x"):
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause()
        toasts = list(app.screen.query("Toast"))
        assert len(toasts) == 2
        status_line = app.query_one("#status").region
        for toast in toasts:
            assert not toast.region.overlaps(status_line)


async def test_a_highlight_chosen_in_the_list_sits_a_third_of_the_way_down(db_path, corpus):
    start = LONG.index("Paragraph 150")
    db = open_db(db_path)
    add_highlight(db, corpus["long"], start, start + 13, tags=["place"])
    db.close()
    app = CorpusApp(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        app.query_one(DocumentList).focus()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        app.query_one(HighlightList).focus()
        await pilot.press("enter")
        await pilot.pause()
        reader = app.query_one(Reader)
        row = reader.text_layout.locate(reader.cursor)[0] - round(reader.scroll_y)
        assert reader.cursor == start
        assert row == reader.scrollable_content_region.height // 3


async def test_a_mention_opened_from_search_sits_a_third_of_the_way_down(db_path, corpus):
    start = LONG.index("Kim Jong Un")
    app = CorpusApp(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.press(*"kim jong un", "enter")
        await settle(app, pilot)
        app.screen.query_one("#mentions").focus()
        await pilot.press("end", "enter")  # the last mention: documents in the list's order
        await pilot.pause()
        reader = app.query_one(Reader)
        assert reader.text == LONG
        assert reader.selection == (start, start + len("Kim Jong Un"))
        row = reader.text_layout.locate(start)[0] - round(reader.scroll_y)
        assert row == reader.scrollable_content_region.height // 3


async def test_wrapped_lines_keep_their_paragraphs_indent(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.query_one("#documents").display = True
        app.query_one(DocumentList).focus()
        await pilot.press("end", "enter")
        await pilot.pause()
        reader = app.query_one(Reader)
        assert reader.text == INDENTED
        rows = [reader.render_line(y).text.rstrip() for y in range(8)]
        body = [row for row in rows if "reported" in row or "sick" in row or "mother" in row]
        assert len(body) >= 3
        assert all(row.startswith("    ") and row[4] != " " for row in body)
        # A click in the indent lands on the row's first character.
        first_wrapped = rows.index(body[1])
        offset = reader.text_layout.offset_at(first_wrapped, 1)
        assert INDENTED[offset] != " " and INDENTED[offset - 1] == " "


async def test_help_at_80_by_24_starts_with_how_to_highlight_and_tag(db_path, corpus):
    app = CorpusApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        first_page = app.export_screenshot().replace("&#160;", " ")
        for words in ("Sentence", "Tag", "Note", "Undo"):
            assert words in first_page
        assert "Row down" not in first_page
