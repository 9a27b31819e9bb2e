"""The lazy layout: offsets to rows and back, estimates replaced by exact counts."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from corpus_tui.corpus.layout import Layout
from corpus_tui.corpus.span_index import SpanIndex

words = st.sampled_from(["Tumen ", "한국어 ", "e\u0301", "\t", "\n", "word", "👍🏽", "\n\n"])
texts = st.lists(words, max_size=80).map("".join)


@given(texts, st.integers(4, 30))
def test_every_offset_round_trips_through_its_row_and_cell(text, width):
    layout = Layout(text, width)
    offsets = {cluster.start for y in range(layout.row_count) for cluster in layout.row(y)}
    for offset in offsets:
        y, cell = layout.locate(offset)
        assert layout.offset_at(y, cell) == offset
    assert layout.locate(len(text))[0] == layout.row_count - 1


def test_a_large_text_starts_with_estimates_and_becomes_exact_where_looked_at():
    text = ("한국어 문장입니다. " * 40 + "\n") * 400
    layout = Layout(text, 40)
    assert not any(layout.exact)
    layout.make_exact(0, 30)
    assert layout.exact[0]
    assert not layout.exact[-1]
    y, _ = layout.locate(len(text) - 3)
    assert layout.exact[layout.line_of(len(text) - 3)]
    assert layout.offset_at(y, 0) <= len(text) - 3


def test_end_of_a_text_ending_in_a_line_break_is_an_empty_last_row():
    layout = Layout("ab\n", 10)
    assert layout.row_count == 2
    assert layout.locate(3) == (1, 0)
    assert layout.offset_at(1, 5) == 3
    assert layout.offset_at(0, 9) == 2


@dataclass
class Span:
    start: int
    end: int


def test_span_index_finds_overlaps_and_neighbours():
    spans = [Span(0, 100), Span(10, 12), Span(50, 60), Span(55, 70)]
    index = SpanIndex(spans)
    assert index.overlapping(56, 58) == [Span(0, 100), Span(50, 60), Span(55, 70)]
    assert index.overlapping(12, 50) == [Span(0, 100)]
    assert index.at(11) == [Span(0, 100), Span(10, 12)]
    assert index.next_after(10) == Span(50, 60)
    assert index.last_before(50) == Span(10, 12)
    assert index.last_before(0) is None
