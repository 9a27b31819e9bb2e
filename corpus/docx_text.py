"""The text of a Word (.docx) file through python-docx (MIT licensed).

Decisions, also stated in the README:
- Paragraphs and headings in document order, separated by blank lines; the first heading (else
  the core properties' title, else the first line) is the title.
- A table becomes one line per row, its cells joined by `` | ``, the table set off by blank lines.
- Footnotes and endnotes: a marker where each is cited (``[1]``, endnotes ``[i]``), their texts
  at the end under "Footnotes" and "Endnotes", in the order they are cited.
- Core properties title, creator and created become the attributes ``title``, ``author`` and
  ``created`` (an ISO 8601 date). They are read from docProps/core.xml directly: python-docx
  does not find them in every writer's files (LibreOffice's among them).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from corpus_tui.corpus.pdf_text import LIGATURES

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NOTE_KINDS = {"footnoteReference": "footnotes", "endnoteReference": "endnotes"}
_CORE = {
    "title": "{http://purl.org/dc/elements/1.1/}title",
    "author": "{http://purl.org/dc/elements/1.1/}creator",
    "created": "{http://purl.org/dc/terms/}created",
}


class DocxProblem(Exception):
    """A .docx file that gives no text; the message says why, for the user."""


@dataclass(frozen=True)
class DocxText:
    """A Word file's stored text, title, attributes and the extractor that read it."""

    text: str
    title: str | None
    attributes: dict[str, str] = field(default_factory=dict)
    extractor: str = ""


def extractor_name() -> str:
    """The extractor and its version, stored with each version of a .docx document."""
    from importlib.metadata import version

    return f"python-docx {version('python-docx')}"


def read_docx(data: bytes) -> DocxText:
    """Extract a .docx file's text. Raises DocxProblem for a file that is not a readable .docx."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        raise DocxProblem("damaged Word file: not a readable .docx package") from None
    notes = _Notes(document)
    blocks: list[str] = []
    heading: str | None = None
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            rows = [" | ".join(_cell_text(cell, notes) for cell in row.cells) for row in block.rows]
            blocks.append("\n".join(rows))
            continue
        text = _paragraph_text(block._p, notes)
        if not text.strip():
            continue
        style = (block.style.name if block.style is not None else "") or ""
        if heading is None and (style.startswith("Heading") or style == "Title"):
            heading = text.strip()
        blocks.append(text)
    blocks += notes.sections()
    attributes = _core_properties(data)
    title = heading or attributes.get("title")
    return DocxText("\n\n".join(blocks), title, attributes, extractor_name())


def _cell_text(cell: Any, notes: _Notes) -> str:
    return " ".join(_paragraph_text(p._p, notes) for p in cell.paragraphs).strip()


def _paragraph_text(element: Any, notes: _Notes) -> str:
    parts: list[str] = []
    for node in element.iter():
        tag = etree.QName(node).localname if isinstance(node.tag, str) else ""
        if tag == "t":
            parts.append(node.text or "")
        elif tag == "tab":
            parts.append("\t")
        elif tag == "cr" or (tag == "br" and node.get(f"{{{_W}}}type") in (None, "textWrapping")):
            # A page or column break is layout, not a line of the text.
            parts.append("\n")
        elif tag in _NOTE_KINDS:
            parts.append(notes.cite(_NOTE_KINDS[tag], node.get(f"{{{_W}}}id", "")))
    return "".join(parts).translate(LIGATURES)


class _Notes:
    """Footnotes and endnotes, numbered in the order the text cites them."""

    def __init__(self, document: Any) -> None:
        self._texts = {kind: self._read(document, kind) for kind in ("footnotes", "endnotes")}
        self._cited: dict[str, list[str]] = {"footnotes": [], "endnotes": []}

    @staticmethod
    def _read(document: Any, kind: str) -> dict[str, str]:
        part = next(
            (rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith(kind)),
            None,
        )
        if part is None:
            return {}
        root = etree.fromstring(part.blob)
        texts = {}
        for note in root.iter(f"{{{_W}}}{kind[:-1]}"):
            if note.get(f"{{{_W}}}type") in ("separator", "continuationSeparator"):
                continue
            paragraphs = [
                "".join(t.text or "" for t in p.iter(f"{{{_W}}}t")).strip()
                for p in note.iter(f"{{{_W}}}p")
            ]
            texts[note.get(f"{{{_W}}}id", "")] = " ".join(p for p in paragraphs if p)
        return texts

    def cite(self, kind: str, note_id: str) -> str:
        cited = self._cited[kind]
        if note_id not in cited:
            cited.append(note_id)
        return f"[{note_label(kind, cited.index(note_id) + 1)}]"

    def sections(self) -> list[str]:
        blocks = []
        for kind, heading in (("footnotes", "Footnotes"), ("endnotes", "Endnotes")):
            cited = self._cited[kind]
            if cited:
                lines = [
                    f"[{note_label(kind, number)}] {self._texts[kind].get(note_id, '')}".rstrip()
                    for number, note_id in enumerate(cited, 1)
                ]
                blocks += [heading, "\n".join(lines)]
        return blocks


def note_label(kind: str, number: int) -> str:
    """How the ``number``-th note of ``kind`` (footnotes, endnotes) is cited: 1, 2... or i, ii..."""
    return str(number) if kind == "footnotes" else _roman(number)


def _roman(number: int) -> str:
    numerals: tuple[tuple[int, str], ...] = (
        *((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")),
        *((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")),
    )
    out = []
    for value, letters in numerals:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def _core_properties(data: bytes) -> dict[str, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            root = etree.fromstring(package.read("docProps/core.xml"))
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return {}
    attributes = {}
    for name, tag in _CORE.items():
        node = root.find(tag)
        value = (node.text or "").strip() if node is not None else ""
        if value:
            attributes[name] = value[:10] if name == "created" else value
    return attributes
