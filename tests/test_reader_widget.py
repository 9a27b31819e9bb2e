"""The reader widget alone: grapheme steps, tabs, wide characters, very long lines, overlaps."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import App, ComposeResult

import corpus_tui.tui
from corpus_tui.tui.reader import Reader


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    tags: tuple[str, ...]
    id: str = ""
    note: str | None = None


class ReaderApp(App[None]):
    CSS_PATH = Path(corpus_tui.tui.__file__).parent / "app.tcss"

    def __init__(self, text: str, marks: list[Mark] | None = None) -> None:
        super().__init__()
        self.text = text
        self.marks = marks or []

    def compose(self) -> ComposeResult:
        yield Reader(id="reader")

    def on_mount(self) -> None:
        reader = self.query_one(Reader)
        reader.load(self.text, self.marks, {"place": "#3b82f6", "person": "#ef4444"})
        reader.focus()


def visible(reader: Reader) -> list[str]:
    return [reader.render_line(y).text.rstrip() for y in range(reader.size.height)]


async def test_right_steps_over_whole_grapheme_clusters():
    text = "e\u0301한\u1100\u1161👍🏽🇰🇷x"
    app = ReaderApp(text)
    async with app.run_test(size=(40, 10)) as pilot:
        reader = app.query_one(Reader)
        stops = []
        for _ in range(6):
            await pilot.press("right")
            stops.append(reader.cursor)
        assert stops == [2, 3, 5, 7, 9, 10]
        await pilot.press("left", "left")
        assert reader.cursor == 7


async def test_tabs_and_wide_characters_keep_offsets_and_columns():
    text = "\tb\n한국어 abc\n"
    app = ReaderApp(text)
    async with app.run_test(size=(40, 10)) as pilot:
        reader = app.query_one(Reader)
        assert visible(reader)[:2] == ["    b", "한국어 abc"]
        await pilot.press("right", "right", "down")
        # "b" is drawn at cell 4; below it, cells 4-5 hold "어" (offset 5).
        assert reader.cursor == 5
        # One cell of padding, then "한국어 a" fills cells 0-7: cell 8 holds "b".
        await pilot.click(Reader, offset=(1 + 8, 1))
        assert text[reader.cursor] == "b"


async def test_a_one_line_document_of_300000_characters():
    text = "word " * 60_000
    app = ReaderApp(text)
    async with app.run_test(size=(60, 12)) as pilot:
        reader = app.query_one(Reader)
        assert reader.text_layout.line_count > 1
        await pilot.press("ctrl+end")
        assert reader.cursor == len(text)
        assert visible(reader)[-1].endswith("word")
        await pilot.press("up", "ctrl+left")
        assert text[reader.cursor : reader.cursor + 4] == "word"
        await pilot.press("ctrl+home")
        assert reader.cursor == 0
        assert visible(reader)[0].startswith("word word")


async def test_overlapping_highlights_are_drawn_underlined_and_bold():
    text = "Kim Jong-un visited Tumen."
    marks = [Mark(0, 11, ("person",)), Mark(4, 8, ("place",)), Mark(20, 25, ("place",))]
    app = ReaderApp(text, marks)
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        segments = list(reader.render_line(0))
        styles = {segment.text: segment.style for segment in segments if segment.text.strip()}
        assert styles["Jong"].underline and styles["Jong"].bold
        assert not styles["Tumen"].underline
        assert styles["Tumen"].bgcolor != styles["-un"].bgcolor
