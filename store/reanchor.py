"""Carrying a document's highlights over to a new version of its text."""

from __future__ import annotations

from sqlite_utils import Database

from store.clock import utc_now

CONTEXT = 32


def carry_over_highlights(db: Database, document_id: str, old_text: str, new_text: str) -> None:
    """Move each highlight to where its text now stands, or keep it as an orphan.

    A highlight stays if its text is unchanged at its offsets, else moves to the nearest exact
    occurrence of its text; otherwise it becomes an orphan with its quote and context, never
    dropped and never placed on other text. Runs inside the caller's transaction.
    """
    rows = db.execute(
        'SELECT id, start, "end", note, created_at FROM highlights WHERE document_id = ?',
        [document_id],
    ).fetchall()
    for span_id, start, end, note, created_at in rows:
        quote = old_text[start:end]
        if new_text[start:end] == quote:
            continue
        placed = _nearest(new_text, quote, start) if quote else None
        if placed is not None:
            db.execute(
                'UPDATE highlights SET start = ?, "end" = ? WHERE id = ?',
                [placed, placed + len(quote), span_id],
            )
            continue
        _orphan(db, document_id, span_id, start, end, old_text, note, created_at)


def _nearest(text: str, quote: str, near: int) -> int | None:
    best = None
    position = text.find(quote)
    while position >= 0:
        if best is None or abs(position - near) < abs(best - near):
            best = position
        position = text.find(quote, position + 1)
    return best


def _orphan(
    db: Database,
    document_id: str,
    span_id: str,
    start: int,
    end: int,
    old_text: str,
    note: str | None,
    created_at: str,
) -> None:
    db["orphans"].insert(
        {
            "id": span_id,
            "document_id": document_id,
            "start": start,
            "end": end,
            "text": old_text[start:end],
            "prefix": old_text[max(0, start - CONTEXT) : start],
            "suffix": old_text[end : end + CONTEXT],
            "note": note,
            "reason": "its text is not in the new version",
            "created_at": created_at,
            "updated_at": utc_now(),
        }
    )
    db.execute(
        "INSERT INTO orphan_tags (orphan_id, tag_id) "
        "SELECT ?, tag_id FROM highlight_tags WHERE highlight_id = ?",
        [span_id, span_id],
    )
    db.execute("DELETE FROM highlights WHERE id = ?", [span_id])
