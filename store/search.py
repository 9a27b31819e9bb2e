"""Fuzzy search for names and places over the index: hits with offsets, context and rank.

The query is matched against the vocabulary held in memory (``corpus.namematch``), never against
the corpus text; the index then names the document pieces holding candidate words, best rank
first, and only those pieces are read to find each mention's exact offsets.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlite_utils import Database

from corpus_tui.corpus.namematch import (
    Lexicon,
    Mention,
    NameEntry,
    QueryPlan,
    Rank,
    decode_name_key,
    literal_query,
    locate,
    plan_query,
    query_words,
)
from corpus_tui.corpus.names import chunks
from corpus_tui.store.names_index import NameSummary
from corpus_tui.store.search_index import NAME, PIECE_BITS, WORD, document_rowids, token

CONTEXT_CHARS = 60
LONG_TEXT = 1_000_000  # characters; texts this long are kept between searches
LONG_TEXT_BUDGET = 40_000_000
MAX_NAME_TERMS = 400


_RANKS = {rank.name.lower(): rank for rank in Rank}


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One mention: where it is, the text found there, how it matches, and the line around it.

    ``text == stored_text[start:end]``; ``match`` is "exact", "variant" or "typo"; ``variant``
    is the spelling found (hits are grouped by it); ``name_id`` is the name phrase's index id,
    or None for a run of plain words.
    """

    doc: str
    title: str
    start: int
    end: int
    text: str
    score: float
    context: str
    context_start: int
    match: str
    variant: str
    place: bool
    name_id: int | None
    seq: int

    def as_json(self) -> dict[str, Any]:
        """The fields `corpus-tui search --json` prints."""
        data = asdict(self)
        del data["seq"], data["name_id"], data["context_start"]
        return data


@dataclass(frozen=True, slots=True)
class VariantGroup:
    """A spelling that matches the query, with how often and in how many documents it occurs."""

    variant: str
    match: str
    score: float
    occurrences: int
    documents: int
    place: bool
    name_id: int


class _LexiconCache:
    def __init__(self) -> None:
        self.stamp: tuple | None = None
        self.lexicon: Lexicon | None = None
        self.places: set[int] = set()
        self.place_keys: frozenset[tuple[str, ...]] = frozenset()
        self.curation: Curation = Curation()


@dataclass(frozen=True)
class Curation:
    """The researcher's curation of the names index, by name id: names that are not names,
    names split from their group, and groups of names curated as the same."""

    not_names: frozenset[int] = frozenset()
    split: frozenset[int] = frozenset()
    same: dict[int, frozenset[int]] = field(default_factory=dict)


# One per database file, shared by its connections (a worker thread opens its own connection
# per search): a built Lexicon is never changed, only replaced.
_LEXICONS: dict[str, _LexiconCache] = {}
_LEXICONS_LOCK = threading.Lock()


def _database_path(db: Database) -> str:
    return db.execute("PRAGMA database_list").fetchone()[2] or f"memory:{id(db)}"


def lexicon_for(db: Database) -> tuple[Lexicon, set[int]]:
    """The vocabulary in memory for this database, reloaded when the index has changed.

    Returns it with the ids of names that are places.
    """
    path = _database_path(db)
    stamp = db.execute(
        "SELECT (SELECT coalesce(max(id), 0) FROM search_terms), "
        "(SELECT value FROM app_state WHERE key = 'search_index_generation'), "
        "(SELECT count(*) || max(created_at) FROM name_curation)"
    ).fetchone()
    with _LEXICONS_LOCK:
        cache = _LEXICONS.setdefault(path, _LexiconCache())
        return _load(db, cache, stamp)


def _load(db: Database, cache: _LexiconCache, stamp: tuple) -> tuple[Lexicon, set[int]]:
    if stamp != cache.stamp or cache.lexicon is None:
        word_rows = db.execute("SELECT id, text FROM search_terms WHERE kind = ?", [WORD])
        names = []
        places = set()
        place_keys = set()
        for name_id, surface, key, place, ids in db.execute(
            "SELECT id, text, key, place, place_ids FROM search_terms WHERE kind = ?", [NAME]
        ):
            entry = NameEntry(name_id, surface, decode_name_key(key)[0], frozenset(ids.split()))
            names.append(entry)
            if place:
                places.add(name_id)
                place_keys.add(entry.keys)
        cache.lexicon = Lexicon(word_rows, names)
        cache.places = places
        cache.place_keys = frozenset(place_keys)
        cache.curation = _read_curation(db, {name.surface: name.id for name in names})
        cache.stamp = stamp
    return cache.lexicon, cache.places


def _read_curation(db: Database, ids: dict[str, int]) -> Curation:
    not_names: set[int] = set()
    split: set[int] = set()
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        while parent.get(node, node) != node:
            node = parent[node]
        return node

    for name, action, target in db.execute("SELECT name, action, target FROM name_curation"):
        name_id = ids.get(name)
        if name_id is None:
            continue
        if action == "not_name":
            not_names.add(name_id)
        elif action == "split":
            split.add(name_id)
        elif action == "same" and target in ids:
            parent[root(name_id)] = root(ids[target])
    groups: dict[int, set[int]] = {}
    for node in list(parent):
        groups.setdefault(root(node), set()).add(node)
    same: dict[int, frozenset[int]] = {}
    for head, members in groups.items():
        group = frozenset(members | {head})
        for member in group:
            same[member] = group
    return Curation(frozenset(not_names), frozenset(split), same)


def _curated(db: Database) -> tuple[_LexiconCache, Lexicon]:
    lexicon, _places = lexicon_for(db)
    cache = _LEXICONS[_database_path(db)]
    return cache, lexicon


def _native_aliases(db: Database, places: frozenset[str]) -> list[str]:
    """The names of these places in other scripts (沈阳, 선양), to find in text."""
    marks = ",".join("?" * len(places))
    return [
        row[0]
        for row in db.execute(
            f"SELECT DISTINCT alias FROM place_aliases WHERE place IN ({marks})", sorted(places)
        )
        if not row[0].isascii()
    ]


def plan_for(db: Database, query: str) -> tuple[QueryPlan, Lexicon, _LexiconCache]:
    """The query matched against this database's vocabulary, with what the index knows of the
    places it names (their other names, in any script) and the researcher's curation."""
    cache, lexicon = _curated(db)
    text, _quoted, _prefix = literal_query(query)
    key = " ".join(query_words(text))
    places = frozenset(
        row[0] for row in db.execute("SELECT place FROM place_aliases WHERE alias = ?", [key])
    )
    curation = cache.curation
    place_rank = Rank.VARIANT
    if not places:
        # A spelling the gazetteer does not know ("Shenyagn", "Tripolli"): the place its best
        # match names, if one, and that place's other names at the match's rank.
        plan = plan_query(
            lexicon,
            query,
            same=curation.same,
            excluded=curation.not_names,
            exact_only=curation.split,
        )
        top = plan.names[0].rank if plan.names else Rank.EXACT
        best = next((m for m in plan.names if m.rank == top and m.name.places), None)
        if best is None or best.rank == Rank.EXACT:
            return plan, lexicon, cache
        places, place_rank = best.name.places, best.rank
    plan = plan_query(
        lexicon,
        query,
        places=places,
        aliases=_native_aliases(db, places),
        place_rank=place_rank,
        same=curation.same,
        excluded=curation.not_names,
        exact_only=curation.split,
    )
    return plan, lexicon, cache


def _match_clause(lexicon: Lexicon, plan: QueryPlan, rank: Rank) -> str:
    """An FTS5 query for the pieces that may hold a mention of ``rank`` or better.

    The pieces holding a matching name phrase (names of the same place and curated groups
    included), or, for plain words (a query in lower case, another script, a phrase), holding a
    candidate of every word of a reading.
    """
    names = [token(m.name.id) for m in plan.names if m.rank <= rank]
    words = _word_clause(lexicon, plan, rank)
    if not names or len(names) > MAX_NAME_TERMS:
        return words
    return " OR ".join(names) + (f" OR ({words})" if words else "")


def _word_clause(lexicon: Lexicon, plan: QueryPlan, rank: Rank) -> str:
    """Pieces holding, for every query word, a candidate of ``rank`` or better (joined words
    from the variant rank on)."""
    alternatives = []
    for expansions, joined in plan.segments:
        if joined and rank < Rank.VARIANT:
            continue
        conjuncts = []
        for expansion in expansions:
            tokens = set()
            for word, match in expansion.items():
                if match.rank > rank:
                    continue
                word_id = lexicon.word_ids.get(word)
                if word_id is not None:
                    tokens.add(token(word_id))
                # A word joined across a hyphen ("Shen-yang" for "shenyang"): the names holding
                # it, even where the joined spelling is also a word of the corpus.
                tokens.update(
                    token(lexicon.names[i].id)
                    for i in lexicon.names_with(word)
                    if word not in lexicon.names[i].keys
                )
            if not tokens:
                break
            conjuncts.append("(" + " OR ".join(sorted(tokens)) + ")")
        else:
            if conjuncts:
                alternatives.append(" AND ".join(conjuncts))
    return " OR ".join(f"({a})" for a in alternatives)


@dataclass
class _Document:
    id: str
    title: str
    text: str
    pieces: list[tuple[int, int]]


def _pieces(db: Database, clause: str, excluded: str, scope: int | None) -> Iterator[int]:
    """Rowids of the pieces matching ``clause`` and not ``excluded``, in corpus order."""
    query = f"({clause}) NOT ({excluded})" if excluded else clause
    sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH ?"
    params: list = [query]
    if scope is not None:
        sql += " AND rowid BETWEEN ? AND ?"
        params.extend(document_rowids(scope))
    sql += " ORDER BY rowid"
    for (rowid,) in db.execute(sql, params):
        yield rowid


class _LongTexts:
    """The last long documents read, kept between searches: typing a query searches again and
    again, and reading a 10 MB text and finding its pieces each time costs tens of ms."""

    def __init__(self, budget: int = LONG_TEXT_BUDGET) -> None:
        self.budget = budget
        self.texts: OrderedDict[tuple, _Document] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> _Document | None:
        with self.lock:
            if key in self.texts:
                self.texts.move_to_end(key)
            return self.texts.get(key)

    def put(self, key: tuple, document: _Document) -> None:
        with self.lock:
            self.texts[key] = document
            while sum(len(d.text) for d in self.texts.values()) > self.budget:
                self.texts.popitem(last=False)


_LONG_TEXTS = _LongTexts()


def _document(db: Database, seq: int, cache: dict[int, _Document]) -> _Document:
    if seq in cache:
        return cache[seq]
    document_id, title, version, chars = db.execute(
        "SELECT id, title, version, chars FROM documents WHERE seq = ?", [seq]
    ).fetchone()
    key = (_database_path(db), document_id, version)
    document = _LONG_TEXTS.get(key) if chars >= LONG_TEXT else None
    if document is None:
        text = db.execute(
            "SELECT text FROM document_versions WHERE document_id = ? AND version = ?",
            [document_id, version],
        ).fetchone()[0]
        document = _Document(document_id, title, text, chunks(text))
        if chars >= LONG_TEXT:
            _LONG_TEXTS.put(key, document)
    cache[seq] = document
    return document


def context_of(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, int]:
    """The line around a mention, at most ``width`` characters each side, and where it starts."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    begin = max(line_start, start - width)
    return text[begin : min(line_end, end + width)], begin


def _hit(document: _Document, seq: int, mention: Mention, places: set[int]) -> SearchHit:
    context, context_start = context_of(document.text, mention.start, mention.end)
    return SearchHit(
        doc=document.id,
        title=document.title,
        start=mention.start,
        end=mention.end,
        text=mention.surface,
        score=mention.score,
        context=context,
        context_start=context_start,
        match=mention.rank.name.lower(),
        variant=" ".join(mention.surface.split()),
        place=mention.name_id in places,
        name_id=mention.name_id,
        seq=seq,
    )


def _scope_seq(db: Database, document_id: str | None) -> int | None:
    if document_id is None:
        return None
    row = db.execute("SELECT seq FROM documents WHERE id = ?", [document_id]).fetchone()
    return row[0] if row else -1


def search(
    db: Database, query: str, *, limit: int | None = 20, document_id: str | None = None
) -> list[SearchHit]:
    """Mentions of a name or place matching ``query``: exact spellings first, then variants,
    then typos, each in corpus order. ``limit=None`` returns every hit; ``document_id`` keeps
    to one document."""
    plan, lexicon, cache = plan_for(db, query)
    places = cache.places
    place_keys = cache.place_keys
    if not plan.words or plan.empty:
        return []
    scope = _scope_seq(db, document_id)
    documents: dict[int, _Document] = {}
    hits: list[SearchHit] = []
    excluded = ""
    for rank in Rank:
        clause = _match_clause(lexicon, plan, rank)
        if not clause:
            continue
        # Pieces found for a better rank were read whole; a worse rank only adds new pieces.
        for rowid in _pieces(db, clause, excluded, scope):
            seq, piece = rowid >> PIECE_BITS, rowid & ((1 << PIECE_BITS) - 1)
            document = _document(db, seq, documents)
            start, end = document.pieces[piece]
            text = document.text[start:end]
            for mention in locate(text, plan, base=start, is_place=place_keys.__contains__):
                hits.append(_hit(document, seq, mention, places))
            if _enough(hits, rank, limit):
                break
        if _enough(hits, rank, limit):
            break
        excluded = f"({excluded}) OR ({clause})" if excluded else clause
    hits.sort(key=lambda h: (_RANKS[h.match], -h.score, h.seq, h.start))
    return hits if limit is None else hits[:limit]


def _enough(hits: list[SearchHit], rank: Rank, limit: int | None) -> bool:
    """Whether the first page is complete: ``limit`` hits of ``rank`` or better."""
    if limit is None or len(hits) < limit:
        return False
    return sum(_RANKS[hit.match] <= rank for hit in hits) >= limit


def variant_groups(db: Database, query: str) -> list[VariantGroup]:
    """The name spellings matching ``query``, best first, with corpus-wide counts."""
    plan, _lexicon, cache = plan_for(db, query)
    places = cache.places
    counts = _name_counts(db, [match.name.id for match in plan.names])
    return [
        VariantGroup(
            match.name.surface,
            match.rank.name.lower(),
            match.score,
            *counts.get(match.name.id, (0, 0)),
            match.name.id in places,
            match.name.id,
        )
        for match in plan.names
    ]


def _name_counts(db: Database, ids: list[int]) -> dict[int, tuple[int, int]]:
    counts: dict[int, tuple[int, int]] = {}
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        marks = ",".join("?" * len(batch))
        for name_id, occurrences, documents in db.execute(
            f"SELECT id, occurrences, documents FROM search_terms WHERE id IN ({marks})", batch
        ):
            counts[name_id] = (occurrences, documents)
    return counts


def list_names(db: Database) -> list[NameSummary]:
    """Every name phrase found in the corpus, grouped and curated (``store.names_index``)."""
    from corpus_tui.store.names_index import list_names as names_index

    return names_index(db)
