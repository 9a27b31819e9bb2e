"""Merging a spans file into the database: validate all of it, then apply all of it or nothing.

Documents are matched by sha256 (of any stored version), then by source. Each span is placed at
its offsets when its text is there, else re-anchored by ``corpus.anchoring``; one that cannot be
placed is kept as an orphan. Span ids and timestamps come from the file, so export -> merge into
a database holding the same documents -> export gives the same bytes, and merging the same file
twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from corpus_tui.corpus.anchoring import Quote, VersionChange, anchor
from corpus_tui.corpus.spans_format import (
    DocumentRecord,
    InvalidSpansFile,
    SpanRecord,
    SpansFile,
    parse_spans_file,
)
from corpus_tui.store.clock import utc_now
from corpus_tui.store.db import write
from corpus_tui.store.documents import get_text
from corpus_tui.store.highlights import add_highlight, get_highlight, new_span_id
from corpus_tui.store.orphans import Orphan, add_orphan, get_orphan
from corpus_tui.store.tags import clean_tag_name, ensure_tag, get_tag, list_tags


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

    Raises InvalidSpansFile, listing every error with its place in the file, before anything
    is written.
    """
    spans_file = parse_spans_file(text)
    targets = {record.place: _find_document(db, record) for record in spans_file.documents}
    _check_against_database(spans_file, targets)
    merger = _Merger(db)
    summary = merger.summary
    with write(db):
        tags_before = {tag.name for tag in list_tags(db)}
        for tag in spans_file.tags:
            merger.tag(tag.name, tag.color, tag.description)
        for record in spans_file.documents:
            target = targets[record.place]
            if target is None:
                summary.missing_documents.append(record.source or record.sha256 or "")
                continue
            for span in record.spans:
                merger.span(target, span, as_orphan=False)
            for span in record.orphans:
                merger.span(target, span, as_orphan=True)
        summary.tags_created = [tag.name for tag in list_tags(db) if tag.name not in tags_before]
    return summary


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


def _check_against_database(spans_file: SpansFile, targets: dict[str, _Target | None]) -> None:
    """Errors the format alone does not reveal: tag names this database refuses, and offsets
    past the end of the very text the file's sha256 names."""
    errors = []
    for index, tag in enumerate(spans_file.tags):
        errors.extend(_tag_name_errors(f"tags[{index}].name", (tag.name,)))
    for record in spans_file.documents:
        target = targets[record.place]
        for key, spans in (("spans", record.spans), ("orphans", record.orphans)):
            for index, span in enumerate(spans):
                place = f"{record.place}.{key}[{index}]"
                errors.extend(_tag_name_errors(f"{place}.tags", span.tags))
                length = target.matched_length if target else None
                if key == "spans" and length is not None and span.end > length:
                    errors.append(
                        f"{place}.end: {span.end} is past the end of the text ({length} code "
                        "points) whose sha256 the file gives"
                    )
    if errors:
        raise InvalidSpansFile(errors)


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

    def tag(self, name: str, color: str | None, description: str) -> None:
        """Create a declared tag, or note that the database's differs from the file's."""
        existing = get_tag(self.db, clean_tag_name(name))
        if existing is None:
            ensure_tag(self.db, name, color, description)
        elif (color is not None and color != existing.color) or (
            description != existing.description
        ):
            self.summary.tags_differing.append(existing.name)

    def span(self, target: _Target, span: SpanRecord, *, as_orphan: bool) -> None:
        """Place one span (or orphan) of the file, unless the database has it already."""
        placed = _place(target, span, as_orphan)
        tags = tuple(clean_tag_name(name) for name in span.tags)
        if self._already_there(target.document_id, span, placed, tags):
            return
        span_id = span.id or new_span_id()
        created_at = span.created_at or self.now
        updated_at = span.updated_at or created_at
        if placed is None:
            orphan = Orphan(
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
                tags,
                span.coder,
            )
            add_orphan(self.db, orphan)
            self.summary.orphaned += 1
            return
        start, end = placed
        add_highlight(
            self.db,
            target.document_id,
            start,
            end,
            tags,
            span.note,
            span_id=span_id,
            created_at=created_at,
            updated_at=updated_at,
            coder=span.coder,
        )
        self.added_here.add(span_id)
        if (start, end) == (span.start, span.end) and not as_orphan:
            self.summary.added += 1
        else:
            self.summary.reanchored += 1

    def _already_there(
        self,
        document_id: str,
        span: SpanRecord,
        placed: tuple[int, int] | None,
        tags: tuple[str, ...],
    ) -> bool:
        """Whether the span is in the database already, as itself (its id) or an equal span."""
        highlight = get_highlight(self.db, span.id) if span.id else None
        orphan = get_orphan(self.db, span.id) if span.id and highlight is None else None
        if highlight is None and orphan is None:
            return self._equal_span_exists(document_id, placed, tags, span.coder)
        if highlight is not None:
            same = (highlight.document_id, (highlight.start, highlight.end)) == (
                document_id,
                placed,
            ) and set(highlight.tags) == set(tags)
        else:
            same = placed is None and orphan.document_id == document_id
        if same:
            self.summary.unchanged += 1
        else:
            self.summary.kept_ours.append(span.id)
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
        rows = self.db.execute(
            'SELECT id FROM highlights WHERE document_id = ? AND start = ? AND "end" = ? '
            "AND coder IS ?",
            [document_id, *placed, coder],
        ).fetchall()
        for (span_id,) in rows:
            if span_id in self.added_here:
                continue
            if set(get_highlight(self.db, span_id).tags) == set(tags):
                self.summary.unchanged += 1
                return True
        return False
