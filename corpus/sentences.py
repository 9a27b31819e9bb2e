"""Where sentences end inside one paragraph: the rules behind the reader's `s`, `(` and `)`.

`boundaries` looks only at the window of text it is given, so the cost of a key press does
not grow with the document. It finds each place where one sentence ends and the next begins:

- a terminator (`.`, `!`, `?`, `…`, `...`, a spaced `. . .`, CJK stops) with its closing quotes
  and brackets, unless what surrounds it says otherwise: a title before a name ("Mr. Kim"), an
  abbreviation before a number ("p. 55", "No. 5"), an initial ("Jonas E. Smith", but the
  pronoun in "you and I. Did"), an abbreviation or initialism that is followed by a word that
  does not usually open a sentence ("the U.S. Government", but "the U.S. How about you?"), an
  omission inside brackets ("[...]"), or a lower-case word after it ("Yahoo! in");
- a full stop with no space after it between two words ("died.The toll"), not inside an
  e-mail address or a web address;
- the start of an item of an inline numbered or lettered list ("1. The first item 2. The
  second item", "a) ... b) ...", "• 9. ... • 10. ...").

English rules measured by bench/golden_rules.py against the "Golden Rules" of Pragmatic
Segmenter (tests/data/golden_rules_en.json).
"""

from __future__ import annotations

import regex

# A terminator: a spaced ellipsis or a run of stops, then closing quotes and brackets, then
# space or the end of the window. CJK full stops need no space after them.
_TERMINATOR = regex.compile(
    r"(?P<stops>\.(?: \.)+|[.!?…‼⁇⁈⁉]+)(?P<closers>[\"'”’»)\]]*)(?=\s|\Z)"
    r"|(?P<cjk>[。！？]+[\"'”’」』)\]]*)"
)
# A full stop between a word and a capitalised word with no space: "died.The".
_GLUED_STOP = regex.compile(r"(?<=\p{Ll}\p{Ll})\.(?=\p{Lu}\p{Ll})")
# An item marker of an inline list: "1.", "2.)", "3)", "a.", "b)", with an optional bullet.
_LIST_MARKER = regex.compile(
    r"(?<!\S)(?P<bullet>[•⁃▪◦‣●○■□–-] ?)?(?P<value>\d{1,3}|[a-z])(?P<style>\.\)|\.|\))(?=\s)"
)
_WORD_BEFORE = regex.compile(r"(\S+)\Z")
_WORD_AFTER = regex.compile(r"[\"'“‘«(\[]*(\w+)")
_INITIALISM = regex.compile(r"(?:\p{L}\.)+\p{L}")

# Words written before a name: never the end of a sentence.
TITLES = frozenset(
    {
        *("mr", "mrs", "ms", "mx", "messrs", "mme", "mlle", "dr", "prof", "st", "mt", "rev"),
        *("fr", "hon", "pres", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "cmdr"),
        *("adm", "maj", "supt", "insp", "e.g", "i.e", "cf", "vs", "viz", "ca"),
    }
)
# Abbreviations written before a number ("p. 55", "No. 5", "N°. 1026"): not an end there.
BEFORE_NUMBERS = frozenset(
    {
        *("p", "pp", "no", "nos", "n°", "nº", "vol", "vols", "fig", "figs", "ch", "chap"),
        *("art", "arts", "sec", "para", "op", "eq", "tel", "ext", "approx", "est"),
    }
)
# Abbreviations that may end a sentence: they do when a word that opens sentences follows.
MAY_END = frozenset(
    {
        *("co", "corp", "inc", "ltd", "llc", "plc", "bros", "jr", "sr", "etc", "al", "dept"),
        *("univ", "assn", "ave", "blvd", "rd", "ft", "approx", "est", "govt"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
    }
)
MONTHS = frozenset(
    {
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december"),
    }
)
# Words that often open a sentence: after "U.S." or "Co.", one of these starts a new one.
SENTENCE_STARTERS = frozenset(
    {
        *("A", "About", "According", "After", "Also", "An", "And", "Another", "As", "At"),
        *("Before", "Being", "But", "By", "Did", "During", "Each", "Even", "For", "From"),
        *("He", "Her", "His", "How", "However", "I", "If", "In", "It", "Its", "Many"),
        *("Meanwhile", "Millions", "More", "Most", "My", "No", "Not", "Now", "On", "One"),
        *("Only", "Our", "She", "Since", "So", "Some", "That", "The", "Their", "Then"),
        *("There", "These", "They", "This", "Those", "Thus", "To", "Under", "We", "What"),
        *("When", "Where", "While", "Who", "Why", "Yet", "You", "All", "Although", "Because"),
        *("Both", "Despite", "Earlier", "Either", "Every", "Everyone", "Few", "Here", "Indeed"),
        *("Instead", "Last", "Later", "Neither", "Nobody", "None", "Nothing", "Once", "Other"),
        *("Others", "Several", "Still", "Such", "Though", "Today", "Two", "Until", "Whether"),
        *("With", "Without", "Yesterday"),
    }
)


def skip_spaces(text: str, pos: int, limit: int) -> int:
    """The first position from ``pos`` that is not white space (``limit`` at most)."""
    while pos < limit and text[pos].isspace():
        pos += 1
    return pos


def _word_before(text: str, end: int) -> str:
    """The run of non-space characters ending at ``end``, without opening punctuation."""
    found = _WORD_BEFORE.search(text, max(0, end - 40), end)
    return found.group(1).lstrip("(\"'“‘«[") if found else ""


def _next_word(text: str, pos: int, limit: int) -> str:
    """The first word from ``pos`` on (opening quotes and brackets skipped), or ""."""
    found = _WORD_AFTER.match(text, pos, limit)
    return found.group(1) if found else ""


def _pronoun_i(text: str, start: int) -> bool:
    """Whether the "I" ending at ``start`` is the pronoun ("you and I.") not an initial."""
    before = text[max(0, start - 41) : start - 1].rstrip()
    previous = before.rsplit(maxsplit=1)[-1] if before else ""
    return not previous or not previous[0].isupper()


def _stop_ends(text: str, stop_start: int, following: str) -> bool:
    """Whether a single full stop at ``stop_start`` ends its sentence, given the next word."""
    word = _word_before(text, stop_start)
    key = word.lower()
    if key in TITLES:
        return False
    if following[:1].isdigit() and (key in BEFORE_NUMBERS or key in MONTHS):
        return False
    if len(word) == 1 and word.isupper() and not (word == "I" and _pronoun_i(text, stop_start)):
        return False  # an initial: "Jonas E. Smith"
    if key in MAY_END or (len(word) > 1 and _INITIALISM.fullmatch(word)):
        return following in SENTENCE_STARTERS
    return True


def _terminator_boundary(text: str, match: regex.Match[str], limit: int) -> tuple[int, int] | None:
    """(end of this sentence, start of the next) for a terminator, or None if it is not one."""
    end = match.end()
    following = skip_spaces(text, end, limit)
    if match.group("cjk"):
        return end, following
    if following >= limit:
        return end, following  # nothing after it in the paragraph
    stops = match.group("stops")
    start = match.start()
    if start > 0 and text[start - 1] == "[":
        return None  # an omission, "[...]", inside a quotation
    if text[following].islower():
        return None  # "Yahoo! in", "great.' she said"; but "issue. (president Lee" ends
    next_word = _next_word(text, following, limit)
    spaced = " " in stops
    if spaced and start > 0 and not text[start - 1].isspace() and stops.count(".") >= 4:
        # "compounds. . . . The practice": the stop ends the sentence, the ellipsis opens
        # the next one.
        return start + 1, skip_spaces(text, start + 1, limit)
    if spaced and stops.count(".") == 3 and next_word == "I":
        return None  # "the thing is . . . I didn't mean it": a pause, not an end
    if stops == "." and not match.group("closers"):
        return (end, following) if _stop_ends(text, start, next_word) else None
    return end, following


def _glued_boundary(text: str, stop: int) -> tuple[int, int] | None:
    """A full stop with no space after it ends a sentence, unless inside an address."""
    lo = stop
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    hi = stop
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    token = text[lo:hi]
    if "@" in token or "/" in token or "www" in token.lower():
        return None
    return stop + 1, stop + 1


def _list_items(text: str, lo: int, hi: int, para_start: int) -> list[tuple[int, int]]:
    """The (start, end) of each marker of an inline list in the window.

    A list is a run of markers of one style counting up by one ("1." "2.", "a)" "b)"), whose
    first marker opens the paragraph or a sentence, follows a colon or carries a bullet: "he
    was 1. Then 2." in running prose is no list.
    """
    runs: dict[str, list[regex.Match[str]]] = {}
    lists: list[list[regex.Match[str]]] = []
    for marker in _LIST_MARKER.finditer(text, lo, hi):
        value = marker.group("value")
        number = int(value) if value.isdigit() else ord(value)
        style = marker.group("style") + ("#" if value.isdigit() else "a")
        run = runs.get(style)
        if run:
            last = run[-1].group("value")
            if number == (int(last) if last.isdigit() else ord(last)) + 1:
                run.append(marker)
                continue
        runs[style] = [marker]
        lists.append(runs[style])
    items = []
    for run in lists:
        first = run[0]
        before = first.start()
        while before > para_start and text[before - 1].isspace():
            before -= 1
        anchored = (
            before == para_start or text[before - 1] in ":.!?" or first.group("bullet") is not None
        )
        if len(run) > 1 and anchored:
            items += [(marker.start(), marker.end()) for marker in run]
    return items


def boundaries(
    text: str, lo: int, hi: int, para_start: int, para_end: int
) -> list[tuple[int, int]]:
    """Each (end of a sentence, start of the next) between ``lo`` and ``hi``, in order.

    ``[lo, hi)`` lies inside the paragraph ``[para_start, para_end)``; a sentence end found at
    ``hi`` when ``hi`` is not the paragraph's end is left out (it may be cut by the window).
    """
    items = _list_items(text, lo, hi, para_start)
    inside_items = {position for start, end in items for position in range(start, end)}
    found: set[tuple[int, int]] = set()
    for match in _TERMINATOR.finditer(text, lo, hi):
        if match.end() == hi < para_end or match.start() in inside_items:
            continue
        boundary = _terminator_boundary(text, match, para_end)
        if boundary is not None:
            found.add(boundary)
    for match in _GLUED_STOP.finditer(text, lo, hi):
        boundary = _glued_boundary(text, match.start())
        if boundary is not None:
            found.add(boundary)
    first_text = skip_spaces(text, para_start, para_end)
    for start, _ in items:
        if start > first_text:
            found.add((len(text[lo:start].rstrip()) + lo, start))
    return sorted(found)
