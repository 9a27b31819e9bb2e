"""A virtual list with a row cursor: rows drawn on demand through the Line API, no widget per row.

Subclasses say how many rows there are (`row_count`) and draw one (`render_row`); moving,
scrolling the cursor into view and clicking are shared.
"""

from __future__ import annotations

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class CursorList(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows with a cursor that the keys move and a click places."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "Previous row", show=False, id="list-up"),
        Binding("down", "cursor(1)", "Next row", show=False, id="list-down"),
        Binding("pageup", "cursor(-10)", "Ten rows up", show=False, id="list-page-up"),
        Binding("pagedown", "cursor(10)", "Ten rows down", show=False, id="list-page-down"),
        Binding("home", "cursor(-1000000000)", "First row", show=False, id="list-first"),
        Binding("end", "cursor(1000000000)", "Last row", show=False, id="list-last"),
    ]

    cursor = reactive(0, init=False)

    @property
    def row_count(self) -> int:
        """How many rows the list has."""
        raise NotImplementedError

    def render_row(self, index: int, width: int, style: Style) -> Strip:
        """Row `index` (which exists), `width` cells wide, in `style` (the cursor's, if on it)."""
        raise NotImplementedError

    def on_click_row(self, event: events.Click) -> None:
        """What a click does once the cursor is on the clicked row."""

    def resize_rows(self) -> None:
        """Tell the scroll view how many rows there are, after the rows change."""
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count)

    def watch_cursor(self) -> None:
        height = self.scrollable_content_region.height
        if self.cursor < self.scroll_y:
            self.scroll_to(y=self.cursor, animate=False, force=True)
        elif height and self.cursor >= self.scroll_y + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, force=True)
        self.refresh()

    def action_cursor(self, step: int) -> None:
        """Move the cursor through the list."""
        if self.row_count:
            self.cursor = max(0, min(self.cursor + step, self.row_count - 1))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and round(self.scroll_y) + offset.y < self.row_count:
            self.cursor = round(self.scroll_y) + offset.y
            self.on_click_row(event)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = round(self.scroll_y) + y
        if index >= self.row_count:
            return Strip.blank(width, base)
        style = base
        if index == self.cursor:
            style = base + (Style(reverse=True) if self.has_focus else Style(bold=True))
        return self.render_row(index, width, style).crop_extend(0, width, base)
