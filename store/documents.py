"""Documents and their text versions: adding (one transaction each), listing, reading text."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from corpus_tui.store.attributes import add_found_attributes
from corpus_tui.store.clock import utc_now
from corpus_tui.store.db import write

if TYPE_CHECKING:
    from sqlite_utils import Database

    from corpus_tui.corpus.reading import ParsedDocument
    from corpus_tui.store.search_index import TextAnalysis

ID_LENGTH = 16

AddOutcome = Literal["added", "unchanged", "updated"]


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A document's metadata without its text; `spans` counts its highlights."""

    id: str
    seq: int
    title: str
    source: str
    sha256: str
    chars: int
    version: int
    imported_at: str
    updated_at: str
    spans: int = 0
    format: str = "txt"
    pages: int | None = None

    def as_json(self, attributes: Mapping[str, object] | None = None) -> dict[str, object]:
        """The record ``docs --json`` prints; ``attributes`` are the document's (numbers as
        numbers)."""
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "sha256": self.sha256,
            "chars": self.chars,
            "spans": self.spans,
            "version": self.version,
            "imported_at": self.imported_at,
            "format": self.format,
            **({"pages": self.pages} if self.pages else {}),
            "attributes": dict(attributes or {}),
        }


@dataclass(frozen=True, slots=True)
class AddResult:
    """What adding a file did: a new document, nothing (same text known), or a new version."""

    outcome: AddOutcome
    document_id: str
    version: int
    # For a new version whose text a different extractor (or version of it) produced.
    previous_extractor: str | None = None


_COLUMNS = (
    "d.id, d.seq, d.title, d.source, d.sha256, d.chars, d.version, d.imported_at, d.updated_at"
)
_SPANS = "(SELECT count(*) FROM highlights h WHERE h.document_id = d.id)"
_PAGED = "d.format, d.pages"


def add_document(
    db: Database, parsed: ParsedDocument, source: str, analysis: TextAnalysis | None = None
) -> AddResult:
    """Store a parsed file in one transaction (a savepoint inside an open one).

    The same text already stored (under any source) is one document: nothing changes. New text
    from a known source becomes that document's next version, its highlights carried over by
    re-anchoring. Otherwise a new document, whose id derives from its first text's sha256.
    ``analysis`` is the text's `analyse_text`, when already computed, for the search index.
    """
    with write(db):
        known = db.execute(
            "SELECT document_id, version FROM document_versions WHERE sha256 = ? LIMIT 1",
            [parsed.sha256],
        ).fetchone()
        if known:
            return AddResult("unchanged", known[0], known[1])
        now = utc_now()
        previous = db.execute(
            "SELECT id, version FROM documents WHERE source = ? ORDER BY seq DESC LIMIT 1",
            [source],
        ).fetchone()
        if previous:
            return _add_version(db, previous[0], previous[1] + 1, parsed, now, analysis)
        document_id = _new_id(db, parsed.sha256)
        seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM documents").fetchone()[0]
        # Plain SQL: sqlite-utils' insert reads the schema on every call (a bulk import's cost).
        db.execute(
            "INSERT INTO documents (id, seq, title, source, sha256, chars, version, imported_at, "
            "updated_at, format, pages) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
            [
                document_id,
                seq,
                parsed.title,
                source,
                parsed.sha256,
                len(parsed.text),
                now,
                now,
                parsed.format,
                _page_count(parsed),
            ],
        )
        _insert_version(db, document_id, 1, parsed, now, analysis)
        _store_file_attributes(db, document_id, parsed)
        return AddResult("added", document_id, 1)


def _add_version(
    db: Database,
    document_id: str,
    version: int,
    parsed: ParsedDocument,
    now: str,
    analysis: TextAnalysis | None,
) -> AddResult:
    # Re-anchoring pulls in rapidfuzz: loaded on the first new version, not to list documents.
    from corpus_tui.store.reanchor import carry_over_highlights

    old_text = get_text(db, document_id)
    (old_extractor,) = db.execute(
        "SELECT extractor FROM document_versions WHERE document_id = ? AND version = ?",
        [document_id, version - 1],
    ).fetchone()
    _insert_version(db, document_id, version, parsed, now, analysis)
    db.execute(
        "UPDATE documents SET title = ?, sha256 = ?, chars = ?, version = ?, updated_at = ?, "
        "format = ?, pages = ? WHERE id = ?",
        [
            parsed.title,
            parsed.sha256,
            len(parsed.text),
            version,
            now,
            parsed.format,
            _page_count(parsed),
            document_id,
        ],
    )
    _store_file_attributes(db, document_id, parsed)
    carry_over_highlights(db, document_id, old_text, parsed.text)
    changed = old_extractor if old_extractor != parsed.extractor and old_extractor else None
    return AddResult("updated", document_id, version, changed)


def _page_count(parsed: ParsedDocument) -> int | None:
    return len(parsed.page_starts) or None


def _store_file_attributes(db: Database, document_id: str, parsed: ParsedDocument) -> None:
    """What the file says of itself (author, created, front matter, HTML <meta>...), its kind
    inferred, without overriding what a user set."""
    if parsed.attributes:
        add_found_attributes(db, document_id, parsed.attributes.items())


def _insert_version(
    db: Database,
    document_id: str,
    version: int,
    parsed: ParsedDocument,
    now: str,
    analysis: TextAnalysis | None,
) -> None:
    # The name index pulls in the gazetteer: loaded on the first write, not to list documents.
    from corpus_tui.store.search_index import index_document

    db.execute(
        "INSERT INTO document_versions (document_id, version, sha256, text, chars, imported_at, "
        "format, extractor, page_starts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            document_id,
            version,
            parsed.sha256,
            parsed.text,
            len(parsed.text),
            now,
            parsed.format,
            parsed.extractor,
            json.dumps(list(parsed.page_starts)) if parsed.page_starts else None,
        ],
    )
    index_document(db, document_id, parsed.text, analysis)


def _new_id(db: Database, sha256: str) -> str:
    """A sha256 prefix, lengthened in the (astronomically rare) case it is taken."""
    for length in range(ID_LENGTH, len(sha256) + 1, 4):
        candidate = sha256[:length]
        if not db.execute("SELECT 1 FROM documents WHERE id = ?", [candidate]).fetchone():
            return candidate
    raise ValueError(f"no free document id for sha256 {sha256}")


def list_documents(db: Database, *, offset: int = 0, limit: int = -1) -> list[DocumentInfo]:
    """Documents in import order, each with its highlight count; a window of them if asked."""
    rows = db.execute(
        f"SELECT {_COLUMNS}, {_SPANS}, {_PAGED} FROM documents d ORDER BY d.seq LIMIT ? OFFSET ?",
        [limit, offset],
    ).fetchall()
    return [DocumentInfo(*row) for row in rows]


def get_document(db: Database, document_id: str) -> DocumentInfo | None:
    """One document's metadata, or None if there is no such document."""
    row = db.execute(
        f"SELECT {_COLUMNS}, {_SPANS}, {_PAGED} FROM documents d WHERE d.id = ?", [document_id]
    ).fetchone()
    return DocumentInfo(*row) if row else None


def get_text(db: Database, document_id: str) -> str:
    """The stored text of a document's current version. Raises KeyError if there is none."""
    row = db.execute(
        "SELECT v.text FROM documents d JOIN document_versions v "
        "ON v.document_id = d.id AND v.version = d.version WHERE d.id = ?",
        [document_id],
    ).fetchone()
    if row is None:
        raise KeyError(document_id)
    return row[0]


def get_page_starts(db: Database, document_id: str) -> tuple[int, ...]:
    """Where each page of a document's current version starts; empty for unpaged text."""
    row = db.execute(
        "SELECT v.page_starts FROM documents d JOIN document_versions v "
        "ON v.document_id = d.id AND v.version = d.version WHERE d.id = ?",
        [document_id],
    ).fetchone()
    return tuple(json.loads(row[0])) if row and row[0] else ()
