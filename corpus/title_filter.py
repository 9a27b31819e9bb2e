"""Type-to-filter over document titles: every word typed must match, fuzzily, in order of score."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process, utils

CUTOFF = 70


def filter_titles(query: str, titles: Sequence[str]) -> list[int]:
    """Indices of the titles matching ``query``, best first (ties keep their order).

    ``partial_ratio`` scores a query found inside a title highly, which is what a filter
    wants; an empty query keeps every title in order.
    """
    if not query.strip():
        return list(range(len(titles)))
    matches = process.extract(
        query,
        titles,
        scorer=fuzz.partial_ratio,
        processor=utils.default_process,
        score_cutoff=CUTOFF,
        limit=None,
    )
    return [index for _title, _score, index in sorted(matches, key=lambda m: (-m[1], m[2]))]
