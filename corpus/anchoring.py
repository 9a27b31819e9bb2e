"""Re-anchoring: find where a highlighted quote lives in a (possibly changed) text.

One procedure serves both merging a spans file and re-importing a changed source:

1. keep the expected position when the quote and its whole context still match there;
2. else the exact quote (white space inside it may differ) whose surroundings best match the
   stored prefix and suffix, nearest the expected position on a tie;
3. else a fuzzy alignment of prefix + quote + suffix near the expected position (rapidfuzz),
   accepted only within a small edit budget for the quote and a similar context;
4. else nothing: the caller keeps the span as an orphan.

A quote is never placed on other text silently: copies that fit about as well, or that each
fit one side of the context, are a guess and give no placement. When the old text is at hand
(``VersionChange``, a re-import) a diff settles unchanged and moved passages and rules out
candidates that were another passage of the old text; a longer context is compared too.
"""

import difflib
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from itertools import accumulate

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

CONTEXT_CHARS = 32
"""Code points of prefix and suffix stored with every span."""

REIMPORT_CONTEXT_CHARS = 128
"""Context compared when re-importing, where the old text is at hand."""

MIN_CONTEXT_MATCH = 8
"""Context code points that must match around an exact quote found away from its place."""

AMBIGUITY_MARGIN = 4
"""Copies whose context scores are this close, neither matching whole, are too close to call."""

UNIQUE_QUOTE_CHARS = 16
"""A quote this long that occurs exactly once is placed there even if its context changed."""

FUZZY_WINDOW = 2000
"""Code points searched on each side of the expected position by the fuzzy step."""

FUZZY_EDITS_PER_CHAR = 0.1
"""Edits a fuzzy match may make to the quote: one, plus this many per code point."""

FUZZY_CONTEXT_MIN = 60.0
"""Lowest rapidfuzz ratio between the stored context and the context of a fuzzy match."""

CHAR_DIFF_LIMIT = 20_000
"""Longest changed run of lines (old + new code points) that is also diffed by character."""

MIN_MOVED_LINE = 32
"""Shortest line (code points) recognised as moved when it is removed once and added once."""

MIN_EQUAL_RUN = 24
"""Shortest run of equal characters, inside changed lines, trusted as the same passage."""


_SPACE_RUN = re.compile(r"\s+")


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


def context_around(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> tuple[str, str]:
    """Return the prefix and suffix (up to ``chars`` code points each) of a span."""
    return text[max(0, start - chars) : start], text[end : end + chars]


def quote_at(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> Quote:
    """Return the quote for ``text[start:end]`` with ``chars`` code points of context."""
    prefix, suffix = context_around(text, start, end, chars)
    return Quote(text[start:end], prefix, suffix, start)


Elsewhere = Callable[[int, int], bool]
"""Says whether ``text[start:end]`` is known to be another passage than the quote's own."""


def anchor(text: str, quote: Quote, *, elsewhere: Elsewhere | None = None) -> Placement | None:
    """Place ``quote`` in ``text``, or return None when it cannot be placed safely.

    ``elsewhere`` rules out candidates known to be other passages (see ``reanchor``).
    """
    other = elsewhere or _nowhere
    if not quote.text:
        return _empty(text, quote)
    try:
        return _exact(text, quote, other) or _fuzzy(text, quote, other)
    except _Ambiguous:
        return None


def reanchor(old_text: str, new_text: str, spans: list[tuple[int, int]]) -> list[Placement | None]:
    """Carry spans of ``old_text`` over to ``new_text`` (a new version of the same source)."""
    change = VersionChange(old_text, new_text)
    return [change.place(start, end) for start, end in spans]


class VersionChange:
    """Places spans of an old text in a new version of it, both texts being at hand.

    A diff of the two texts settles most spans: one inside an unchanged run (with room for its
    context) is where that run went. For the others it gives the expected position, and it
    rules out candidates in unchanged runs that were another passage of the old text already:
    a repeated sentence elsewhere is not where a deleted one went.
    """

    def __init__(self, old_text: str, new_text: str) -> None:
        """Diff the two texts."""
        self.old_text = old_text
        self.new_text = new_text
        self.shift = PositionShift(old_text, new_text)

    def place(self, start: int, end: int) -> Placement | None:
        """Where ``old_text[start:end]`` is in the new text, or None (an orphan)."""
        unchanged = self.shift.new_span(start, end, margin=REIMPORT_CONTEXT_CHARS)
        if unchanged is not None:
            return Placement(*unchanged, How.KEPT)
        # The old text is at hand: a longer context tells repeated passages apart.
        quote = quote_at(self.old_text, start, end, REIMPORT_CONTEXT_CHARS)
        moved = Quote(quote.text, quote.prefix, quote.suffix, self.shift.new_position(start))

        copies: list[Quote] = []

        def elsewhere(new_start: int, new_end: int) -> bool:
            """Whether a candidate is known, or likely, to be another passage of the old text:
            it lies in an unchanged run that came from elsewhere, or its context fits another
            copy of the quote in the old text as well as this one's, or whole on a side where
            this one's does not."""
            if any(
                not (start <= old_start and old_end <= end)
                for old_start, old_end in self.shift.unchanged_parts(new_start, new_end)
            ):
                return True
            if not copies:
                copies.extend(
                    quote_at(self.old_text, *span, REIMPORT_CONTEXT_CHARS)
                    for span in _matches(self.old_text, quote.text)
                    if span != (start, end)
                )
            score, whole_before, whole_after = _fit(self.new_text, new_start, new_end, quote)
            for copy in copies:
                other, other_before, other_after = _fit(self.new_text, new_start, new_end, copy)
                if (
                    other >= score
                    or (other_before and not whole_before)
                    or (other_after and not whole_after)
                ):
                    return True
            return False

        return anchor(self.new_text, moved, elsewhere=elsewhere)


class PositionShift:
    """Maps positions between an old and a new text through a diff of the two.

    Lines first (fast on any size), with moved lines recognised, then characters inside each
    changed run of lines that is not too long, so that a typo fix leaves the rest of its
    paragraph "unchanged". Runs of
    equal characters shorter than ``MIN_EQUAL_RUN`` count as changed: a diff also pairs up
    stray letters of unrelated sentences.
    """

    def __init__(self, old_text: str, new_text: str) -> None:
        """Diff the two texts."""
        self._old_length, self._new_length = len(old_text), len(new_text)
        old_lines = old_text.splitlines(keepends=True)
        new_lines = new_text.splitlines(keepends=True)
        old_starts = [0, *accumulate(len(line) for line in old_lines)]
        new_starts = [0, *accumulate(len(line) for line in new_lines)]
        opcodes = _line_opcodes(old_lines, new_lines)
        self._moved = _moved_lines(old_lines, new_lines, old_starts, new_starts, opcodes)
        self._blocks: list[tuple[str, int, int, int, int]] = []
        for tag, i1, i2, j1, j2 in opcodes:
            block = (tag, old_starts[i1], old_starts[i2], new_starts[j1], new_starts[j2])
            if tag == "replace" and block[2] - block[1] + block[4] - block[3] <= CHAR_DIFF_LIMIT:
                self._blocks.extend(_character_blocks(old_text, new_text, *block[1:]))
            else:
                self._blocks.append(block)
        self._block_old_starts = [block[1] for block in self._blocks]
        self._equal = [block[1:] for block in self._blocks if block[0] == "equal"]
        self._equal_old_ends = [block[1] for block in self._equal]
        self._equal_new_ends = [block[3] for block in self._equal]

    def new_position(self, old_position: int) -> int:
        """Return the position in the new text that corresponds to ``old_position``."""
        for old_start, old_end, new_start, _new_end in self._moved:
            if old_start <= old_position < old_end:
                return new_start + old_position - old_start
        first = max(0, bisect_right(self._block_old_starts, old_position) - 1)
        for _tag, old_start, old_end, new_start, new_end in self._blocks[first:]:
            if old_start <= old_position < old_end:
                return new_start + min(old_position - old_start, new_end - new_start)
            if old_start > old_position:
                break
        return self._blocks[-1][4] if self._blocks else 0

    def new_span(self, start: int, end: int, margin: int = 0) -> tuple[int, int] | None:
        """Where ``old[start:end]`` is in the new text, if it lies in an unchanged run.

        The run must also hold ``margin`` code points on each side of the span, or reach the
        start or end of both texts there.
        """
        index = bisect_right(self._equal_old_ends, start)
        candidates = [*self._moved, *self._equal[index : index + 1]]
        for old_start, old_end, new_start, new_end in candidates:
            before = start - old_start >= margin or (old_start == 0 and new_start == 0)
            after = old_end - end >= margin or (
                old_end == self._old_length and new_end == self._new_length
            )
            if old_start <= start and end <= old_end and before and after:
                return new_start + start - old_start, new_start + end - old_start
        return None

    def unchanged_parts(self, start: int, end: int) -> list[tuple[int, int]]:
        """Where the parts of ``new[start:end]`` that lie in unchanged runs were in the old."""
        nearby = []
        for block in self._equal[bisect_right(self._equal_new_ends, start) :]:
            if block[2] >= end:
                break
            nearby.append(block)
        parts = []
        for old_start, _old_end, new_start, new_end in [*self._moved, *nearby]:
            low, high = max(start, new_start), min(end, new_end)
            if low < high:
                parts.append((old_start + low - new_start, old_start + high - new_start))
        return parts


def _line_opcodes(
    old_lines: list[str], new_lines: list[str]
) -> list[tuple[str, int, int, int, int]]:
    """difflib opcodes of two lists of lines, the common head and tail set aside first.

    Most new versions change a few places: trimming keeps the quadratic part of difflib to the
    changed middle, and its junk heuristic keeps blank lines from slowing that down.
    """
    head = 0
    limit = min(len(old_lines), len(new_lines))
    while head < limit and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while tail < limit - head and old_lines[-1 - tail] == new_lines[-1 - tail]:
        tail += 1
    old_middle = old_lines[head : len(old_lines) - tail]
    new_middle = new_lines[head : len(new_lines) - tail]
    opcodes = []
    if head:
        opcodes.append(("equal", 0, head, 0, head))
    if old_middle or new_middle:
        matcher = difflib.SequenceMatcher(None, old_middle, new_middle)
        opcodes.extend(
            (tag, i1 + head, i2 + head, j1 + head, j2 + head)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        )
    if tail:
        opcodes.append(
            ("equal", len(old_lines) - tail, len(old_lines), len(new_lines) - tail, len(new_lines))
        )
    return opcodes


def _moved_lines(
    old_lines: list[str],
    new_lines: list[str],
    old_starts: list[int],
    new_starts: list[int],
    opcodes: list[tuple[str, int, int, int, int]],
) -> list[tuple[int, int, int, int]]:
    """Lines removed in one place and added in another, unchanged: moved paragraphs.

    Only lines of ``MIN_MOVED_LINE`` code points or more that are removed once and added once
    count, so that a blank or common line is never taken for a move.
    """
    removed: dict[str, list[int]] = {}
    added: dict[str, list[int]] = {}
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        for i in range(i1, i2):
            if len(old_lines[i].strip()) >= MIN_MOVED_LINE:
                removed.setdefault(old_lines[i], []).append(i)
        for j in range(j1, j2):
            if len(new_lines[j].strip()) >= MIN_MOVED_LINE:
                added.setdefault(new_lines[j], []).append(j)
    moved = []
    for line, olds in removed.items():
        news = added.get(line, [])
        if len(olds) == 1 and len(news) == 1:
            i, j = olds[0], news[0]
            moved.append((old_starts[i], old_starts[i + 1], new_starts[j], new_starts[j + 1]))
    return moved


def _character_blocks(
    old_text: str, new_text: str, old_start: int, old_end: int, new_start: int, new_end: int
) -> list[tuple[str, int, int, int, int]]:
    blocks = []
    for op in Indel.opcodes(old_text[old_start:old_end], new_text[new_start:new_end]):
        tag = op.tag
        if tag == "equal" and op.src_end - op.src_start < MIN_EQUAL_RUN:
            tag = "replace"
        blocks.append(
            (
                tag,
                old_start + op.src_start,
                old_start + op.src_end,
                new_start + op.dest_start,
                new_start + op.dest_end,
            )
        )
    return blocks


class _Ambiguous(Exception):
    """Several copies of the quote fit equally well: placing it would be a guess."""


def _nowhere(_start: int, _end: int) -> bool:
    return False


def _exact(text: str, quote: Quote, elsewhere: Elsewhere) -> Placement | None:
    end = quote.start + len(quote.text)
    if (
        text[quote.start : end] == quote.text
        and _full_context(text, quote.start, end, quote)
        and not elsewhere(quote.start, end)
    ):
        return Placement(quote.start, end, How.KEPT)
    fits = {span: _fit(text, *span, quote) for span in _matches(text, quote.text)}
    # White space aside, contexts can tie: the copy whose context matches character for
    # character goes first, then the nearest.
    ranked = sorted(
        fits,
        key=lambda span: (
            -fits[span][0],
            -_verbatim_fit(text, span[0], span[1], quote),
            abs(span[0] - quote.start),
            span,
        ),
    )
    if not ranked:
        return None
    top = fits[ranked[0]][0]
    best = next((span for span in ranked if fits[span][0] == top and not elsewhere(*span)), None)
    if best is None:
        # The copies whose context fits best are known to be other passages: the remaining
        # ones fit worse, so they are no safer a guess.
        return None
    score, whole_before, whole_after = fits[best]
    for span, (rival_score, rival_before, rival_after) in fits.items():
        # A copy ruled out by the diff still counts here: the diff itself guesses between
        # copies. Copies that fit about as well, or each fit a side the other does not, are a
        # repeated passage: placing the quote on one would be a guess.
        if span != best and not (whole_before and whole_after):
            close = score - rival_score <= AMBIGUITY_MARGIN
            if close or (rival_before and not whole_before) or (rival_after and not whole_after):
                raise _Ambiguous
    wanted = min(MIN_CONTEXT_MATCH, len(quote.prefix) + len(quote.suffix))
    unique_and_long = len(fits) == 1 and len(quote.text) >= UNIQUE_QUOTE_CHARS
    if score < wanted and not unique_and_long:
        return None
    start, stop = best
    kept = (start, stop) == (quote.start, quote.start + len(quote.text))
    return Placement(start, stop, How.KEPT if kept else How.EXACT)


def _matches(text: str, quote_text: str) -> list[tuple[int, int]]:
    """Every occurrence of the quote, white space inside it matching any white space run."""
    parts = _SPACE_RUN.split(quote_text.strip())
    if len(parts) == 1:
        return [(at, at + len(quote_text)) for at in _occurrences(text, quote_text)]
    lead = quote_text[: len(quote_text) - len(quote_text.lstrip())]
    trail = quote_text[len(quote_text.rstrip()) :]
    pattern = re.compile(
        re.escape(lead) + r"\s+".join(re.escape(part) for part in parts) + re.escape(trail)
    )
    found = []
    match = pattern.search(text)
    while match:
        found.append(match.span())
        match = pattern.search(text, match.start() + 1)
    return found


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


def _fit(text: str, start: int, end: int, quote: Quote) -> tuple[int, bool, bool]:
    """How well the context of ``text[start:end]`` matches the quote's: code points matched,
    and whether the whole prefix and the whole suffix match."""
    before, whole_before = _match_before(text, start, quote.prefix)
    after, whole_after = _match_after(text, end, quote.suffix)
    return before + after, whole_before, whole_after


def _verbatim_fit(text: str, start: int, end: int, quote: Quote) -> int:
    """Code points of context that match character for character, white space included."""
    before = text[max(0, start - len(quote.prefix)) : start]
    after = text[end : end + len(quote.suffix)]
    return _common_length(before[::-1], quote.prefix[::-1]) + _common_length(after, quote.suffix)


def _common_length(first: str, second: str) -> int:
    """Length of the common beginning of two strings."""
    for index, (a, b) in enumerate(zip(first, second, strict=False)):
        if a != b:
            return index
    return min(len(first), len(second))


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


def _fuzzy(text: str, quote: Quote, elsewhere: Elsewhere) -> Placement | None:
    quote = Quote(
        quote.text, quote.prefix[-CONTEXT_CHARS:], quote.suffix[:CONTEXT_CHARS], quote.start
    )
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
    if end <= start or elsewhere(start, end):
        return None
    budget = 1 + int(len(quote.text) * FUZZY_EDITS_PER_CHAR)
    if Levenshtein.distance(quote.text, text[start:end], score_cutoff=budget) > budget:
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
