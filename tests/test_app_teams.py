"""Two coders in the app, driven by keys: layers, the agreement screen, walking the
disagreements and adopting one coder's version (one undo step)."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database
from textual.widgets import OptionList, Static

from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.agreement import disagreements
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import add_highlight, highlights_for
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.screens.agreement import AgreementScreen
from corpus_tui.tui.widgets.highlight_list import HighlightList

TEXT = "Police in Kostrava detained 1,200 people near the Tavrin River on Tuesday.\n"
SIZE = (120, 40)


def two_coders(db: Database) -> str:
    doc = add_document(db, parse_bytes(TEXT.encode(), "a.txt"), "a.txt").document_id
    kostrava = TEXT.index("Kostrava")
    add_highlight(db, doc, kostrava, kostrava + 8, ["place"], coder="ana")
    add_highlight(db, doc, kostrava, kostrava + 8, ["place"], coder="ben")
    tavrin = TEXT.index("Tavrin River")
    add_highlight(db, doc, tavrin, tavrin + 12, ["place"], coder="ben")
    people = TEXT.index("1,200 people")
    add_highlight(db, doc, people, people + 12, ["number"], coder="ana")
    add_highlight(db, doc, 0, 6, ["person"])  # before coders: unknown
    return doc


async def test_the_layer_key_cycles_all_mine_and_each_colleague(db_path: Path, db) -> None:
    two_coders(db)
    app = CorpusApp(db_path, coder="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one("#reader")
        rows = app.query_one(HighlightList)

        def shown() -> list[str | None]:
            coders = sorted(h.coder or "?" for h in reader.highlights.spans)
            assert rows.row_count == len(coders)
            return coders

        assert shown() == ["?", "ana", "ana", "ben", "ben"]
        await pilot.press("L")
        assert shown() == ["?", "ana", "ana"]
        assert "layer: yours (ana)" in str(app.query_one("#status", Static).render())
        await pilot.press("L")
        assert shown() == ["ben", "ben"]
        await pilot.press("L")
        assert shown() == ["?", "ana", "ana", "ben", "ben"]


async def test_agreement_screen_walks_and_resolves_disagreements(db_path: Path, db) -> None:
    doc = two_coders(db)
    app = CorpusApp(db_path, coder="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AgreementScreen)
        figures = str(screen.query_one("#figures", Static).render())
        assert "A: ana   B: ben" in figures and "2 passages where they differ" in figures
        assert screen.query_one("#passages", OptionList).option_count == 2
        # Enter goes to the first passage ("1,200 people": only ana tagged it).
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, AgreementScreen)
        assert app.query_one("#reader").cursor == TEXT.index("1,200 people")
        # Reopened, the list continues at the next passage; b adopts ben's version there.
        await pilot.press("A")
        await pilot.pause()
        assert app.screen.query_one("#passages", OptionList).highlighted == 1
        await pilot.press("b")
        await pilot.pause()
        remaining = disagreements(db, "ana", "ben")
        assert [d.text for d in remaining] == ["1,200 people"]
        tavrin = [h.coder for h in highlights_for(db, doc) if "place" in h.tags]
        assert sorted(tavrin) == ["ana", "ana", "ben", "ben"]
        await pilot.press("escape", "u")
        await pilot.pause()
        assert len(disagreements(db, "ana", "ben")) == 2
