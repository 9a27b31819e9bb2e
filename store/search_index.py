"""The name-search index: a vocabulary of words and name phrases, and where each occurs.

``search_terms`` holds every distinct folded word (kind 0) and every name phrase as spelt (kind
1, with its folded words, occurrence and document counts, and whether it is a place). Which
pieces of which documents hold a term is kept in ``search_fts``, a contentless FTS5 table with
``detail=none`` whose tokens are term ids: SQLite keeps those lists delta-encoded and merged, so
the index stays a fraction of the text. A row is one piece of a document (``corpus.names.chunks``,
rowid ``seq << 20 | piece``), so a search reads only the pieces that can hold a mention, even in
a 10 MB document. Exact offsets are found again in those pieces at search time.

The index is written in the transaction that adds a document; ``rebuild_index`` redoes it all.
"""

from __future__ import annotations

import itertools
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from sqlite_utils import Database

from corpus_tui.corpus.namematch import encode_name_key
from corpus_tui.corpus.names import chunks, name_phrases, word_keys
from corpus_tui.corpus.places import aliases, is_place, place_ids
from corpus_tui.store.transaction import write

WORD = 0
NAME = 1
PIECE_BITS = 20
GENERATION_KEY = "search_index_generation"
FORMAT_KEY = "search_index_format"
# Bump when what is indexed changes (words, name phrases, pieces): older indexes then need a
# rebuild (`corpus-tui reindex`) to find everything.
INDEX_FORMAT = "3"


def piece_rowid(seq: int, piece: int) -> int:
    """The FTS rowid of a document's piece."""
    return (seq << PIECE_BITS) | piece


def document_rowids(seq: int) -> tuple[int, int]:
    """The first and last FTS rowid a document's pieces can have."""
    return seq << PIECE_BITS, ((seq + 1) << PIECE_BITS) - 1


def token(term_id: int) -> str:
    """The FTS token standing for a term id (letters and digits only, never an FTS keyword)."""
    return f"t{term_id:x}"


def create_tables(db: Database) -> None:
    """The index tables (called by the schema migration)."""
    db.execute(
        """CREATE TABLE search_terms (
            id INTEGER PRIMARY KEY,
            kind INTEGER NOT NULL,
            text TEXT NOT NULL,
            key TEXT,
            occurrences INTEGER NOT NULL DEFAULT 0,
            documents INTEGER NOT NULL DEFAULT 0,
            place INTEGER NOT NULL DEFAULT 0,
            UNIQUE (kind, text)
        )"""
    )
    db.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(terms, content='', detail=none, "
        "tokenize='ascii')"
    )
    db.execute(
        """CREATE TABLE search_docs (
            seq INTEGER PRIMARY KEY,
            version INTEGER NOT NULL
        )"""
    )


@dataclass(frozen=True, slots=True)
class TextAnalysis:
    """What one text contributes to the index, before any term id is known (picklable, so it
    can be computed in another process): per piece in order, its distinct folded words and its
    name phrases counted; each name phrase's encoded key, whether it is a place and the
    gazetteer ids of the places it may name (space-separated)."""

    pieces: list[tuple[set[str], Counter[str]]]
    name_keys: dict[str, tuple[str, bool, str]] = field(default_factory=dict)


def analyse_text(text: str) -> TextAnalysis:
    """The words and name phrases of each piece of ``text`` (pure text work, no database)."""
    pieces: list[tuple[set[str], Counter[str]]] = []
    name_keys: dict[str, tuple[str, bool, str]] = {}
    for start, end in chunks(text):
        piece_text = text[start:end]
        names: Counter[str] = Counter()
        for phrase in name_phrases(piece_text, is_place=is_place):
            names[phrase.surface] += 1
            if phrase.surface not in name_keys:
                name_keys[phrase.surface] = _name_key(phrase.keys, phrase.joined_by_hyphen)
        pieces.append((word_keys(piece_text), names))
    return TextAnalysis(pieces, name_keys)


# The same name phrases recur across documents: encode and look each up once. Place flags and
# gazetteer ids are decided here, at import, so a search never loads the gazetteer.
@lru_cache(maxsize=100_000)
def _name_key(keys: tuple[str, ...], joined_by_hyphen: tuple[bool, ...]) -> tuple[str, bool, str]:
    return (
        encode_name_key(keys, joined_by_hyphen),
        is_place(keys),
        " ".join(sorted(place_ids(keys))),
    )


class _TermIds:
    """Term ids this connection has seen committed, so most words need no lookup."""

    def __init__(self) -> None:
        # kind -> text -> (id, FTS token)
        self.ids: dict[int, dict[str, tuple[int, str]]] = {WORD: {}, NAME: {}}
        self.high = 0
        self.generation = ""

    def check(self, db: Database) -> None:
        # A rolled-back transaction or a rebuild may have freed ids we hold: start over then.
        high = db.execute("SELECT coalesce(max(id), 0) FROM search_terms").fetchone()[0]
        generation = _generation(db)
        if high < self.high or generation != self.generation:
            for known in self.ids.values():
                known.clear()
        self.high = high
        self.generation = generation

    def resolve(
        self, db: Database, kind: int, texts: Iterable[str], keys: dict
    ) -> dict[str, tuple[int, str]]:
        """Each term's (id, FTS token), adding the terms the vocabulary does not hold yet.

        Returns the known terms of that kind, ``texts`` among them.
        """
        known = self.ids[kind]
        missing = [text for text in texts if text not in known]
        if missing:
            db.conn.executemany(
                "INSERT OR IGNORE INTO search_terms(kind, text, key, place, place_ids) "
                "VALUES (?, ?, ?, ?, ?)",
                [(kind, text, *keys.get(text, (None, False, ""))) for text in missing],
            )
            _add_aliases(
                db, {p for text in missing for p in keys.get(text, ("", 0, ""))[2].split()}
            )
            for start in range(0, len(missing), 500):
                batch = missing[start : start + 500]
                marks = ",".join("?" * len(batch))
                for term_id, text in db.execute(
                    f"SELECT id, text FROM search_terms WHERE kind = ? AND text IN ({marks})",
                    [kind, *batch],
                ):
                    known[text] = (term_id, token(term_id))
                    self.high = max(self.high, term_id)
        return known


def _add_aliases(db: Database, places: set[str]) -> None:
    """Store every name of the places not seen before, so a search by any of them (Mukden,
    沈阳) finds the place without loading the gazetteer."""
    for place in sorted(places):
        if db.execute("SELECT 1 FROM place_aliases WHERE place = ? LIMIT 1", [place]).fetchone():
            continue
        db.conn.executemany(
            "INSERT OR IGNORE INTO place_aliases(alias, place) VALUES (?, ?)",
            [(alias, place) for alias in aliases(place)],
        )


_TERM_IDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _term_ids(db: Database) -> _TermIds:
    cache = _TERM_IDS.get(db)
    if cache is None:
        cache = _TERM_IDS[db] = _TermIds()
    return cache


def _generation(db: Database) -> str:
    row = db.execute("SELECT value FROM app_state WHERE key = ?", [GENERATION_KEY]).fetchone()
    return row[0] if row else ""


def _apply(db: Database, seq: int, analysis: TextAnalysis, sign: int) -> None:
    """Add (sign 1) or remove (sign -1) one text's pieces and name counts."""
    cache = _term_ids(db)
    all_words = set().union(*(words for words, _names in analysis.pieces))
    word_ids = cache.resolve(db, WORD, all_words, {})
    name_ids = cache.resolve(db, NAME, analysis.name_keys, analysis.name_keys)
    rows = []
    totals: Counter[str] = Counter()
    for number, (words, names) in enumerate(analysis.pieces):
        tokens = [word_ids[w][1] for w in words] + [name_ids[n][1] for n in names]
        rows.append((piece_rowid(seq, number), " ".join(tokens)))
        totals.update(names)
    held = _HELD.get(db)
    if held is None:
        _write_postings(db, sign, rows)
    else:
        held.rows.extend((sign, rowid, terms) for rowid, terms in rows)
    db.conn.executemany(
        "UPDATE search_terms SET occurrences = occurrences + ?, documents = documents + ? "
        "WHERE id = ?",
        [(sign * count, sign, name_ids[name][0]) for name, count in totals.items()],
    )


def _write_postings(db: Database, sign: int, rows: list[tuple[int, str]]) -> None:
    if sign > 0:
        db.conn.executemany("INSERT INTO search_fts(rowid, terms) VALUES (?, ?)", rows)
    else:
        db.conn.executemany(
            "INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', ?, ?)", rows
        )


class HeldPostings:
    """FTS rows of the documents indexed inside `held_postings`, not yet written."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, int, str]] = []  # (sign, rowid, terms), in order

    @contextmanager
    def document(self) -> Iterator[None]:
        """One document's indexing: if it fails, its rows are dropped (its savepoint undid the
        rest)."""
        mark = len(self.rows)
        try:
            yield
        except BaseException:
            del self.rows[mark:]
            raise

    def write(self, db: Database) -> None:
        """Write the rows held, in order, and forget them."""
        for sign, group in itertools.groupby(self.rows, key=lambda row: row[0]):
            _write_postings(db, sign, [(rowid, terms) for _sign, rowid, terms in group])
        self.rows.clear()


_HELD: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@contextmanager
def held_postings(db: Database) -> Iterator[HeldPostings]:
    """Hold the FTS rows of the documents indexed inside, and write them all on leaving (inside
    the caller's transaction). FTS5 writes its pending rows out as a new segment at every
    savepoint, so documents added each in its own savepoint would otherwise cost a segment each.
    """
    held = _HELD[db] = HeldPostings()
    try:
        yield held
        held.write(db)
    finally:
        del _HELD[db]


def index_document(
    db: Database, document_id: str, text: str, analysis: TextAnalysis | None = None
) -> None:
    """Index a document's newest text, replacing the index of the version indexed before.

    Called inside the transaction that stores the text, so the two commit together. ``analysis``
    is `analyse_text(text)` when the caller has already computed it (the importer does, in
    worker processes).
    """
    with write(db):
        _term_ids(db).check(db)
        seq, version = db.execute(
            "SELECT d.seq, max(v.version) FROM documents d "
            "JOIN document_versions v ON v.document_id = d.id WHERE d.id = ?",
            [document_id],
        ).fetchone()
        indexed = db.execute("SELECT version FROM search_docs WHERE seq = ?", [seq]).fetchone()
        if indexed:
            if indexed[0] == version:
                return
            old = db.execute(
                "SELECT text FROM document_versions WHERE document_id = ? AND version = ?",
                [document_id, indexed[0]],
            ).fetchone()
            _apply(db, seq, analyse_text(old[0]), -1)
        _apply(db, seq, analyse_text(text) if analysis is None else analysis, 1)
        db.execute("INSERT OR REPLACE INTO search_docs(seq, version) VALUES (?, ?)", [seq, version])


def rebuild_index(db: Database, progress: Callable[[int, int], None] | None = None) -> int:
    """Drop the whole index and build it again from every document's current text.

    One transaction: an interrupted rebuild leaves the old index. Returns how many documents
    were indexed.
    """
    with write(db):
        db.execute("DELETE FROM search_terms")
        db.execute("DELETE FROM search_docs")
        db.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
        generation = str(int(_generation(db) or 0) + 1)
        db.conn.executemany(
            "INSERT OR REPLACE INTO app_state(key, value) VALUES (?, ?)",
            [(GENERATION_KEY, generation), (FORMAT_KEY, INDEX_FORMAT)],
        )
        _term_ids(db).check(db)
        ids = [row[0] for row in db.execute("SELECT id FROM documents ORDER BY seq")]
        for done, document_id in enumerate(ids, 1):
            index_document(db, document_id, _current_text(db, document_id))
            if progress:
                progress(done, len(ids))
    return len(ids)


def _current_text(db: Database, document_id: str) -> str:
    # Not store.documents.get_text: store.documents imports this module to index what it adds.
    row = db.execute(
        "SELECT v.text FROM documents d JOIN document_versions v "
        "ON v.document_id = d.id AND v.version = d.version WHERE d.id = ?",
        [document_id],
    ).fetchone()
    return str(row[0])


def index_is_current(db: Database) -> bool:
    """Whether the index was built the way this release builds it (else rebuild it)."""
    row = db.execute("SELECT value FROM app_state WHERE key = ?", [FORMAT_KEY]).fetchone()
    return row is not None and row[0] == INDEX_FORMAT
