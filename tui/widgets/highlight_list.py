"""The open document's highlights, one row each, drawn on demand (a document may carry
thousands); Enter goes to the one under the cursor."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.highlights import Highlight

UNTAGGED_COLOR = "#6b7280"


class HighlightList(ScrollView, can_focus=True, inherit_bindings=False):
    """A bar in each tag's colour, then the start of the highlighted text."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "Previous highlight in list", show=False),
        Binding("down", "cursor(1)", "Next highlight in list", show=False),
        Binding("pageup", "cursor(-10)", "Page up", show=False),
        Binding("pagedown", "cursor(10)", "Page down", show=False),
        Binding("home", "cursor(-1000000000)", "First highlight", show=False),
        Binding("end", "cursor(1000000000)", "Last highlight", show=False),
        Binding("enter", "choose", "Go to", tooltip="Go to the highlight under the cursor"),
    ]

    DEFAULT_CSS = """
    HighlightList { background: $surface; padding: 0 0 0 1; }
    """

    cursor = reactive(0, init=False)

    class Chosen(Message):
        """The user chose a highlight to go to."""

        def __init__(self, highlight_id: str) -> None:
            super().__init__()
            self.highlight_id = highlight_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.highlights: list[Highlight] = []
        self.text = ""
        self.tag_colors: dict[str, str] = {}

    def set_highlights(
        self, highlights: list[Highlight], text: str, colors: dict[str, str]
    ) -> None:
        """Show these highlights (keeping the cursor's row where it was)."""
        self.highlights = highlights
        self.text = text
        self.tag_colors = colors
        self.cursor = max(0, min(self.cursor, len(highlights) - 1))
        self.virtual_size = Size(self.scrollable_content_region.width, len(highlights))
        self.refresh()

    def watch_cursor(self) -> None:
        height = self.scrollable_content_region.height
        if self.cursor < self.scroll_y:
            self.scroll_to(y=self.cursor, animate=False, force=True)
        elif height and self.cursor >= self.scroll_y + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, force=True)
        self.refresh()

    def action_cursor(self, step: int) -> None:
        """Move the cursor through the list."""
        if self.highlights:
            self.cursor = max(0, min(self.cursor + step, len(self.highlights) - 1))

    def action_choose(self) -> None:
        """Go to the highlight under the cursor."""
        if self.highlights:
            self.post_message(self.Chosen(self.highlights[self.cursor].id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and round(self.scroll_y) + offset.y < len(self.highlights):
            self.cursor = round(self.scroll_y) + offset.y
            self.action_choose()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = round(self.scroll_y) + y
        if index >= len(self.highlights):
            return Strip.blank(width, base)
        highlight = self.highlights[index]
        style = base
        if index == self.cursor:
            style = base + (Style(reverse=True) if self.has_focus else Style(bold=True))
        bars = [
            Segment("▌", base + Style(color=self.tag_colors.get(tag, UNTAGGED_COLOR)))
            for tag in highlight.tags or ("",)
        ]
        note = " ✎" if highlight.note else ""
        room = max(width - len(bars) - len(note) - 1, 4)
        passage = self.text[highlight.start : min(highlight.end, highlight.start + room * 2)]
        snippet = " ".join(passage.split())
        if cell_len(snippet) > room:
            snippet = set_cell_size(snippet, room - 1) + "…"
        segments = [*bars, Segment(" " + snippet, style), Segment(note, style + Style(bold=True))]
        return Strip(segments).crop_extend(0, width, base)
