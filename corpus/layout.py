"""Where every offset of a document sits on screen, computed lazily.

A document is cut into display lines (``wrapping.line_starts``); a line is word-wrapped only when
it is looked at, and kept in a small LRU cache. Lines not yet wrapped count as an estimate of
their rows, replaced by the exact count once they are wrapped, so opening a 10 MB document costs
one scan for line breaks and nothing else. Small documents are measured exactly up front.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from itertools import accumulate

from corpus_tui.corpus.wrapping import Row, estimate_rows, line_starts, wrap

EXACT_UP_TO = 100_000
"""Documents up to this many code points are wrapped whole on opening: no estimates at all."""

CACHED_LINES = 2_000


class Layout:
    """The rows of one text at one width: offset <-> (row, cell) without wrapping it all."""

    def __init__(self, text: str, width: int) -> None:
        self.text = text
        self.width = max(width, 4)
        self.starts = line_starts(text)
        ends = [*self.starts[1:], len(text)]
        self._lengths = [end - start for start, end in zip(self.starts, ends, strict=True)]
        self._rows: OrderedDict[int, list[Row]] = OrderedDict()
        self.counts = [estimate_rows(length, self.width) for length in self._lengths]
        self.exact = bytearray(len(self.starts))
        self._prefix: list[int] | None = None
        if len(text) <= EXACT_UP_TO:
            for line in range(len(self.starts)):
                self.rows_of(line)

    @property
    def line_count(self) -> int:
        """How many display lines the text has."""
        return len(self.starts)

    @property
    def row_count(self) -> int:
        """Rows of the whole text (estimated for lines not wrapped yet)."""
        return self._offsets()[-1]

    def _offsets(self) -> list[int]:
        if self._prefix is None:
            self._prefix = [0, *accumulate(self.counts)]
        return self._prefix

    def rows_of(self, line: int) -> list[Row]:
        """The wrapped rows of a display line; makes its row count exact."""
        rows = self._rows.get(line)
        if rows is not None:
            self._rows.move_to_end(line)
            return rows
        start = self.starts[line]
        rows = wrap(self.text, start, start + self._lengths[line], self.width)
        self._rows[line] = rows
        if len(self._rows) > CACHED_LINES:
            self._rows.popitem(last=False)
        if not self.exact[line]:
            self.exact[line] = 1
            if self.counts[line] != len(rows):
                self.counts[line] = len(rows)
                self._prefix = None
        return rows

    def first_row_of(self, line: int) -> int:
        """The row index where a display line begins."""
        return self._offsets()[line]

    def line_at_row(self, y: int) -> tuple[int, int]:
        """The display line shown at row ``y`` and the row within it (clamped to the text)."""
        offsets = self._offsets()
        y = max(0, min(y, offsets[-1] - 1))
        line = bisect_right(offsets, y) - 1
        return line, y - offsets[line]

    def row(self, y: int) -> Row | None:
        """The clusters drawn on row ``y``, or None past the end.

        Exact only for lines already wrapped; call ``make_exact`` for the visible rows first.
        """
        if not 0 <= y < self.row_count:
            return None
        line, sub = self.line_at_row(y)
        rows = self.rows_of(line)
        return rows[sub] if sub < len(rows) else ()

    def make_exact(self, y_start: int, y_end: int) -> bool:
        """Wrap every line showing on rows ``[y_start, y_end)``; True if a row count changed."""
        changed = False
        while True:
            first, _ = self.line_at_row(y_start)
            last, _ = self.line_at_row(y_end - 1)
            pending = [line for line in range(first, last + 1) if not self.exact[line]]
            if not pending:
                return changed
            for line in pending:
                before = self.counts[line]
                self.rows_of(line)
                changed = changed or self.counts[line] != before

    def line_of(self, offset: int) -> int:
        """The display line holding ``offset`` (the text's end belongs to the last line)."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def locate(self, offset: int) -> tuple[int, int]:
        """``(row, cell)`` where the character at ``offset`` is drawn."""
        line = self.line_of(offset)
        rows = self.rows_of(line)
        base = self.first_row_of(line)
        for sub, row in enumerate(rows):
            if row and (row[-1].end > offset or sub == len(rows) - 1):
                cell = 0
                for cluster in row:
                    if cluster.end > offset:
                        break
                    cell += cluster.cells
                return base + sub, cell
        return base + len(rows) - 1, 0

    def offset_at(self, y: int, cell: int) -> int:
        """The offset of the cluster drawn at ``(y, cell)``; past a row's end, its last one."""
        if self.row_count == 0:
            return 0
        line, sub = self.line_at_row(y)
        rows = self.rows_of(line)
        row = rows[min(sub, len(rows) - 1)]
        if not row:
            return self.starts[line]
        x = 0
        for cluster in row:
            if x + cluster.cells > cell:
                return cluster.start
            x += cluster.cells
        last = row[-1]
        at_text_end = last.end == len(self.text) and self.text[last.start] != "\n"
        return last.end if at_text_end else last.start
