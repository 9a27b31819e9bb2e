"""Document attributes found in a file: Markdown front matter and HTML <meta> tags.

Only what is written in the file is taken; the stored text is not changed (front matter stays
in it, so offsets keep meaning what the file says).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from corpus_tui.corpus.spans_yaml import NestedTooDeeply, load_yaml

_FRONT_MATTER = re.compile(r"---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
MAX_FRONT_MATTER = 64 * 1024
MAX_VALUE = 2_000

# HTML <meta> names and properties, and the attribute each becomes (first found wins).
HTML_META = (
    ("og:title", "title"),
    ("dc.title", "title"),
    ("author", "author"),
    ("article:author", "author"),
    ("dc.creator", "author"),
    ("article:published_time", "date"),
    ("date", "date"),
    ("dc.date", "date"),
    ("pubdate", "date"),
    ("og:site_name", "outlet"),
    ("application-name", "outlet"),
)


def front_matter(text: str) -> list[tuple[str, str]]:
    """The scalar fields of a Markdown file's YAML front matter (``---`` block at its top)."""
    match = _FRONT_MATTER.match(text[: MAX_FRONT_MATTER + 8])
    if match is None:
        return []
    try:
        # The project's loader: safe_load with a nesting limit (front matter is untrusted).
        data = load_yaml(match.group(1))
    except (yaml.YAMLError, NestedTooDeeply, RecursionError):
        return []
    if not isinstance(data, dict):
        return []
    found = []
    for key, value in data.items():
        shown = _scalar(value)
        if isinstance(key, str) and shown:
            found.append((key, shown))
    return found


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, int | float | str):
        text = " ".join(str(value).split())
        return text[:MAX_VALUE] or None
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return "; ".join(" ".join(item.split()) for item in value)[:MAX_VALUE]
    return None


def html_meta(tree: Any, title: str | None) -> list[tuple[str, str]]:
    """title, author, date and outlet from an HTML page's <meta> tags (an lxml tree)."""
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or "").strip().lower()
        content = " ".join((meta.get("content") or "").split())[:MAX_VALUE]
        if name and content:
            metas.setdefault(name, content)
    found: dict[str, str] = {}
    for name, key in HTML_META:
        if name in metas:
            found.setdefault(key, metas[name])
    if title and "title" not in found:
        found["title"] = title
    return sorted(found.items())
