"""Counting what was coded: per tag, documents x tags, tags occurring together, and any of
these broken down by one document attribute (``outlet``, or ``date:year`` for the year).

Every report reads the database in a few queries; only the same-paragraph co-occurrence reads
document text (the documents that have highlights).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from sqlite_utils import Database

from corpus_tui.store.tags import list_tags

Within = Literal["highlight", "overlap", "paragraph"]
WITHIN: tuple[Within, ...] = ("highlight", "overlap", "paragraph")
NO_VALUE = ""  # the group of documents without the attribute
# ``KEY:year`` and ``KEY:month`` group a date attribute by its first 4 or 7 characters.
_PRECISION = {"year": 4, "month": 7}


@dataclass(frozen=True, slots=True)
class TagSummary:
    """One tag's counts: spans, documents carrying it, characters (summed span lengths), and
    ``share``: the part of the documents (of its group, if grouped) that carry it."""

    tag: str
    spans: int
    documents: int
    chars: int
    share: float
    group: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The record ``report --json`` prints."""
        record: dict[str, Any] = {
            "tag": self.tag,
            "spans": self.spans,
            "documents": self.documents,
            "chars": self.chars,
            "share": round(self.share, 6),
        }
        if self.group is not None:
            record = {"group": self.group, **record}
        return record


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One row of the matrix: a document (or, grouped, an attribute value) and a count per tag."""

    key: str
    label: str
    counts: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Matrix:
    """Documents (or groups) x tags."""

    tags: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    by: str | None = None

    def as_json(self) -> list[dict[str, Any]]:
        """One object per row: its document id and title (or group) and a count per tag."""
        return [
            {
                **({"group": row.key} if self.by else {"document_id": row.key, "title": row.label}),
                "tags": dict(zip(self.tags, row.counts, strict=True)),
            }
            for row in self.rows
        ]

    def header(self) -> list[str]:
        """The CSV header: the row's key columns, then one column per tag."""
        return [*(["group"] if self.by else ["document_id", "title"]), *self.tags]

    def table(self) -> list[list[object]]:
        """The CSV rows."""
        return [
            [*([row.key] if self.by else [row.key, row.label]), *row.counts] for row in self.rows
        ]


@dataclass(frozen=True, slots=True)
class Pair:
    """Two tags and how often they occur together (``within`` says where)."""

    tag_a: str
    tag_b: str
    count: int
    group: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The record ``report cooccurrence --json`` prints."""
        record: dict[str, Any] = {"tag_a": self.tag_a, "tag_b": self.tag_b, "count": self.count}
        return {"group": self.group, **record} if self.group is not None else record


def parse_by(by: str) -> tuple[str, int | None]:
    """``outlet`` -> (outlet, None); ``date:year`` -> (date, 4). Raises ValueError otherwise."""
    key, _, precision = by.partition(":")
    if not key.strip():
        raise ValueError("--by needs an attribute name, e.g. outlet or date:year")
    if precision and precision not in _PRECISION:
        raise ValueError(f"--by {by}: after ':' write year or month")
    return key.strip(), _PRECISION.get(precision) if precision else None


def document_groups(db: Database, by: str) -> dict[str, str]:
    """Each document's group under ``by`` (its attribute value, cut to the precision asked)."""
    key, width = parse_by(by)
    groups = {row[0]: NO_VALUE for row in db.execute("SELECT id FROM documents")}
    for document_id, value in db.execute(
        "SELECT document_id, value FROM document_attributes WHERE key = ?", [key]
    ):
        groups[document_id] = value[:width] if width else value
    return groups


def _group_order(groups: dict[str, str]) -> list[str]:
    values = set(groups.values())
    return sorted(values - {NO_VALUE}) + ([NO_VALUE] if NO_VALUE in values else [])


def _links(db: Database) -> list[tuple[str, str, int, int, str]]:
    """(highlight id, document id, start, end, tag name) for every tag on every highlight.

    The highlights are scanned once and each one's tags found by their primary key (CROSS
    JOIN fixes that order): the other way round costs two index searches per link.
    """
    names = {tag.id: tag.name for tag in list_tags(db)}
    return [
        (span_id, document_id, start, end, names[tag_id])
        for span_id, document_id, start, end, tag_id in db.execute(
            'SELECT h.id, h.document_id, h.start, h."end", ht.tag_id FROM highlights h '
            "CROSS JOIN highlight_tags ht ON ht.highlight_id = h.id"
        )
    ]


def tag_summary(db: Database, *, by: str | None = None) -> list[TagSummary]:
    """Per tag (every tag, in tag order, unused ones included): spans, documents, chars and
    share of documents; with ``by``, one row per (group, tag), groups sorted, "" last."""
    tags = [tag.name for tag in list_tags(db)]
    groups = document_groups(db, by) if by else None
    spans: Counter[tuple[str, str]] = Counter()
    chars: Counter[tuple[str, str]] = Counter()
    seen: set[tuple[str, str]] = set()
    for _span_id, document_id, start, end, tag in _links(db):
        group = groups.get(document_id, NO_VALUE) if groups is not None else ""
        spans[group, tag] += 1
        chars[group, tag] += end - start
        seen.add((document_id, tag))
    documents: Counter[tuple[str, str]] = Counter()
    for document_id, tag in seen:
        documents[groups.get(document_id, NO_VALUE) if groups is not None else "", tag] += 1
    if groups is None:
        total = {"": db.execute("SELECT count(*) FROM documents").fetchone()[0]}
        order = [""]
    else:
        total = Counter(groups.values())
        order = _group_order(groups)
    return [
        TagSummary(
            tag,
            spans[group, tag],
            documents[group, tag],
            chars[group, tag],
            documents[group, tag] / total[group] if total[group] else 0.0,
            group if groups is not None else None,
        )
        for group in order
        for tag in tags
    ]


def tag_matrix(db: Database, *, binary: bool = False, by: str | None = None) -> Matrix:
    """Documents x tags, span counts (1 or 0 with ``binary``), every document in import order;
    with ``by``, attribute values x tags (spans; with ``binary``, documents carrying the tag)."""
    tags = tuple(tag.name for tag in list_tags(db))
    column = {name: index for index, name in enumerate(tags)}
    counts: defaultdict[str, list[int]] = defaultdict(lambda: [0] * len(tags))
    for _span_id, document_id, _start, _end, name in _links(db):
        counts[document_id][column[name]] += 1
    if binary:
        for row in counts.values():
            row[:] = [min(count, 1) for count in row]
    if by is None:
        empty = (0,) * len(tags)
        rows = tuple(
            MatrixRow(
                document_id, title, tuple(counts[document_id]) if document_id in counts else empty
            )
            for document_id, title in db.execute("SELECT id, title FROM documents ORDER BY seq")
        )
        return Matrix(tags, rows)
    groups = document_groups(db, by)
    grouped: defaultdict[str, list[int]] = defaultdict(lambda: [0] * len(tags))
    for document_id, row in counts.items():
        target = grouped[groups.get(document_id, NO_VALUE)]
        for index, count in enumerate(row):
            target[index] += count
    order = _group_order(groups)
    return Matrix(
        tags,
        tuple(MatrixRow(g, g, tuple(grouped.get(g) or [0] * len(tags))) for g in order),
        by,
    )


def cooccurrence(
    db: Database, within: Within = "highlight", *, by: str | None = None
) -> list[Pair]:
    """How often two different tags occur together: on the same highlight (highlights carrying
    both), on overlapping highlights (pairs of distinct overlapping highlights, one carrying
    each) or in the same paragraph (paragraphs, i.e. lines, holding both). Pairs that occur,
    in tag order; with ``by``, per group."""
    if within not in WITHIN:
        raise ValueError(f"--within is one of {', '.join(WITHIN)}")
    order = {tag.name: index for index, tag in enumerate(list_tags(db))}
    groups = document_groups(db, by) if by else None
    found: Counter[tuple[str, str, str]] = Counter()
    for document_id, units in _units(db, within):
        group = groups.get(document_id, NO_VALUE) if groups is not None else ""
        for tags in units:
            for a, b in itertools.combinations(sorted(tags, key=order.__getitem__), 2):
                found[group, a, b] += 1
    pairs = sorted(
        found.items(), key=lambda item: (item[0][0], order[item[0][1]], order[item[0][2]])
    )
    if groups is not None:
        rank = {group: index for index, group in enumerate(_group_order(groups))}
        pairs.sort(key=lambda item: rank[item[0][0]])
    return [
        Pair(a, b, count, group if groups is not None else None) for (group, a, b), count in pairs
    ]


def _highlights_by_document(
    links: list[tuple[str, str, int, int, str]],
) -> dict[str, list[tuple[int, int, frozenset[str]]]]:
    """Each document's tagged highlights as (start, end, tags), by start."""
    spans: dict[str, tuple[str, int, int, set[str]]] = {}
    for span_id, document_id, start, end, tag in links:
        if span_id not in spans:
            spans[span_id] = (document_id, start, end, set())
        spans[span_id][3].add(tag)
    found: defaultdict[str, list[tuple[int, int, frozenset[str]]]] = defaultdict(list)
    for document_id, start, end, tags in spans.values():
        found[document_id].append((start, end, frozenset(tags)))
    for document_spans in found.values():
        document_spans.sort(key=lambda span: (span[0], span[1]))
    return found


def _units(db: Database, within: Within) -> Iterator[tuple[str, list[frozenset[str]]]]:
    """(document id, [tag sets that count as together]) per document with tagged highlights."""
    by_document = _highlights_by_document(_links(db))
    if within == "highlight":
        for document_id, spans in by_document.items():
            yield document_id, [tags for _start, _end, tags in spans if len(tags) > 1]
    elif within == "overlap":
        for document_id, spans in by_document.items():
            yield document_id, list(_overlapping_pairs(spans))
    else:
        # The texts in one pass, not one query per document.
        for document_id, text in db.execute(
            "SELECT d.id, v.text FROM documents d JOIN document_versions v "
            "ON v.document_id = d.id AND v.version = d.version "
            "WHERE d.id IN (SELECT document_id FROM highlights)"
        ):
            if document_id in by_document:
                yield document_id, _paragraph_tags(text, by_document[document_id])


def _overlapping_pairs(spans: list[tuple[int, int, frozenset[str]]]):
    """For each pair of distinct overlapping highlights, the tag pairs one on each (x != y)."""
    for index, (start, end, tags) in enumerate(spans):
        for other_start, other_end, other_tags in spans[index + 1 :]:
            if other_start >= end:
                break  # sorted by start: nothing later overlaps this one
            if start < other_end:
                pairs = {tuple(sorted((x, y))) for x in tags for y in other_tags if x != y}
                for x, y in pairs:
                    yield frozenset((x, y))


def _paragraph_tags(
    text: str, spans: list[tuple[int, int, frozenset[str]]]
) -> list[frozenset[str]]:
    """The tags on each paragraph (line) that any highlight touches."""
    paragraphs: defaultdict[int, set[str]] = defaultdict(set)
    for start, end, tags in spans:
        line = text.rfind("\n", 0, start) + 1
        while True:
            paragraphs[line].update(tags)
            following = text.find("\n", line, max(end - 1, line))
            if following < 0 or following + 1 >= end:
                break
            line = following + 1
    return [frozenset(tags) for tags in paragraphs.values()]
