"""The names index (ctrl+n) and the researcher's curation of it.

Every name phrase of the corpus, grouped: spellings that are romanisation variants of one name
(not look-alikes of another known place), the names of one place (Mukden with Shenyang), and a
demonym with its place ("North Korean" under North Korea, marked as an adjective). The
researcher's curation, stored in ``name_curation``, comes last and wins: "not a name" hides a
phrase, "these are the same" joins two groups, "split" takes a spelling out of its group. Search
reads the same curation (``store.search``).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import asdict, dataclass

from sqlite_utils import Database

from corpus_tui.corpus.demonyms import place_of
from corpus_tui.corpus.namematch import (
    Rank,
    classify,
    cluster_key,
    decode_name_key,
    vowels_only,
)
from corpus_tui.store.clock import utc_now
from corpus_tui.store.db import write
from corpus_tui.store.search_index import NAME

ACTIONS = ("not_name", "same", "split")
MAX_BUCKET = 200  # spellings compared pair by pair within one skeleton


@dataclass(frozen=True, slots=True)
class NameSummary:
    """A name phrase of the corpus as spelt, with its counts; ``cluster`` names its group,
    ``adjective`` marks a demonym, ``curation`` what the researcher said of it."""

    id: int
    name: str
    occurrences: int
    documents: int
    place: bool
    cluster: str
    adjective: bool = False
    curation: str = ""

    def as_json(self) -> dict:
        """The fields `corpus-tui names --json` prints."""
        data = asdict(self)
        del data["id"]
        return data


@dataclass(frozen=True, slots=True)
class CurationRecord:
    """One curation: a name, what was said of it, and the other name for ``same``."""

    name: str
    action: str
    target: str
    created_at: str

    def as_json(self) -> dict:
        """The fields exported."""
        return asdict(self)


class _Groups:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, node: int) -> int:
        while self.parent.get(node, node) != node:
            node = self.parent[node]
        return node

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _look_alikes(
    first: list[tuple[str, frozenset[str]]], second: list[tuple[str, frozenset[str]]]
) -> bool:
    """Whether two groups of spellings hold two known places (Aleppo and Alleppey), or a known
    place and a spelling that differs from it only in vowels (Shenyang and Shanyang)."""
    for joined_a, ids_a in first:
        for joined_b, ids_b in second:
            if ids_a and ids_b and not ids_a & ids_b:
                return True
            if bool(ids_a) != bool(ids_b) and vowels_only(joined_a, joined_b):
                return True
    return False


def curate(db: Database, name: str, action: str, target: str = "") -> None:
    """Record what the researcher says of a name: ``not_name``, ``same`` (as ``target``) or
    ``split``. Saying it again replaces the earlier record."""
    if action not in ACTIONS:
        raise ValueError(f"unknown curation {action!r}: use one of {', '.join(ACTIONS)}")
    with write(db):
        db.execute(
            "INSERT OR REPLACE INTO name_curation(name, action, target, created_at) "
            "VALUES (?, ?, ?, ?)",
            [name, action, target if action == "same" else "", utc_now()],
        )


def uncurate(db: Database, name: str, action: str | None = None) -> None:
    """Forget what was said of a name (one action, or all of them)."""
    with write(db):
        if action is None:
            db.execute("DELETE FROM name_curation WHERE name = ?", [name])
        else:
            db.execute("DELETE FROM name_curation WHERE name = ? AND action = ?", [name, action])


def curation_records(db: Database) -> list[CurationRecord]:
    """Every curation, by name and action (the export)."""
    return [
        CurationRecord(*row)
        for row in db.execute(
            "SELECT name, action, target, created_at FROM name_curation ORDER BY name, action"
        )
    ]


def list_names(db: Database) -> list[NameSummary]:
    """Every name phrase found in the corpus and not curated away, most frequent first, grouped."""
    records = curation_records(db)
    hidden = {r.name for r in records if r.action == "not_name"}
    split = {r.name for r in records if r.action == "split"}
    rows = [
        (name_id, text, decode_name_key(key)[0], occurrences, documents, bool(place), ids)
        for name_id, text, key, occurrences, documents, place, ids in db.execute(
            "SELECT id, text, key, occurrences, documents, place, place_ids FROM search_terms "
            "WHERE kind = ? AND occurrences > 0 ORDER BY occurrences DESC, text",
            [NAME],
        )
        if text not in hidden
    ]
    groups = _Groups()
    by_text = {row[1]: row[0] for row in rows}
    places = {row[2]: row[0] for row in rows if row[5]}
    place_ids = {row[0]: frozenset(row[6].split()) for row in rows}
    adjectives: set[int] = set()
    buckets: dict[str, list[tuple[int, str]]] = defaultdict(list)
    by_place: dict[str, int] = {}
    for name_id, text, keys, *_rest in rows:
        if text in split:
            continue
        place = place_of(keys, places.__contains__) if keys not in places else None
        if place is not None:
            adjectives.add(name_id)
            groups.union(name_id, places[place])
            continue
        buckets[cluster_key(keys)].append((name_id, "".join(keys)))
        for place_id in place_ids[name_id]:
            if place_id in by_place:
                groups.union(name_id, by_place[place_id])
            else:
                by_place[place_id] = name_id
    for bucket in buckets.values():
        if len(bucket) > MAX_BUCKET:
            continue
        for (a, joined_a), (b, joined_b) in itertools.combinations(bucket, 2):
            match = classify(joined_a, joined_b)
            if match is None or match.rank > Rank.VARIANT:
                continue
            root_a, root_b = groups.find(a), groups.find(b)
            if root_a == root_b:
                continue
            members_a = [(j, place_ids[n]) for n, j in bucket if groups.find(n) == root_a]
            members_b = [(j, place_ids[n]) for n, j in bucket if groups.find(n) == root_b]
            if not _look_alikes(members_a, members_b):
                groups.union(a, b)
    for record in records:
        if record.action == "same" and record.name in by_text and record.target in by_text:
            groups.union(by_text[record.name], by_text[record.target])
    said = {r.name: r.action for r in records}
    return [
        NameSummary(
            name_id,
            text,
            occurrences,
            documents,
            place,
            f"g{groups.find(name_id)}",
            name_id in adjectives,
            said.get(text, ""),
        )
        for name_id, text, _keys, occurrences, documents, place, _ids in rows
    ]
