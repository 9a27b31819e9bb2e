"""Tagging search mentions in bulk: one transaction, mentions already carrying the tag skipped."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from corpus_tui.store.db import write
from corpus_tui.store.editing import tag_span


def tag_mentions(
    db: Database, mentions: Iterable[tuple[str, int, int]], tag: str, coder: str | None = None
) -> int:
    """Put ``tag`` on every (document id, start, end) where ``coder`` (or nobody recorded, as
    before coders were) has not already put it exactly there; returns how many were tagged.
    All or nothing (nests in an undo step's transaction)."""
    tagged = 0
    with write(db):
        for document_id, start, end in dict.fromkeys(mentions):
            has_tag = db.execute(
                "SELECT 1 FROM highlights h JOIN highlight_tags ht ON ht.highlight_id = h.id "
                "JOIN tags t ON t.id = ht.tag_id WHERE h.document_id = ? AND h.start = ? "
                'AND h."end" = ? AND t.name = ? AND (h.coder IS ? OR h.coder IS NULL) LIMIT 1',
                [document_id, start, end, tag, coder],
            ).fetchone()
            if not has_tag:
                tag_span(db, document_id, start, end, tag, coder)
                tagged += 1
    return tagged
