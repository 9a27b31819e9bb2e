"""Merging a spans file into the database: validate all of it, then apply all of it or nothing.

Documents are matched by sha256 (of any stored version), then by source. Each span is placed at
its offsets when its text is there, else re-anchored by ``corpus.anchoring``; one that cannot be
placed is kept as an orphan. Span ids and timestamps come from the file, so export -> merge into
a database holding the same documents -> export gives the same bytes, and merging the same file
twice changes nothing.

The file is read twice, one document at a time (``corpus.spans_format``): once to validate all
of it (against the database too), then to apply it; memory stays at about one document of the
file. Spans are written in batches of plain statements, and what the database already holds is
looked up per document, not per span.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlite_utils import Database

from corpus_tui.corpus.anchoring import Quote, VersionChange, anchor
from corpus_tui.corpus.spans_format import (
    DocumentRecord,
    InvalidSpansFile,
    SpanRecord,
    check_spans_file,
    spans_file_documents,
)
from corpus_tui.store.clock import utc_now
from corpus_tui.store.db import write
from corpus_tui.store.documents import get_text
from corpus_tui.store.highlights import insert_highlight_rows, new_span_id
from corpus_tui.store.tags import clean_tag_name, ensure_tag, get_tag, list_tags

# Rows written per statement batch, and ids looked up per query.
BATCH = 5000
IDS_PER_QUERY = 500
# Spans kept from the validating read rather than read again: about 60 MB of records.
KEEP_SPANS = 200_000


@dataclass
class MergeSummary:
    """What a merge did, span by span and tag by tag."""

    added: int = 0
    reanchored: int = 0
    orphaned: int = 0
    unchanged: int = 0
    kept_ours: list[str] = field(default_factory=list)
    """Span ids the database already holds with other offsets or tags: its own kept."""
    missing_documents: list[str] = field(default_factory=list)
    """Documents of the file not in the database (skipped), by source or sha256."""
    tags_created: list[str] = field(default_factory=list)
    tags_differing: list[str] = field(default_factory=list)
    """Tags whose colour or description differs from the file's: the database keeps its own."""
    attributes_differing: list[str] = field(default_factory=list)
    """Document attributes ("DOC_ID KEY") whose value differs from the file's: ours kept."""


@dataclass(frozen=True)
class _Target:
    """The database document a file's document maps to, and how to find positions in it."""

    document_id: str
    text: str
    change: VersionChange | None
    """From the stored version the file's sha256 names to the current one, if they differ."""
    same_text: bool
    matched_length: int | None
    """Length of the stored version whose sha256 the file gives, if it matched by sha256."""


def merge_spans(db: Database, text: str) -> MergeSummary:
    """Merge the spans YAML ``text`` into ``db`` in one transaction and say what it did.

    Raises InvalidSpansFile, listing every error with its place in the file, having written
    nothing (errors found against the database roll back what was applied before them).
    """
    kept = _Kept()
    header = check_spans_file(text, kept.start)
    errors = [
        error
        for index, tag in enumerate(header.tags)
        for error in _tag_name_errors(f"tags[{index}].name", (tag.name,))
    ]
    if errors:
        raise InvalidSpansFile(errors)
    merger = _Merger(db)
    summary = merger.summary
    check = _DatabaseCheck()
    # The checks against the database run as the spans are applied, in the one transaction:
    # past the first error nothing more is applied, every error is listed, and the raise
    # rolls back what was written, so the file is read at most twice.
    with write(db):
        tags_before = {tag.name for tag in list_tags(db)}
        for tag in header.tags:
            merger.tag(tag.name, tag.color, tag.description)
        records = kept.records
        for record in spans_file_documents(text, header) if records is None else records:
            target = _find_document(db, record)
            errors.extend(check.document(record, target))
            if errors:
                continue
            if target is None:
                summary.missing_documents.append(record.source or record.sha256 or "")
                continue
            if record.attributes or record.memo is not None:
                _merge_document_details(db, target.document_id, record, summary)
            merger.document(target, record)
        if errors:
            raise InvalidSpansFile(errors)
        merger.flush()
        summary.tags_created = [tag.name for tag in list_tags(db) if tag.name not in tags_before]
    return summary


def _merge_document_details(
    db: Database, document_id: str, record: DocumentRecord, summary: MergeSummary
) -> None:
    """Attributes and memo from the file, where the database has none of its own."""
    from corpus_tui.store.attributes import add_found_attributes, attributes_of

    ours = attributes_of(db, document_id)
    theirs = {key: str(value) for key, value in record.attributes.items()}
    for key, value in theirs.items():
        if key in ours and ours[key] != value:
            summary.attributes_differing.append(f"{document_id} {key}")
    add_found_attributes(db, document_id, theirs.items())
    if record.memo is not None:
        db.execute(
            "UPDATE documents SET memo = ? WHERE id = ? AND memo IS NULL",
            [record.memo, document_id],
        )


def _find_document(db: Database, record: DocumentRecord) -> _Target | None:
    if record.sha256:
        row = db.execute(
            "SELECT v.document_id, v.text, d.sha256 FROM document_versions v "
            "JOIN documents d ON d.id = v.document_id WHERE v.sha256 = ? "
            "ORDER BY v.version DESC LIMIT 1",
            [record.sha256],
        ).fetchone()
        if row:
            document_id, version_text, current_sha256 = row
            if current_sha256 == record.sha256:
                return _Target(document_id, version_text, None, True, len(version_text))
            current = get_text(db, document_id)
            change = VersionChange(version_text, current)
            return _Target(document_id, current, change, False, len(version_text))
    if record.source:
        row = db.execute(
            "SELECT id FROM documents WHERE source = ? ORDER BY seq DESC LIMIT 1", [record.source]
        ).fetchone()
        if row:
            return _Target(row[0], get_text(db, row[0]), None, False, None)
    return None


class _Kept:
    """The documents of the validating read, kept while they are few, so that a file of up to
    ``KEEP_SPANS`` spans is read once."""

    def __init__(self) -> None:
        self.records: list[DocumentRecord] | None = []
        self.spans = 0

    def start(self) -> Callable[[DocumentRecord], list[str]]:
        """Begin a read of the file (again): the visitor of its documents."""
        self.records, self.spans = [], 0

        def visit(record: DocumentRecord) -> list[str]:
            if self.records is not None:
                self.spans += len(record.spans) + len(record.orphans)
                self.records.append(record)
                if self.spans > KEEP_SPANS:
                    self.records = None
            return []

        return visit


class _DatabaseCheck:
    """Errors the format alone does not reveal, document by document: tag names this database
    refuses, and offsets past the end of the very text the file's sha256 names."""

    def __init__(self) -> None:
        self.good_names: set[str] = set()

    def document(self, record: DocumentRecord, target: _Target | None) -> list[str]:
        errors = []
        length = target.matched_length if target else None
        for key, spans in (("spans", record.spans), ("orphans", record.orphans)):
            for index, span in enumerate(spans):
                place = f"{record.place}.{key}[{index}]"
                if not self.good_names.issuperset(span.tags):
                    found = _tag_name_errors(f"{place}.tags", span.tags)
                    if not found:
                        self.good_names.update(span.tags)
                    errors.extend(found)
                if key == "spans" and length is not None and span.end > length:
                    errors.append(
                        f"{place}.end: {span.end} is past the end of the text ({length} code "
                        "points) whose sha256 the file gives"
                    )
        return errors


def _tag_name_errors(place: str, names: tuple[str, ...]) -> list[str]:
    errors = []
    for name in names:
        try:
            clean_tag_name(name)
        except ValueError as error:
            errors.append(f"{place}: {name!r}: {error}")
    return errors


def _place(target: _Target, span: SpanRecord, as_orphan: bool) -> tuple[int, int] | None:
    if target.same_text and not as_orphan and target.text[span.start : span.end] == span.text:
        return span.start, span.end
    change = target.change
    if change and not as_orphan and change.old_text[span.start : span.end] == span.text:
        placement = change.place(span.start, span.end)
    else:
        expected = change.shift.new_position(span.start) if change else span.start
        placement = anchor(target.text, Quote(span.text, span.prefix, span.suffix, expected))
    return (placement.start, placement.end) if placement else None


class _Merger:
    """Applies a file's tags and spans inside the merge transaction, counting what it does."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.now = utc_now()
        self.summary = MergeSummary()
        # Equal spans within one file are all kept, so a database holding duplicates
        # exports the same bytes after a merge; only spans there before are matched.
        self.added_here: set[str] = set()
        self.tag_ids: dict[str, int] = {}
        self.highlight_rows: list[tuple] = []
        self.highlight_tag_rows: list[tuple[str, int]] = []
        self.orphan_rows: list[tuple] = []
        self.orphan_tag_rows: list[tuple[str, int]] = []
        # For the document being merged: what the database held before, by id and by offsets.
        self.known: dict[str, tuple] = {}
        self.at: dict[tuple[int, int], list[tuple[str, str | None]]] | None = None
        self.document_id = ""

    def tag(self, name: str, color: str | None, description: str) -> None:
        """Create a declared tag, or note that the database's differs from the file's."""
        existing = get_tag(self.db, clean_tag_name(name))
        if existing is None:
            ensure_tag(self.db, name, color, description)
        elif (color is not None and color != existing.color) or (
            description != existing.description
        ):
            self.summary.tags_differing.append(existing.name)

    def document(self, target: _Target, record: DocumentRecord) -> None:
        """Place every span and orphan of one document of the file."""
        ids = [span.id for span in (*record.spans, *record.orphans) if span.id]
        self.known = self._known(ids)
        self.at = None
        self.document_id = target.document_id
        for span in record.spans:
            self.span(target, span, as_orphan=False)
        for span in record.orphans:
            self.span(target, span, as_orphan=True)
        if len(self.highlight_rows) + len(self.orphan_rows) >= BATCH:
            self.flush()

    def span(self, target: _Target, span: SpanRecord, *, as_orphan: bool) -> None:
        """Place one span (or orphan) of the file, unless the database has it already."""
        placed = _place(target, span, as_orphan)
        tags = tuple(clean_tag_name(name) for name in span.tags)
        if self._already_there(target.document_id, span, placed, tags):
            return
        span_id = span.id or new_span_id()
        created_at = span.created_at or self.now
        updated_at = span.updated_at or created_at
        tag_ids = [self._tag_id(name) for name in tags]
        if placed is None:
            self.orphan_rows.append(
                (
                    span_id,
                    target.document_id,
                    span.start,
                    span.end,
                    span.text,
                    span.prefix,
                    span.suffix,
                    span.note,
                    "its text was not found when merging a spans file",
                    created_at,
                    updated_at,
                    span.coder,
                )
            )
            self.orphan_tag_rows.extend((span_id, tag_id) for tag_id in tag_ids)
            self.summary.orphaned += 1
            return
        start, end = placed
        self.highlight_rows.append(
            (span_id, target.document_id, start, end, span.note, created_at, updated_at, span.coder)
        )
        self.highlight_tag_rows.extend((span_id, tag_id) for tag_id in tag_ids)
        self.added_here.add(span_id)
        if (start, end) == (span.start, span.end) and not as_orphan:
            self.summary.added += 1
        else:
            self.summary.reanchored += 1

    def flush(self) -> None:
        """Write the rows gathered so far."""
        insert_highlight_rows(self.db, self.highlight_rows, self.highlight_tag_rows)
        self.db.conn.executemany(
            'INSERT INTO orphans (id, document_id, start, "end", text, prefix, suffix, note, '
            "reason, created_at, updated_at, coder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.orphan_rows,
        )
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO orphan_tags (orphan_id, tag_id) VALUES (?, ?)",
            self.orphan_tag_rows,
        )
        self.highlight_rows, self.highlight_tag_rows = [], []
        self.orphan_rows, self.orphan_tag_rows = [], []

    def _tag_id(self, name: str) -> int:
        tag_id = self.tag_ids.get(name)
        if tag_id is None:
            tag_id = self.tag_ids[name] = ensure_tag(self.db, name).id
        return tag_id

    def _known(self, ids: list[str]) -> dict[str, tuple]:
        """The highlights and orphans the database holds under these ids, before this file:
        ``{id: ("highlight", document_id, start, end) or ("orphan", document_id)}``."""
        known: dict[str, tuple] = {}
        wanted = [span_id for span_id in ids if span_id not in self.added_here]
        for at in range(0, len(wanted), IDS_PER_QUERY):
            chunk = wanted[at : at + IDS_PER_QUERY]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f'SELECT id, document_id, start, "end" FROM highlights WHERE id IN ({marks})',
                chunk,
            ):
                known[row[0]] = ("highlight", *row[1:])
            for row in self.db.execute(
                f"SELECT id, document_id FROM orphans WHERE id IN ({marks})", chunk
            ):
                known.setdefault(row[0], ("orphan", row[1]))
        return known

    def _tags_of(self, span_id: str) -> set[str]:
        rows = self.db.execute(
            "SELECT t.name FROM highlight_tags ht JOIN tags t ON t.id = ht.tag_id "
            "WHERE ht.highlight_id = ?",
            [span_id],
        )
        return {name for (name,) in rows}

    def _already_there(
        self,
        document_id: str,
        span: SpanRecord,
        placed: tuple[int, int] | None,
        tags: tuple[str, ...],
    ) -> bool:
        """Whether the span is in the database already, as itself (its id) or an equal span."""
        found = self.known.get(span.id) if span.id else None
        if found is None:
            return self._equal_span_exists(document_id, placed, tags, span.coder)
        if found[0] == "highlight":
            same = (found[1], (found[2], found[3])) == (document_id, placed) and self._tags_of(
                span.id or ""
            ) == set(tags)
        else:
            same = placed is None and found[1] == document_id
        if same:
            self.summary.unchanged += 1
        else:
            self.summary.kept_ours.append(span.id or "")
        return True

    def _equal_span_exists(
        self,
        document_id: str,
        placed: tuple[int, int] | None,
        tags: tuple[str, ...],
        coder: str | None,
    ) -> bool:
        # Equal means the same coder too: a colleague's span on the same words with the same
        # tags is their coding, a second highlight, never folded into mine.
        if placed is None:
            return False
        if self.at is None:
            # The document's highlights before this file's, fetched once when first needed.
            self.at = {}
            for span_id, start, end, span_coder in self.db.execute(
                'SELECT id, start, "end", coder FROM highlights WHERE document_id = ?',
                [document_id],
            ):
                if span_id not in self.added_here:
                    self.at.setdefault((start, end), []).append((span_id, span_coder))
        for span_id, span_coder in self.at.get(placed, ()):
            if span_coder == coder and self._tags_of(span_id) == set(tags):
                self.summary.unchanged += 1
                return True
        return False
