"""Exporting highlights and orphans as a spans file (DESIGN.md, "Spans YAML, format version 1").

The same data always gives the same bytes: documents in import order, spans and orphans by
(start, end, id), tags in their quick-key order. Only ``exported_at`` changes between runs.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from sqlite_utils import Database

from corpus_tui.corpus.anchoring import context_around
from corpus_tui.corpus.paged import page_at
from corpus_tui.corpus.spans_format import (
    DocumentRecord,
    SpanRecord,
    SpansFile,
    TagRecord,
    render_spans_file,
)
from corpus_tui.store.attributes import all_attributes
from corpus_tui.store.clock import utc_now
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import get_page_starts, get_text
from corpus_tui.store.output_paths import write_output
from corpus_tui.store.tags import list_tags


def export_spans(
    db: Database,
    *,
    tags: Iterable[str] = (),
    documents: Iterable[str] = (),
    exported_at: str | None = None,
    coders: Iterable[str] = (),
) -> str:
    """Return the spans YAML of the corpus, or of the given documents (ids) and tags (names).

    With tags, a span is exported when it carries any of them. Only documents with spans or
    orphans in the export are listed; ``tags[].spans`` counts what the export contains. Raises
    ValueError naming a document id or tag name that does not exist.
    """
    return render_spans_file(
        collect_spans(db, tags=tags, documents=documents, exported_at=exported_at, coders=coders)
    )


def collect_spans(
    db: Database,
    *,
    tags: Iterable[str] = (),
    documents: Iterable[str] = (),
    exported_at: str | None = None,
    coders: Iterable[str] = (),
) -> SpansFile:
    """Return what ``export_spans`` writes, as records (with ``coders``, only their spans)."""
    tag_filter = set(tags)
    coder_filter = set(coders)
    document_filter = list(dict.fromkeys(documents))
    _check_filters(db, tag_filter, document_filter)
    highlight_tags = _tags_by_owner(db, "highlight_tags", "highlight_id")
    orphan_tags = _tags_by_owner(db, "orphan_tags", "orphan_id")
    highlights = _rows_by_document(
        db,
        'SELECT document_id, id, start, "end", note, created_at, updated_at, coder FROM highlights',
    )
    orphan_rows = _rows_by_document(
        db,
        'SELECT document_id, id, start, "end", text, prefix, suffix, note, created_at, '
        "updated_at, coder FROM orphans",
    )
    attributes = all_attributes(db, typed_values=True)
    memos = dict(db.execute("SELECT id, memo FROM documents WHERE memo IS NOT NULL"))
    if coder_filter:
        highlights = _by_coder(highlights, coder_filter)
        orphan_rows = _by_coder(orphan_rows, coder_filter)
    counts: Counter[str] = Counter()
    records = []
    for document_id, title, source, sha256 in _documents(db, document_filter):
        if document_id not in highlights and document_id not in orphan_rows:
            continue
        spans = _span_records(
            db, document_id, highlights.get(document_id, []), highlight_tags, tag_filter
        )
        orphans = _orphan_records(orphan_rows.get(document_id, []), orphan_tags, tag_filter)
        if not spans and not orphans:
            continue
        for record in (*spans, *orphans):
            counts.update(record.tags)
        records.append(
            DocumentRecord(
                document_id,
                title,
                source,
                sha256,
                tuple(spans),
                tuple(orphans),
                attributes=dict(attributes.get(document_id, {})),
                memo=memos.get(document_id),
            )
        )
    filtered = bool(tag_filter or document_filter or coder_filter)
    tag_records = tuple(
        TagRecord(tag.name, tag.color, tag.description, counts[tag.name])
        for tag in list_tags(db)
        if counts[tag.name] or not filtered
    )
    return SpansFile(tag_records, tuple(records), exported_at or utc_now())


def _check_filters(db: Database, tags: set[str], documents: list[str]) -> None:
    known_tags = {tag.name for tag in list_tags(db)}
    for name in sorted(tags - known_tags):
        raise ValueError(f"no tag named {name!r}")
    for document_id in documents:
        if not db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone():
            raise ValueError(f"no document with id {document_id!r} (see 'corpus-tui docs')")


def _documents(db: Database, only: list[str]) -> list[tuple[str, str, str, str]]:
    rows = db.execute("SELECT id, title, source, sha256 FROM documents ORDER BY seq").fetchall()
    wanted = set(only)
    return [row for row in rows if not wanted or row[0] in wanted]


def _tags_by_owner(db: Database, table: str, owner: str) -> dict[str, tuple[str, ...]]:
    """Tag names of every highlight (or orphan), in tag order, from one query."""
    found: defaultdict[str, list[str]] = defaultdict(list)
    for owner_id, name in db.execute(
        f"SELECT l.{owner}, t.name FROM {table} l JOIN tags t ON t.id = l.tag_id "
        f"ORDER BY l.{owner}, t.position, t.id"
    ):
        found[owner_id].append(name)
    return {owner_id: tuple(names) for owner_id, names in found.items()}


def _rows_by_document(db: Database, select: str) -> dict[str, list[tuple]]:
    """Rows of one query (document id first), by document, each list by (start, end, id)."""
    found: defaultdict[str, list[tuple]] = defaultdict(list)
    for row in db.execute(f'{select} ORDER BY document_id, start, "end", id'):
        found[row[0]].append(row[1:])
    return found


def _by_coder(rows: dict[str, list[tuple]], coders: set[str]) -> dict[str, list[tuple]]:
    """Only the rows (coder last) by one of ``coders``, documents left empty dropped."""
    kept = {doc: [row for row in found if row[-1] in coders] for doc, found in rows.items()}
    return {doc: found for doc, found in kept.items() if found}


def _wanted(span_tags: tuple[str, ...], tag_filter: set[str]) -> bool:
    return not tag_filter or not tag_filter.isdisjoint(span_tags)


def _span_records(
    db: Database,
    document_id: str,
    rows: list[tuple],
    tags_of: dict[str, tuple[str, ...]],
    tag_filter: set[str],
) -> list[SpanRecord]:
    rows = [row for row in rows if _wanted(tags_of.get(row[0], ()), tag_filter)]
    if not rows:
        return []
    text = get_text(db, document_id)
    page_starts = get_page_starts(db, document_id)
    records = []
    for span_id, start, end, note, created_at, updated_at, coder in rows:
        prefix, suffix = context_around(text, start, end)
        records.append(
            SpanRecord(
                start=start,
                end=end,
                text=text[start:end],
                prefix=prefix,
                suffix=suffix,
                tags=tags_of.get(span_id, ()),
                note=note,
                id=span_id,
                created_at=created_at,
                updated_at=updated_at,
                coder=coder,
                page=page_at(page_starts, start),
            )
        )
    return records


def _orphan_records(
    rows: list[tuple], tags_of: dict[str, tuple[str, ...]], tag_filter: set[str]
) -> list[SpanRecord]:
    return [
        SpanRecord(
            start=start,
            end=end,
            text=text,
            prefix=prefix,
            suffix=suffix,
            tags=tags_of.get(orphan_id, ()),
            note=note,
            id=orphan_id,
            created_at=created_at,
            updated_at=updated_at,
            coder=coder,
        )
        for orphan_id, start, end, text, prefix, suffix, note, created_at, updated_at, coder in rows
        if _wanted(tags_of.get(orphan_id, ()), tag_filter)
    ]


def export_beside(db_path: str | os.PathLike[str]) -> Path:
    """Export every span to ``<database name>-spans.yaml`` beside the database; return its path.

    Opens its own connection, so it can run in a worker thread.
    """
    path = Path(db_path)
    target = path.with_name(f"{path.stem}-spans.yaml")
    db = open_db(path)
    try:
        write_output(target, export_spans(db), path)
    finally:
        db.close()
    return target
