"""Words and capitalised name phrases of a text, with code-point offsets.

A word is a run of letters, digits and combining marks; an apostrophe inside a name keeps it one
word ("O'Brien", "P’yŏngyang") while English endings split off ("Korea’s" is "Korea" + "s").
A name phrase is a run of capitalised words joined by one space or hyphen, with the particles
that names carry inside them ("Muammar al-Qaddafi", "Ministry of Public Security"). Words that
only open a sentence ("The", "According") are left out, and a lone capitalised word at the start
of a sentence counts as a name only when it is a known place ("China detains...").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from corpus.folding import fold


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LETTER = (
    r"[^\W_]|[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f"
    r"\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_WORD = re.compile(
    rf"(?:{_LETTER})+(?:['’](?!(?:s|t|d|m|ll|re|ve)(?!{_LETTER}))(?:{_LETTER})+)*",
    re.IGNORECASE,
)
# What may sit between two words of one name.
JOINERS = frozenset({" ", "-", "‐", "‑"})
PARTICLES = _wordset(
    """al el bin ibn bint abu de del della der den van von da di du dos das la le of"""
)
_OPENERS = _wordset(
    """the a an this that these those in on at for and but or if when while after before
    according however although he she it they we i his her its their our as by with from
    to of mr mrs ms dr so yet also then there here what who why how where perhaps given
    maybe actually one whenever later meanwhile today yesterday now still even only some
    many most all both each every such since until because though despite during under
    over between among against without within instead"""
)
# Words that begin place names and are also ordinary words ("South Korea", "New York").
_NAME_STARTS = _wordset("""north south east west new upper lower great saint san santa st""")
# English words that follow a hyphen after a name without being part of it ("Korean-bound").
_HYPHEN_SUFFIXES = _wordset(
    """bound based led born style like era wide made run owned held backed"""
)
_ARTICLES = frozenset({"the", "a", "an"})
_SENTENCE_PUNCTUATION = frozenset(".!?:;\"“”‘'(«»—–[")

CHUNK_CHARS = 16_384


@dataclass(frozen=True, slots=True)
class Word:
    """A word of the text: its offsets, as written, and its matching form."""

    start: int
    end: int
    surface: str
    key: str


@dataclass(frozen=True, slots=True)
class NamePhrase:
    """A capitalised name phrase: offsets, the spelling found, and its words' matching forms."""

    start: int
    end: int
    surface: str
    keys: tuple[str, ...]
    joined_by_hyphen: tuple[bool, ...]  # per gap between consecutive words


def words(text: str, base: int = 0) -> list[Word]:
    """Every word of ``text`` in order; offsets are shifted by ``base``."""
    return [
        Word(m.start() + base, m.end() + base, m.group(), fold(m.group()))
        for m in _WORD.finditer(text)
    ]


def _capitalised(surface: str) -> bool:
    return surface[0].isupper() and surface != "I"


def _syllable(key: str) -> bool:
    """Whether a lowercase word after a hyphen reads as part of a name ("Jong-un", "Myung-bak")."""
    return len(key) <= 5 and key not in _HYPHEN_SUFFIXES


def _sentence_start(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, a line or the text."""
    pos = start - 1
    while pos >= 0 and text[pos] in " \t":
        pos -= 1
    return pos < 0 or text[pos] == "\n" or text[pos] in _SENTENCE_PUNCTUATION


def name_phrases(
    text: str,
    found: list[Word],
    *,
    base: int = 0,
    is_place: Callable[[tuple[str, ...]], bool] | None = None,
) -> list[NamePhrase]:
    """The capitalised name phrases among ``found`` (the words of ``text``, offset by ``base``)."""
    phrases: list[NamePhrase] = []
    run: list[Word] = []
    # A capitalised word opening a sentence that the text also writes in lower case ("Later",
    # "Perhaps") is an ordinary word, not part of the name after it.
    lowercase = {word.key for word in found if not word.surface[0].isupper()}
    for word in found:
        if run:
            gap = text[run[-1].end - base : word.start - base]
            if gap in JOINERS and (
                _capitalised(word.surface)
                or word.key in PARTICLES
                or (gap != " " and _syllable(word.key))
            ):
                run.append(word)
                continue
            phrases.extend(_phrase(text, run, base, is_place, lowercase))
            run = []
        if _capitalised(word.surface):
            run.append(word)
    if run:
        phrases.extend(_phrase(text, run, base, is_place, lowercase))
    return phrases


def _phrase(
    text: str,
    run: list[Word],
    base: int,
    is_place: Callable[[tuple[str, ...]], bool] | None,
    lowercase: set[str],
) -> Iterator[NamePhrase]:
    opens_sentence = _sentence_start(text, run[0].start - base)
    while run and (
        run[0].key in _ARTICLES
        or (opens_sentence and (run[0].key in _OPENERS or run[0].key in lowercase - _NAME_STARTS))
    ):
        run = run[1:]
    while run and run[-1].key in PARTICLES:
        run = run[:-1]
    if not run:
        return
    keys = tuple(word.key for word in run)
    if len(run) == 1 and (
        len(keys[0]) < 2 or (opens_sentence and not (is_place and is_place(keys)))
    ):
        return
    gaps = tuple(text[a.end - base : b.start - base] != " " for a, b in itertools.pairwise(run))
    surface = text[run[0].start - base : run[-1].end - base]
    yield NamePhrase(run[0].start, run[-1].end, surface, keys, gaps)


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Split a text into pieces of about ``size`` characters, as (start, end).

    Pieces end at a line break, else after a sentence, else at a space, so no word or name is
    cut except in a text with no spaces at all. Indexing and searching use the same pieces, so a
    huge document is searched piece by piece instead of as a whole.
    """
    bounds: list[tuple[int, int]] = []
    start = 0
    length = len(text)
    while length - start > size:
        target = start + size
        floor = start + size // 2
        cut = text.rfind("\n", floor, target)
        if cut < 0:
            cut = text.rfind(". ", floor, target)
            cut = cut + 1 if cut >= 0 else text.rfind(" ", floor, target)
        end = target if cut < 0 else cut + 1
        bounds.append((start, end))
        start = end
    bounds.append((start, length))
    return bounds
