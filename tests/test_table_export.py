"""The CSV and XLSX exports: the contract's columns, exact passage text back through the csv
module, tags in name order, empty coder for unknown, attribute columns, filters."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from corpus_tui.store.db import open_db
from corpus_tui.store.documents import get_text
from corpus_tui.store.table_export import COLUMNS, export_table, span_table
from tests.findings_fixtures import build


@pytest.fixture
def coded(tmp_path):
    path, ids = build(tmp_path)
    db = open_db(path)
    yield db, ids
    db.close()


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_header_is_the_contract_then_attribute_columns(coded) -> None:
    db, _ = coded
    text = export_table(db, None, "csv")
    header = next(csv.reader(io.StringIO(text, newline="")))
    assert header == [*COLUMNS, "attr.author", "attr.date", "attr.outlet", "attr.title"]
    assert text.endswith("\r\n")


def test_every_text_equals_its_document_slice(coded) -> None:
    db, _ = coded
    rows = _read(export_table(db, None, "csv"))  # type: ignore[arg-type]
    assert len(rows) == 5
    for row in rows:
        document = get_text(db, row["document_id"])
        assert row["text"] == document[int(row["start"]) : int(row["end"])]
    quote = next(row for row in rows if row["tags"] == "source")
    assert "\n" in quote["text"] and '"' in quote["text"] and "," in quote["text"]


def test_tags_note_coder_and_attributes(coded) -> None:
    db, ids = coded
    rows = _read(export_table(db, None, "csv"))  # type: ignore[arg-type]
    first = rows[0]
    # Name order, joined with "; " (tag order would put detention count first too: check a
    # name that sorts differently by renaming).
    assert first["tags"] == "detention count; place"
    db.execute("UPDATE tags SET name = 'zz count' WHERE name = 'detention count'")
    db.conn.commit()
    first = _read(export_table(db, None, "csv"))[0]  # type: ignore[arg-type]
    assert first["tags"] == "place; zz count"
    tumen = next(row for row in rows if row["text"] == "Tumen")
    assert (tumen["note"], tumen["coder"]) == ("the camp", "")
    liaoning = next(row for row in rows if row["text"] == "Liaoning")
    assert (liaoning["note"], liaoning["coder"]) == ("", "ana")
    assert (liaoning["attr.outlet"], tumen["attr.outlet"]) == ("RFA", "Daily NK")
    assert liaoning["document_id"] == ids["b.html"] and liaoning["title"] == "Camp report"
    assert liaoning["source"].endswith("b.html")


def test_filters_by_tag_and_document_keep_only_their_attribute_columns(coded) -> None:
    db, ids = coded
    db.execute("INSERT INTO document_attributes VALUES (?, 'only_a', 'x', 'text')", [ids["a.md"]])
    db.conn.commit()
    rows = _read(export_table(db, None, "csv", documents=[ids["b.html"]]))  # type: ignore[arg-type]
    assert {row["document_id"] for row in rows} == {ids["b.html"]}
    assert "attr.only_a" not in rows[0]
    rows = _read(export_table(db, None, "csv", tags=["source"]))  # type: ignore[arg-type]
    assert [row["tags"] for row in rows] == ["source"]
    with pytest.raises(ValueError, match="no tag named 'nope'"):
        span_table(db, tags=["nope"])
    with pytest.raises(ValueError, match="no document"):
        span_table(db, documents=["nope"])


def test_progress_reaches_the_total(coded) -> None:
    db, _ = coded
    seen = []
    export_table(db, None, "csv", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (5, 5)


def test_xlsx_has_the_table_and_the_matrix(coded, tmp_path) -> None:
    db, ids = coded
    target = tmp_path / "spans.xlsx"
    export_table(db, target, "xlsx")
    book = load_workbook(target, read_only=True)
    assert book.sheetnames == ["spans", "matrix"]
    spans = list(book["spans"].values)
    expected = [
        list(row) for row in csv.reader(io.StringIO(export_table(db, None, "csv"), newline=""))
    ]  # type: ignore[arg-type]
    assert list(spans[0][:7]) == expected[0][:7]
    for got, want in zip(spans[1:], expected[1:], strict=True):
        assert got[6] == want[6]  # text, line breaks and quotes included
        assert (got[4], got[5]) == (int(want[4]), int(want[5]))
    matrix = list(book["matrix"].values)
    assert matrix[0] == ("document_id", "title", "detention count", "place", "source")
    assert matrix[1] == (ids["a.md"], "Raids at the border", 1, 2, 1)


def test_xlsx_keeps_a_passage_starting_with_equals_as_text(coded, tmp_path) -> None:
    db, _ = coded
    db.execute(
        "UPDATE highlights SET note = '=HYPERLINK(\"x\")\x01' WHERE id IN "
        "(SELECT h.id FROM highlights h JOIN documents d ON d.id = h.document_id "
        "ORDER BY d.seq, h.start LIMIT 1)"
    )
    db.conn.commit()
    target = tmp_path / "spans.xlsx"
    export_table(db, target, "xlsx")
    sheet = load_workbook(target)["spans"]
    note = sheet.cell(row=2, column=COLUMNS.index("note") + 1)
    assert (note.value, note.data_type) == ('=HYPERLINK("x")\ufffd', "s")


def test_a_paged_document_adds_the_page_column_after_updated_at(coded) -> None:
    from pathlib import Path

    from corpus_tui.store.importer import import_paths

    db, _ = coded
    fixture = Path(__file__).parent / "fixtures" / "documents" / "report.pdf"
    import_paths(db, [str(fixture)])
    pdf_id, pages = db.execute("SELECT id, pages FROM documents WHERE format = 'pdf'").fetchone()
    text = get_text(db, pdf_id)
    starts = db.execute(
        "SELECT page_starts FROM document_versions WHERE document_id = ?", [pdf_id]
    ).fetchone()[0]
    last_page_start = int(starts.strip("[]").split(",")[-1])
    from corpus_tui.store.highlights import add_highlight

    add_highlight(db, pdf_id, last_page_start, last_page_start + 3, ["place"])
    rows = _read(export_table(db, None, "csv"))  # type: ignore[arg-type]
    header = list(rows[0])
    assert header.index("page") == header.index("updated_at") + 1
    assert header[header.index("page") + 1].startswith("attr.")
    pdf_row = next(row for row in rows if row["document_id"] == pdf_id)
    assert (pdf_row["page"], pdf_row["text"]) == (
        str(pages),
        text[last_page_start : last_page_start + 3],
    )
    assert rows[0]["page"] == ""  # a text document has no page
    without = _read(export_table(db, None, "csv", tags=["source"]))  # type: ignore[arg-type]
    assert "page" not in without[0]
