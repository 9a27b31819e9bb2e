"""Changes made against the text a user saw, which another program may have replaced since.

A reader shows one version of a document. If another program imports a new version while the
user is selecting, the selection's offsets are offsets of the text on screen, not of the new
one: they are carried into the new version the way every highlight is (re-anchoring), or the
change is refused when that text is gone. Nothing is ever placed on other text.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from corpus_tui.store.db import write
from corpus_tui.store.documents import get_text
from corpus_tui.store.editing import tag_span
from corpus_tui.store.highlights import Highlight
from corpus_tui.store.orphans import reattach_orphan


@dataclass(frozen=True, slots=True)
class SeenText:
    """The version of a document on the user's screen, and its text."""

    document_id: str
    version: int
    text: str


def current_version(db: Database, document_id: str) -> int | None:
    """The number of a document's current version, or None if there is no such document."""
    row = db.execute("SELECT version FROM documents WHERE id = ?", [document_id]).fetchone()
    return row[0] if row else None


def place_seen_span(db: Database, seen: SeenText, start: int, end: int) -> tuple[int, int]:
    """Where ``[start, end)`` of the text the user saw now stands in the current version.

    Raises ValueError when the document is gone, or when a new version no longer holds that
    text (re-anchoring found no place for it).
    """
    version = current_version(db, seen.document_id)
    if version is None:
        raise ValueError("this document is no longer in the database; nothing was changed")
    if version == seen.version:
        return start, end
    # Re-anchoring pulls in rapidfuzz: loaded when a new version is met, not before.
    from corpus_tui.corpus.anchoring import reanchor

    placement = reanchor(seen.text, get_text(db, seen.document_id), [(start, end)])[0]
    if placement is None:
        raise ValueError(
            "another program imported a new version of this document without the selected "
            "text; nothing was changed (the new version is shown now)"
        )
    return placement.start, placement.end


def require_seen_version(db: Database, seen: SeenText) -> None:
    """Raise ValueError if the document is no longer the version the user saw."""
    if current_version(db, seen.document_id) != seen.version:
        raise ValueError(
            "another program imported a new version of this document; nothing was changed "
            "(the new version is shown now: try again)"
        )


def tag_seen_span(
    db: Database, seen: SeenText, start: int, end: int, tag: str, coder: str | None = None
) -> Highlight:
    """Put ``tag`` on ``[start, end)`` of the text the user saw, as ``coder``, in one
    transaction."""
    with write(db):
        start, end = place_seen_span(db, seen, start, end)
        return tag_span(db, seen.document_id, start, end, tag, coder)


def reattach_at_seen_span(
    db: Database, seen: SeenText, orphan_id: str, start: int, end: int
) -> Highlight:
    """Re-attach an orphan at ``[start, end)`` of the text the user saw, in one transaction."""
    with write(db):
        start, end = place_seen_span(db, seen, start, end)
        return reattach_orphan(db, orphan_id, start, end)


def read_seen_text(db: Database, document_id: str) -> SeenText | None:
    """A document's current version and its text, read together (None if there is none)."""
    row = db.execute(
        "SELECT d.version, v.text FROM documents d JOIN document_versions v "
        "ON v.document_id = d.id AND v.version = d.version WHERE d.id = ?",
        [document_id],
    ).fetchone()
    return SeenText(document_id, row[0], row[1]) if row else None
