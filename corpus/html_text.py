"""HTML to the text a reader sees: markup, scripts and styles removed, blocks kept apart.

Pages nested deeper than `MAX_DEPTH` (hundreds of unclosed ``<font>`` tags in old pages, divs
inside divs) would be cut by libxml2's depth limit and overflow the layout engine's recursion;
they are read by a flat reader instead that keeps all their text and their line breaks.
Control characters that character references bring in (``&#27;``) are not text a browser
shows: they are left out, so the stored text is what a reader sees.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import lxml.etree
import lxml.html
from inscriptis import Inscriptis
from inscriptis.model.config import ParserConfig

from corpus_tui.corpus.metadata import html_meta

_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Deeper than this, a page is read flat. Real pages nest a few dozen levels.
MAX_DEPTH = 128
_PARSER = lxml.html.HTMLParser(huge_tree=True)


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
    tree = lxml.html.document_fromstring(html, parser=_PARSER)
    title = tree.findtext(".//title") or tree.findtext(".//h1")
    if _depth(tree) > MAX_DEPTH:
        reader = _FlatReader()
        reader.feed(html)
        reader.close()
        text = reader.text()
        title = title or reader.title
    else:
        text = Inscriptis(tree, ParserConfig(display_links=False)).get_text()
    text = _CONTROLS.sub("", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_RUNS.sub("\n\n", text).strip("\n")
    title = _CONTROLS.sub("", title) if title else title
    title = (" ".join(title.split()) or None) if title else None
    return text, title, html_meta(tree, title)


def _depth(tree: lxml.html.HtmlElement) -> int:
    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
_HIDDEN = frozenset({"script", "style", "head", "template", "noscript"})


class _FlatReader(HTMLParser):
    """The text of a page of any depth: no tree is built, blocks become line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.in_title = False
        self.title: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "title":
            self.in_title = True
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "title":
            self.in_title = False
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title = (self.title or "") + data
        elif not self.hidden:
            self.parts.append(data)

    def text(self) -> str:
        """The text read, white space collapsed within lines, one blank line between blocks."""
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n\n".join(line for line in lines if line)
