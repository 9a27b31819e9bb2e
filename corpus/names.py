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
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex

from corpus_tui.corpus.folding import fold


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LETTERS = r"[\w\p{M}]"
# An apostrophe inside a word keeps it whole unless an English ending follows ("Korea's").
_TAIL = rf"(?:['’](?!(?i:s|t|d|m|ll|re|ve)(?!{_LETTERS})){_LETTERS}+)*"
WORD = regex.compile(rf"{_LETTERS}+{_TAIL}")
_CAPITAL = rf"[\p{{Lu}}\p{{Lt}}]{_LETTERS}*{_TAIL}"
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
    over between among against without within instead another more several other few"""
)
# English words that follow a hyphen after a name without being part of it ("Korean-bound").
_HYPHEN_SUFFIXES = _wordset(
    """bound based led born style like era wide made run owned held backed"""
)
_ARTICLES = frozenset({"the", "a", "an"})
# Dates are no names: dropped at either end of a phrase ("China Wednesday"), and alone.
DATES = _wordset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday mon tue tues wed thu thurs fri sat sun"""
)
# Words of web pages' navigation and furniture, never names (as a whole phrase).
NAVIGATION = frozenset(
    tuple(phrase.split())
    for phrase in """menu|pingback|trackback|previous story|next story|previous post|next post|
    previous article|next article|read more|share|tweet|home|search|login|log in|sign up|
    subscribe|comments|comment|reply|leave a reply|cancel reply|related posts|related articles|
    related stories|advertisement|copyright|all rights reserved|skip to content|privacy policy|
    terms of use|contact us|about us|newsletter|permalink|posted|tags|categories|archives|print|
    email|thanks|thank you|click here|more|watch|video|photo|follow us|top stories|
    most read|latest news|breaking news|you may also like|sponsored""".replace("\n", "").split("|")
)
_JOIN = "[ \\-‐‑]"
_PARTICLE = "(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + ")"
# A run of capitalised words joined by one space or hyphen, with particles inside it and short
# lowercase syllables after a hyphen ("Kim Jong-un", "Muammar al-Qaddafi").
_RUN = regex.compile(
    rf"(?<!{_LETTERS}){_CAPITAL}(?:{_JOIN}{_CAPITAL}"
    rf"|{_JOIN}{_PARTICLE}(?={_JOIN}(?:{_PARTICLE}{_JOIN})*[\p{{Lu}}\p{{Lt}}])"
    rf"|[\-‐‑](?=\p{{Ll}}){_LETTERS}{{1,5}}{_TAIL}(?!{_LETTERS}))*"
)
_SENTENCE_PUNCTUATION = frozenset(".!?:;\"“”‘'(«»—–[")

CHUNK_CHARS = 4096


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
        for m in WORD.finditer(text)
    ]


def word_keys(text: str) -> set[str]:
    """The distinct folded words of ``text``."""
    return set(map(fold, set(WORD.findall(text))))


def _sentence_start(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, a line or the text."""
    pos = start - 1
    while pos >= 0 and text[pos] in " \t":
        pos -= 1
    return pos < 0 or text[pos] == "\n" or text[pos] in _SENTENCE_PUNCTUATION


def name_phrases(
    text: str,
    *,
    base: int = 0,
    is_place: Callable[[tuple[str, ...]], bool] | None = None,
) -> list[NamePhrase]:
    """The capitalised name phrases of ``text`` (offsets shifted by ``base``)."""
    phrases: list[NamePhrase] = []
    for run in _RUN.finditer(text):
        surface = run.group()
        resolved = _resolve(surface, _sentence_start(text, run.start()), is_place)
        if resolved is not None:
            start, end, keys, hyphens = resolved
            offset = run.start() + base
            phrases.append(
                NamePhrase(offset + start, offset + end, surface[start:end], keys, hyphens)
            )
    return phrases


# The same runs recur across documents ("North Korea", "Kim Jong-un"): trim each one once.
@lru_cache(maxsize=100_000)
def _resolve(
    run: str,
    opens_sentence: bool,
    is_place: Callable[[tuple[str, ...]], bool] | None,
) -> tuple[int, int, tuple[str, ...], tuple[bool, ...]] | None:
    """Trim a run of capitalised words to its name: (start, end, folded words, hyphen gaps)
    within the run, or None. Sentence openers, the pronoun "I", English suffixes after a hyphen
    and trailing particles go; a lone word opening a sentence is a name only if it is a place.
    """
    found = [(m.start(), m.end(), m.group()) for m in WORD.finditer(run)]
    for index in range(1, len(found)):
        if found[index][2][0].islower() and fold(found[index][2]) in _HYPHEN_SUFFIXES:
            found = found[:index]
            break
    keys = [fold(surface) for _, _, surface in found]
    first, last = 0, len(found)
    while first < last and (
        keys[first] in _ARTICLES
        or keys[first] in DATES
        or keys[first] == "posted"
        or found[first][2] == "I"
        or (opens_sentence and keys[first] in _OPENERS)
    ):
        first += 1
    while last > first and (
        keys[last - 1] in PARTICLES or keys[last - 1] in DATES or found[last - 1][2] == "I"
    ):
        last -= 1
    if first == last:
        return None
    kept = found[first:last]
    phrase_keys = tuple(keys[first:last])
    if _not_a_name(phrase_keys, [surface for _, _, surface in kept]) and not (
        is_place and is_place(phrase_keys)
    ):
        return None
    if len(kept) == 1 and (
        len(phrase_keys[0]) < 2
        or (opens_sentence and first == 0 and not (is_place and is_place(phrase_keys)))
    ):
        return None
    gaps = tuple(run[a[1] : b[0]] != " " for a, b in itertools.pairwise(kept))
    return kept[0][0], kept[-1][1], phrase_keys, gaps


def _not_a_name(keys: tuple[str, ...], surfaces: list[str]) -> bool:
    """Page furniture ("Previous Story"), identifiers (YouTube ids: "dQw4w9WgXcQ") and
    shouting (a phrase in capitals with a word of five letters or more: "THANKS", "BREAKING
    NEWS"; short acronyms such as "DPRK" stay, and so do known places: "SHENYANG")."""
    if keys in NAVIGATION:
        return True
    for surface in surfaces:
        has_digit = any(char.isdigit() for char in surface)
        if has_digit and len(surface) >= 6 and any(char.isalpha() for char in surface):
            return True
        inner_capitals = sum(char.isupper() for char in surface[1:])
        if inner_capitals >= 2 and any(char.islower() for char in surface) and "-" not in surface:
            return True
    return all(s.isupper() for s in surfaces) and any(len(s) >= 5 for s in surfaces)


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
