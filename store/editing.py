"""Changes a reader makes to highlights: tagging a span, adding and removing tags, moving
bounds, notes. Each function is one transaction and returns the highlight as it now is."""

from __future__ import annotations

from sqlite_utils import Database

from corpus_tui.store.clock import utc_now
from corpus_tui.store.db import write
from corpus_tui.store.highlights import Highlight, add_highlight, get_highlight
from corpus_tui.store.tags import ensure_tag


def tag_span(
    db: Database, document_id: str, start: int, end: int, tag: str, coder: str | None = None
) -> Highlight:
    """Put ``tag`` on the span: on ``coder``'s highlight with exactly these bounds (or one with
    no coder recorded, made before coders were, most likely theirs), else on a new one of
    theirs. Another coder's highlight is theirs: it is never changed here."""
    if start >= end:
        raise ValueError("select some text first")
    with write(db):
        row = db.execute(
            'SELECT id FROM highlights WHERE document_id = ? AND start = ? AND "end" = ? '
            "AND (coder IS ? OR coder IS NULL) ORDER BY coder IS NULL, created_at LIMIT 1",
            [document_id, start, end, coder],
        ).fetchone()
        if row is None:
            return add_highlight(db, document_id, start, end, tags=[tag], coder=coder)
        return add_tag(db, row[0], tag)


def _require(db: Database, span_id: str) -> Highlight:
    highlight = get_highlight(db, span_id)
    if highlight is None:
        raise KeyError(span_id)
    return highlight


def _touch(db: Database, span_id: str) -> None:
    db.execute("UPDATE highlights SET updated_at = ? WHERE id = ?", [utc_now(), span_id])


def add_tag(db: Database, span_id: str, tag: str) -> Highlight:
    """Add ``tag`` (created if missing) to a highlight; no change if it is already there."""
    with write(db):
        highlight = _require(db, span_id)
        if tag in highlight.tags:
            return highlight
        tag_id = ensure_tag(db, tag).id
        db.execute(
            "INSERT INTO highlight_tags (highlight_id, tag_id) VALUES (?, ?)", [span_id, tag_id]
        )
        _touch(db, span_id)
        return _require(db, span_id)


def remove_tag(db: Database, span_id: str, tag: str) -> Highlight:
    """Take ``tag`` off a highlight; the highlight stays, with its other tags and note."""
    with write(db):
        _require(db, span_id)
        removed = db.execute(
            "DELETE FROM highlight_tags WHERE highlight_id = ? "
            "AND tag_id = (SELECT id FROM tags WHERE name = ?)",
            [span_id, tag],
        ).rowcount
        if removed:
            _touch(db, span_id)
        return _require(db, span_id)


def set_bounds(db: Database, span_id: str, start: int, end: int) -> Highlight:
    """Move a highlight to ``[start, end)``; raises ValueError if empty or outside the text."""
    with write(db):
        highlight = _require(db, span_id)
        chars = db.execute(
            "SELECT chars FROM documents WHERE id = ?", [highlight.document_id]
        ).fetchone()[0]
        if not 0 <= start < end <= chars:
            raise ValueError("a highlight must keep at least one character inside the text")
        db.execute(
            'UPDATE highlights SET start = ?, "end" = ?, updated_at = ? WHERE id = ?',
            [start, end, utc_now(), span_id],
        )
        return _require(db, span_id)


def set_note(db: Database, span_id: str, note: str | None) -> Highlight:
    """Set a highlight's note; an empty or blank note removes it."""
    with write(db):
        _require(db, span_id)
        cleaned = note if note and note.strip() else None
        db.execute(
            "UPDATE highlights SET note = ?, updated_at = ? WHERE id = ?",
            [cleaned, utc_now(), span_id],
        )
        return _require(db, span_id)
