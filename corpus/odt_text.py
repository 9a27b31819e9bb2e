"""The text of an OpenDocument text file (.odt), read from its XML with lxml.

The same decisions as for Word files (corpus/docx_text.py): headings and paragraphs separated by
blank lines, the first heading the title, a table one line per row with cells joined by ``|``,
footnotes and endnotes cited as ``[1]`` / ``[i]`` with their texts at the end; the metadata's
title, creator and creation date become the attributes ``title``, ``author`` and ``created``.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from importlib.metadata import version
from typing import Any

from lxml import etree

from corpus_tui.corpus.docx_text import DocxProblem, DocxText, note_label
from corpus_tui.corpus.pdf_text import LIGATURES

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_META = {
    "title": "{http://purl.org/dc/elements/1.1/}title",
    "author": "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}initial-creator",
    "created": "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}creation-date",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@dataclass
class _Notes:
    cited: dict[str, list[str]] = field(default_factory=lambda: {"footnote": [], "endnote": []})

    def cite(self, kind: str, body: str) -> str:
        self.cited[kind].append(body)
        return f"[{note_label(kind + 's', len(self.cited[kind]))}]"


def read_odt(data: bytes) -> DocxText:
    """Extract an .odt file's text. Raises DocxProblem for a file that is not a readable .odt."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            content = etree.fromstring(package.read("content.xml"), _PARSER)
            meta = _meta(package)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        raise DocxProblem("damaged OpenDocument file: not a readable .odt package") from None
    body = content.find(".//{urn:oasis:names:tc:opendocument:xmlns:office:1.0}text")
    if body is None:
        # A spreadsheet or drawing (.ods, .odg renamed), or a content.xml with no text body.
        raise DocxProblem("not a text document: the .odt package has no text body")
    notes = _Notes()
    blocks: list[str] = []
    heading: str | None = None
    for node in body.iter(f"{{{_TEXT}}}h", f"{{{_TEXT}}}p", f"{{{_TABLE}}}table"):
        if _inside(node, (f"{{{_TEXT}}}note", f"{{{_TABLE}}}table")):
            continue
        if node.tag == f"{{{_TABLE}}}table":
            rows = [
                " | ".join(
                    " ".join(_inline(p, notes) for p in cell.iter(f"{{{_TEXT}}}p")).strip()
                    for cell in row.iter(f"{{{_TABLE}}}table-cell")
                )
                for row in node.iter(f"{{{_TABLE}}}table-row")
            ]
            blocks.append("\n".join(rows))
            continue
        text = _inline(node, notes)
        if not text.strip():
            continue
        if heading is None and node.tag == f"{{{_TEXT}}}h":
            heading = text.strip()
        blocks.append(text)
    for kind, title in (("footnote", "Footnotes"), ("endnote", "Endnotes")):
        if notes.cited[kind]:
            lines = [
                f"[{note_label(kind + 's', number)}] {text}".rstrip()
                for number, text in enumerate(notes.cited[kind], 1)
            ]
            blocks += [title, "\n".join(lines)]
    text = "\n\n".join(blocks).translate(LIGATURES)
    return DocxText(text, heading or meta.get("title"), meta, f"lxml {version('lxml')}")


def _inside(node: Any, tags: tuple[str, ...]) -> bool:
    return any(parent.tag in tags for parent in node.iterancestors())


def _inline(node: Any, notes: _Notes) -> str:
    """A paragraph's text: spans, spaces, tabs and line breaks; notes cited, not inlined."""
    parts = [node.text or ""]
    for child in node:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name == "s":
            parts.append(" " * int(child.get(f"{{{_TEXT}}}c", "1")))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name == "note":
            kind = child.get(f"{{{_TEXT}}}note-class", "footnote")
            body = child.find(f"{{{_TEXT}}}note-body")
            texts = [] if body is None else [_inline(p, notes) for p in body.iter(f"{{{_TEXT}}}p")]
            parts.append(notes.cite(kind if kind == "endnote" else "footnote", " ".join(texts)))
        elif name not in ("note-citation", "bookmark", "soft-page-break"):
            parts.append(_inline(child, notes))
        parts.append(child.tail or "")
    return "".join(parts)


def _meta(package: zipfile.ZipFile) -> dict[str, str]:
    try:
        root = etree.fromstring(package.read("meta.xml"), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return {}
    attributes = {}
    for name, tag in _META.items():
        node = root.find(f".//{tag}")
        value = (node.text or "").strip() if node is not None else ""
        if value:
            attributes[name] = value[:10] if name == "created" else value
    return attributes
