"""How far two coders agree, on character units (DESIGN.md, "agreement --json").

Each character of a document that both coders coded is a unit. For one tag, a unit's value for
a coder is whether that coder's highlights put the tag on it; for all tags together (``*``), the
value is the set of tags the coder put on it. Over those units, for two coders and no missing
values:

- percent agreement: the share of units with equal values;
- Cohen's kappa (Cohen 1960): ``(p_o - p_e) / (1 - p_e)``, with the chance term
  ``p_e = sum over values v of p_A(v) * p_B(v)`` (each coder's own share of units with v);
- Krippendorff's alpha, nominal (Krippendorff 2011, "Computing Krippendorff's
  Alpha-Reliability", section B): from the coincidence matrix ``o[v][k]`` (each unit adds one
  (A, B) and one (B, A) pair), ``n_v`` its margins and ``n = 2 * units``,
  ``alpha = 1 - (n - 1) * sum_{v != k} o[v][k] / sum_{v != k} n_v * n_k``.

Units are counted a stretch at a time (between span boundaries nothing changes), never
character by character, so a 10 MB document costs what its spans cost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ALL_TAGS = "*"

Span = tuple[int, int, frozenset[str]]
"""A highlight as agreement sees it: start, end (exclusive) and its tags."""

Table = Mapping[tuple[Hashable, Hashable], int]
"""Units counted by (coder A's value, coder B's value)."""


@dataclass(frozen=True, slots=True)
class Agreement:
    """Agreement on one tag (or ``*``, all tags together) over ``chars`` character units.

    A measure is None where it is undefined: no units, or (kappa, alpha) no variation at all
    (both coders gave every unit the same single value, so chance agreement is certain).
    """

    tag: str
    chars: int
    percent: float | None
    kappa: float | None
    alpha: float | None

    def as_json(self) -> dict[str, Any]:
        """The record as ``agreement --json`` prints it."""
        return {
            "tag": self.tag,
            "chars": self.chars,
            "percent": self.percent,
            "kappa": self.kappa,
            "alpha": self.alpha,
        }


def percent_agreement(table: Table) -> float | None:
    """The share of units on which both coders gave the same value."""
    units = sum(table.values())
    if not units:
        return None
    return sum(count for (a, b), count in table.items() if a == b) / units


def cohen_kappa(table: Table) -> float | None:
    """Cohen's kappa; the chance term is the sum over values of the two coders' shares."""
    units = sum(table.values())
    if not units:
        return None
    share_a: Counter[Hashable] = Counter()
    share_b: Counter[Hashable] = Counter()
    for (a, b), count in table.items():
        share_a[a] += count
        share_b[b] += count
    observed = sum(count for (a, b), count in table.items() if a == b) / units
    chance = sum(share_a[v] * share_b[v] for v in share_a) / (units * units)
    if chance >= 1:
        return None
    return (observed - chance) / (1 - chance)


def krippendorff_alpha(table: Table) -> float | None:
    """Krippendorff's alpha for nominal data, two coders, no missing values."""
    coincidences: Counter[tuple[Hashable, Hashable]] = Counter()
    for (a, b), count in table.items():
        coincidences[a, b] += count
        coincidences[b, a] += count
    margins: Counter[Hashable] = Counter()
    for (v, _k), count in coincidences.items():
        margins[v] += count
    pairable = sum(margins.values())
    disagreeing = sum(count for (v, k), count in coincidences.items() if v != k)
    expected = pairable * pairable - sum(n * n for n in margins.values())
    if pairable < 2 or expected == 0:
        return None
    return 1 - (pairable - 1) * disagreeing / expected


def measure(tag: str, table: Table) -> Agreement:
    """Every measure of one tag's table of units."""
    return Agreement(
        tag,
        sum(table.values()),
        percent_agreement(table),
        cohen_kappa(table),
        krippendorff_alpha(table),
    )


def tally(
    documents: Iterable[tuple[int, Sequence[Span], Sequence[Span]]], tags: Sequence[str]
) -> dict[str, Counter[tuple[Hashable, Hashable]]]:
    """Count units per tag (and ``*``) over documents given as (length, A's spans, B's spans).

    Only documents where both coders have at least one span count (the caller passes those).
    ``tags`` are the tags measured; ``*`` compares the sets of those tags only.
    """
    wanted = frozenset(tags)
    tables: dict[str, Counter[tuple[Hashable, Hashable]]] = {tag: Counter() for tag in tags}
    tables[ALL_TAGS] = Counter()
    for length, spans_a, spans_b in documents:
        for left, right, tags_a, tags_b in stretches(length, spans_a, spans_b):
            size = right - left
            for tag in tags:
                tables[tag][tag in tags_a, tag in tags_b] += size
            tables[ALL_TAGS][tags_a & wanted, tags_b & wanted] += size
    return tables


def stretches(
    length: int, spans_a: Sequence[Span], spans_b: Sequence[Span]
) -> Iterator[tuple[int, int, frozenset[str], frozenset[str]]]:
    """Split ``[0, length)`` where any span starts or ends; yield each stretch with the tags
    each coder put on all of it (spans beyond ``length`` are cut at it). One pass over the
    sorted boundaries, counting each coder's open spans per tag."""
    events: list[tuple[int, int, int, frozenset[str]]] = []
    for coder, spans in ((0, spans_a), (1, spans_b)):
        for start, end, span_tags in spans:
            start, end = min(start, length), min(end, length)
            if start < end:
                events.append((start, coder, 1, span_tags))
                events.append((end, coder, -1, span_tags))
    events.sort(key=lambda event: event[0])
    open_tags: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    position = 0
    index = 0
    while position < length:
        while index < len(events) and events[index][0] == position:
            _, coder, step, span_tags = events[index]
            for tag in span_tags:
                open_tags[coder][tag] += step
            index += 1
        following = events[index][0] if index < len(events) else length
        following = min(following, length)
        yield (
            position,
            following,
            frozenset(tag for tag, n in open_tags[0].items() if n > 0),
            frozenset(tag for tag, n in open_tags[1].items() if n > 0),
        )
        position = following


def agreement(
    documents: Iterable[tuple[int, Sequence[Span], Sequence[Span]]], tags: Sequence[str]
) -> list[Agreement]:
    """One Agreement per tag, in the order given, then ``*`` for all of them together."""
    tables = tally(documents, tags)
    return [measure(tag, tables[tag]) for tag in (*tags, ALL_TAGS)]


def differing_passages(
    length: int, spans_a: Sequence[Span], spans_b: Sequence[Span], tags: Iterable[str]
) -> list[tuple[int, int]]:
    """The maximal passages where the coders' sets of ``tags`` differ, in text order."""
    wanted = frozenset(tags)
    passages: list[tuple[int, int]] = []
    for left, right, tags_a, tags_b in stretches(length, spans_a, spans_b):
        if tags_a & wanted == tags_b & wanted:
            continue
        if passages and passages[-1][1] == left:
            passages[-1] = (passages[-1][0], right)
        else:
            passages.append((left, right))
    return passages
