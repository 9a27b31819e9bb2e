"""The open document's highlights, one row each, drawn on demand (a document may carry
thousands); Enter goes to the one under the cursor."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from corpus_tui.corpus.printable import visible
from corpus_tui.tui.reader import Marked
from corpus_tui.tui.widgets.cursor_list import CursorList

UNTAGGED_COLOR = "#6b7280"
# Highlights made before coders were recorded say so rather than guess.
UNKNOWN_CODER = "unknown"
CODER_CELLS = 8


class HighlightList(CursorList):
    """A bar in each tag's colour, then the start of the highlighted text."""

    BINDINGS = [
        Binding(
            "enter",
            "choose",
            "Go to",
            tooltip="Go to the highlight under the cursor and make it the target",
            id="go-to-highlight",
        ),
    ]

    class Chosen(Message):
        """The user chose a highlight to go to."""

        def __init__(self, highlight_id: str) -> None:
            super().__init__()
            self.highlight_id = highlight_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.highlights: Sequence[Marked] = []
        self.text = ""
        self.tag_colors: dict[str, str] = {}

    def set_highlights(
        self, highlights: Sequence[Marked], text: str, colors: dict[str, str]
    ) -> None:
        """Show these highlights (keeping the cursor's row where it was)."""
        self.highlights = highlights
        self.text = text
        self.tag_colors = colors
        self.cursor = max(0, min(self.cursor, len(highlights) - 1))
        self.resize_rows()
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self.highlights)

    def action_choose(self) -> None:
        """Go to the highlight under the cursor."""
        if self.highlights:
            self.post_message(self.Chosen(self.highlights[self.cursor].id))

    def on_click_row(self, event: events.Click) -> None:
        self.action_choose()

    def render_row(self, index: int, width: int, style: Style) -> Strip:
        highlight = self.highlights[index]
        base = self.rich_style
        bars = [
            Segment("▌", base + Style(color=self.tag_colors.get(tag, UNTAGGED_COLOR)))
            for tag in highlight.tags or ("",)
        ]
        note = " ✎" if highlight.note else ""
        coder = " " + _short(highlight.coder or UNKNOWN_CODER)
        room = max(width - len(bars) - len(note) - cell_len(coder) - 1, 4)
        passage = self.text[highlight.start : min(highlight.end, highlight.start + room * 2)]
        snippet = visible(" ".join(passage.split()))
        if cell_len(snippet) > room:
            snippet = set_cell_size(snippet, room - 1) + "…"
        segments = [
            *bars,
            Segment(" " + snippet, style),
            Segment(note, style + Style(bold=True)),
            Segment(coder, style + Style(dim=True, italic=True)),
        ]
        return Strip(segments)


def _short(name: str, cells: int = CODER_CELLS) -> str:
    """A coder's name cut to fit the list's coder column."""
    return name if cell_len(name) <= cells else set_cell_size(name, cells - 1) + "…"
