"""Type-to-filter over titles and tag names: letters in order (as fzf does), or a near miss."""

from __future__ import annotations

from collections.abc import Sequence

import regex
from rapidfuzz import fuzz, process, utils

CUTOFF = 70
_IN_ORDER_BONUS = 100


class TitleFilter:
    """Titles prepared once (lower-cased, punctuation as spaces) and filtered per keystroke."""

    def __init__(self, titles: Sequence[str]) -> None:
        self.processed = [utils.default_process(title) for title in titles]

    def matching(self, query: str) -> list[int]:
        """Indices of the titles matching ``query``, best first (ties keep their order).

        A title matches when the query's letters appear in it in order ("prs" finds "person"),
        or when ``partial_ratio`` finds the query inside it with a typo or two. In-order matches
        rank first. An empty query keeps every title in order.
        """
        wanted = utils.default_process(query)
        if not wanted:
            return list(range(len(self.processed)))
        scores = {
            index: score
            for _title, score, index in process.extract(
                wanted, self.processed, scorer=fuzz.partial_ratio, score_cutoff=CUTOFF, limit=None
            )
        }
        letters = [regex.escape(letter) for letter in wanted if not letter.isspace()]
        in_order = regex.compile(".*?".join(letters)).search
        for index, title in enumerate(self.processed):
            if in_order(title):
                scores[index] = scores.get(index, 0) + _IN_ORDER_BONUS
        return sorted(scores, key=lambda index: (-scores[index], index))


def filter_titles(query: str, titles: Sequence[str]) -> list[int]:
    """``TitleFilter(titles).matching(query)``, for short lists filtered once."""
    return TitleFilter(titles).matching(query)
