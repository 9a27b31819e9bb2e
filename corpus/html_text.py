"""HTML to the text a reader sees: markup, scripts and styles removed, blocks kept apart."""

from __future__ import annotations

import re

import lxml.html
from inscriptis import Inscriptis
from inscriptis.model.config import ParserConfig

from corpus_tui.corpus.metadata import html_meta

_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def html_to_text(html: str) -> tuple[str, str | None]:
    """Return (text, title) for an HTML page.

    The text has paragraphs as blank-line-separated blocks; the title is the page's <title>,
    else its first <h1>, else None.
    """
    text, title, _meta = html_document(html)
    return text, title


def html_document(html: str) -> tuple[str, str | None, list[tuple[str, str]]]:
    """Return (text, title, attributes from its <meta> tags) for an HTML page."""
    if not html.strip():
        return "", None, []
    tree = lxml.html.document_fromstring(html)
    title = tree.findtext(".//title") or tree.findtext(".//h1")
    text = Inscriptis(tree, ParserConfig(display_links=False)).get_text()
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_RUNS.sub("\n\n", text).strip("\n")
    title = (" ".join(title.split()) or None) if title else None
    return text, title, html_meta(tree, title)
