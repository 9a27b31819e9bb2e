"""PDF and Word files: their text, pages, titles and attributes; refusals in one line each."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from corpus_tui.corpus import pdf_text
from corpus_tui.corpus.paged import PAGE_BREAK, page_at
from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import get_page_starts, get_text, list_documents
from corpus_tui.store.highlights import add_highlight, highlights_for
from corpus_tui.store.tags import ensure_tag
from corpus_tui.tui.app import CorpusApp

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
SECOND_PAGE = "On the second page, the official response denied any detention at the border."


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder mixing .txt, .html, .pdf and .docx files, as reports arrive."""
    root = tmp_path / "reports"
    root.mkdir()
    for name in ("report.pdf", "report.docx"):
        shutil.copy(FIXTURES / name, root / name)
    (root / "note.txt").write_text("Notes from Kostrava.\n\nForty people were held.\n", "utf-8")
    (root / "page.html").write_text("<title>Bulletin</title><p>Seen near Hyesan.</p>", "utf-8")
    return root


def _documents(db_path: Path) -> dict[str, object]:
    db = open_db(db_path)
    try:
        return {Path(d.source).suffix: d for d in list_documents(db)}
    finally:
        db.close()


def test_a_mixed_folder_imports_every_format(run, db_path: Path, folder: Path) -> None:
    status, out, err = run("--db", str(db_path), "import", str(folder))
    assert (status, err) == (0, "")
    assert out.splitlines()[-1] == "4 added, 0 updated (new version), 0 unchanged, 0 rejected"
    documents = _documents(db_path)
    assert {suffix: d.format for suffix, d in documents.items()} == {
        ".pdf": "pdf",
        ".docx": "docx",
        ".txt": "txt",
        ".html": "html",
    }
    assert documents[".pdf"].title == documents[".docx"].title == "Detentions in Kostrava"
    assert documents[".pdf"].pages == 3
    assert documents[".docx"].pages is None


def test_pdf_text_keeps_pages_korean_and_ligatures_as_letters(db, db_path, run) -> None:
    run("--db", str(db_path), "import", str(FIXTURES / "report.pdf"))
    (document,) = list_documents(db)
    text = get_text(db, document.id)
    starts = get_page_starts(db, document.id)
    assert len(starts) == 3
    pages = [
        text[a:b] for a, b in zip(starts, [*starts[1:], len(text) + len(PAGE_BREAK)], strict=True)
    ]
    assert pages[1].startswith(SECOND_PAGE)
    assert all(page.endswith(PAGE_BREAK) for page in pages[:-1])
    assert "신의주에서 온 증언자는 보위부가" in pages[0]
    assert "The final official figure was never published." in pages[1]
    assert "ﬁ" not in text and "\x02" not in text and "\r" not in text
    assert page_at(starts, text.index(SECOND_PAGE)) == 2


def test_docx_has_headings_tables_notes_and_core_properties(db, db_path, run) -> None:
    run("--db", str(db_path), "import", str(FIXTURES / "report.docx"))
    (document,) = list_documents(db)
    text = get_text(db, document.id)
    assert text.startswith("Detentions in Kostrava\n\nWitnesses in Kostrava counted forty")
    assert "Tumen river.[1]\n\n신의주에서" in text
    assert "\n\nJanuary | 12\nFebruary | 28\n\n" in text
    assert "never published.[i]" in text
    assert text.endswith(
        "Footnotes\n\n[1] Interview with a former guard, March 2026.\n\n"
        "Endnotes\n\n[i] Ministry statement, April 2026."
    )
    attributes = dict(
        db.execute(
            "SELECT key, value FROM document_attributes WHERE document_id = ?", [document.id]
        ).fetchall()
    )
    assert attributes == {
        "title": "Detentions in Kostrava",
        "author": "Mina Park",
        "created": "2026-03-14",
    }


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("scan.pdf", "no text layer: run OCR first (for example ocrmypdf)"),
        ("encrypted.pdf", "encrypted PDF: it needs a password"),
        ("damaged.pdf", "damaged PDF: "),
    ],
)
def test_a_pdf_without_text_gets_one_line_and_the_rest_imports(
    run, db_path: Path, folder: Path, name: str, reason: str
) -> None:
    shutil.copy(FIXTURES / name, folder / name)
    status, out, err = run("--db", str(db_path), "import", str(folder))
    assert (status, err) == (0, "")
    (rejected,) = [line for line in out.splitlines() if line.startswith("rejected:")]
    assert rejected.startswith(f"rejected: {folder / name}: {reason}")
    assert out.splitlines()[-1] == "4 added, 0 updated (new version), 0 unchanged, 1 rejected"


def test_text_prints_the_stored_text_exactly(run, db, db_path: Path) -> None:
    run("--db", str(db_path), "import", str(FIXTURES / "report.pdf"))
    (document,) = list_documents(db)
    status, out, err = run("--db", str(db_path), "text", document.id)
    assert (status, err) == (0, "")
    assert out == get_text(db, document.id)
    status, _, err = run("--db", str(db_path), "text", "0000")
    assert status == 1 and err.count("\n") == 1 and "corpus-tui docs" in err


def test_docs_json_has_format_and_pages(run, db_path: Path, folder: Path) -> None:
    import json

    run("--db", str(db_path), "import", str(folder))
    _, out, _ = run("--db", str(db_path), "docs", "--json")
    rows = {Path(row["source"]).suffix: row for row in json.loads(out)}
    assert rows[".pdf"]["format"] == "pdf" and rows[".pdf"]["pages"] == 3
    assert rows[".docx"]["format"] == "docx" and "pages" not in rows[".docx"]


def test_a_span_on_page_two_says_page_two_in_the_export(run, db, db_path: Path) -> None:
    run("--db", str(db_path), "import", str(FIXTURES / "report.pdf"))
    (document,) = list_documents(db)
    text = get_text(db, document.id)
    start = text.index("official response")
    add_highlight(db, document.id, start, start + len("official response"), ["source"])
    _, out, _ = run("--db", str(db_path), "export")
    (span,) = yaml.safe_load(out)["documents"][0]["spans"]
    assert (span["page"], span["text"]) == (2, "official response")


def test_a_new_extraction_is_a_new_version_named_in_the_summary(
    run, db, db_path: Path, monkeypatch
) -> None:
    run("--db", str(db_path), "import", str(FIXTURES / "report.pdf"))
    (document,) = list_documents(db)
    text = get_text(db, document.id)
    start = text.index("Tumen")
    add_highlight(db, document.id, start, start + 5, ["place"])
    # A newer extractor that reads the page differently: the text changes, so a new version.
    real = pdf_text._page_text
    monkeypatch.setattr(pdf_text, "extractor_name", lambda: "pypdfium2 99 (PDFium 1)")
    monkeypatch.setattr(pdf_text, "_page_text", lambda doc, i: "Preface.\n" + real(doc, i))
    status, out, _ = run("--db", str(db_path), "import", str(FIXTURES / "report.pdf"))
    assert status == 0
    assert "text extracted again (was pypdfium2 " in out
    assert "0 added, 1 updated (new version)" in out
    (moved,) = highlights_for(db, document.id)
    assert get_text(db, document.id)[moved.start : moved.end] == "Tumen"
    assert moved.start == start + len("Preface.\n")
    extractors = [
        row[0]
        for row in db.execute(
            "SELECT extractor FROM document_versions WHERE document_id = ? ORDER BY version",
            [document.id],
        )
    ]
    assert extractors[0].startswith("pypdfium2 ") and extractors[1] == "pypdfium2 99 (PDFium 1)"


async def test_the_status_line_shows_the_page(run, db_path: Path) -> None:
    run("--db", str(db_path), "import", str(FIXTURES / "report.pdf"))
    app = CorpusApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        status = app.screen.query_one("#status")
        assert str(status.render()).startswith("page 1/3")
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert str(status.render()).startswith("page 3/3")


def test_search_finds_names_in_pdf_and_docx(run, db_path: Path, folder: Path) -> None:
    import json

    run("--db", str(db_path), "import", str(folder))
    _, out, _ = run("--db", str(db_path), "search", "Tumen", "--json")
    hits = json.loads(out)
    db = open_db(db_path)
    try:
        formats = {d.id: d.format for d in list_documents(db)}
        for hit in hits:
            assert get_text(db, hit["doc"])[hit["start"] : hit["end"]] == hit["text"]
    finally:
        db.close()
    assert {"pdf", "docx"} <= {formats[hit["doc"]] for hit in hits}


async def test_a_passage_tagged_on_page_two_exports_with_page_two(run, db_path: Path) -> None:
    run("--db", str(db_path), "import", str(FIXTURES / "report.pdf"))
    db = open_db(db_path)
    ensure_tag(db, "official response")
    db.close()
    app = CorpusApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        status = app.screen.query_one("#status")
        # Down, row by row, watching the status line, as a reader looks for page 2.
        for _ in range(20):
            if str(status.render()).startswith("page 2/3"):
                break
            await pilot.press("down")
        await pilot.press("s", "1")
        await pilot.pause()
        assert str(status.render()).startswith("page 2/3")
    _, out, _ = run("--db", str(db_path), "export")
    (span,) = yaml.safe_load(out)["documents"][0]["spans"]
    assert (span["page"], span["text"], span["tags"]) == (2, SECOND_PAGE, ["official response"])


def test_odt_reads_as_the_same_report_in_word_does(db, db_path: Path, run) -> None:
    status, out, _ = run(
        "--db", str(db_path), "import", str(FIXTURES / "report.docx"), str(FIXTURES / "report.odt")
    )
    # The same stored text from both files: one document, the second file "unchanged".
    assert status == 0
    assert out.splitlines()[-1] == "1 added, 0 updated (new version), 1 unchanged, 0 rejected"
    (document,) = list_documents(db)
    assert parse_bytes((FIXTURES / "report.odt").read_bytes(), "report.odt").format == "odt"
    assert "January | 12\nFebruary | 28" in get_text(db, document.id)


def test_an_odt_package_without_a_text_body_is_refused_with_a_reason() -> None:
    """A spreadsheet renamed .odt has a content.xml but no office:text: one clear problem."""
    import io
    import zipfile

    from corpus_tui.corpus.docx_text import DocxProblem
    from corpus_tui.corpus.odt_text import read_odt

    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "content.xml",
            f'<office:document-content xmlns:office="{office}">'
            "<office:body><office:spreadsheet/></office:body></office:document-content>",
        )
    with pytest.raises(DocxProblem, match="no text body"):
        read_odt(buffer.getvalue())
