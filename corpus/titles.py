"""A document's title: its first heading or headline-like line, bounded in length."""

from __future__ import annotations

import re

MAX_TITLE = 120
# Web pages saved as text often open with navigation ("Go to contents", "≡ Menu") or a photo
# caption before the headline; a headline has a few words and does not end like a sentence.
HEADLINE_WORDS = range(4, 21)
HEADLINE_SEARCH_LINES = 10
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_WORD = re.compile(r"\w+")


def title_from_text(text: str, fallback: str, *, markdown: bool = False) -> str:
    """A Markdown file's first heading, else the first headline-like line among the first few,
    else the first non-empty line, else `fallback`."""
    if markdown:
        for line in text.splitlines():
            heading = _MARKDOWN_HEADING.match(line)
            if heading and heading.group(1):
                return shorten(heading.group(1))
    lines = [line.strip() for line in text.split("\n", 200)[:200] if line.strip()]
    for line in lines[:HEADLINE_SEARCH_LINES]:
        if _looks_like_headline(line):
            return shorten(line)
    return shorten(lines[0]) if lines else fallback


def _looks_like_headline(line: str) -> bool:
    return len(_WORD.findall(line)) in HEADLINE_WORDS and not line.endswith(
        (".", "!", ":", ";", ",")
    )


def shorten(line: str, limit: int = MAX_TITLE) -> str:
    """Collapse white space and cut at a word boundary with an ellipsis past `limit` characters."""
    line = " ".join(line.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"
