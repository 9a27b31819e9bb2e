"""Coders: who made each highlight, resolved once, kept through export and merge."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from sqlite_utils import Database

from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.documents import add_document
from corpus_tui.store.editing import tag_span
from corpus_tui.store.highlights import add_highlight, highlights_for
from corpus_tui.store.spans_export import export_spans
from corpus_tui.store.spans_merge import merge_spans
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.coder import resolve_coder
from corpus_tui.tui.config import Config

TEXT = "Police in Kostrava detained 1,200 people near the Tavrin River.\n"


def add(db: Database, text: str = TEXT, source: str = "a.txt") -> str:
    return add_document(db, parse_bytes(text.encode(), source), source).document_id


def test_coder_resolves_option_then_environment_then_config_then_user(
    monkeypatch, tmp_path: Path
) -> None:
    config = Config(tmp_path / "c.toml", coder="from-config")
    monkeypatch.setenv("CORPUS_TUI_CODER", "from-env")
    monkeypatch.setattr("getpass.getuser", lambda: "os-user")
    assert resolve_coder("from-option", config) == "from-option"
    assert resolve_coder(None, config) == "from-env"
    monkeypatch.delenv("CORPUS_TUI_CODER")
    assert resolve_coder(None, config) == "from-config"
    assert resolve_coder(None, Config(tmp_path / "c.toml")) == "os-user"


def test_tagging_records_the_coder_and_never_changes_a_colleagues_highlight(
    db: Database,
) -> None:
    doc = add(db)
    theirs = add_highlight(db, doc, 10, 18, ["place"], coder="ben")
    mine = tag_span(db, doc, 10, 18, "detention", coder="ana")
    assert mine.id != theirs.id and mine.coder == "ana" and mine.tags == ("detention",)
    assert tag_span(db, doc, 10, 18, "place", coder="ana").id == mine.id
    by_coder = {h.coder: h.tags for h in highlights_for(db, doc)}
    assert by_coder == {"ben": ("place",), "ana": ("place", "detention")}  # tag order
    # A highlight from before coders were recorded is most likely the user's own: tagged too.
    legacy = add_highlight(db, doc, 0, 6, ["person"])
    assert tag_span(db, doc, 0, 6, "place", coder="ana").id == legacy.id


def test_yaml_carries_coders_and_merge_keeps_each_coders_layer(db: Database, tmp_path) -> None:
    doc = add(db)
    add_highlight(db, doc, 10, 18, ["place"], coder="ana")
    add_highlight(db, doc, 28, 40, ["number"])  # made before coders: unknown
    exported = export_spans(db)
    spans = yaml.safe_load(exported)["documents"][0]["spans"]
    assert [(s["text"], s["coder"]) for s in spans] == [
        ("Kostrava", "ana"),
        ("1,200 people", None),
    ]
    # A colleague's file: the same span, same tags, by ben; and ana's own span again.
    data = yaml.safe_load(exported)
    colleague = dict(copy.deepcopy(spans[0]), id="ben-1", coder="ben")
    data["documents"][0]["spans"] = [colleague, spans[0]]
    summary = merge_spans(db, yaml.safe_dump(data, allow_unicode=True))
    assert (summary.added, summary.unchanged) == (1, 1)
    layers = sorted((h.start, h.end, h.tags, h.coder or "") for h in highlights_for(db, doc))
    assert layers == [
        (10, 18, ("place",), "ana"),
        (10, 18, ("place",), "ben"),
        (28, 40, ("number",), ""),
    ]
    again = merge_spans(db, yaml.safe_dump(data, allow_unicode=True))
    assert (again.added, again.unchanged) == (0, 2)
    # A span without a coder field stays unknown (absent means unknown).
    del colleague["coder"]
    colleague["id"] = "anon"
    data["documents"][0]["spans"] = [colleague]
    merge_spans(db, yaml.safe_dump(data, allow_unicode=True))
    assert [h.coder for h in highlights_for(db, doc) if h.id == "anon"] == [None]


async def test_highlights_made_in_the_app_are_the_sessions_coder(db_path: Path, db) -> None:
    doc = add(db)
    add_highlight(db, doc, 0, 6, ["person"])
    app = CorpusApp(db_path, coder="ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s", "t")  # select the sentence, open the tag picker
        await pilot.pause()
        await pilot.press(*"place", "enter")
        await pilot.pause()
        from corpus_tui.tui.widgets.highlight_list import HighlightList

        rows = app.query_one(HighlightList)
        rendered = [rows.render_row(i, 34, rows.rich_style).text for i in range(rows.row_count)]
    coders = sorted((h.coder or "") for h in highlights_for(db, doc))
    assert coders == ["", "ana"]
    assert any(row.rstrip().endswith("unknown") for row in rendered)
    assert any(row.rstrip().endswith("ana") for row in rendered)
