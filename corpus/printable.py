"""Text shown on a terminal: characters that would break, recolour or reorder it made visible.

Two forms: `one_line` (backslash escapes, for command-line output, where a stand-in must be
unambiguous) and `visible` (one visible character for each unsafe one, for the app, where
offsets and widths must stay one-to-one with the stored text). Display only: stored text and
offsets never change.
"""

from __future__ import annotations

import re
import unicodedata

# Explicit bidirectional embeddings, overrides and isolates: shown raw, they reorder the rest of
# the line on screen, so a file name could make a listing read differently from what it holds.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Control characters (newline, tab, ESC), line and paragraph separators, lone surrogates.
_BREAKING = frozenset({"Cc", "Zl", "Zp", "Cs"})
# Every character `visible` replaces: C0 and C1 controls, DEL, separators, surrogates, bidi.
UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + "".join(sorted(BIDI_CONTROLS)) + "]"
)
# Stand-in for what has no picture of its own (C1 controls, bidi controls, separators).
STAND_IN = "\ufffd"


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


def visible(text: str, keep: str = "") -> str:
    """`text` with each unsafe character replaced by one visible character.

    C0 controls and DEL become their Unicode control pictures (ESC shows as ␛), other unsafe
    characters U+FFFD. Characters in ``keep`` (say, newline and tab where the caller lays them
    out itself) are left as they are. The result has as many code points as ``text``.
    """
    if not UNSAFE.search(text):
        return text
    return UNSAFE.sub(lambda match: _stand_in(match.group(), keep), text)


def stand_in(char: str) -> str:
    """The visible character shown for one unsafe character (itself if it is safe)."""
    return _stand_in(char, "") if UNSAFE.fullmatch(char) else char


def _stand_in(char: str, keep: str) -> str:
    if char in keep:
        return char
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return STAND_IN
