"""The text of a PDF, page by page, through pypdfium2 (PDFium; BSD-3/Apache-2.0 licensed).

Decisions, also stated in the README:
- Text comes in PDFium's reading order, one page after another, joined as corpus/paged.py says.
- Ligature characters (ﬁ, ﬂ, ﬀ...) become their letters; nothing else is normalised.
- A hyphen PDFium marks as a line-end hyphenation (U+0002 / U+FFFE, not a hyphen in the text) is
  removed and the word joined; a real hyphen printed at a line end stays, with its line break.
- Title: the PDF's Title metadata, else the first line; Author and CreationDate become the
  attributes ``author`` and ``created``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from corpus_tui.corpus.decoding import normalize_newlines
from corpus_tui.corpus.paged import join_pages

NO_TEXT_LAYER = "no text layer: run OCR first (for example ocrmypdf)"
# Ligature characters as the letters they join; a reader searching "final" finds "ﬁnal".
LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
# PDFium's marks for a hyphen it generated when breaking a word across lines.
_SOFT_LINE_HYPHEN = re.compile("[\x02\ufffe]\r?\n?")
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")


class PdfProblem(Exception):
    """A PDF that gives no text; the message says why, for the user."""


@dataclass(frozen=True)
class PdfText:
    """A PDF's stored text, page starts, metadata and the extractor that read it."""

    text: str
    page_starts: tuple[int, ...]
    title: str | None
    attributes: dict[str, str] = field(default_factory=dict)
    extractor: str = ""


def extractor_name() -> str:
    """The extractor and its version, stored with each version of a PDF document."""
    import pypdfium2.version as version

    return f"pypdfium2 {version.PYPDFIUM_INFO} (PDFium {version.PDFIUM_INFO.build})"


def read_pdf(data: bytes) -> PdfText:
    """Extract ``data``'s text page by page. Raises PdfProblem for scans, locks and damage."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise PdfProblem(_load_problem(error)) from None
    try:
        pages = [_page_text(document, index) for index in range(len(document))]
        metadata = document.get_metadata_dict()
    except pdfium.PdfiumError as error:
        raise PdfProblem(f"damaged PDF: a page cannot be read ({error})") from None
    finally:
        document.close()
    if not any(page.strip() for page in pages):
        raise PdfProblem(NO_TEXT_LAYER)
    text, starts = join_pages(pages)
    return PdfText(
        text=text,
        page_starts=starts,
        title=(metadata.get("Title") or "").strip() or None,
        attributes=_attributes(metadata),
        extractor=extractor_name(),
    )


def _page_text(document: Any, index: int) -> str:
    page = document[index]
    try:
        text_page = page.get_textpage()
        try:
            raw = text_page.get_text_range()
        finally:
            text_page.close()
    finally:
        page.close()
    joined = _SOFT_LINE_HYPHEN.sub("", raw)
    return normalize_newlines(joined).translate(LIGATURES).replace("\f", "\n").strip("\n")


def _load_problem(error: Exception) -> str:
    import pypdfium2.raw as raw

    code = getattr(error, "err_code", None)
    if code == raw.FPDF_ERR_PASSWORD:
        return (
            "encrypted PDF: it needs a password; save a decrypted copy (for example qpdf --decrypt)"
        )
    if code == raw.FPDF_ERR_SECURITY:
        return "PDF protected by an unsupported security handler; save a decrypted copy"
    if code == raw.FPDF_ERR_FORMAT:
        return "damaged PDF: not a readable PDF structure (truncated or corrupted file)"
    return f"damaged PDF: {error}"


def _attributes(metadata: dict[str, str]) -> dict[str, str]:
    attributes = {}
    if author := (metadata.get("Author") or "").strip():
        attributes["author"] = author
    if created := _pdf_date(metadata.get("CreationDate") or ""):
        attributes["created"] = created
    return attributes


def _pdf_date(value: str) -> str | None:
    """``D:20260314093000Z`` as an ISO 8601 date (``2026-03-14``); None when unreadable."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    return f"{year}-{month}-{day}"
