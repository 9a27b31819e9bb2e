"""Two coders compared: agreement figures, the passages where they differ, and adopting one
coder's version of a passage. The measures themselves are in ``corpus.agreement``."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from corpus_tui.corpus.agreement import Agreement, Span, agreement, differing_passages
from corpus_tui.store.db import write
from corpus_tui.store.highlights import add_highlight, get_highlight
from corpus_tui.store.tags import list_tags


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A passage where two coders' tags differ: what each put on it (all of it or part)."""

    document_id: str
    title: str
    start: int
    end: int
    text: str
    tags_a: tuple[str, ...]
    tags_b: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """The record as JSON output prints it."""
        return {
            "doc": self.document_id,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "tags_a": list(self.tags_a),
            "tags_b": list(self.tags_b),
        }


def list_coders(db: Database) -> list[str]:
    """Every named coder with highlights here, by name (unknown ones are not listed)."""
    rows = db.execute(
        "SELECT DISTINCT coder FROM highlights WHERE coder IS NOT NULL ORDER BY coder"
    )
    return [row[0] for row in rows]


def _check(db: Database, coder_a: str, coder_b: str, tags: Iterable[str]) -> list[str]:
    """The tags to measure (given ones, else every tag); ValueError naming what is unknown."""
    coders = list_coders(db)
    for coder in (coder_a, coder_b):
        if coder not in coders:
            known = ", ".join(coders) or "none"
            raise ValueError(f"no highlights by coder {coder!r} (coders here: {known})")
    if coder_a == coder_b:
        raise ValueError("name two different coders")
    known_tags = [tag.name for tag in list_tags(db)]
    chosen = list(dict.fromkeys(tags))
    for name in chosen:
        if name not in known_tags:
            raise ValueError(f"no tag named {name!r}")
    return chosen or known_tags


def _coded_documents(
    db: Database, coder_a: str, coder_b: str
) -> list[tuple[str, str, int, list[Span], list[Span]]]:
    """Documents both coders coded, in import order: id, title, length, A's and B's spans."""
    spans: dict[tuple[str, str], list[Span]] = defaultdict(list)
    rows = db.execute(
        'SELECT h.document_id, h.coder, h.start, h."end", '
        "(SELECT json_group_array(t.name) FROM highlight_tags ht JOIN tags t ON t.id = ht.tag_id "
        "WHERE ht.highlight_id = h.id) FROM highlights h WHERE h.coder IN (?, ?)",
        [coder_a, coder_b],
    )
    for document_id, coder, start, end, tags in rows:
        spans[document_id, coder].append((start, end, frozenset(json.loads(tags))))
    both = {doc for doc, coder in spans if coder == coder_a} & {
        doc for doc, coder in spans if coder == coder_b
    }
    documents = db.execute("SELECT id, title, chars FROM documents ORDER BY seq").fetchall()
    return [
        (doc, title, chars, spans[doc, coder_a], spans[doc, coder_b])
        for doc, title, chars in documents
        if doc in both
    ]


def coder_agreement(
    db: Database, coder_a: str, coder_b: str, tags: Iterable[str] = ()
) -> list[Agreement]:
    """Agreement of two coders per tag (the given ones, else all) and over all (``*``).

    Raises ValueError naming an unknown coder or tag.
    """
    chosen = _check(db, coder_a, coder_b, tags)
    documents = _coded_documents(db, coder_a, coder_b)
    return agreement(((length, a, b) for _, _, length, a, b in documents), chosen)


def disagreements(
    db: Database, coder_a: str, coder_b: str, tags: Iterable[str] = ()
) -> list[Disagreement]:
    """Every passage where the two coders' tags differ, in document order."""
    from corpus_tui.store.documents import get_text

    chosen = _check(db, coder_a, coder_b, tags)
    wanted = frozenset(chosen)
    found = []
    for doc, title, length, spans_a, spans_b in _coded_documents(db, coder_a, coder_b):
        passages = differing_passages(length, spans_a, spans_b, chosen)
        if not passages:
            continue
        text = get_text(db, doc)
        for start, end in passages:
            found.append(
                Disagreement(
                    doc,
                    title,
                    start,
                    end,
                    text[start:end],
                    _tags_within(spans_a, start, end, wanted),
                    _tags_within(spans_b, start, end, wanted),
                )
            )
    return found


def _tags_within(
    spans: list[Span], start: int, end: int, wanted: frozenset[str]
) -> tuple[str, ...]:
    found: set[str] = set()
    for span_start, span_end, tags in spans:
        if span_start < end and start < span_end:
            found |= tags & wanted
    return tuple(sorted(found))


def adopt_version(
    db: Database, document_id: str, start: int, end: int, source: str, target: str
) -> None:
    """Make ``target``'s coding of ``[start, end)`` what ``source``'s is, character for
    character: ``target``'s highlights there are cut back to outside the passage (split when
    they straddle it) and ``source``'s, clipped to it, are copied as ``target``'s. Notes stay
    with the highlights they were written on. One transaction (one undo step in the app)."""
    with write(db):
        rows = db.execute(
            'SELECT id, start, "end" FROM highlights WHERE document_id = ? AND coder IS ? '
            'AND start < ? AND "end" > ?',
            [document_id, target, end, start],
        ).fetchall()
        for span_id, span_start, span_end in rows:
            _cut_out(db, span_id, span_start, span_end, start, end)
        copies = db.execute(
            'SELECT id, start, "end", note FROM highlights WHERE document_id = ? '
            'AND coder IS ? AND start < ? AND "end" > ? ORDER BY start, "end", id',
            [document_id, source, end, start],
        ).fetchall()
        for span_id, span_start, span_end, note in copies:
            copied = get_highlight(db, span_id)
            tags = copied.tags if copied else ()
            add_highlight(
                db,
                document_id,
                max(span_start, start),
                min(span_end, end),
                tags,
                note,
                coder=target,
            )


def _cut_out(
    db: Database, span_id: str, span_start: int, span_end: int, start: int, end: int
) -> None:
    """Keep only the parts of a highlight outside ``[start, end)``."""
    left = (span_start, start) if span_start < start else None
    right = (end, span_end) if span_end > end else None
    if left is None and right is None:
        db.execute("DELETE FROM highlights WHERE id = ?", [span_id])
        return
    kept = left or right
    assert kept is not None
    db.execute('UPDATE highlights SET start = ?, "end" = ? WHERE id = ?', [*kept, span_id])
    highlight = get_highlight(db, span_id)
    if left is not None and right is not None and highlight is not None:
        add_highlight(
            db,
            highlight.document_id,
            right[0],
            right[1],
            highlight.tags,
            highlight.note,
            coder=highlight.coder,
        )
