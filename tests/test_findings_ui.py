"""The coded passages view (F8), the reports screen (F9) and the document details and
attribute keys, driven by the keys a user presses."""

from __future__ import annotations

import csv
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from corpus_tui.store.db import open_db
from corpus_tui.store.highlights import get_highlight
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.screens.document_details import DocumentDetails
from corpus_tui.tui.screens.passages import PassageList, PassagesScreen
from corpus_tui.tui.screens.reports import ReportsScreen
from corpus_tui.tui.widgets.bar_chart import BarChart
from corpus_tui.tui.widgets.document_list import DocumentList
from corpus_tui.tui.workspace import Workspace
from tests.findings_fixtures import build

SIZE = (140, 40)


def _texts(screen: PassagesScreen) -> list[str]:
    passages = screen.passages
    return [
        passages.passage_text(screen.db, passages.passages[index])
        for index in screen.query_one(PassageList).shown
    ]


def _counts(screen) -> str:
    return str(screen.query_one("#passage-counts", Static).render())


async def _type_into(pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector, Input).focus()
    await pilot.press(*text)
    await pilot.pause()


async def test_f8_lists_every_passage_with_counts_and_filters(tmp_path: Path) -> None:
    path, _ = build(tmp_path)
    app = CorpusApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PassagesScreen)
        assert _texts(screen)[:2] == ["24 defectors", "Tumen"]
        assert _counts(screen).startswith("5 of 5 passages · 2 documents · place 3")
        await _type_into(pilot, "#filter-any", "detention count")
        assert _texts(screen) == ["24 defectors", "60 people"]
        await _type_into(pilot, "#filter-all", "place")
        assert _texts(screen) == ["24 defectors"]
        screen.query_one("#filter-all", Input).value = ""
        await _type_into(pilot, "#filter-none", "place")
        assert _texts(screen) == ["60 people"]
        screen.query_one("#filter-none", Input).value = ""
        screen.query_one("#filter-any", Input).value = ""
        await _type_into(pilot, "#filter-attributes", "outlet = Daily NK")
        assert len(_texts(screen)) == 3
        await _type_into(pilot, "#filter-text", "TUMEN")
        assert _texts(screen) == ["Tumen"]
        assert _counts(screen).startswith("1 of 5 passages · 1 documents")
        screen.query_one("#filter-text", Input).value = ""
        screen.query_one("#filter-attributes", Input).value = ""
        await _type_into(pilot, "#filter-any", "nosuch")
        assert "no tag named 'nosuch'" in _counts(screen)
        assert _texts(screen) == []


async def test_a_bad_attribute_filter_is_named_not_fatal(tmp_path: Path) -> None:
    path, _ = build(tmp_path)
    app = CorpusApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        await _type_into(pilot, "#filter-attributes", "Daily NK")
        assert "KEY = VALUE" in _counts(app.screen)
        assert len(_texts(app.screen)) == 5


async def test_rows_are_keyword_in_context_with_tags_coder_and_note(tmp_path: Path) -> None:
    path, _ = build(tmp_path)
    app = CorpusApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        listing = app.screen.query_one(PassageList)
        tumen = listing.render_line(1).text
        assert "Raids at the bor" in tumen
        # The document, its date and outlet, the left context, the passage in its own
        # column, then the right context.
        assert tumen.index("2012-02-15") < tumen.index("Daily NK") < tumen.index("held at")
        assert "ectors were held at Tumen" in tumen
        assert tumen.index("held at") < tumen.index("Tumen") < tumen.index(". A source said")
        assert "place" in tumen and tumen.rstrip().endswith("✎")
        liaoning = listing.render_line(4).text
        assert "ana" in liaoning and "Camp report" in liaoning
        await pilot.press("down")
        details = str(app.screen.query_one("#passage-details", Static).render())
        assert "outlet: Daily NK" in details and "✎ the camp" in details
        await pilot.press("ctrl+g")
        await pilot.pause()
        app.screen.query_one(Input).value = ""
        await pilot.press(*"author", "enter")
        await pilot.pause()
        assert listing.columns == ["author"]
        row = listing.render_line(1).text
        assert "Mina Cho" in row and "Daily NK" not in row


async def test_enter_opens_the_passage_in_the_reader(tmp_path: Path) -> None:
    path, ids = build(tmp_path)
    app = CorpusApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("end", "enter")
        await pilot.pause()
        workspace = app.query_one(Workspace)
        assert not isinstance(app.screen, PassagesScreen)
        assert workspace.document_id == ids["b.html"]
        assert workspace.text[workspace.reader.cursor :].startswith("Liaoning")


async def test_tag_untag_and_delete_from_the_list_each_undo_in_one_step(tmp_path: Path) -> None:
    path, _ = build(tmp_path)
    app = CorpusApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        await pilot.press("down")  # Tumen (place)
        tumen = screen.query_one(PassageList).current
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"source", "enter")
        await pilot.pause()
        db = screen.db
        assert get_highlight(db, tumen.id).tags == ("place", "source")
        assert screen.query_one(PassageList).current.tags == ("place", "source")
        await pilot.press("r")  # two tags: asks which
        await pilot.pause()
        await pilot.press(*"place", "enter")
        await pilot.pause()
        assert get_highlight(db, tumen.id).tags == ("source",)
        await pilot.press("u")
        await pilot.pause()
        assert get_highlight(db, tumen.id).tags == ("place", "source")
        await pilot.press("x")
        await pilot.pause()
        assert get_highlight(db, tumen.id) is None
        assert _counts(screen).startswith("4 of 4 passages")
        await pilot.press("u")
        await pilot.pause()
        assert get_highlight(db, tumen.id).tags == ("place", "source")
        assert _counts(screen).startswith("5 of 5 passages")
        await pilot.press("u")
        await pilot.pause()
        assert get_highlight(db, tumen.id).tags == ("place",)


async def test_a_large_list_shows_a_screenful_then_loads_the_rest(tmp_path: Path) -> None:
    path, ids = build(tmp_path)
    db = open_db(path)
    with db.conn:
        for index in range(400):
            db.execute(
                'INSERT INTO highlights (id, document_id, start, "end", created_at, updated_at) '
                "VALUES (?, ?, ?, ?, 'x', 'x')",
                [f"bulk{index:04d}", ids["c.txt"], index % 20, index % 20 + 3],
            )
    db.close()
    app = CorpusApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert screen.complete
        assert _counts(screen).startswith("405 of 405 passages")
        await _type_into(pilot, "#filter-text", "Sinuiju")
        assert _texts(screen) == []
        await _type_into(pilot, "#filter-any", "")
        screen.query_one("#filter-text", Input).value = "No "
        await pilot.pause()
        assert len(_texts(screen)) == 20  # the bulk highlights starting at 0


async def test_f9_reports_tables_and_charts(tmp_path: Path) -> None:
    path, _ = build(tmp_path)
    app = CorpusApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        table = screen.query_one(DataTable)
        assert table.get_row_at(1)[:5] == ["place", 3, 2, 25, "66.7%"]
        chart = screen.query_one(BarChart)
        assert [(bar.label, bar.value) for bar in chart.bars] == [
            ("detention count", 2),
            ("place", 3),
            ("source", 1),
        ]
        assert " 3 " in str(chart.render())  # the number written on the bar
        await pilot.press("2")
        await pilot.pause()
        assert table.row_count == 2  # documents with spans
        assert table.get_row_at(0)[2:] == [1, 2, 1]
        await pilot.press("3")
        await pilot.pause()
        assert table.get_row_at(0) == ["detention count", "place", 1]
        await pilot.press("w", "w")  # overlap, then paragraph
        await pilot.pause()
        assert "paragraph" in str(screen.query_one("#report-title", Static).render())
        assert table.get_row_at(0) == ["detention count", "place", 2]
        await pilot.press("1", "b")
        await pilot.pause()
        await pilot.press(*"outlet", "enter")
        await pilot.pause()
        assert table.row_count == 9
        assert table.get_row_at(3)[:3] == ["RFA", "detention count", 1]


async def test_csv_export_from_the_reports_says_where(tmp_path: Path) -> None:
    path, _ = build(tmp_path)
    app = CorpusApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        target = path.with_name("corpus-spans.csv")
        assert any(str(target) in n.message for n in app._notifications)
    with target.open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 5


async def test_details_dialog_edits_attributes_and_memo(tmp_path: Path) -> None:
    path, ids = build(tmp_path)
    app = CorpusApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        workspace = app.query_one(Workspace)
        workspace.open_document(ids["c.txt"])
        workspace.reader.focus()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, DocumentDetails)
        await pilot.press("down", "end", "enter", *"region = north")
        await pilot.press("tab")  # to the memo
        await pilot.press(*"to check")
        await pilot.press("ctrl+s")
        await pilot.pause()
        db = workspace.db
        rows = db.execute(
            "SELECT key, value FROM document_attributes WHERE document_id = ? ORDER BY key",
            [ids["c.txt"]],
        ).fetchall()
        assert rows == [("date", "2009"), ("outlet", "Yonhap"), ("region", "north")]
        memo = db.execute("SELECT memo FROM documents WHERE id = ?", [ids["c.txt"]]).fetchone()
        assert memo == ("to check",)


async def test_document_list_filters_by_attribute_and_shows_a_column(tmp_path: Path) -> None:
    path, ids = build(tmp_path)
    app = CorpusApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press(*"date >= 2012", "enter")
        await pilot.pause()
        documents = app.query_one(DocumentList)
        assert [documents.documents[i].id for i in documents.shown] == [ids["a.md"], ids["b.html"]]
        assert documents.column == "date"
        assert "2012-02-15" in documents.render_line(0).text
        await pilot.press("ctrl+g")
        await pilot.pause()
        app.screen.query_one(Input).value = ""
        await pilot.press(*"outlet", "enter")
        await pilot.pause()
        assert "RFA" in documents.render_line(1).text
        await pilot.press("ctrl+f")
        await pilot.pause()
        app.screen.query_one(Input).value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert len(documents.shown) == 3


async def test_a_large_corpus_counts_its_report_in_a_thread(tmp_path: Path, monkeypatch) -> None:
    from corpus_tui.tui.screens import reports

    monkeypatch.setattr(reports, "IN_THREAD_FROM", 0)
    path, _ = build(tmp_path)
    app = CorpusApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.get_row_at(1)[:3] == ["place", 3, 2]
        await pilot.press("2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.get_row_at(0)[2:] == [1, 2, 1]


def test_keyword_in_context_keeps_the_spaces_around_the_passage() -> None:
    from corpus_tui.store.findings import keyword_in_context

    text = "North Korean\nhuman rights, said the\n\nreport."
    start = text.index("Korean")
    assert keyword_in_context(text, start, start + 7, 20, 20, 40) == (
        "North ",
        "Korean",
        " human rights, said the report.",
    )
    long = keyword_in_context(text, 0, len(text), 5, 11, 5)
    assert long == ("", "North…port.", "")
