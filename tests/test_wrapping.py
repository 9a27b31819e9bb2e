"""Display lines and word wrap: offsets preserved, widths respected."""

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from corpus_tui.corpus.wrapping import MAX_LINE, line_starts, wrap

words = st.sampled_from(
    ["Tumen", "한국어", "中国", "e\u0301te\u0301", "👍🏽", "\t", " ", "  ", "\x0c", "x"]
)
lines = st.lists(words, max_size=60).map("".join)


@given(lines, st.integers(2, 50))
def test_rows_cover_the_range_exactly_and_fit(text, width):
    rows = wrap(text, 0, len(text), width)
    clusters = [cluster for row in rows for cluster in row]
    assert [c.start for c in clusters] == ([0] + [c.end for c in clusters])[: len(clusters)]
    assert (clusters[-1].end if clusters else 0) == len(text)
    for row in rows:
        drawn = "".join(cluster.glyph for cluster in row)
        assert cell_len(drawn) == sum(cluster.cells for cluster in row)
        used = sum(cluster.cells for cluster in row)
        hanging = bool(row) and row[-1].glyph == " "
        assert used <= width + hanging or len(row) == 1


def test_breaks_after_spaces_and_keeps_offsets():
    rows = wrap("the quick brown fox", 0, 19, 9)
    assert ["".join(c.glyph for c in row) for row in rows] == ["the quick ", "brown fox"]
    assert rows[1][0].start == 10


def test_wide_characters_take_two_cells():
    rows = wrap("한국어 텍스트", 0, 7, 6)
    assert ["".join(c.glyph for c in row) for row in rows] == ["한국어 ", "텍스트"]
    assert rows[0][1].cells == 2


def test_tabs_expand_to_the_next_stop_without_changing_offsets():
    row = wrap("a\tb", 0, 3, 20)[0]
    assert [(c.start, c.end, c.glyph) for c in row] == [(0, 1, "a"), (1, 2, "   "), (2, 3, "b")]


def test_control_characters_are_drawn_visibly_and_line_breaks_as_one_cell():
    row = wrap("a\x1b\n", 0, 3, 20)[0]
    assert [c.glyph for c in row] == ["a", "\u241b", " "]


def test_line_starts_split_at_line_breaks_and_cut_long_lines():
    assert line_starts("") == [0]
    assert line_starts("a\nb") == [0, 2]
    assert line_starts("a\n") == [0, 2]
    long = "word " * 3000
    starts = line_starts(long)
    assert all(b - a <= MAX_LINE for a, b in pairwise([*starts, len(long)]))
    assert all(long[start - 1] == " " for start in starts[1:])


def test_long_line_without_spaces_is_cut_on_grapheme_boundaries():
    text = "e\u0301" * 5000
    starts = line_starts(text)
    assert len(starts) > 1
    assert all(start % 2 == 0 for start in starts)


def test_wrapped_rows_keep_the_paragraphs_indent_and_list_marker():
    text = "    It is reported that the mother is very sick."
    rows = wrap(text, 0, len(text), 24)
    drawn = ["".join(c.glyph for c in row) for row in rows]
    assert drawn[0] == "    It is reported that "
    assert all(row.startswith("    ") and row[4] != " " for row in drawn[1:])
    # The indent covers no text: it sits at the offset of the first character after it.
    indent = rows[1][0]
    assert (indent.start, indent.end, indent.cells) == (rows[1][1].start, rows[1][1].start, 4)
    bullet = "  • a point that runs on"
    assert ["".join(c.glyph for c in row) for row in wrap(bullet, 0, len(bullet), 14)] == [
        "  • a point ",
        "    that runs ",
        "    on",
    ]


def test_no_hanging_indent_when_it_would_leave_too_little_room():
    text = "        deeply indented words here"
    rows = wrap(text, 0, len(text), 12)
    assert all(row[0].start < row[0].end for row in rows)
