"""Counting what was coded: per tag, documents x tags, tags occurring together, and any of
these broken down by one document attribute (``outlet``, or ``date:year`` for the year).

Every report reads the database in a few queries; only the same-paragraph co-occurrence reads
document text (the documents that have highlights).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
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


def tag_summary(db: Database, *, by: str | None = None) -> list[TagSummary]:
    """Per tag (every tag, in tag order, unused ones included): spans, documents, chars and
    share of documents; with ``by``, one row per (group, tag), groups sorted, "" last."""
    tags = [tag.name for tag in list_tags(db)]
    rows = db.execute(
        'SELECT t.name, h.document_id, count(*), sum(h."end" - h.start) FROM highlight_tags ht '
        "JOIN tags t ON t.id = ht.tag_id JOIN highlights h ON h.id = ht.highlight_id "
        "GROUP BY t.id, h.document_id"
    ).fetchall()
    groups = document_groups(db, by) if by else None
    spans: Counter[tuple[str, str]] = Counter()
    chars: Counter[tuple[str, str]] = Counter()
    documents: Counter[tuple[str, str]] = Counter()
    for tag, document_id, count, length in rows:
        group = groups.get(document_id, NO_VALUE) if groups is not None else ""
        spans[group, tag] += count
        chars[group, tag] += length
        documents[group, tag] += 1
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
    for document_id, name, count in db.execute(
        "SELECT h.document_id, t.name, count(*) FROM highlight_tags ht "
        "JOIN tags t ON t.id = ht.tag_id JOIN highlights h ON h.id = ht.highlight_id "
        "GROUP BY h.document_id, t.id"
    ):
        counts[document_id][column[name]] = min(count, 1) if binary else count
    if by is None:
        rows = tuple(
            MatrixRow(document_id, title, tuple(counts.get(document_id) or [0] * len(tags)))
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


def _highlights_by_document(db: Database) -> dict[str, list[tuple[int, int, frozenset[str]]]]:
    tags: defaultdict[str, set[str]] = defaultdict(set)
    for span_id, name in db.execute(
        "SELECT ht.highlight_id, t.name FROM highlight_tags ht JOIN tags t ON t.id = ht.tag_id"
    ):
        tags[span_id].add(name)
    found: defaultdict[str, list[tuple[int, int, frozenset[str]]]] = defaultdict(list)
    for span_id, document_id, start, end in db.execute(
        'SELECT id, document_id, start, "end" FROM highlights ORDER BY document_id, start'
    ):
        if span_id in tags:
            found[document_id].append((start, end, frozenset(tags[span_id])))
    return found


def _units(db: Database, within: Within):
    """(document id, [tag sets that count as together]) per document with tagged highlights."""
    if within == "highlight":
        by_document: defaultdict[str, list[frozenset[str]]] = defaultdict(list)
        names: defaultdict[str, set[str]] = defaultdict(set)
        owner: dict[str, str] = {}
        for span_id, document_id, name in db.execute(
            "SELECT ht.highlight_id, h.document_id, t.name FROM highlight_tags ht "
            "JOIN tags t ON t.id = ht.tag_id JOIN highlights h ON h.id = ht.highlight_id "
            "WHERE ht.highlight_id IN (SELECT highlight_id FROM highlight_tags "
            "GROUP BY highlight_id HAVING count(*) > 1)"
        ):
            names[span_id].add(name)
            owner[span_id] = document_id
        for span_id, tags in names.items():
            by_document[owner[span_id]].append(frozenset(tags))
        yield from by_document.items()
        return
    from corpus_tui.store.documents import get_text

    for document_id, spans in _highlights_by_document(db).items():
        if within == "overlap":
            yield document_id, list(_overlapping_pairs(spans))
        else:
            yield document_id, _paragraph_tags(get_text(db, document_id), spans)


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


def _paragraph_tags(text: str, spans: list[tuple[int, int, frozenset[str]]]) -> list[set[str]]:
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
    return list(paragraphs.values())
