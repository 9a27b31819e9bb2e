"""Orphans: highlights that could not be placed in their document's text, kept with their quote.

An orphan is never dropped: it keeps its id, tags, note, quote and context, is listed by the CLI
and the app, is exported under its document's ``orphans:``, and can be re-attached by hand.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from corpus_tui.corpus.anchoring import context_around
from corpus_tui.store.clock import utc_now
from corpus_tui.store.db import write
from corpus_tui.store.highlights import Highlight, get_highlight
from corpus_tui.store.tags import ensure_tag


@dataclass(frozen=True, slots=True)
class Orphan:
    """A span whose quote is not in its document's current text.

    ``start`` and ``end`` are where it was in the text it came from.
    """

    id: str
    document_id: str
    start: int
    end: int
    text: str
    prefix: str
    suffix: str
    note: str | None
    reason: str
    created_at: str
    updated_at: str
    tags: tuple[str, ...] = ()
    coder: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The fields `corpus-tui orphans --json` prints (``doc``, as search hits name it)."""
        return {
            "doc": self.document_id,
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "tags": list(self.tags),
            "note": self.note,
            "reason": self.reason,
            "coder": self.coder,
        }


_SELECT = """
SELECT o.id, o.document_id, o.start, o."end", o.text, o.prefix, o.suffix, o.note, o.reason,
       o.created_at, o.updated_at,
       (SELECT json_group_array(name) FROM (
            SELECT t.name FROM orphan_tags ot JOIN tags t ON t.id = ot.tag_id
            WHERE ot.orphan_id = o.id ORDER BY t.position, t.id)) AS tags, o.coder
FROM orphans o
"""


def _from_row(row: Sequence[Any]) -> Orphan:
    # The columns in field order, tags (a JSON array) and coder last.
    (
        oid,
        document_id,
        start,
        end,
        text,
        prefix,
        suffix,
        note,
        reason,
        created,
        updated,
        tags,
        coder,
    ) = row
    return Orphan(
        oid,
        document_id,
        start,
        end,
        text,
        prefix,
        suffix,
        note,
        reason,
        created,
        updated,
        tuple(json.loads(tags)),
        coder,
    )


def list_orphans(db: Database, document_id: str | None = None) -> list[Orphan]:
    """Orphans of one document, or of all in import order, each by (start, end, id)."""
    where = "WHERE o.document_id = ?" if document_id else ""
    rows = db.execute(
        _SELECT + f" JOIN documents d ON d.id = o.document_id {where} "
        'ORDER BY d.seq, o.start, o."end", o.id',
        [document_id] if document_id else [],
    ).fetchall()
    return [_from_row(row) for row in rows]


def get_orphan(db: Database, orphan_id: str) -> Orphan | None:
    """One orphan by id, or None."""
    row = db.execute(_SELECT + " WHERE o.id = ?", [orphan_id]).fetchone()
    return _from_row(row) if row else None


def add_orphan(db: Database, orphan: Orphan) -> None:
    """Store an orphan and its tags (created if missing) in the caller's transaction."""
    with write(db):
        db.table("orphans").insert(
            {
                "id": orphan.id,
                "document_id": orphan.document_id,
                "start": orphan.start,
                "end": orphan.end,
                "text": orphan.text,
                "prefix": orphan.prefix,
                "suffix": orphan.suffix,
                "note": orphan.note,
                "reason": orphan.reason,
                "created_at": orphan.created_at,
                "updated_at": orphan.updated_at,
                "coder": orphan.coder,
            }
        )
        _link_tags(db, orphan.id, orphan.tags)


def orphan_highlight(db: Database, highlight: Highlight, old_text: str, reason: str) -> None:
    """Turn a highlight of ``old_text`` into an orphan (same id, tags and note)."""
    prefix, suffix = context_around(old_text, highlight.start, highlight.end)
    with write(db):
        db.execute("DELETE FROM highlights WHERE id = ?", [highlight.id])
        add_orphan(
            db,
            Orphan(
                highlight.id,
                highlight.document_id,
                highlight.start,
                highlight.end,
                old_text[highlight.start : highlight.end],
                prefix,
                suffix,
                highlight.note,
                reason,
                highlight.created_at,
                highlight.updated_at,
                highlight.tags,
                highlight.coder,
            ),
        )


def reattach_orphan(
    db: Database, orphan_id: str, start: int, end: int, *, updated_at: str | None = None
) -> Highlight:
    """Make an orphan a highlight again at ``[start, end)`` of its document's current text.

    Keeps its id, tags, note and creation time. Raises KeyError for an unknown orphan and
    ValueError for offsets outside the text.
    """
    with write(db):
        orphan = get_orphan(db, orphan_id)
        if orphan is None:
            raise KeyError(orphan_id)
        chars = db.execute(
            "SELECT chars FROM documents WHERE id = ?", [orphan.document_id]
        ).fetchone()[0]
        if not 0 <= start <= end <= chars:
            raise ValueError(f"span [{start}, {end}) is outside the text (0..{chars})")
        db.table("highlights").insert(
            {
                "id": orphan.id,
                "document_id": orphan.document_id,
                "start": start,
                "end": end,
                "note": orphan.note,
                "created_at": orphan.created_at,
                "updated_at": updated_at or utc_now(),
                "coder": orphan.coder,
            }
        )
        db.execute(
            "INSERT INTO highlight_tags (highlight_id, tag_id) "
            "SELECT ?, tag_id FROM orphan_tags WHERE orphan_id = ?",
            [orphan.id, orphan.id],
        )
        db.execute("DELETE FROM orphans WHERE id = ?", [orphan.id])
        attached = get_highlight(db, orphan.id)
        assert attached is not None  # written just above, in this transaction
        return attached


def _link_tags(db: Database, orphan_id: str, tags: Iterable[str]) -> None:
    for name in tags:
        db.execute(
            "INSERT OR IGNORE INTO orphan_tags (orphan_id, tag_id) VALUES (?, ?)",
            [orphan_id, ensure_tag(db, name).id],
        )
