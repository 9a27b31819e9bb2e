"""Document attributes (text, number or date) and document memos: reading, setting, importing.

Each write is one transaction. A CSV import is all or nothing: any bad row means nothing is
written, and every bad row is named.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlite_utils import Database

from corpus_tui.corpus.attribute_values import AttributeFilter, clean_key, infer_kind, typed
from corpus_tui.store.db import write

ID_COLUMNS = ("id", "document_id")
SOURCE_COLUMNS = ("source", "path")


def attributes_of(db: Database, document_id: str) -> dict[str, str]:
    """One document's attributes, by name (sorted)."""
    rows = db.execute(
        "SELECT key, value FROM document_attributes WHERE document_id = ? ORDER BY key",
        [document_id],
    ).fetchall()
    return dict(rows)


def typed_attributes_of(db: Database, document_id: str) -> dict[str, str | int | float]:
    """One document's attributes as scripts want them: numbers as numbers, the rest as text."""
    rows = db.execute(
        "SELECT key, value, kind FROM document_attributes WHERE document_id = ? ORDER BY key",
        [document_id],
    ).fetchall()
    return {key: typed(value, kind) for key, value, kind in rows}


def all_attributes(
    db: Database, *, typed_values: bool = False, coded_only: bool = False
) -> dict[str, dict[str, str | int | float]]:
    """Every document's attributes (or, ``coded_only``, those of documents with highlights),
    by document id, from one query."""
    found: dict[str, dict[str, str | int | float]] = {}
    where = "WHERE document_id IN (SELECT document_id FROM highlights) " if coded_only else ""
    for document_id, key, value, kind in db.execute(
        f"SELECT document_id, key, value, kind FROM document_attributes {where}"
        "ORDER BY document_id, key"
    ):
        found.setdefault(document_id, {})[key] = typed(value, kind) if typed_values else value
    return found


def attribute_values(db: Database, key: str) -> dict[str, str]:
    """Each document's value of the attribute ``key``, by document id (documents without it
    are absent)."""
    return dict(
        db.execute("SELECT document_id, value FROM document_attributes WHERE key = ?", [key])
    )


def attribute_keys(db: Database) -> list[str]:
    """Every attribute name in use, sorted."""
    return [
        row[0] for row in db.execute("SELECT DISTINCT key FROM document_attributes ORDER BY key")
    ]


def set_attributes(db: Database, document_id: str, values: Mapping[str, str]) -> dict[str, str]:
    """Set (or, with an empty value, remove) attributes of one document; returns them all.

    Raises KeyError for an unknown document, ValueError for a bad name.
    """
    cleaned = {clean_key(key): value.strip() for key, value in values.items()}
    with write(db):
        if not db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone():
            raise KeyError(document_id)
        _store(db, document_id, cleaned)
    return attributes_of(db, document_id)


def _store(db: Database, document_id: str, values: Mapping[str, str], replace: bool = True) -> None:
    verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
    for key, value in values.items():
        if not value:
            if replace:
                db.execute(
                    "DELETE FROM document_attributes WHERE document_id = ? AND key = ?",
                    [document_id, key],
                )
            continue
        db.execute(
            f"{verb} INTO document_attributes (document_id, key, value, kind) VALUES (?, ?, ?, ?)",
            [document_id, key, value, infer_kind(key, value)],
        )


def add_found_attributes(db: Database, document_id: str, values: Iterable[tuple[str, str]]) -> None:
    """Attributes read from a file at import; ones already set (by a user) are kept."""
    cleaned = {}
    for key, value in values:
        try:
            cleaned[clean_key(key)] = value.strip()
        except ValueError:
            continue  # a metadata name we cannot use is not worth refusing the file for
    _store(db, document_id, cleaned, replace=False)


def get_memo(db: Database, document_id: str) -> str | None:
    """A document's memo, or None."""
    row = db.execute("SELECT memo FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise KeyError(document_id)
    return row[0]


def set_memo(db: Database, document_id: str, memo: str | None) -> None:
    """Set a document's memo; an empty or blank one removes it."""
    cleaned = memo if memo and memo.strip() else None
    with write(db):
        if not db.execute(
            "UPDATE documents SET memo = ? WHERE id = ?", [cleaned, document_id]
        ).rowcount:
            raise KeyError(document_id)


def filter_documents(db: Database, filters: Iterable[AttributeFilter]) -> set[str]:
    """Ids of the documents passing every filter."""
    passing: set[str] | None = None
    for item in filters:
        values = {
            document_id: (value, kind)
            for document_id, value, kind in db.execute(
                "SELECT document_id, value, kind FROM document_attributes WHERE key = ?",
                [item.key],
            )
        }
        if item.operator == "!=":
            candidates: Iterable[str] = (row[0] for row in db.execute("SELECT id FROM documents"))
        else:
            candidates = values
        found = {
            document_id
            for document_id in candidates
            if item.matches(*values.get(document_id, (None, None)))
        }
        passing = found if passing is None else passing & found
    if passing is None:
        return {row[0] for row in db.execute("SELECT id FROM documents")}
    return passing


@dataclass
class AttributeImport:
    """What an attributes CSV did: documents changed, values set, rows naming no document."""

    documents: int = 0
    values: int = 0
    unknown: list[str] = field(default_factory=list)


class BadAttributesFile(ValueError):
    """An attributes CSV that cannot be used; the message says why, in one line."""


def import_attributes_csv(db: Database, text: str) -> AttributeImport:
    """Set attributes from CSV text: a header row with ``id`` (or ``source``) and one column per
    attribute; an empty cell removes that attribute. Rows naming no document are listed, the
    rest set, all in one transaction. Raises BadAttributesFile for a file without such a header.
    """
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise BadAttributesFile(
            "the file is empty; it needs a header row (id or source, then names)"
        )
    header = [name.strip() for name in rows[0]]
    lowered = [name.lower() for name in header]
    by_id = next((lowered.index(name) for name in ID_COLUMNS if name in lowered), None)
    by_source = next((lowered.index(name) for name in SOURCE_COLUMNS if name in lowered), None)
    key_column = by_id if by_id is not None else by_source
    if key_column is None:
        raise BadAttributesFile("the header row needs an 'id' or a 'source' column")
    keys: dict[int, str] = {}
    for index, name in enumerate(header):
        if index in (by_id, by_source):
            continue
        try:
            keys[index] = clean_key(name)
        except ValueError as error:
            raise BadAttributesFile(f"column {index + 1}: {error}") from None
    summary = AttributeImport()
    with write(db):
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise BadAttributesFile(f"line {number}: more cells than the header has")
            wanted = row[key_column].strip() if key_column < len(row) else ""
            column = "id" if key_column == by_id else "source"
            found = db.execute(
                f"SELECT id FROM documents WHERE {column} = ? ORDER BY seq LIMIT 1", [wanted]
            ).fetchone()
            if found is None:
                summary.unknown.append(wanted)
                continue
            values = {key: row[index] if index < len(row) else "" for index, key in keys.items()}
            _store(db, found[0], {key: value.strip() for key, value in values.items()})
            summary.documents += 1
            summary.values += sum(1 for value in values.values() if value.strip())
    return summary
