"""Cutting one very long line into display lines: on a grapheme cluster boundary, found near the
cut in any script (bench/reader_bench.py measures the 63 MB one-line document)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_tui.corpus.layout import Layout
from corpus_tui.corpus.textunits import GRAPHEME
from corpus_tui.corpus.wrapping import line_starts

# Characters that join clusters in every way UAX #29 knows: Hangul jamo (L, V, T) and
# syllables, combining and spacing marks, ZWJ emoji sequences, skin tones, regional indicators,
# Devanagari conjuncts (consonant + virama + consonant), a prepended mark, CR LF.
TRICKY = [
    "a",
    "e\u0301",
    "\u0301",
    "\u1100",
    "\u1161",
    "\u11a8",
    "\uac00",
    "\uac01",
    "한",
    "\u200d",
    "👩",
    "\U0001f3fd",
    "🇰",
    "🇷",
    "क",
    "\u094d",
    "ष",
    "\u093f",
    "\u0903",
    "\u0600",
    "\r",
    "\n",
    "中",
]


def clusters(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in GRAPHEME.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TRICKY), min_size=1, max_size=400))
def test_every_cut_is_a_cluster_boundary(pieces: list[str]) -> None:
    text = "".join(pieces)
    max_line = 32
    starts = line_starts(text, max_line=max_line)
    spans = clusters(text)
    boundaries = {start for start, _ in spans} | {len(text)}
    assert starts == sorted(set(starts))
    for start in starts:
        if start not in boundaries:
            # Only a cluster longer than the window a cut is looked for in is ever cut.
            inside = next(end - begin for begin, end in spans if begin < start < end)
            assert inside > max_line // 8


def test_a_line_of_hangul_or_accents_without_spaces_is_cut_between_clusters() -> None:
    for text in ("북한당국은지난달국경을" * 2000, "e\u0301" * 10_000, "क्षि" * 5000):
        layout = Layout(text, 80)
        assert layout.line_count > 1
        assert set(layout.starts) <= {start for start, _ in clusters(text)}
