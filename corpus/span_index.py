"""Finding the spans that overlap a range quickly, for drawing only what is on screen."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate
from typing import Generic, Protocol, TypeVar


class Span(Protocol):
    """Anything with code point offsets ``start`` and ``end`` (exclusive)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=Span)


class SpanIndex(Generic[S]):
    """Spans sorted by start, with a running maximum of ends to stop scans early."""

    def __init__(self, spans: Iterable[S]) -> None:
        self.spans: list[S] = sorted(spans, key=lambda span: (span.start, span.end))
        self._starts = [span.start for span in self.spans]
        self._max_end = list(accumulate((span.end for span in self.spans), max))

    def __len__(self) -> int:
        return len(self.spans)

    def overlapping(self, start: int, end: int) -> list[S]:
        """Spans sharing at least one code point with ``[start, end)``, in start order."""
        found = []
        index = bisect_left(self._starts, end) - 1
        while index >= 0 and self._max_end[index] > start:
            span = self.spans[index]
            if span.end > start:
                found.append(span)
            index -= 1
        found.reverse()
        return found

    def at(self, offset: int) -> list[S]:
        """Spans containing the code point at ``offset``."""
        return self.overlapping(offset, offset + 1)

    def next_after(self, offset: int) -> S | None:
        """The first span starting after ``offset``."""
        index = bisect_left(self._starts, offset + 1)
        return self.spans[index] if index < len(self.spans) else None

    def last_before(self, offset: int) -> S | None:
        """The last span starting before ``offset``."""
        index = bisect_left(self._starts, offset) - 1
        return self.spans[index] if index >= 0 else None
