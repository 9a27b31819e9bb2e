"""Fuzzy matching of a query against a vocabulary of words and name phrases.

Matching goes word by word, never over whole phrases with one threshold (DESIGN.md's trap):
each query word finds the vocabulary words it may stand for, as

- exact: the same folded word ("jong-un" and "Jong Un" fold to the same words);
- variant: another romanisation of the name: the same letters once the letters romanisation
  systems swap are made one (Wade-Giles/pinyin, McCune-Reischauer/Revised, Lee/Yi/Rhee/Ri, x/ks,
  German Ch/English Kh: ``folding.normalised``), give or take a few vowels ("Gaddafi"/"Qaddafi",
  "Hsi"/"Xi", "Kharkov"/"Charkiw"); the same letters with a hyphen or space dropped ("Jongun");
  the name in another script (김정은, Навальный, 沈阳: ``scripts``); or, supplied by the caller,
  another name of the same place from a gazetteer (Mukden for Shenyang);
- typo: within an edit budget (transpositions count as one edit) that grows with the word's
  length (none up to 3 letters, one up to 6, two from 7), and not a romanisation.

Look-alikes are not variants: when the caller knows the places the query names, a spelling of
another known place, or one that differs from the query only in its vowels without being one of
the place's names, is left out (Shenyang/Shanyang, Aleppo/Alleppey, Chongjin/Chongju).

A name phrase matches when every query word lands on a different word of it, in any order, so a
surname finds the full names and "Tumen" finds "Tumen River". A phrase ranks by its worst word.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from corpus_tui.corpus.folding import fold, normalised, skeleton, skeletons
from corpus_tui.corpus.names import (
    JOINERS,
    PARTICLES,
    WORD,
    NamePhrase,
    name_phrases,
    words,
)
from corpus_tui.corpus.scripts import hangul_stems, has_han, is_hangul, loose_keys, romanise

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
    # The part of the word that is the name, when it is not all of it: a Korean noun without
    # its particle (신의주 in 신의주에서), a Chinese name inside a run of characters.
    part: str | None = None


@dataclass(frozen=True, slots=True)
class NameEntry:
    """A name phrase of the vocabulary, as spelt in the text (``surface``), with the gazetteer
    ids of the places it may name (none for people and unknown places)."""

    id: int
    surface: str
    keys: tuple[str, ...]
    places: frozenset[str] = frozenset()


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
    """How ``word`` matches the query word ``query`` (both folded, Latin), or None."""
    if query == word:
        return WordMatch(Rank.EXACT, 0)
    edits = OSA.distance(query, word)
    if _variant(query, word):
        return WordMatch(Rank.VARIANT, min(edits, 2))
    if edits <= typo_budget(len(query)):
        return WordMatch(Rank.TYPO, edits)
    return None


def _variant(query: str, word: str) -> bool:
    """Whether two different words read as romanisations of one name.

    Their skeletons must agree; then their normalised spellings (``folding.normalised``) may
    differ by vowels, up to half the length when the consonants are the same as written, else a
    third (one edit below seven letters); words of up to four letters by one edit.
    """
    if min(len(query), len(word)) < 2 or not skeletons(query) & skeletons(word):
        return False
    longest = max(len(query), len(word))
    edits = min(
        Levenshtein.distance(normalised(query, ch), normalised(word, ch)) for ch in ("j", "k")
    )
    if min(len(query), len(word)) <= 4:
        # Short words: the same once romanisation letters are made one (Hsi/Xi, Kim/Gim), or
        # one vowel apart (Un/Eun), never a doubled letter (Al/All) or two edits (Bin/Been).
        if edits == 0:
            return not (min(len(query), len(word)) <= 3 and _single(query) == _single(word))
        return Levenshtein.distance(query, word) <= 1 and _consonants(query) == _consonants(word)
    if skeleton(query, classes=False) == skeleton(word, classes=False):
        return edits <= longest // 2
    return edits <= (1 if longest < 7 else longest // 3)


def vowels_only(query: str, word: str) -> bool:
    """Whether two folded spellings differ only in their vowels (Shenyang/Shanyang), their
    consonants written alike."""
    return query != word and _consonants(query) == _consonants(word)


def _single(text: str) -> str:
    """The word with doubled letters written once."""
    return "".join(char for i, char in enumerate(text) if i == 0 or text[i - 1] != char)


def _consonants(text: str) -> str:
    return "".join(char for char in text if char not in "aeiouy")


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
        # Cross-script: loose key -> (word, the part of it that is the name) for words in other
        # scripts, and -> Latin words and joined name words.
        self._native_by_loose: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self._hangul_by_stem: dict[str, set[str]] = defaultdict(set)
        self._han_words: list[str] = []
        for word_id, key in word_rows:
            self.word_ids[key] = word_id
        # One-word names of known places: a word that is another place is no variant either.
        self.word_places: dict[str, frozenset[str]] = {}
        for index, name in enumerate(self.names):
            for key in _name_words(name):
                self._names_by_word[key].append(index)
            if len(name.keys) == 1 and name.places:
                self.word_places[name.keys[0]] = (
                    self.word_places.get(name.keys[0], frozenset()) | name.places
                )
        for key in (*self.word_ids, *self._names_by_word):
            if key.isascii():
                by_length[len(key)].add(key)
                for found in skeletons(key):
                    by_skeleton[found].add(key)
            else:
                self._add_native(key)
        self._by_length = {length: sorted(keys) for length, keys in by_length.items()}
        by_skeleton.pop("", None)
        self._by_skeleton = {key: sorted(found) for key, found in by_skeleton.items()}

    def _add_native(self, key: str) -> None:
        if has_han(key):
            self._han_words.append(key)
            return
        stems = [key]
        if is_hangul(key[0]):
            stems += hangul_stems(key)
            for stem in stems[1:]:
                self._hangul_by_stem[stem].add(key)
        for stem in stems:
            latin = romanise(stem)
            if len(latin) > 2:
                for loose in loose_keys(latin):
                    self._native_by_loose[loose].add((key, stem))

    @cached_property
    def by_id(self) -> dict[int, NameEntry]:
        """Names by their index id."""
        return {name.id: name for name in self.names}

    @cached_property
    def names_by_place(self) -> dict[str, list[NameEntry]]:
        """Names by the gazetteer ids of the places they may name."""
        found: dict[str, list[NameEntry]] = defaultdict(list)
        for name in self.names:
            for place in name.places:
                found[place].append(name)
        return found

    @cached_property
    def _han_by_char(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for word in self._han_words:
            for char in word:
                found[char].add(word)
        return found

    def _han_containing(self, query: str) -> list[str]:
        """Runs of Chinese characters holding ``query``."""
        by_char = self._han_by_char
        candidates = min((by_char.get(char, set()) for char in query), key=len)
        return [word for word in candidates if query in word]

    @cached_property
    def _han_by_roman(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for word in self._han_words:
            found[romanise(word)].append(word)
        return found

    @cached_property
    def _latin_by_loose(self) -> dict[str, set[str]]:
        """Latin words and joined name words by cross-script key (built for the first query in
        another script)."""
        found: dict[str, set[str]] = defaultdict(set)
        for key in (*self.word_ids, *self._names_by_word):
            if key.isascii() and len(key) > 2:
                for loose in loose_keys(key):
                    found[loose].add(key)
        return found

    @cached_property
    def _sorted_words(self) -> list[str]:
        return sorted(self.word_ids)

    def prefixed(self, prefix: str) -> list[str]:
        """Vocabulary words beginning with the folded ``prefix``."""
        ordered = self._sorted_words
        at = bisect.bisect_left(ordered, prefix)
        found = []
        while at < len(ordered) and ordered[at].startswith(prefix):
            found.append(ordered[at])
            at += 1
        return found

    def expand(self, query: str) -> dict[str, WordMatch]:
        """Vocabulary words (and joined name words) the folded query word may stand for (kept:
        a query typed letter by letter asks for the same words again and again)."""
        memo = self._expanded
        if query not in memo:
            if len(memo) > 4096:
                memo.clear()
            memo[query] = self._expand(query)
        return memo[query]

    @cached_property
    def _expanded(self) -> dict[str, dict[str, WordMatch]]:
        return {}

    def _expand(self, query: str) -> dict[str, WordMatch]:
        if not query.isascii():
            return self._expand_native(query)
        found: dict[str, WordMatch] = {}
        candidates: set[str] = set()
        for key in skeletons(query):
            candidates.update(self._by_skeleton.get(key, ()))
        budget = typo_budget(len(query))
        for length in range(len(query) - budget, len(query) + budget + 1):
            choices = self._by_length.get(length)
            if not choices:
                continue
            for choice, _edits, _index in process.extract(
                query, choices, scorer=OSA.distance, score_cutoff=budget, limit=None
            ):
                candidates.add(choice)
        for word in candidates:
            match = classify(query, word)
            # Two name words joined are no word of the text: one slip at most ("jongnu").
            if match is not None and (
                match.rank < Rank.TYPO or match.distance <= 1 or word in self.word_ids
            ):
                found[word] = match
        if len(query) > 2:
            for loose in loose_keys(query):
                for word, stem in self._native_by_loose.get(loose, ()):
                    if _same_across_scripts(query, stem):
                        part = None if stem == word else stem
                        found.setdefault(word, WordMatch(Rank.VARIANT, 0, part))
            for word in self._han_by_roman.get(query, ()):
                found.setdefault(word, WordMatch(Rank.VARIANT, 0))
        return found

    def exact(self, key: str) -> dict[str, WordMatch]:
        """The word itself, if the vocabulary holds it (as a word, a joined name word, a Korean
        stem or inside a Chinese run)."""
        if not key.isascii():
            return {w: m for w, m in self._expand_native(key, romanised=False).items()}
        if key in self.word_ids or key in self._names_by_word:
            return {key: WordMatch(Rank.EXACT, 0)}
        return {}

    def _expand_native(self, query: str, *, romanised: bool = True) -> dict[str, WordMatch]:
        """A query word in another script: the word itself, with particles (Korean) or inside a
        run of characters (Chinese), and its romanisation among Latin words."""
        found: dict[str, WordMatch] = {}
        if query in self.word_ids or query in self._names_by_word:
            found[query] = WordMatch(Rank.EXACT, 0)
        for word in self._hangul_by_stem.get(query, ()):
            found.setdefault(word, WordMatch(Rank.EXACT, 0, query))
        if has_han(query):
            for word in self._han_containing(query):
                if word != query:
                    found.setdefault(word, WordMatch(Rank.EXACT, 0, query))
        latin = romanise(query)
        if has_han(query):
            # Characters read alike stand for many names: the pinyin must agree exactly.
            if romanised and (query in self.word_ids or len(found) < 50):
                for loose in loose_keys(latin):
                    for word in self._latin_by_loose.get(loose, ()):
                        if word == latin:
                            found.setdefault(word, WordMatch(Rank.VARIANT, 0))
            return found
        if romanised and len(latin) > 2:
            for loose in loose_keys(latin):
                for word in self._latin_by_loose.get(loose, ()):
                    if _same_across_scripts(word, query):
                        found.setdefault(word, WordMatch(Rank.VARIANT, 0))
        return found

    def names_with(self, word: str) -> list[int]:
        """Indexes into ``names`` of the phrases containing ``word`` (or it joined from two)."""
        return self._names_by_word.get(word, [])


def _same_across_scripts(latin: str, native: str) -> bool:
    """Whether a Latin word and a word in another script (a stem of it) spell one name.

    Chinese characters read alike stand for many names, so pinyin must agree exactly; Arabic and
    Hebrew write no short vowels, so their consonants must; other scripts romanise as a variant.
    """
    if has_han(native):
        return romanise(native) == latin
    romanised = romanise(native)
    if "\u0590" <= native[0] <= "\u06ff":
        return bool(loose_keys(romanised, keep_h=True) & loose_keys(latin, keep_h=True))
    return romanised == latin or _variant(latin, romanised)


def _name_words(name: NameEntry) -> Iterable[str]:
    """A name's words, plus each pair of neighbours joined ("Jong-un" and "Jong Un" also as
    "jongun"), as romanised given names are written all three ways, and the whole name joined
    (as Korean writes it: 김정은 for "Kim Jong Un")."""
    yield from name.keys
    for first, second in itertools.pairwise(name.keys):
        yield first + second
    if len(name.keys) > 2:
        yield "".join(name.keys)


def query_words(query: str) -> list[str]:
    """The folded words of a query (at most ``MAX_QUERY_WORDS``)."""
    return [word.key for word in words(query)][:MAX_QUERY_WORDS]


def segmentations(keys: list[str]) -> list[tuple[list[str], bool]]:
    """The query as typed, then with each pair of neighbours joined ("jong un" -> "jongun"),
    then, for three words or more, all of them joined (as Korean writes a name: 김정은).

    Each comes with whether it joined words (a variant spelling, not an exact one).
    """
    found = [(keys, False)]
    for index in range(len(keys) - 1):
        joined = [*keys[:index], keys[index] + keys[index + 1], *keys[index + 2 :]]
        found.append((joined, True))
    if len(keys) > 2:
        found.append((["".join(keys)], True))
    return found


def score_of(rank: Rank, edits: int, coverage: float, in_order: bool) -> float:
    """A 0-100 score: the rank first, then fewer edits, more of the name matched, same order."""
    base = (100.0, 90.0, 80.0)[rank]
    return round(base - 2 * edits - 8 * (1 - coverage) - (0 if in_order else 1), 1)


def assign(
    expansions: list[dict[str, WordMatch]], keys: tuple[str, ...]
) -> tuple[Rank, float] | None:
    """Match each query word to a different word of a phrase; (rank, score) or None.

    Two neighbouring words joined (or all of them) stand as one extra word covering them, at
    best a variant ("jongun" for "Jong Un").
    """
    slots: list[tuple[str, tuple[int, ...]]] = [(key, (i,)) for i, key in enumerate(keys)]
    slots += [(keys[i] + keys[i + 1], (i, i + 1)) for i in range(len(keys) - 1)]
    if len(keys) > 2:
        slots.append(("".join(keys), tuple(range(len(keys)))))
    used: set[int] = set()
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
            if len(covered) > 1 and match.rank == Rank.EXACT:
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
class Reading:
    """One way of reading the query: its words, each word's candidates, whether it joined
    typed words, and the best rank its mentions can have (a variant for another name)."""

    words: list[str]
    expansions: list[dict[str, WordMatch]]
    joined: bool = False
    cap: Rank = Rank.EXACT
    ordered: bool = False  # an exact phrase: its words in the order typed


@dataclass
class QueryPlan:
    """What a query may match: candidate name phrases and, per reading, candidate words."""

    words: list[str]
    expansions: list[dict[str, WordMatch]]
    names: list[NameMatch]
    readings: list[Reading] = field(default_factory=list)
    not_names: frozenset[str] = frozenset()  # phrases curated as no names: plain words

    @property
    def segments(self) -> list[tuple[list[dict[str, WordMatch]], bool]]:
        """Each reading's candidates, and whether it is a variant reading."""
        return [(r.expansions, r.joined or r.cap > Rank.EXACT) for r in self.readings]

    @property
    def empty(self) -> bool:
        """Whether nothing in the vocabulary can match."""
        return not self.names and not any(all(r.expansions) for r in self.readings)

    @cached_property
    def wanted(self) -> frozenset[str]:
        """Every candidate word of every query word."""
        return frozenset().union(*(e for r in self.readings for e in r.expansions))

    @cached_property
    def parts(self) -> dict[str, set[str]]:
        """Candidate words of which only a part is the name (Korean particles, Chinese runs)."""
        found: dict[str, set[str]] = defaultdict(set)
        for reading in self.readings:
            for expansion in reading.expansions:
                for word, match in expansion.items():
                    if match.part:
                        found[word].add(match.part)
        return found

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


def literal_query(query: str) -> tuple[str, bool, bool]:
    """A query's text without its markers, whether it is an exact phrase (in double quotes)
    and whether its last word is a beginning (ending in ``*``)."""
    text = query.strip()
    prefix = text.endswith("*")
    text = text.rstrip("*").strip()
    quoted = len(text) > 1 and text[0] in '"“' and text[-1] in '"”'
    if quoted:
        text = text[1:-1].strip()
    return text, quoted, prefix


def plan_query(
    lexicon: Lexicon,
    query: str,
    *,
    places: frozenset[str] = frozenset(),
    aliases: Iterable[str] = (),
    excluded: frozenset[int] = frozenset(),
    exact_only: frozenset[int] = frozenset(),
    same: Mapping[int, frozenset[int]] | None = None,
    place_rank: Rank = Rank.VARIANT,
) -> QueryPlan:
    """Match a query against the vocabulary: candidate words per query word and name phrases.

    ``places`` are the gazetteer ids of the places the query names (known to the caller): the
    names of those places are variants, other look-alike places are left out; ``aliases`` are
    other names of them (in other scripts) to find too. ``excluded`` names are never matched
    (curated as not names: their words are plain words); ``exact_only`` names match only as
    spelt (split from a group); ``same`` maps a name to the names curated as the same, which
    its matches bring in as variants. ``place_rank`` is the rank of the names of ``places``
    (a typo when the places were found through a misspelt query).
    A query in double quotes matches its words exactly, as a phrase; one ending in ``*`` also
    every word beginning with its last word.
    """
    text, quoted, prefix = literal_query(query)
    typed = query_words(text)
    if quoted or prefix:
        return _literal_plan(lexicon, typed, prefix, excluded)
    keys = [key for key in typed if key not in PARTICLES] or typed
    cache: dict[str, dict[str, WordMatch]] = {}

    def expand(key: str) -> dict[str, WordMatch]:
        if key not in cache:
            cache[key] = lexicon.expand(key)
        return cache[key]

    readings = []
    for segment, joined in segmentations(keys):
        # A short joined pair stands only for a word spelt exactly so ("jong un" for "Jongun").
        expansions = [
            expand(key) if key in keys or len(key) >= 6 else _exact_only(expand(key))
            for key in segment
        ]
        readings.append(Reading(segment, expansions, joined))
    if places:
        for reading in readings:
            reading.expansions = [
                _other_places_out(lexicon, expansion, places, "".join(keys))
                for expansion in reading.expansions
            ]
    for alias in aliases:
        alias_keys = [key for key in query_words(alias) if key not in PARTICLES]
        if alias_keys and alias_keys != keys:
            expansions = [lexicon.exact(key) for key in alias_keys]
            readings.append(Reading(alias_keys, expansions, cap=Rank.VARIANT))
    best: dict[int, NameMatch] = {}
    query_joined = "".join(keys)
    for reading in readings:
        if not reading.expansions or not all(reading.expansions):
            continue
        for index in _names_with_all(lexicon, reading.expansions):
            name = lexicon.names[index]
            if name.id in excluded:
                continue
            result = assign(reading.expansions, name.keys)
            if result is None:
                continue
            rank, score = result
            if reading.joined and rank == Rank.EXACT:
                rank, score = Rank.VARIANT, score - 10
            if reading.cap > rank:
                rank, score = reading.cap, min(score, 88.0)
            _consider(best, NameMatch(name, rank, score))
    same_place = _same_places(lexicon, places)
    spellings = {query_joined} | {"".join(name.keys) for name in same_place}
    if same_place:  # the same names spelt with a hyphen or space ("Shen-yang")
        joined_alike = {
            lexicon.names[index].id: lexicon.names[index]
            for spelling in spellings
            for index in lexicon.names_with(spelling)
            if "".join(lexicon.names[index].keys) == spelling
        }
        same_place = list({**joined_alike, **{n.id: n for n in same_place}}.values())
    for name in same_place:
        if name.id not in excluded:
            score = 88.0 if place_rank == Rank.VARIANT else 78.0
            _consider(best, NameMatch(name, max(place_rank, Rank.VARIANT), score))
    matches = [
        match for match in best.values() if _acceptable(match, spellings, typed, places, exact_only)
    ]
    if same:
        by_id = lexicon.by_id
        chosen = {match.name.id: match for match in matches}
        for match in list(chosen.values()):
            for other in same.get(match.name.id, ()):
                if other not in chosen and other in by_id and other not in excluded:
                    chosen[other] = NameMatch(by_id[other], Rank.VARIANT, 88.0)
        matches = list(chosen.values())
    names = sorted(matches, key=lambda m: (m.rank, -m.score, m.name.surface))
    not_names = frozenset(
        lexicon.by_id[name_id].surface for name_id in excluded if name_id in lexicon.by_id
    )
    return QueryPlan(keys, readings[0].expansions, names, readings, not_names)


def _other_places_out(
    lexicon: Lexicon, expansion: dict[str, WordMatch], places: frozenset[str], query: str
) -> dict[str, WordMatch]:
    """A query word's candidates without the words that name another known place, or look like
    the query's place but for their vowels."""
    kept = {}
    for word, match in expansion.items():
        if match.rank > Rank.EXACT:
            other = lexicon.word_places.get(word)
            if other is not None and not other & places:
                continue
            if other is None and vowels_only(query, word):
                continue
        kept[word] = match
    return kept


def _consider(best: dict[int, NameMatch], match: NameMatch) -> None:
    current = best.get(match.name.id)
    if current is None or (match.rank, -match.score) < (current.rank, -current.score):
        best[match.name.id] = match


def _same_places(lexicon: Lexicon, places: frozenset[str]) -> list[NameEntry]:
    found: dict[int, NameEntry] = {}
    for place in places:
        for name in lexicon.names_by_place.get(place, ()):
            found[name.id] = name
    return list(found.values())


def _acceptable(
    match: NameMatch,
    spellings: set[str],
    typed: list[str],
    places: frozenset[str],
    exact_only: frozenset[int],
) -> bool:
    """Whether a name matched loosely is still the query's name: not another known place, not
    a look-alike differing in vowels, not a particle phrase in another order ("bin Salman" in
    "Salman bin Abdulaziz"), not split off by the researcher."""
    name = match.name
    if match.rank == Rank.EXACT and name.id not in exact_only:
        return _particles_in_order(typed, name.keys)
    joined = "".join(name.keys)
    if name.id in exact_only:
        return joined in spellings
    if places and name.places:
        return bool(name.places & places)
    if places and any(vowels_only(spelling, joined) for spelling in spellings):
        return False
    return _particles_in_order(typed, name.keys)


def _particles_in_order(typed: list[str], keys: tuple[str, ...]) -> bool:
    """A query with a particle ("bin Salman") matches a name holding that particle only where
    the query's words follow each other as typed."""
    particles = [key for key in typed if key in PARTICLES]
    if not particles or len(particles) == len(typed) or not set(particles) & set(keys):
        return True
    size = len(typed)
    return any(tuple(typed) == keys[i : i + size] for i in range(len(keys) - size + 1))


def _literal_plan(
    lexicon: Lexicon, typed: list[str], prefix: bool, excluded: frozenset[int]
) -> QueryPlan:
    """An exact phrase or a word's beginning: each word as typed (the last one as a beginning
    with ``prefix``); name phrases match only when they hold the phrase."""
    if not typed:
        return QueryPlan([], [], [], [])
    expansions = [lexicon.exact(key) for key in typed]
    if prefix:
        expansions[-1] = {word: WordMatch(Rank.EXACT, 0) for word in lexicon.prefixed(typed[-1])}
    reading = Reading(typed, expansions, ordered=True)
    return QueryPlan(typed, expansions, [], [reading])


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

    A name phrase of the plan is a mention as a whole (without a phrase before "of" that holds
    none of the query's words: "Portraits of Kim Jong Un"); elsewhere, a run of as many words as
    a reading of the query has, joined by spaces or hyphens, that matches word by word.
    """
    phrases = name_phrases(text, base=base, is_place=is_place)
    if plan.not_names:
        phrases = [p for p in phrases if p.surface not in plan.not_names]
    by_surface = {match.name.surface: match for match in plan.names}
    found = []
    for phrase in phrases:
        match = by_surface.get(phrase.surface)
        if match is not None:
            start, surface = _after_of(phrase, plan)
            found.append(
                Mention(start, phrase.end, surface, match.rank, match.score, match.name.id)
            )
    readings = [r for r in plan.readings if r.words and all(r.expansions)]
    wanted = list(_wanted_words(text, plan)) if readings else []  # once for every reading
    for reading in readings:
        # An exact phrase or a word beginning is found inside names too ("Repatriating").
        outside = [] if reading.ordered else phrases
        found.extend(_word_mentions(text, base, wanted, reading, outside))
    found.sort(key=lambda m: (m.rank, -m.score, m.start - m.end, m.start))
    kept: list[Mention] = []
    for mention in found:
        if not any(m.start < mention.end and mention.start < m.end for m in kept):
            kept.append(mention)
    kept.sort(key=lambda m: m.start)
    return kept


def _after_of(phrase: NamePhrase, plan: QueryPlan) -> tuple[int, str]:
    """The start and text of a name phrase without a head before "of" that the query does not
    touch."""
    keys = phrase.keys
    if "of" not in keys[1:-1]:
        return phrase.start, phrase.surface
    cut = len(keys) - 1 - keys[::-1].index("of")
    if any(key in plan.wanted for key in keys[:cut]):
        return phrase.start, phrase.surface
    spans = [m.start() for m in WORD.finditer(phrase.surface)]
    offset = spans[cut + 1]
    return phrase.start + offset, phrase.surface[offset:]


def _wanted_words(text: str, plan: QueryPlan) -> Iterable[tuple[int, int, str]]:
    """The words of ``text`` that are candidates of a query word: (start, end, folded).

    An ASCII text is searched for the candidates themselves (folding ASCII is lowercasing and
    dropping apostrophes), so its other words cost nothing; any other text word by word, and of
    a word only partly a name, that part.
    """
    if text.isascii() and "'" not in text:
        yield from _find_ascii(text.lower(), plan.ascii_wanted)
        return
    if text.isascii():
        for match in plan.apostrophe_pattern.finditer(text.lower()):
            yield match.start(), match.end(), fold(match.group())
        return
    parts = plan.parts
    for word in WORD.finditer(text):
        key = fold(word.group())
        if key not in plan.wanted:
            continue
        if key not in parts:
            yield word.start(), word.end(), key
            continue
        surface = word.group()
        spans = {(word.start(), word.end())}
        for part in parts[key]:
            at = surface.find(part)
            while at >= 0:
                spans.add((word.start() + at, word.start() + at + len(part)))
                at = surface.find(part, at + 1)
        for start, end in sorted(spans):
            yield start, end, key


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
    text: str,
    base: int,
    wanted: list[tuple[int, int, str]],
    reading: Reading,
    phrases: list[NamePhrase],
) -> Iterable[Mention]:
    """Runs of as many words as the reading has, outside name phrases, joined by spaces or
    hyphens, that match the reading word by word."""
    size = len(reading.words)
    starts = [p.start - base for p in phrases]  # phrases come in text order, never overlapping
    ends = [p.end - base for p in phrases]
    run: list[tuple[int, int, str]] = []
    for word in wanted:
        if not any(word[2] in expansion for expansion in reading.expansions):
            run = []
            continue
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
        if size == 1:  # a word only partly the name stands for that part, and the reverse
            match = reading.expansions[0].get(word[2])
            whole = fold(text[word[0] : word[1]]) == word[2]
            if match is None or whole != (match.part is None):
                continue
        if reading.ordered and not all(
            w[2] in expansion for w, expansion in zip(window, reading.expansions, strict=True)
        ):
            continue
        result = assign(reading.expansions, tuple(w[2] for w in window))
        if result is None:
            continue
        rank, score = result
        if reading.joined and rank == Rank.EXACT:
            rank, score = Rank.VARIANT, score - 10
        if reading.cap > rank:
            rank, score = reading.cap, min(score, 88.0)
        yield Mention(start + base, end + base, text[start:end], rank, score, None)
