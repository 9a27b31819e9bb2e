"""Highlight edits, tag administration, and undo/redo of each of them in the database."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.documents import add_document
from corpus_tui.store.editing import add_tag, remove_tag, set_bounds, set_note, tag_span
from corpus_tui.store.highlights import add_highlight, delete_highlight, highlights_for
from corpus_tui.store.tag_admin import (
    delete_tag,
    describe_tag,
    merge_tags,
    recolor_tag,
    rename_tag,
    tag_counts,
)
from corpus_tui.store.tags import ensure_tag, get_tag, list_tags
from corpus_tui.store.undo import UndoHistory

TEXT = "북한 당국은 국경을 봉쇄했다. Kim Jong-un visited Tumen."


@pytest.fixture
def doc_id(db: Database) -> str:
    return add_document(db, parse_bytes(TEXT.encode(), "a.txt"), "a.txt").document_id


def snapshot(db: Database) -> list:
    tables = ["tags", "highlights", "highlight_tags", "orphans", "orphan_tags"]
    return [sorted(map(tuple, db.execute(f"SELECT * FROM {t}").fetchall())) for t in tables]


def test_tag_span_reuses_a_highlight_with_the_same_bounds(db, doc_id):
    first = tag_span(db, doc_id, 0, 2, "place")
    second = tag_span(db, doc_id, 0, 2, "country")
    assert first.id == second.id
    assert second.tags == ("place", "country")
    assert TEXT[second.start : second.end] == "북한"
    with pytest.raises(ValueError):
        tag_span(db, doc_id, 3, 3, "place")


def test_edits_change_tags_bounds_and_notes(db, doc_id):
    span = tag_span(db, doc_id, 0, 2, "place")
    assert add_tag(db, span.id, "place").tags == ("place",)
    assert remove_tag(db, span.id, "place").tags == ()
    moved = set_bounds(db, span.id, 0, 6)
    assert TEXT[moved.start : moved.end] == "북한 당국은"
    with pytest.raises(ValueError):
        set_bounds(db, span.id, 5, len(TEXT) + 1)
    assert set_note(db, span.id, "line one\nline two").note == "line one\nline two"
    assert set_note(db, span.id, "  ").note is None


def test_tag_admin_renames_recolours_describes_merges_and_deletes(db, doc_id):
    a = tag_span(db, doc_id, 0, 2, "place")
    tag_span(db, doc_id, 0, 2, "country")
    b = tag_span(db, doc_id, 28, 40, "country")
    assert rename_tag(db, "place", "location").name == "location"
    with pytest.raises(ValueError):
        rename_tag(db, "location", "country")
    assert recolor_tag(db, "location", "#ABCDEF").color == "#abcdef"
    with pytest.raises(ValueError):
        recolor_tag(db, "location", "blue")
    assert describe_tag(db, "location", " where ").description == "where"
    assert tag_counts(db, doc_id) == {"location": (1, 1), "country": (2, 2)}
    assert merge_tags(db, "location", "country") == 1
    assert get_tag(db, "location") is None
    assert {h.id: h.tags for h in highlights_for(db, doc_id)} == {
        a.id: ("country",),
        b.id: ("country",),
    }
    assert delete_tag(db, "country") == 2
    assert [h.tags for h in highlights_for(db, doc_id)] == [(), ()]


def test_every_change_undoes_and_redoes_exactly(db, doc_id):
    history = UndoHistory(db)
    ensure_tag(db, "place")
    states = [snapshot(db)]
    actions = [
        lambda: tag_span(db, doc_id, 0, 2, "place"),
        lambda: add_tag(db, highlights_for(db, doc_id)[0].id, "country"),
        lambda: set_bounds(db, highlights_for(db, doc_id)[0].id, 0, 6),
        lambda: set_note(db, highlights_for(db, doc_id)[0].id, "note"),
        lambda: add_highlight(db, doc_id, 28, 40, tags=["person"]),
        lambda: merge_tags(db, "country", "place"),
        lambda: rename_tag(db, "place", "location"),
        lambda: recolor_tag(db, "location", "#000000"),
        lambda: delete_tag(db, "location"),
        lambda: delete_highlight(db, highlights_for(db, doc_id)[0].id),
    ]
    for number, action in enumerate(actions):
        with history.change(f"step {number}"):
            action()
        states.append(snapshot(db))
    for expected in reversed(states[:-1]):
        assert history.undo() is not None
        assert snapshot(db) == expected
    assert history.undo() is None
    for expected in states[1:]:
        assert history.redo() is not None
        assert snapshot(db) == expected
    assert history.redo() is None


def test_a_new_change_clears_redo_and_a_failed_change_records_nothing(db, doc_id):
    history = UndoHistory(db)
    with history.change("tag"):
        tag_span(db, doc_id, 0, 2, "place")
    history.undo()
    with history.change("tag again"):
        tag_span(db, doc_id, 3, 6, "place")
    assert history.redo() is None
    before = snapshot(db)
    with pytest.raises(ValueError), history.change("bad"):
        tag_span(db, doc_id, 0, 1, "place")
        set_bounds(db, highlights_for(db, doc_id)[0].id, 9, 2)
    assert snapshot(db) == before
    assert [step.label for step in history.undo_steps] == ["tag again"]
    assert [tag.name for tag in list_tags(db)] == ["place"]
