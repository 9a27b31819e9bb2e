"""A horizontal bar chart drawn with Rich text: one bar per row, its number written on it.

Textual's own widgets rather than plotext: bars of whole cells with the count printed inside
read exactly at any terminal size, in the tag's own colour, over SSH and in 16-colour
terminals, and need no extra dependency; a plot canvas would blur small counts into braille.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widgets import Static

from corpus_tui.corpus.printable import one_line

LABEL_WIDTH = 24
DEFAULT_COLOR = "#6b7280"


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label, value and colour (None: the default grey)."""

    label: str
    value: float
    color: str | None = None
    text: str | None = None  # the number as written on the bar; the value if None


def render_bars(bars: list[Bar], width: int, label_width: int = LABEL_WIDTH) -> Text:
    """The chart as text, ``width`` cells wide: label, then a bar scaled to the largest value
    with its number on it (after it, when the bar is too short to hold it)."""
    result = Text()
    if not bars:
        result.append("nothing to chart yet", style="dim")
        return result
    label_width = min(label_width, max(8, width // 3))
    room = max(width - label_width - 2, 8)
    top = max((bar.value for bar in bars), default=0) or 1
    for position, bar in enumerate(bars):
        if position:
            result.append("\n")
        label = one_line(bar.label) or "(none)"
        if cell_len(label) > label_width:
            label = set_cell_size(label, label_width - 1) + "…"
        result.append(set_cell_size(label, label_width) + " ", style="dim" if not bar.value else "")
        filled = round(room * bar.value / top) if bar.value else 0
        number = bar.text if bar.text is not None else f"{bar.value:,.0f}"
        color = bar.color or DEFAULT_COLOR
        if filled >= len(number) + 2:
            inside = f" {number}".ljust(filled)
            result.append(inside, style=f"bold #ffffff on {color}")
        else:
            result.append(" " * filled, style=f"on {color}")
            result.append(f" {number}", style="bold")
    return result


class BarChart(Static):
    """A Static showing `render_bars` of its bars, redrawn at its own width."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.bars: list[Bar] = []

    def show(self, bars: list[Bar]) -> None:
        """Chart these bars."""
        self.bars = bars
        self.update(render_bars(bars, max(self.size.width - 2, 40)))

    def on_resize(self) -> None:
        self.update(render_bars(self.bars, max(self.size.width - 2, 40)))
