"""Laying text out in terminal cells: display lines, grapheme clusters with widths, word wrap.

Offsets stay code point offsets into the stored text; only the glyphs drawn change (a tab
becomes spaces up to the next tab stop, a control character its visible picture). Widths come
from ``rich.cells``, the same measure Textual uses when it draws, so rows never overflow.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import regex
from rich.cells import cell_len

from corpus_tui.corpus.printable import UNSAFE, stand_in, visible
from corpus_tui.corpus.textunits import GRAPHEME, snap_to_grapheme

MAX_LINE = 4096
"""Longest display line, in code points: longer lines are cut (at a space if one is near) so a
document that is one 10 MB line still lays out a piece at a time."""

TAB_SIZE = 4

# Two characters with a grapheme cluster boundary between them whatever comes before or after
# (UAX #29): the second does not extend a cluster (GB9, GB9a, Hangul V/T, regional indicators),
# the first does not glue itself to what follows (CR, Prepend, ZWJ, Hangul L), and after a
# combining mark no Indic consonant follows (a virama may join it, GB9c).
_INDIC = r"\p{sc=Deva}\p{sc=Beng}\p{sc=Gujr}\p{sc=Orya}\p{sc=Telu}\p{sc=Mlym}"
_NOT_SECOND = r"\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}\p{GCB=V}\p{GCB=T}\p{GCB=RI}"
_NOT_FIRST = r"\r\p{GCB=Prepend}\p{GCB=ZWJ}\p{GCB=Extend}\p{GCB=L}\p{GCB=RI}"
_SURE_BREAK = regex.compile(
    rf"[^{_NOT_FIRST}][^{_NOT_SECOND}]|\p{{GCB=Extend}}[^{_NOT_SECOND}{_INDIC}]",
    flags=regex.REVERSE,
)

# A paragraph's indent: leading blanks, and a list marker after them, if any. Wrapped rows of the
# paragraph start under the text after it (a hanging indent).
INDENT = re.compile(r"[ \t]*(?:(?:[•◦▪‣·*\-–]|\d{1,3}[.)])[ \t]+)?")
MIN_TEXT_CELLS = 8
"""A hanging indent leaves at least this many cells of a row to the text (else none is kept)."""


class Cluster(NamedTuple):
    """One grapheme cluster as drawn: its offsets in the text, its glyph and its width."""

    start: int
    end: int
    glyph: str
    cells: int


Row = tuple[Cluster, ...]


def line_starts(text: str, max_line: int = MAX_LINE) -> list[int]:
    """Start offsets of the display lines of ``text``.

    A display line runs up to and including a line break, or is a piece of at most ``max_line``
    code points of a longer line, cut after a space when there is one in its last eighth and
    always on a grapheme boundary. A text ending in a line break ends with an empty line.
    """
    starts = [0]
    position = 0
    length = len(text)
    while True:
        newline = text.find("\n", position, position + max_line)
        if newline >= 0:
            position = newline + 1
        elif length - position <= max_line:
            return starts
        else:
            position = _cut(text, position + max_line, position + max_line - max_line // 8)
        starts.append(position)


def _cut(text: str, limit: int, earliest: int) -> int:
    """Where to cut a long line at or before ``limit``: after a space if any, else a boundary."""
    space = text.rfind(" ", earliest, limit)
    if space >= 0:
        return space + 1
    # Two characters that never join into one cluster, found from the right; the full
    # segmentation (a scan of up to 4,096 clusters) only where none is near.
    pair = _SURE_BREAK.search(text, earliest, limit + 1)
    if pair is not None:
        return pair.start() + 1
    cut = snap_to_grapheme(text, limit)
    return cut if cut > earliest else limit


def _glyph(cluster: str, column: int, tab_size: int) -> tuple[str, int]:
    """What to draw for one cluster at a column, and how many cells it takes."""
    first = ord(cluster[0])
    if cluster == "\t":
        cells = tab_size - column % tab_size
        return " " * cells, cells
    if cluster == "\n":
        return " ", 1
    if first < 0x20 or 0x7F <= first < 0xA0:
        return stand_in(cluster[0]), 1
    if UNSAFE.search(cluster):
        # Bidi controls and separators: shown raw they reorder or break the row.
        glyph = visible(cluster)
        return glyph, cell_len(glyph)
    return cluster, cell_len(cluster)


def hanging_indent(text: str, start: int, end: int, width: int, tab_size: int = TAB_SIZE) -> int:
    """Cells that the wrapped rows of the line ``text[start:end]`` are indented by: its leading
    blanks and list marker (0 if that would leave less than `MIN_TEXT_CELLS` for the text)."""
    match = INDENT.match(text, start, end)
    lead = match.group() if match else ""
    if len(lead) == end - start:  # only blanks: nothing to wrap under
        return 0
    cells = 0
    for character in lead:
        cells += _glyph(character, cells, tab_size)[1]
    return cells if width - cells >= MIN_TEXT_CELLS else 0


def wrap(text: str, start: int, end: int, width: int, tab_size: int = TAB_SIZE) -> list[Row]:
    """Word-wrap ``text[start:end]`` into rows of at most ``width`` cells.

    Rows break after whitespace when they can, inside a word only when one word is wider than
    the row. A line break is drawn as one blank cell so the cursor can rest on it. A space or
    line break that does not fit hangs one cell past ``width`` rather than starting a row of its
    own. Rows after the first start with the line's hanging indent: a cluster of blanks that
    covers no text (``start == end``, the offset of the text after it). Returns at least one row
    (empty for an empty range).
    """
    width = max(width, 2)
    indent = hanging_indent(text, start, end, width, tab_size)
    rows: list[Row] = []
    row: list[Cluster] = []
    column = 0
    break_after = 0
    for match in GRAPHEME.finditer(text, start, end):
        cluster = match.group()
        glyph, cells = _glyph(cluster, column, tab_size)
        hangs = cluster in (" ", "\n") and column == width
        if column + cells > width and row and not hangs:
            carried = row[break_after:] if 0 < break_after < len(row) else []
            carried_cells = sum(item.cells for item in carried)
            glyph, cells = _glyph(cluster, indent + carried_cells, tab_size)
            if carried and indent + carried_cells + cells <= width:
                rows.append(tuple(row[:break_after]))
                row, column = carried, indent + carried_cells
            else:
                rows.append(tuple(row))
                row, column = [], indent
                glyph, cells = _glyph(cluster, indent, tab_size)
            if indent:
                first = row[0].start if row else match.start()
                row.insert(0, Cluster(first, first, " " * indent, indent))
            break_after = 0
        row.append(Cluster(match.start(), match.end(), glyph, cells))
        column += cells
        if cluster.isspace():
            break_after = len(row)
    rows.append(tuple(row))
    return rows


def estimate_rows(length: int, width: int) -> int:
    """A quick guess at how many rows a display line of ``length`` code points wraps to."""
    return max(1, -(-length // max(width - 2, 1)))
