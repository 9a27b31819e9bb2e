"""Read one file into a document: decoded, normalised text, a title and its sha256."""

from __future__ import annotations

import hashlib
import stat
from dataclasses import dataclass, field
from pathlib import Path

from corpus_tui.corpus.decoding import UndecodableError, decode_bytes, normalize_newlines
from corpus_tui.corpus.html_text import html_document
from corpus_tui.corpus.metadata import front_matter
from corpus_tui.corpus.titles import shorten, title_from_text

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
DOCX_SUFFIXES = frozenset({".docx"})
ODT_SUFFIXES = frozenset({".odt"})
_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
# A document is read whole into memory and held by the reader; past this a file is better split.
MAX_FILE_BYTES = 64 * 1024 * 1024


class RejectedFile(Exception):
    """A file that cannot become a document; the message is the reason, for the user."""


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A file's stored text (never altered after this point), its title and digest.

    ``format`` is the kind of file it came from (txt, md, html, pdf, docx); ``page_starts`` the
    offset where each page starts, for paged formats (corpus/paged.py); ``extractor`` names the
    program and version that extracted the text of a binary format; ``attributes`` are what the
    file says of itself (author, created...).
    """

    title: str
    text: str
    sha256: str
    format: str = "txt"
    page_starts: tuple[int, ...] = ()
    extractor: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)


def text_sha256(text: str) -> str:
    """The sha256 of text in UTF-8, as hex: the identity of a stored text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_document(path: Path) -> ParsedDocument:
    """Read, decode and normalise one file. Raises `RejectedFile` with the reason."""
    try:
        status = path.stat()
        # Reading a pipe or a device could block forever or never end.
        if not stat.S_ISREG(status.st_mode):
            raise RejectedFile("not a regular file (a pipe, socket or device)")
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise RejectedFile(
                f"too large ({size / 2**20:.0f} MiB; the limit is "
                f"{MAX_FILE_BYTES // 2**20} MiB): split it into parts"
            )
        data = path.read_bytes()
    except OSError as error:
        raise RejectedFile(f"cannot read: {error.strerror or error}") from None
    return parse_bytes(data, path.name)


def parse_bytes(data: bytes, name: str) -> ParsedDocument:
    """Turn a file's bytes into a document; `name` decides the format and the fallback title.

    PDF is recognised by its content whatever the name; a .docx by its name.
    """
    suffix = Path(name).suffix.lower()
    if data.startswith(_PDF_MAGIC) or suffix == ".pdf":
        return _pdf_document(data, name)
    if suffix in DOCX_SUFFIXES or suffix in ODT_SUFFIXES:
        return _word_document(data, name, "docx" if suffix in DOCX_SUFFIXES else "odt")
    try:
        text = decode_bytes(data)
    except UndecodableError as error:
        raise RejectedFile(str(error)) from None
    text = normalize_newlines(text)
    stem = _stem(name)
    attributes: dict[str, str] = {}
    if suffix in HTML_SUFFIXES:
        text, html_title, meta = html_document(text)
        attributes = dict(meta)
        title = html_title or title_from_text(text, stem)
    else:
        markdown = suffix in MARKDOWN_SUFFIXES
        if markdown:
            attributes = dict(front_matter(text))
        declared = attributes.get("title")
        title = shorten(declared) if declared else title_from_text(text, stem, markdown=markdown)
    if not text.strip():
        raise RejectedFile("no text in it")
    kind = "html" if suffix in HTML_SUFFIXES else "md" if suffix in MARKDOWN_SUFFIXES else "txt"
    return ParsedDocument(
        title=title, text=text, sha256=text_sha256(text), format=kind, attributes=attributes
    )


def _pdf_document(data: bytes, name: str) -> ParsedDocument:
    from corpus_tui.corpus.pdf_text import PdfProblem, read_pdf

    if not data.startswith(_PDF_MAGIC):
        raise RejectedFile("damaged PDF: it does not start as a PDF file does")
    try:
        pdf = read_pdf(data)
    except PdfProblem as problem:
        raise RejectedFile(str(problem)) from None
    return ParsedDocument(
        title=shorten(pdf.title or "") or title_from_text(pdf.text, _stem(name)),
        text=pdf.text,
        sha256=text_sha256(pdf.text),
        format="pdf",
        page_starts=pdf.page_starts,
        extractor=pdf.extractor,
        attributes=pdf.attributes,
    )


def _word_document(data: bytes, name: str, kind: str) -> ParsedDocument:
    from corpus_tui.corpus.docx_text import DocxProblem, read_docx
    from corpus_tui.corpus.odt_text import read_odt

    if not data.startswith(_ZIP_MAGIC):
        raise RejectedFile(f"damaged {kind} file: not a .{kind} package (a zip file)")
    try:
        docx = read_docx(data) if kind == "docx" else read_odt(data)
    except DocxProblem as problem:
        raise RejectedFile(str(problem)) from None
    if not docx.text.strip():
        raise RejectedFile("no text in it")
    return ParsedDocument(
        title=shorten(docx.title or "") or title_from_text(docx.text, _stem(name)),
        text=docx.text,
        sha256=text_sha256(docx.text),
        format=kind,
        extractor=docx.extractor,
        attributes=docx.attributes,
    )


def _stem(name: str) -> str:
    return shorten(Path(name).stem) or name
