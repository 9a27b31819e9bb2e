"""Fuzzy matching of a query against a vocabulary of words and name phrases.

Matching goes word by word, never over whole phrases with one threshold (DESIGN.md's trap):
each query word finds the vocabulary words it may stand for, as

- exact: the same folded word ("jong-un" and "Jong Un" fold to the same words);
- variant: the same romanisation skeleton ("Gaddafi"/"Qaddafi", "Jong-un"/"Jung-eun"), or the
  same letters with a hyphen or space dropped ("Jongun");
- typo: within an edit budget that grows with the word's length (none up to 3 letters, one up
  to 6, two from 7).

A name phrase matches when every query word lands on a different word of it, in any order, so a
surname finds the full names and "Tumen" finds "Tumen River". A phrase ranks by its worst word.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from corpus_tui.corpus.folding import fold, skeleton
from corpus_tui.corpus.names import (
    JOINERS,
    PARTICLES,
    WORD,
    NamePhrase,
    name_phrases,
    words,
)

MAX_QUERY_WORDS = 8
_KEY_SPLIT = re.compile(r"[ -]")
# WORD's token boundaries in ASCII text: not inside a word, nor after or before an apostrophe
# that joins two parts of one ("O'Brien"), an English ending ("Korea's") excepted.
_ASCII_START = r"(?<!\w)(?<!\w')"
_ASCII_END = r"(?!\w)(?!'(?!(?:s|t|d|m|ll|re|ve)(?!\w))\w)"


class Rank(IntEnum):
    """How a mention matches the query: lower is better."""

    EXACT = 0
    VARIANT = 1
    TYPO = 2


@dataclass(frozen=True, slots=True)
class WordMatch:
    """A vocabulary word a query word may stand for."""

    rank: Rank
    distance: int


@dataclass(frozen=True, slots=True)
class NameEntry:
    """A name phrase of the vocabulary, as spelt in the text (``surface``)."""

    id: int
    surface: str
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A vocabulary name phrase that matches the query, with its rank and score."""

    name: NameEntry
    rank: Rank
    score: float


def typo_budget(length: int) -> int:
    """How many edits a query word of ``length`` letters may differ by."""
    if length <= 3:
        return 0
    return 1 if length <= 6 else 2


def classify(query: str, word: str) -> WordMatch | None:
    """How ``word`` matches the query word ``query`` (both folded), or None."""
    if query == word:
        return WordMatch(Rank.EXACT, 0)
    edits = Levenshtein.distance(query, word)
    if _variant(query, word, edits):
        return WordMatch(Rank.VARIANT, edits)
    if edits <= typo_budget(len(query)):
        return WordMatch(Rank.TYPO, edits)
    return None


def _variant(query: str, word: str, edits: int) -> bool:
    """Whether two different words read as romanisations of one name.

    Their skeletons must agree. Differing only in vowels and doubled letters allows edits up to
    half the length; swapping consonants of a class (g/q, d/t, l/r) a third; short words one.
    """
    key = skeleton(query)
    if not key or key != skeleton(word):
        return False
    longest = max(len(query), len(word))
    if min(len(query), len(word)) <= 3:
        return edits <= 1 and skeleton(query, classes=False) == skeleton(word, classes=False)
    if skeleton(query, classes=False) == skeleton(word, classes=False):
        return edits <= longest // 2
    return edits <= max(1, longest // 3)


def encode_name_key(phrase_keys: tuple[str, ...], hyphens: tuple[bool, ...]) -> str:
    """One string for a name's folded words, keeping which gaps were hyphens."""
    parts = [phrase_keys[0]]
    for key, hyphen in zip(phrase_keys[1:], hyphens, strict=True):
        parts.append("-" if hyphen else " ")
        parts.append(key)
    return "".join(parts)


def decode_name_key(encoded: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """The inverse of ``encode_name_key``."""
    keys = tuple(_KEY_SPLIT.split(encoded))
    hyphens = tuple(char == "-" for char in encoded if char in " -")
    return keys, hyphens


def cluster_key(keys: tuple[str, ...]) -> str:
    """A key shared by spelling variants of one name, for grouping a names list."""
    joined = "".join(key for key in keys if key not in PARTICLES) or "".join(keys)
    return skeleton(joined) or joined


class Lexicon:
    """The search vocabulary held in memory: words by id and name phrases, indexed for matching."""

    def __init__(self, word_rows: Iterable[tuple[int, str]], names: Iterable[NameEntry]):
        self.word_ids: dict[str, int] = {}
        self.names: list[NameEntry] = list(names)
        self._names_by_word: dict[str, list[int]] = defaultdict(list)
        by_length: dict[int, set[str]] = defaultdict(set)
        by_skeleton: dict[str, set[str]] = defaultdict(set)
        for word_id, key in word_rows:
            self.word_ids[key] = word_id
        for index, name in enumerate(self.names):
            for key in _name_words(name):
                self._names_by_word[key].append(index)
        for key in (*self.word_ids, *self._names_by_word):
            by_length[len(key)].add(key)
            by_skeleton[skeleton(key)].add(key)
        self._by_length = {length: sorted(keys) for length, keys in by_length.items()}
        by_skeleton.pop("", None)
        self._by_skeleton = {key: sorted(found) for key, found in by_skeleton.items()}

    def expand(self, query: str) -> dict[str, WordMatch]:
        """Vocabulary words (and joined name words) the folded query word may stand for."""
        found: dict[str, WordMatch] = {}
        candidates: set[str] = set(self._by_skeleton.get(skeleton(query), ()))
        budget = typo_budget(len(query))
        for length in range(len(query) - budget, len(query) + budget + 1):
            choices = self._by_length.get(length)
            if not choices:
                continue
            for choice, _edits, _index in process.extract(
                query, choices, scorer=Levenshtein.distance, score_cutoff=budget, limit=None
            ):
                candidates.add(choice)
        for word in candidates:
            match = classify(query, word)
            if match is not None:
                found[word] = match
        return found

    def names_with(self, word: str) -> list[int]:
        """Indexes into ``names`` of the phrases containing ``word`` (or it joined from two)."""
        return self._names_by_word.get(word, [])


def _name_words(name: NameEntry) -> Iterable[str]:
    """A name's words, plus each pair of neighbours joined ("Jong-un" and "Jong Un" also as
    "jongun"), as romanised given names are written all three ways."""
    yield from name.keys
    for first, second in itertools.pairwise(name.keys):
        yield first + second


def query_words(query: str) -> list[str]:
    """The folded words of a query (at most ``MAX_QUERY_WORDS``)."""
    return [word.key for word in words(query)][:MAX_QUERY_WORDS]


def segmentations(keys: list[str]) -> list[tuple[list[str], bool]]:
    """The query as typed, then with each pair of neighbours joined ("jong un" -> "jongun").

    Each comes with whether it joined words (a variant spelling, not an exact one).
    """
    found = [(keys, False)]
    for index in range(len(keys) - 1):
        joined = [*keys[:index], keys[index] + keys[index + 1], *keys[index + 2 :]]
        found.append((joined, True))
    return found


def score_of(rank: Rank, edits: int, coverage: float, in_order: bool) -> float:
    """A 0-100 score: the rank first, then fewer edits, more of the name matched, same order."""
    base = (100.0, 90.0, 80.0)[rank]
    return round(base - 2 * edits - 8 * (1 - coverage) - (0 if in_order else 1), 1)


def assign(
    expansions: list[dict[str, WordMatch]], keys: tuple[str, ...]
) -> tuple[Rank, float] | None:
    """Match each query word to a different word of a phrase; (rank, score) or None.

    Two neighbouring words joined stand as one extra word covering both, when the query word
    is spelt exactly so ("jongun" for "Jong Un"), as a variant.
    """
    slots: list[tuple[str, tuple[int, ...]]] = [(key, (i,)) for i, key in enumerate(keys)]
    slots += [(keys[i] + keys[i + 1], (i, i + 1)) for i in range(len(keys) - 1)]
    used: set[int] = set()
    positions: list[int] = []
    worst = Rank.EXACT
    edits = 0
    order = sorted(range(len(expansions)), key=lambda q: len(expansions[q]))
    placed: dict[int, int] = {}
    for q in order:
        best: tuple[WordMatch, tuple[int, ...]] | None = None
        for key, covered in slots:
            if used.intersection(covered):
                continue
            match = expansions[q].get(key)
            if match is None:
                continue
            if len(covered) > 1:  # joined words: spelt exactly so, then a variant
                if match.rank != Rank.EXACT:
                    continue
                match = WordMatch(Rank.VARIANT, match.distance)
            if best is None or (match.rank, match.distance) < (best[0].rank, best[0].distance):
                best = (match, covered)
        if best is None:
            return None
        used.update(best[1])
        placed[q] = best[1][0]
        worst = max(worst, best[0].rank)
        edits += best[0].distance
    positions = [placed[q] for q in range(len(expansions))]
    in_order = positions == sorted(positions)
    rank = Rank(worst)
    return rank, score_of(rank, edits, len(used) / len(keys), in_order)


@dataclass
class QueryPlan:
    """What a query may match: candidate name phrases and, per query word, candidate words."""

    words: list[str]
    expansions: list[dict[str, WordMatch]]
    names: list[NameMatch]
    # Each way of reading the query (``segmentations``): its words' candidates, and whether
    # it joined words.
    segments: list[tuple[list[dict[str, WordMatch]], bool]]

    @property
    def empty(self) -> bool:
        """Whether nothing in the vocabulary can match."""
        return not self.names and not all(self.expansions)

    @cached_property
    def wanted(self) -> frozenset[str]:
        """Every candidate word of every query word."""
        return frozenset().union(*self.expansions)

    @cached_property
    def ascii_wanted(self) -> tuple[str, ...]:
        """The candidate words written in ASCII."""
        return tuple(word for word in self.wanted if word.isascii())

    @cached_property
    def apostrophe_pattern(self) -> re.Pattern:
        """Whole words of a lowercased ASCII text whose folded form is a candidate, apostrophes
        inside a word skipped over as folding drops them ("o'brien" is "obrien")."""
        if not self.ascii_wanted:
            return re.compile(r"(?!)")
        ordered = sorted(self.ascii_wanted, key=len, reverse=True)
        spelt = "|".join("'?".join(re.escape(char) for char in word) for word in ordered)
        return re.compile(rf"{_ASCII_START}(?:{spelt}){_ASCII_END}")


def plan_query(lexicon: Lexicon, query: str) -> QueryPlan:
    """Match a query against the vocabulary: candidate words per query word and name phrases."""
    # Particles are optional: "Muammar al-Qaddafi" finds "Muammar Gaddafi" too.
    typed = query_words(query)
    keys = [key for key in typed if key not in PARTICLES] or typed
    cache: dict[str, dict[str, WordMatch]] = {}

    def expand(key: str) -> dict[str, WordMatch]:
        if key not in cache:
            cache[key] = lexicon.expand(key)
        return cache[key]

    best: dict[int, NameMatch] = {}
    segments = []
    for segment, joined in segmentations(keys):
        # A joined pair stands only for a word spelt exactly so ("jong un" for "Jongun").
        expansions = [expand(key) if key in keys else _exact_only(expand(key)) for key in segment]
        if not expansions or not all(expansions):
            continue
        segments.append((expansions, joined))
        for index in _names_with_all(lexicon, expansions):
            name = lexicon.names[index]
            result = assign(expansions, name.keys)
            if result is None:
                continue
            rank, score = result
            if joined and rank == Rank.EXACT:
                rank, score = Rank.VARIANT, score - 10
            current = best.get(name.id)
            if current is None or (rank, -score) < (current.rank, -current.score):
                best[name.id] = NameMatch(name, rank, score)
    names = sorted(best.values(), key=lambda m: (m.rank, -m.score, m.name.surface))
    return QueryPlan(keys, [expand(key) for key in keys], names, segments)


def _exact_only(expansion: dict[str, WordMatch]) -> dict[str, WordMatch]:
    return {word: match for word, match in expansion.items() if match.rank == Rank.EXACT}


def _names_with_all(lexicon: Lexicon, expansions: list[dict[str, WordMatch]]) -> set[int]:
    """Names holding, for every query word, at least one of its candidate words."""
    common: set[int] | None = None
    for expansion in sorted(expansions, key=len):
        holding: set[int] = set()
        for word in expansion:
            holding.update(lexicon.names_with(word))
        common = holding if common is None else common & holding
        if not common:
            return set()
    return common or set()


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a query matches in a text: offsets, the spelling found, rank and score."""

    start: int
    end: int
    surface: str
    rank: Rank
    score: float
    name_id: int | None


def locate(
    text: str,
    plan: QueryPlan,
    *,
    base: int = 0,
    is_place: Callable[[tuple[str, ...]], bool] | None = None,
) -> list[Mention]:
    """Every mention of the query in ``text`` (offsets shifted by ``base``), in text order.

    A name phrase of the plan is a mention as a whole; elsewhere, a run of as many words as the
    query has, joined by spaces or hyphens, that matches word by word.
    """
    phrases = name_phrases(text, base=base, is_place=is_place)
    by_surface = {match.name.surface: match for match in plan.names}
    mentions = [
        Mention(p.start, p.end, p.surface, match.rank, match.score, match.name.id)
        for p in phrases
        if (match := by_surface.get(p.surface)) is not None
    ]
    if plan.words and all(plan.expansions):
        mentions.extend(_word_mentions(text, base, plan, phrases))
        mentions.sort(key=lambda m: m.start)
    return mentions


def _wanted_words(text: str, plan: QueryPlan) -> Iterable[tuple[int, int, str]]:
    """The words of ``text`` that are candidates of a query word: (start, end, folded).

    An ASCII text is searched for the candidates themselves (folding ASCII is lowercasing and
    dropping apostrophes), so its other words cost nothing; any other text word by word.
    """
    if text.isascii() and "'" not in text:
        yield from _find_ascii(text.lower(), plan.ascii_wanted)
        return
    if text.isascii():
        for match in plan.apostrophe_pattern.finditer(text.lower()):
            yield match.start(), match.end(), fold(match.group())
        return
    for word in WORD.finditer(text):
        key = fold(word.group())
        if key in plan.wanted:
            yield word.start(), word.end(), key


def _find_ascii(lowered: str, wanted: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Whole-word occurrences of ``wanted`` in a lowercased ASCII text without apostrophes,
    in text order (``str.find`` is far quicker here than a pattern of alternatives)."""
    found = []
    for word in wanted:
        at = lowered.find(word)
        while at >= 0:
            end = at + len(word)
            if not (at and _word_char(lowered[at - 1])) and not (
                end < len(lowered) and _word_char(lowered[end])
            ):
                found.append((at, end, word))
            at = lowered.find(word, at + 1)
    found.sort()
    return found


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _word_mentions(
    text: str, base: int, plan: QueryPlan, phrases: list[NamePhrase]
) -> Iterable[Mention]:
    """Runs of as many words as the query has, outside name phrases, joined by spaces or
    hyphens, that match the query word by word."""
    size = len(plan.words)
    starts = [p.start - base for p in phrases]  # phrases come in text order, never overlapping
    ends = [p.end - base for p in phrases]
    run: list[tuple[int, int, str]] = []
    for word in _wanted_words(text, plan):
        # Only spaces or a hyphen between two candidates: no other word stands between them.
        if run and text[run[-1][1] : word[0]] not in JOINERS:
            run = []
        run.append(word)
        if len(run) < size:
            continue
        window = run[-size:]
        start, end = window[0][0], window[-1][1]
        last = bisect.bisect_left(starts, end) - 1  # the last phrase starting before the end
        if last >= 0 and ends[last] > start:
            continue
        result = assign(plan.expansions, tuple(w[2] for w in window))
        if result is not None:
            yield Mention(start + base, end + base, text[start:end], *result, None)
