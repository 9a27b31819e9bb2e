"""Highlights: spans of a document's current text, each carrying zero or more tags and a note."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from corpus_tui.store.clock import utc_now
from corpus_tui.store.db import write
from corpus_tui.store.tags import ensure_tag


@dataclass(frozen=True, slots=True)
class Highlight:
    """A span `[start, end)` in code points of its document's current text, with its tags."""

    id: str
    document_id: str
    start: int
    end: int
    note: str | None
    created_at: str
    updated_at: str
    tags: tuple[str, ...] = ()
    coder: str | None = None
    """Who made it; None when unknown (made before coders were recorded)."""


_SELECT = """
SELECT h.id, h.document_id, h.start, h."end", h.note, h.created_at, h.updated_at,
       (SELECT json_group_array(name) FROM (
            SELECT t.name FROM highlight_tags ht JOIN tags t ON t.id = ht.tag_id
            WHERE ht.highlight_id = h.id ORDER BY t.position, t.id)) AS tags, h.coder
FROM highlights h
"""


def new_span_id() -> str:
    """A fresh, globally unique span id."""
    return uuid.uuid4().hex


def _from_row(row: Sequence[Any]) -> Highlight:
    # The columns in field order, tags (a JSON array) and coder last.
    span_id, document_id, start, end, note, created_at, updated_at, tags, coder = row
    return Highlight(
        span_id,
        document_id,
        start,
        end,
        note,
        created_at,
        updated_at,
        tuple(json.loads(tags)),
        coder,
    )


def add_highlight(
    db: Database,
    document_id: str,
    start: int,
    end: int,
    tags: Iterable[str] = (),
    note: str | None = None,
    *,
    span_id: str | None = None,
    created_at: str | None = None,
    updated_at: str | None = None,
    coder: str | None = None,
) -> Highlight:
    """Create a highlight (and any missing tag) in one transaction and return it.

    ``coder`` is who made it (None: unknown).

    Raises KeyError for an unknown document and ValueError for offsets outside its text.
    """
    with write(db):
        row = db.execute("SELECT chars FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            raise KeyError(document_id)
        if not 0 <= start <= end <= row[0]:
            raise ValueError(f"span [{start}, {end}) is outside the text (0..{row[0]})")
        now = utc_now()
        span_id = span_id or new_span_id()
        db.table("highlights").insert(
            {
                "id": span_id,
                "document_id": document_id,
                "start": start,
                "end": end,
                "note": note,
                "created_at": created_at or now,
                "updated_at": updated_at or created_at or now,
                "coder": coder,
            }
        )
        for name in tags:
            tag = ensure_tag(db, name)
            db.execute(
                "INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id) VALUES (?, ?)",
                [span_id, tag.id],
            )
        created = get_highlight(db, span_id)
        assert created is not None  # written just above, in this transaction
        return created


def insert_highlight_rows(
    db: Database, rows: list[tuple], tag_links: list[tuple[str, int]]
) -> None:
    """Bulk-insert checked highlights, each row ``(id, document_id, start, end, note,
    created_at, updated_at, coder)``, and their ``(highlight id, tag id)`` links; plain SQL,
    one statement per table, inside the caller's transaction (merge and project import)."""
    db.conn.executemany(
        'INSERT INTO highlights (id, document_id, start, "end", note, created_at, '
        "updated_at, coder) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id) VALUES (?, ?)", tag_links
    )


def get_highlight(db: Database, span_id: str) -> Highlight | None:
    """One highlight by id, or None."""
    row = db.execute(_SELECT + " WHERE h.id = ?", [span_id]).fetchone()
    return _from_row(row) if row else None


def highlights_for(db: Database, document_id: str) -> list[Highlight]:
    """A document's highlights ordered by (start, end, id)."""
    rows = db.execute(
        _SELECT + ' WHERE h.document_id = ? ORDER BY h.start, h."end", h.id', [document_id]
    ).fetchall()
    return [_from_row(row) for row in rows]


def count_highlights(db: Database) -> int:
    """How many highlights the corpus holds."""
    return int(db.execute("SELECT count(*) FROM highlights").fetchone()[0])


def delete_highlight(db: Database, span_id: str) -> None:
    """Remove a highlight and its tag links."""
    with write(db):
        db.execute("DELETE FROM highlights WHERE id = ?", [span_id])
