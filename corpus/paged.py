"""Pages of a paged document (PDF): how they are joined in the stored text and found again.

A PDF's stored text is its pages' texts joined by ``PAGE_BREAK``: a line holding only a form
feed (U+000C), the page-break character of plain text and of pdftotext. A page's text never
contains one, so the page of any offset is found from the pages' start offsets alone.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

PAGE_BREAK = "\n\f\n"


def join_pages(pages: Sequence[str]) -> tuple[str, tuple[int, ...]]:
    """The stored text of ``pages`` and the offset where each page starts (code points)."""
    starts: list[int] = []
    offset = 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + len(PAGE_BREAK)
    return PAGE_BREAK.join(pages), tuple(starts)


def page_at(starts: Sequence[int], offset: int) -> int | None:
    """The 1-based page holding ``offset``, or None for a document without pages."""
    if not starts:
        return None
    return max(1, bisect_right(starts, offset))
