"""Tagging search mentions in bulk: one transaction, mentions already carrying the tag skipped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlite_utils import Database

from corpus_tui.store.db import write
from corpus_tui.store.editing import tag_span


def tag_mentions(
    db: Database,
    mentions: Iterable[tuple[str, int, int]],
    tag: str,
    texts: Mapping[tuple[str, int, int], str] | None = None,
    coder: str | None = None,
) -> int:
    """Put ``tag`` on every (document id, start, end) where ``coder`` (or nobody recorded, as
    before coders were) has not already put it exactly there; returns how many were tagged.
    All or nothing (nests in an undo step's transaction).

    With ``texts`` (the text each mention had when it was found), a mention whose document
    has since changed under it (a new version) is skipped, never tagged on other text.
    """
    tagged = 0
    with write(db):
        for document_id, start, end in dict.fromkeys(mentions):
            if texts is not None:
                expected = texts.get((document_id, start, end))
                if expected is None or _text_at(db, document_id, start, end) != expected:
                    continue
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


def _text_at(db: Database, document_id: str, start: int, end: int) -> str | None:
    """``text[start:end]`` of a document's current version (SQLite counts code points)."""
    row = db.execute(
        "SELECT substr(v.text, ? + 1, ? - ?) FROM documents d JOIN document_versions v "
        "ON v.document_id = d.id AND v.version = d.version WHERE d.id = ?",
        [start, end, start, document_id],
    ).fetchone()
    return row[0] if row else None
