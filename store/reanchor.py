"""Carrying a document's highlights (and orphans) over to a new version of its text."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from corpus_tui.corpus.anchoring import Quote, anchor, reanchor
from corpus_tui.store.db import write
from corpus_tui.store.highlights import highlights_for
from corpus_tui.store.orphans import list_orphans, orphan_highlight, reattach_orphan


@dataclass(frozen=True, slots=True)
class CarryOver:
    """What a new version did to a document's highlights."""

    kept: int = 0
    moved: int = 0
    orphaned: int = 0
    reattached: int = 0


def carry_over_highlights(
    db: Database, document_id: str, old_text: str, new_text: str
) -> CarryOver:
    """Move each highlight to where its text now stands, or keep it as an orphan.

    Uses the re-anchoring procedure of ``corpus.anchoring`` (same position, else the exact
    quote told apart by its context, else a close fuzzy match), so a highlight is never placed
    on other text. Orphans left by earlier versions are tried again. Runs inside the caller's
    transaction; the document's current text must already be ``new_text``.
    """
    kept = moved = orphaned = reattached = 0
    with write(db):
        highlights = highlights_for(db, document_id)
        placements = reanchor(old_text, new_text, [(h.start, h.end) for h in highlights])
        for highlight, placement in zip(highlights, placements, strict=True):
            if placement is None:
                orphan_highlight(db, highlight, old_text, "its text is not in the new version")
                orphaned += 1
            elif (placement.start, placement.end) == (highlight.start, highlight.end):
                kept += 1
            else:
                db.execute(
                    'UPDATE highlights SET start = ?, "end" = ? WHERE id = ?',
                    [placement.start, placement.end, highlight.id],
                )
                moved += 1
        just_orphaned = {h.id for h in highlights}
        for orphan in list_orphans(db, document_id):
            if orphan.id in just_orphaned:
                continue
            quote = Quote(orphan.text, orphan.prefix, orphan.suffix, orphan.start)
            placement = anchor(new_text, quote)
            if placement is not None:
                reattach_orphan(
                    db, orphan.id, placement.start, placement.end, updated_at=orphan.updated_at
                )
                reattached += 1
    return CarryOver(kept, moved, orphaned, reattached)
