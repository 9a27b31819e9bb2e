"""Text units for moving through a document: grapheme clusters, words, sentences, paragraphs.

Every position is a Python ``str`` index (a code point offset, DESIGN.md's rule). Every function
looks only at a bounded window around the position it is given, so a key press in a 10 MB
document never segments the whole text.

Forward motions stop at the *end* of a unit and backward motions at its *start* (as the
option-arrow keys do on macOS), so extending a selection by a unit selects exactly that unit.
"""

from __future__ import annotations

import regex

GRAPHEME = regex.compile(r"\X")

# A position where a grapheme cluster certainly starts: the character there cannot continue a
# cluster and the one before cannot glue itself to what follows (UAX #29 rules GB3-GB9c, GB11-13).
_SAFE_START = regex.compile(
    r"(?<=[^\r\p{GCB=Prepend}\p{GCB=ZWJ}\p{GCB=Extend}])[\p{GCB=Other}\p{GCB=Control}\n]",
    flags=regex.REVERSE,
)
_WORD_PATTERN = r"[\w\p{M}]+(?:['’\-.,][\w\p{M}]+)*"
_WORD = regex.compile(_WORD_PATTERN)
_WORD_BACKWARDS = regex.compile(_WORD_PATTERN, flags=regex.REVERSE)

# Candidate sentence ends: terminal punctuation (". . ." counts as one), then any closing quotes
# or brackets, then space.
# CJK full stops end a sentence without a following space.
_SENTENCE_END = regex.compile(
    r"(?:(?:\.(?: \.)+|[.!?…]+)[\"'”’»)\]]*(?=\s)|[。！？]+[\"'”’」』)\]]*)"
)
_TOKEN_BEFORE = regex.compile(r"(\S+)\.$")
_INITIALISM = regex.compile(r"^(?:\p{L}\.)+\p{L}$")
ABBREVIATIONS = frozenset(
    {
        *("mr", "mrs", "ms", "mx", "dr", "prof", "st", "jr", "sr", "sen", "rep", "gov", "gen"),
        *("col", "lt", "sgt", "capt", "cmdr", "adm", "maj", "rev", "fr", "mt", "ft", "no", "nos"),
        *("vol", "vs", "approx", "dept", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul"),
        *("aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "cf", "al", "co", "corp", "ltd"),
    }
)

MONTHS = frozenset(
    {
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december"),
    }
)
_NOT_SPACE = regex.compile(r"\S")
_NOT_NEWLINE = regex.compile(r"[^\n]")

_WINDOW = 4096
_SENTENCE_WINDOW = 2000


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
    """The word at ``pos`` — or, just after a word, that word; else the next one."""
    pos = _clamp(text, pos)
    if pos > 0 and next_word_end(text, prev_grapheme(text, pos)) == pos:
        return prev_word_start(text, pos), pos
    end = next_word_end(text, pos)
    return prev_word_start(text, end), end


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


def _is_sentence_end(text: str, match: regex.Match, paragraph_end: int) -> bool:
    """Whether a candidate terminator really ends a sentence (not "Mr.", "U.N.", "approx. 5")."""
    single_stop = match.group().startswith(".") and not match.group().startswith("..")
    if single_stop and _is_abbreviation(text, match):
        return False
    following = _NOT_SPACE.search(text, match.end(), paragraph_end)
    if following and following.group().isdigit() and single_stop:
        # "February. 15, 2012": a month name then a day is a date, not two sentences.
        token = _TOKEN_BEFORE.search(text, max(0, match.start() - 40), match.end())
        if token and token.group(1).lower() in MONTHS:
            return False
    return not (following and following.group().islower())


def _is_abbreviation(text: str, match: regex.Match) -> bool:
    token = _TOKEN_BEFORE.search(text, max(0, match.start() - 40), match.end())
    if token:
        word = token.group(1).lstrip("(\"'“‘")
        return bool(
            word.lower() in ABBREVIATIONS
            or _INITIALISM.match(word)
            or (len(word) == 1 and word.isupper())
        )
    return False


def _sentence_ends(text: str, lo: int, hi: int, paragraph_end: int) -> list[int]:
    """Offsets just after each sentence terminator found between lo and hi."""
    return [
        match.end()
        for match in _SENTENCE_END.finditer(text, lo, hi)
        if _is_sentence_end(text, match, paragraph_end)
    ]


def _skip_spaces(text: str, pos: int, limit: int) -> int:
    while pos < limit and text[pos].isspace():
        pos += 1
    return pos


def sentence_span(text: str, pos: int) -> tuple[int, int]:
    """The sentence containing ``pos`` as ``(start, end)``, without surrounding spaces.

    A position in the spaces after a sentence belongs to that sentence. Sentences never cross a
    paragraph; a sentence longer than the search window is cut at the window's edge.
    """
    start, end = _sentence_span(text, _clamp(text, pos))
    return snap_to_grapheme(text, start), _snap_up(text, end)


def _sentence_span(text: str, pos: int) -> tuple[int, int]:
    para_start, para_end = paragraph_span(text, pos)
    lo = max(para_start, pos - _SENTENCE_WINDOW)
    hi = min(para_end, pos + _SENTENCE_WINDOW)
    ends = _sentence_ends(text, lo, hi, para_end)
    start = _skip_spaces(text, lo, para_end)
    for end in ends:
        following = _skip_spaces(text, end, para_end)
        if following > pos or following == para_end:
            return start, end
        start = following
    return start, len(text[start:hi].rstrip()) + start


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
