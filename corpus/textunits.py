"""Text units for moving through a document: grapheme clusters, words, sentences, paragraphs.

Every position is a Python ``str`` index (a code point offset, DESIGN.md's rule). Every function
looks only at a bounded window around the position it is given, so a key press in a 10 MB
document never segments the whole text.

Forward motions stop at the *end* of a unit and backward motions at its *start* (as the
option-arrow keys do on macOS), so extending a selection by a unit selects exactly that unit.
"""

from __future__ import annotations

import regex

from corpus_tui.corpus import sentences

GRAPHEME = regex.compile(r"\X")

# A position where a grapheme cluster certainly starts: the character there cannot continue a
# cluster and the one before cannot glue itself to what follows (UAX #29 rules GB3-GB9c, GB11-13).
_SAFE_START = regex.compile(
    r"(?<=[^\r\p{GCB=Prepend}\p{GCB=ZWJ}\p{GCB=Extend}])[\p{GCB=Other}\p{GCB=Control}\n]",
    flags=regex.REVERSE,
)
# A soft hyphen, word joiner or zero-width (non-)joiner inside a word does not split it.
_WORD_PATTERN = r"[\w\p{M}]+(?:(?:['’\-.,]|[\u00ad\u2060\u200c\u200d]+)[\w\p{M}]+)*"
_WORD = regex.compile(_WORD_PATTERN)
_WORD_BACKWARDS = regex.compile(_WORD_PATTERN, flags=regex.REVERSE)

_NOT_SPACE = regex.compile(r"\S")
_NOT_NEWLINE = regex.compile(r"[^\n]")

_WINDOW = 4096
_SENTENCE_WINDOW = 2000
_SENTENCE_NEAR = 300


def _clamp(text: str, pos: int) -> int:
    return max(0, min(pos, len(text)))


def _cluster_scan_start(text: str, pos: int) -> int:
    """A position at or before ``pos`` where a grapheme cluster certainly starts, close to pos."""
    lo = max(0, pos - _WINDOW)
    found = _SAFE_START.search(text, lo, pos)
    return found.start() if found else lo


def next_grapheme(text: str, pos: int) -> int:
    """The boundary after the grapheme cluster starting at ``pos`` (``len(text)`` at the end)."""
    pos = _clamp(text, pos)
    if pos >= len(text):
        return len(text)
    cluster = GRAPHEME.match(text, pos)
    # \X matches at least one code point wherever one is left.
    return cluster.end() if cluster else pos + 1


def prev_grapheme(text: str, pos: int) -> int:
    """The start of the grapheme cluster that ends at ``pos`` (0 at the start)."""
    pos = _clamp(text, pos)
    if pos == 0:
        return 0
    start = _cluster_scan_start(text, pos - 1)
    for match in GRAPHEME.finditer(text, start, pos):
        if match.end() >= pos:
            return match.start()
    return start


def snap_to_grapheme(text: str, pos: int) -> int:
    """``pos`` rounded down to the start of the grapheme cluster containing it."""
    pos = _clamp(text, pos)
    if pos == 0 or pos == len(text):
        return pos
    start = _cluster_scan_start(text, pos)
    for match in GRAPHEME.finditer(text, start):
        if match.end() > pos:
            return match.start()
    return pos


def _snap_up(text: str, pos: int) -> int:
    """``pos`` rounded up to the end of the grapheme cluster containing it."""
    start = snap_to_grapheme(text, pos)
    return pos if start == pos else next_grapheme(text, start)


def next_word_end(text: str, pos: int) -> int:
    """The end of the word containing ``pos``, or of the next word (``len(text)`` if none)."""
    pos = _clamp(text, pos)
    match = _WORD.search(text, pos)
    return _snap_up(text, match.end()) if match else len(text)


def prev_word_start(text: str, pos: int) -> int:
    """The start of the word containing ``pos``, or of the previous word (0 if none)."""
    return snap_to_grapheme(text, _prev_word_start(text, _clamp(text, pos)))


def _prev_word_start(text: str, pos: int) -> int:
    lo = max(0, pos - _WINDOW)
    while True:
        match = _WORD_BACKWARDS.search(text, lo, pos)
        if match is None:
            return lo if lo == 0 else _prev_word_start(text, lo)
        if match.start() > lo or lo == 0:
            return match.start()
        lo = max(0, lo - _WINDOW)


def next_word_start(text: str, pos: int) -> int:
    """The start of the first word that begins after ``pos`` (``len(text)`` if none)."""
    pos = _clamp(text, pos)
    match = _WORD.search(text, pos)
    if match and match.start() == pos:
        match = _WORD.search(text, match.end())
    return snap_to_grapheme(text, match.start()) if match else len(text)


def prev_word_end(text: str, pos: int) -> int:
    """The end of the last word before the one at ``pos`` (0 if there is none)."""
    start = prev_word_start(text, pos)
    if start == pos or _WORD.match(text, start) is None:
        start = pos
    lo = max(0, start - _WINDOW)
    match = _WORD_BACKWARDS.search(text, lo, start)
    return _snap_up(text, match.end()) if match else 0


def word_span(text: str, pos: int) -> tuple[int, int]:
    """The word at ``pos`` — or, just after a word, that word; else the next one; with no word
    after ``pos``, the last one before it. Never the punctuation or space around a word."""
    pos = _clamp(text, pos)
    before = _word_at_or_before(text, pos) if pos > 0 else None
    if before is not None and before[1] >= pos:
        return before
    match = _WORD.search(text, pos)
    if match:
        return snap_to_grapheme(text, match.start()), _snap_up(text, match.end())
    return before if before is not None else (pos, pos)


def _word_at_or_before(text: str, pos: int) -> tuple[int, int] | None:
    """The word containing ``pos``, or else the last word before it."""
    start = prev_word_start(text, pos)
    match = _WORD.match(text, start)
    return (start, _snap_up(text, match.end())) if match else None


def paragraph_span(text: str, pos: int) -> tuple[int, int]:
    """The paragraph (one line of text) containing ``pos``, without its line break."""
    pos = _clamp(text, pos)
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def next_paragraph_end(text: str, pos: int) -> int:
    """The end of the current paragraph; from its end, the end of the next non-blank one."""
    pos = _clamp(text, pos)
    end = paragraph_span(text, pos)[1]
    if end > pos:
        return end
    following = _NOT_NEWLINE.search(text, pos)
    return paragraph_span(text, following.start())[1] if following else len(text)


def prev_paragraph_start(text: str, pos: int) -> int:
    """The start of the current paragraph; from its start, the start of the previous one."""
    pos = _clamp(text, pos)
    start = paragraph_span(text, pos)[0]
    if start < pos:
        return start
    before = pos
    while before > 0 and text[before - 1] == "\n":
        before -= 1
    return paragraph_span(text, before)[0] if before else 0


def sentence_span(text: str, pos: int) -> tuple[int, int]:
    """The sentence containing ``pos`` as ``(start, end)``, without surrounding spaces.

    A position in the spaces after a sentence belongs to that sentence. Sentences never cross a
    paragraph; a sentence longer than the search window is cut at the window's edge.
    """
    start, end = _sentence_span(text, _clamp(text, pos))
    return snap_to_grapheme(text, start), _snap_up(text, end)


def _sentence_span(text: str, pos: int) -> tuple[int, int]:
    # Most sentences fit a small window around the cursor; a long one gets the large window.
    para_start, para_end = paragraph_span(text, pos)
    for reach in (_SENTENCE_NEAR, _SENTENCE_WINDOW):
        lo = max(para_start, pos - reach)
        hi = min(para_end, pos + reach)
        start, end, cut = _sentence_in_window(text, pos, lo, hi, para_start, para_end)
        if not cut:
            break
    return start, end


def _sentence_in_window(
    text: str, pos: int, lo: int, hi: int, para_start: int, para_end: int
) -> tuple[int, int, bool]:
    """The sentence at ``pos`` as seen in ``[lo, hi)``, and whether the window's edge cut it."""
    start = sentences.skip_spaces(text, lo, para_end)
    start_cut = lo > para_start
    for end, following in sentences.boundaries(text, lo, hi, para_start, para_end):
        if end <= start:
            start, start_cut = max(start, following), False
            continue
        if following > pos or following >= para_end:
            return start, end, start_cut
        start, start_cut = following, False
    end = max(start, len(text[start:hi].rstrip()) + start)
    return start, end, start_cut or hi < para_end


def next_sentence_end(text: str, pos: int) -> int:
    """The end of the current sentence; from its end, the end of the next sentence."""
    pos = _clamp(text, pos)
    end = sentence_span(text, pos)[1]
    if end > pos:
        return end
    following = _NOT_SPACE.search(text, pos)
    return sentence_span(text, following.start())[1] if following else len(text)


def prev_sentence_start(text: str, pos: int) -> int:
    """The start of the current sentence; from its start, the start of the previous sentence."""
    pos = _clamp(text, pos)
    start = sentence_span(text, pos)[0]
    if start < pos:
        return start
    before = len(text[max(0, pos - _WINDOW) : pos].rstrip()) + max(0, pos - _WINDOW)
    if before == 0:
        return 0
    return sentence_span(text, before - 1)[0]
