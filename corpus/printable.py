"""Text shown on one terminal line: characters that would break or reorder the line escaped."""

from __future__ import annotations

import unicodedata

# Explicit bidirectional embeddings, overrides and isolates: shown raw, they reorder the rest of
# the line on screen, so a file name could make a listing read differently from what it holds.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Control characters (newline, tab, ESC), line and paragraph separators, lone surrogates.
_BREAKING = frozenset({"Cc", "Zl", "Zp", "Cs"})


def one_line(text: str) -> str:
    """`text` with line breaks, terminal controls and bidi controls as backslash escapes.

    Everything else, zero-width joiners and combining marks included, is kept as it is.
    """
    return "".join(
        char.encode("unicode_escape", "backslashreplace").decode("ascii")
        if char in BIDI_CONTROLS or unicodedata.category(char) in _BREAKING
        else char
        for char in text
    )
