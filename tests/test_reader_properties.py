"""Property: whatever text is loaded and whatever keys and clicks follow, the reader's cursor and
selection stay inside the text and on grapheme-cluster boundaries.

The long variant (hundreds of examples) runs with `pytest tests/test_reader_properties.py --soak`.
"""

from __future__ import annotations

import asyncio

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from corpus_tui.tui.reader import Reader

# The pieces that make segmentation and layout hard: combining marks, Hangul as jamo, flags,
# emoji with modifiers and joiners, wide CJK, Devanagari conjuncts, tabs, blank lines,
# zero-width and bidi controls, a BOM inside the text, line and paragraph separators.
PIECES = [
    "a",
    "word",
    " ",
    "\n",
    "\n\n",
    "\t",
    ". ",
    "?” ",
    "e\u0301",
    "\u0301",
    "\u1100\u1161\u11a8",
    "\u1100",
    "한국어",
    "🇰🇷",
    "\U0001f1fa",
    "👍🏽",
    "👨\u200d👩\u200d👧",
    "\u200d",
    "\u200b",
    "中文字",
    "क्\u200dष",
    "\u202eevil\u202c",
    "\u2066שלום\u2069",
    "\ufeff",
    "\u2028",
    "\u2029",
    "x" * 90,
]
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.text(max_size=200),
)
# Every action the reader's keys run (the keys themselves are Textual's business).
ACTIONS = sorted({binding.action for binding in Reader.BINDINGS})
# Mostly actions, now and then a click at a cell (x, y) of the reader (clicks wait for the
# screen to settle, so they are the slow part of an example).
steps = st.lists(
    st.one_of(*[st.sampled_from(ACTIONS)] * 9, st.tuples(st.integers(0, 40), st.integers(0, 12))),
    max_size=30,
)


class Host(App[None]):
    """Just a reader, on a small screen so text wraps and scrolls."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Reader(id="reader")

    def on_mount(self) -> None:
        reader = self.query_one(Reader)
        reader.load(self.text, [], {})
        reader.focus()


def boundaries(text: str) -> set[int]:
    return {0} | {match.end() for match in regex.finditer(r"\X", text)}


def assert_on_boundaries(reader: Reader, marks: set[int], done: list) -> None:
    assert 0 <= reader.cursor <= len(reader.text), done
    assert reader.cursor in marks, (reader.cursor, done)
    if reader.selection is not None:
        start, end = reader.selection
        assert 0 <= start < end <= len(reader.text), done
        assert start in marks and end in marks, (reader.selection, done)


async def drive(text: str, script: list) -> None:
    app = Host(text)
    marks = boundaries(text)
    async with app.run_test(size=(44, 14)) as pilot:
        reader = app.query_one(Reader)
        await pilot.pause()
        done: list = []
        for step in script:
            if isinstance(step, tuple):
                await pilot.click(Reader, offset=step)
            else:
                await reader.run_action(step)
            done.append(step)
            assert_on_boundaries(reader, marks, done)
        assert reader.text == text


def check(text: str, script: list) -> None:
    asyncio.run(drive(text, script))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, steps)
def test_cursor_and_selection_stay_on_grapheme_boundaries(text: str, script: list) -> None:
    check(text, script)


@pytest.mark.soak
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, steps)
def test_cursor_and_selection_stay_on_grapheme_boundaries_soak(text: str, script: list) -> None:
    check(text, script)
