"""The documents whose highlight counts this connection changed: noted by temporary triggers."""

from __future__ import annotations

from pathlib import Path

from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import add_highlight, delete_highlight
from corpus_tui.store.span_counts import changed_span_counts, track_span_counts
from corpus_tui.store.undo import UndoHistory


def test_changes_undo_and_redo_are_noted_once_each(db, db_path: Path) -> None:
    first, second, third = (
        add_document(db, parse_bytes(f"Text {n}\n".encode(), f"{n}.txt"), f"{n}.txt").document_id
        for n in range(3)
    )
    track_span_counts(db)
    history = UndoHistory(db)
    with history.change("two"):
        add_highlight(db, first, 0, 4)
        kept = add_highlight(db, second, 0, 4)
        add_highlight(db, second, 5, 6)
    assert changed_span_counts(db) == {first: 1, second: 2}
    assert changed_span_counts(db) == {}
    with history.change("delete"):
        delete_highlight(db, kept.id)
    assert changed_span_counts(db) == {second: 1}
    history.undo()
    assert changed_span_counts(db) == {second: 2}
    history.undo()
    assert changed_span_counts(db) == {first: 0, second: 0}
    history.redo()
    assert changed_span_counts(db) == {first: 1, second: 2}
    other = open_db(db_path)  # another program's changes are F5's to show
    add_highlight(other, third, 0, 4)
    other.close()
    assert changed_span_counts(db) == {}
    assert not db.conn.in_transaction
