"""Re-anchoring: find where a highlighted quote lives in a (possibly changed) text.

One procedure serves both merging a spans file and re-importing a changed source:

1. keep the expected position when the quote and its context still match there;
2. else the exact quote whose surrounding text best matches the stored prefix and suffix,
   nearest the expected position on a tie;
3. else a fuzzy alignment of prefix + quote + suffix near the expected position, accepted only
   when both the quote and its context are similar enough;
4. else nothing: the caller keeps the span as an orphan. A quote is never placed on other text
   silently.
"""

import difflib
from dataclasses import dataclass
from enum import StrEnum
from itertools import accumulate

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

CONTEXT_CHARS = 32
"""Code points of prefix and suffix stored with every span."""

MIN_CONTEXT_MATCH = 8
"""Context code points that must match around an exact quote found away from its place."""

UNIQUE_QUOTE_CHARS = 16
"""A quote this long that occurs exactly once is placed there even if its context changed."""

FUZZY_WINDOW = 2000
"""Code points searched on each side of the expected position by the fuzzy step."""

FUZZY_QUOTE_MIN = 80.0
"""Lowest rapidfuzz ratio between the stored quote and the text a fuzzy match covers."""

FUZZY_CONTEXT_MIN = 60.0
"""Lowest rapidfuzz ratio between the stored context and the context of a fuzzy match."""


class How(StrEnum):
    """How a quote was placed."""

    KEPT = "kept"
    EXACT = "exact"
    FUZZY = "fuzzy"


@dataclass(frozen=True)
class Quote:
    """A highlighted passage as stored: its text, context and where it was expected."""

    text: str
    prefix: str
    suffix: str
    start: int


@dataclass(frozen=True)
class Placement:
    """Where a quote was placed in a text: ``text[start:end]``."""

    start: int
    end: int
    how: How


def context_around(text: str, start: int, end: int) -> tuple[str, str]:
    """Return the prefix and suffix (up to CONTEXT_CHARS code points each) of a span."""
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


def quote_at(text: str, start: int, end: int) -> Quote:
    """Return the quote for ``text[start:end]`` with its context."""
    prefix, suffix = context_around(text, start, end)
    return Quote(text[start:end], prefix, suffix, start)


def anchor(text: str, quote: Quote) -> Placement | None:
    """Place ``quote`` in ``text``, or return None when it cannot be placed safely."""
    if quote.text:
        return _exact(text, quote) or _fuzzy(text, quote)
    return _empty(text, quote)


def reanchor(old_text: str, new_text: str, spans: list[tuple[int, int]]) -> list[Placement | None]:
    """Carry spans of ``old_text`` over to ``new_text`` (a new version of the same source).

    The expected position of each span comes from a line diff of the two texts, so that an
    insertion far away does not push a quote out of the fuzzy window.
    """
    shift = PositionShift(old_text, new_text)
    placements = []
    for start, end in spans:
        quote = quote_at(old_text, start, end)
        moved = Quote(quote.text, quote.prefix, quote.suffix, shift.new_position(start))
        placements.append(anchor(new_text, moved))
    return placements


class PositionShift:
    """Maps positions of an old text to the new text through a line diff."""

    def __init__(self, old_text: str, new_text: str) -> None:
        """Diff the two texts line by line."""
        old_lines = old_text.splitlines(keepends=True)
        new_lines = new_text.splitlines(keepends=True)
        old_starts = [0, *accumulate(len(line) for line in old_lines)]
        new_starts = [0, *accumulate(len(line) for line in new_lines)]
        matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        self._blocks = [
            (old_starts[i1], old_starts[i2], new_starts[j1], new_starts[j2])
            for _tag, i1, i2, j1, j2 in matcher.get_opcodes()
        ]

    def new_position(self, old_position: int) -> int:
        """Return the position in the new text that corresponds to ``old_position``."""
        for old_start, old_end, new_start, new_end in self._blocks:
            if old_start <= old_position < old_end:
                return new_start + min(old_position - old_start, new_end - new_start)
        return self._blocks[-1][3] if self._blocks else 0


def _exact(text: str, quote: Quote) -> Placement | None:
    length = len(quote.text)
    if text[quote.start : quote.start + length] == quote.text and _full_context(
        text, quote.start, quote.start + length, quote
    ):
        return Placement(quote.start, quote.start + length, How.KEPT)
    occurrences = _occurrences(text, quote.text)
    if not occurrences:
        return None
    scored = [
        (
            -_context_score(text, at, at + length, quote),
            abs(at - quote.start),
            at,
        )
        for at in occurrences
    ]
    best_score, _distance, best = min(scored)
    wanted = min(MIN_CONTEXT_MATCH, len(quote.prefix) + len(quote.suffix))
    unique_and_long = len(occurrences) == 1 and length >= UNIQUE_QUOTE_CHARS
    if -best_score < wanted and not unique_and_long:
        return None
    how = How.KEPT if best == quote.start else How.EXACT
    return Placement(best, best + length, how)


def _empty(text: str, quote: Quote) -> Placement | None:
    """Place an empty span between its prefix and suffix, which must both match exactly."""
    anchor_text = quote.prefix + quote.suffix
    if not anchor_text:
        return Placement(0, 0, How.KEPT) if quote.start == 0 else None
    candidates = [at + len(quote.prefix) for at in _occurrences(text, anchor_text)]
    if not candidates:
        return None
    best = min(candidates, key=lambda at: (abs(at - quote.start), at))
    return Placement(best, best, How.KEPT if best == quote.start else How.EXACT)


def _occurrences(text: str, needle: str) -> list[int]:
    found = []
    at = text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _full_context(text: str, start: int, end: int, quote: Quote) -> bool:
    return _match_before(text, start, quote.prefix)[1] and _match_after(text, end, quote.suffix)[1]


def _context_score(text: str, start: int, end: int, quote: Quote) -> int:
    before, _ = _match_before(text, start, quote.prefix)
    after, _ = _match_after(text, end, quote.suffix)
    return before + after


def _match_before(text: str, position: int, prefix: str) -> tuple[int, bool]:
    """Count code points of ``prefix`` that match before ``position``, whitespace runs alike.

    Returns the count and whether the whole prefix matched.
    """
    i, j, count = position - 1, len(prefix) - 1, 0
    while i >= 0 and j >= 0:
        if text[i].isspace() and prefix[j].isspace():
            while i >= 0 and text[i].isspace():
                i -= 1
            while j >= 0 and prefix[j].isspace():
                j -= 1
        elif text[i] == prefix[j]:
            i -= 1
            j -= 1
        else:
            return count, False
        count += 1
    return count, j < 0


def _match_after(text: str, position: int, suffix: str) -> tuple[int, bool]:
    """Count code points of ``suffix`` that match from ``position``, whitespace runs alike."""
    i, j, count = position, 0, 0
    while i < len(text) and j < len(suffix):
        if text[i].isspace() and suffix[j].isspace():
            while i < len(text) and text[i].isspace():
                i += 1
            while j < len(suffix) and suffix[j].isspace():
                j += 1
        elif text[i] == suffix[j]:
            i += 1
            j += 1
        else:
            return count, False
        count += 1
    return count, j == len(suffix)


def _fuzzy(text: str, quote: Quote) -> Placement | None:
    needle = quote.prefix + quote.text + quote.suffix
    window_start = max(0, quote.start - FUZZY_WINDOW)
    window = text[window_start : quote.start + len(quote.text) + FUZZY_WINDOW]
    alignment = fuzz.partial_ratio_alignment(needle, window)
    if alignment is None or alignment.score < FUZZY_CONTEXT_MIN:
        return None
    slack = len(needle) // 4 + 4
    region_start = window_start + max(0, alignment.dest_start - slack)
    region = text[region_start : window_start + alignment.dest_end + slack]
    ops = Levenshtein.opcodes(needle, region)
    quote_start = len(quote.prefix)
    quote_end = quote_start + len(quote.text)
    start = region_start + _map_start(ops, quote_start)
    end = region_start + _map_end(ops, quote_end)
    if end <= start:
        return None
    if fuzz.ratio(quote.text, text[start:end]) < FUZZY_QUOTE_MIN:
        return None
    prefix, suffix = context_around(text, start, end)
    if fuzz.ratio(quote.prefix + "\0" + quote.suffix, prefix + "\0" + suffix) < FUZZY_CONTEXT_MIN:
        return None
    return Placement(start, end, How.FUZZY)


def _map_start(ops, position: int) -> int:
    """Map the start of a run beginning at ``position`` of the needle into the region."""
    for op in ops:
        if op.src_start <= position < op.src_end:
            if op.tag == "delete":
                return op.dest_start
            return op.dest_start + min(position - op.src_start, op.dest_end - op.dest_start)
    return ops[-1].dest_end if ops else 0


def _map_end(ops, position: int) -> int:
    """Map the end of a run ending at ``position`` of the needle into the region."""
    for op in reversed(ops):
        if op.src_start < position <= op.src_end:
            if op.tag == "delete":
                return op.dest_start
            return op.dest_start + min(position - op.src_start, op.dest_end - op.dest_start)
    return ops[0].dest_start if ops else 0
