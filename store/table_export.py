"""Spans as a table for analysis: CSV (RFC 4180, UTF-8) and XLSX (the same table, plus the
documents x tags matrix on a second sheet). DESIGN.md, "Contracts added in the second round",
fixes the columns.

Files are written by `store.output_paths.write_output`: never onto the open database,
streamed to FIFOs and devices, through symbolic links, atomically for regular files.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from sqlite_utils import Database

from corpus_tui.corpus.paged import page_at
from corpus_tui.store.attributes import all_attributes
from corpus_tui.store.documents import get_page_starts, get_text
from corpus_tui.store.output_paths import write_output

TableFormat = Literal["csv", "xlsx"]
Progress = Callable[[int, int], None]
"""Called with (spans written, spans in all) as an export goes."""

COLUMNS = (
    "document_id",
    "title",
    "source",
    "span_id",
    "start",
    "end",
    "text",
    "tags",
    "note",
    "coder",
    "created_at",
    "updated_at",
)
TAG_SEPARATOR = "; "
# Spreadsheets refuse longer cells; the CSV keeps every character.
XLSX_CELL_LIMIT = 32_767


def span_table(
    db: Database,
    *,
    tags: Iterable[str] = (),
    documents: Iterable[str] = (),
    coders: Iterable[str] = (),
    progress: Progress | None = None,
) -> tuple[list[str], Iterator[list[object]]]:
    """The header and rows (one per span, documents in import order, spans by (start, end,
    id)) of the export. With tags, spans carrying any of them; with documents, only those;
    with coders, only theirs. Raises ValueError naming an unknown tag or document."""
    tag_filter = set(tags)
    document_filter = set(documents)
    coder_filter = set(coders)
    _check(db, tag_filter, document_filter)
    attributes = all_attributes(db, typed_values=True, coded_only=True)
    tag_names = dict(db.execute("SELECT id, name FROM tags").fetchall())
    names: dict[str, list[str]] = {}
    for span_id, tag_id in db.execute("SELECT highlight_id, tag_id FROM highlight_tags"):
        names.setdefault(span_id, []).append(tag_names[tag_id])
    for found in names.values():
        found.sort()
    rows = db.execute(
        # Driven by the documents' order (an index): no sort of every highlight.
        'SELECT d.id, d.title, d.source, h.id, h.start, h."end", h.note, h.coder, h.created_at, '
        "h.updated_at FROM documents d JOIN highlights h ON h.document_id = d.id "
        'ORDER BY d.seq, h.start, h."end", h.id'
    ).fetchall()
    rows = [
        row
        for row in rows
        if (not document_filter or row[0] in document_filter)
        and (not tag_filter or not tag_filter.isdisjoint(names.get(row[3], ())))
        and (not coder_filter or row[7] in coder_filter)
    ]
    exported = {row[0] for row in rows}
    keys = sorted({key for doc in exported for key in attributes.get(doc, {})})
    # ``page`` (1-based, of the span's start) after updated_at, before attr.*: only when an
    # exported document is paged (PDF).
    paged = {
        document_id: get_page_starts(db, document_id)
        for (document_id,) in db.execute("SELECT id FROM documents WHERE pages IS NOT NULL")
        if document_id in exported
    }
    header = [*COLUMNS, *(["page"] if paged else []), *(f"attr.{key}" for key in keys)]

    def generate() -> Iterator[list[object]]:
        # Texts in one pass, in the rows' document order, rather than one query each.
        texts = db.execute(
            "SELECT d.id, v.text FROM documents d JOIN document_versions v "
            "ON v.document_id = d.id AND v.version = d.version "
            "WHERE d.id IN (SELECT document_id FROM highlights) ORDER BY d.seq"
        )
        text_of = ("", "")
        for done, row in enumerate(rows, start=1):
            document_id, title, source, span_id, start, end, note, coder, created, updated = row
            while text_of[0] != document_id:
                text_of = next(texts, None) or (document_id, get_text(db, document_id))
            own = attributes.get(document_id, {})
            yield [
                document_id,
                title,
                source,
                span_id,
                start,
                end,
                text_of[1][start:end],
                TAG_SEPARATOR.join(names.get(span_id, ())),
                note if note is not None else "",
                coder if coder is not None else "",
                created,
                updated,
                *([_page(paged.get(document_id, ()), start)] if paged else []),
                *(own.get(key, "") for key in keys),
            ]
            if progress is not None and (done % 1000 == 0 or done == len(rows)):
                progress(done, len(rows))

    return header, generate()


def _page(starts: tuple[int, ...], offset: int) -> int | str:
    page = page_at(starts, offset)
    return "" if page is None else page


def _check(db: Database, tags: set[str], documents: set[str]) -> None:
    known = {row[0] for row in db.execute("SELECT name FROM tags")}
    for name in sorted(tags - known):
        raise ValueError(f"no tag named {name!r}")
    for document_id in sorted(documents):
        if not db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone():
            raise ValueError(f"no document with id {document_id!r} (see 'corpus-tui docs')")


def render_csv(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    """RFC 4180 text: CRLF line ends, fields with commas, quotes or line breaks quoted."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def render_xlsx(
    header: list[str], rows: Iterable[list[object]], matrix: tuple[list[str], list[list[object]]]
) -> bytes:
    """A workbook: sheet ``spans`` (the table) and sheet ``matrix`` (documents x tags)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    spans = book.create_sheet("spans")
    spans.append([_cell(spans, value) for value in header])
    for row in rows:
        spans.append([_cell(spans, value) for value in row])
    sheet = book.create_sheet("matrix")
    sheet.append([_cell(sheet, value) for value in matrix[0]])
    for row in matrix[1]:
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet: Any, value: object) -> Any:
    if not isinstance(value, str):
        return value
    # XML 1.0 cannot hold most control characters: a spreadsheet cell shows a stand-in.
    cleaned = "".join(
        char if char in "\t\n\r" or ord(char) >= 0x20 else "\ufffd" for char in value
    )[:XLSX_CELL_LIMIT]
    if cleaned.startswith("="):
        # openpyxl writes a string starting with "=" as a formula: a passage is text.
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=cleaned)
        cell.data_type = "s"
        return cell
    return cleaned


def export_table(
    db: Database,
    target: str | os.PathLike[str] | None,
    format: TableFormat,
    *,
    tags: Iterable[str] = (),
    documents: Iterable[str] = (),
    coders: Iterable[str] = (),
    progress: Progress | None = None,
    db_path: str | os.PathLike[str] | None = None,
) -> str | bytes:
    """Build the CSV or XLSX export and write it to ``target`` (None: just return it);
    ``db_path``, the open database's file, is never written over."""
    header, rows = span_table(db, tags=tags, documents=documents, coders=coders, progress=progress)
    data: str | bytes
    if format == "csv":
        data = render_csv(header, rows)
    elif format == "xlsx":
        from corpus_tui.store.reports import tag_matrix

        matrix = tag_matrix(db)
        data = render_xlsx(header, rows, (matrix.header(), matrix.table()))
    else:
        raise ValueError(f"unknown table format {format!r}")
    if target is not None:
        write_output(target, data, db_path)
    return data


def export_beside(
    db_path: str | os.PathLike[str], format: TableFormat, progress: Progress | None = None
) -> Path:
    """Export every span to ``<database name>-spans.<format>`` beside the database, on its own
    connection (so it can run in a worker thread); return the path."""
    from corpus_tui.store.db import open_db

    path = Path(db_path)
    target = path.with_name(f"{path.stem}-spans.{format}")
    db = open_db(path)
    try:
        export_table(db, target, format, progress=progress, db_path=path)
    finally:
        db.close()
    return target
