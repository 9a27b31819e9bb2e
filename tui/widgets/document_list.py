"""The document list: a virtual list drawn row by row, filtered by typing (fuzzy on titles).

No widget per document: rows are drawn on demand through the Line API, so a corpus of 100,000
documents scrolls and filters as quickly as one of five.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from store.documents import DocumentInfo

if TYPE_CHECKING:
    from corpus.title_filter import TitleFilter

FILTER_IN_PLACE = 5_000


def _size_label(chars: int) -> str:
    if chars < 1000:
        return str(chars)
    if chars < 1_000_000:
        return f"{chars / 1000:.1f}k"
    return f"{chars / 1_000_000:.1f}M"


class DocumentList(ScrollView, can_focus=True, inherit_bindings=False):
    """Every document with its length and highlight count; Enter opens one."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "Previous document", show=False),
        Binding("down", "cursor(1)", "Next document", show=False),
        Binding("pageup", "cursor(-10)", "Page up", show=False),
        Binding("pagedown", "cursor(10)", "Page down", show=False),
        Binding("home", "cursor(-1000000000)", "First document", show=False),
        Binding("end", "cursor(1000000000)", "Last document", show=False),
        Binding("enter", "open", "Open", tooltip="Open the document under the cursor"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    DEFAULT_CSS = """
    DocumentList {
        background: $surface;
    }
    """

    filter_text = reactive("", init=False)
    cursor = reactive(0, init=False)

    class Opened(Message):
        """The user chose a document to read."""

        def __init__(self, document_id: str) -> None:
            super().__init__()
            self.document_id = document_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.documents: list[DocumentInfo] = []
        self.shown: list[int] = []
        self.open_id: str | None = None
        self._filter: tuple[Sequence[DocumentInfo], TitleFilter] | None = None
        self._positions: dict[str, int] = {}

    def set_documents(self, documents: list[DocumentInfo]) -> None:
        """Replace the list, keeping the filter and (if still there) the cursor's document."""
        current = self.current
        self.documents = documents
        self._positions = {document.id: index for index, document in enumerate(documents)}
        self._apply_filter(keep=current.id if current else None)

    def set_spans(self, document_id: str, spans: int) -> None:
        """Show a new highlight count for one document."""
        index = self._positions.get(document_id)
        if index is not None:
            self.documents[index] = replace(self.documents[index], spans=spans)
            self.refresh()

    @property
    def current(self) -> DocumentInfo | None:
        """The document under the cursor, if any."""
        if not self.shown:
            return None
        return self.documents[self.shown[min(self.cursor, len(self.shown) - 1)]]

    def show_open(self, document_id: str | None) -> None:
        """Mark the document being read and put the cursor on it."""
        self.open_id = document_id
        for position, index in enumerate(self.shown):
            if self.documents[index].id == document_id:
                self.cursor = position
                break
        self.refresh()

    def _apply_filter(self, keep: str | None = None) -> None:
        documents = self.documents
        if not self.filter_text:
            self._show_filtered(documents, "", list(range(len(documents))), keep)
        elif len(documents) <= FILTER_IN_PLACE:
            matching = self._title_filter(documents).matching(self.filter_text)
            self._show_filtered(documents, self.filter_text, matching, keep)
        else:
            self._filter_in_background(documents, self.filter_text, keep)

    def _title_filter(self, documents: Sequence[DocumentInfo]) -> TitleFilter:
        """The titles of ``documents`` prepared for filtering, once per list, on the first key."""
        # Imported here: rapidfuzz and regex are not needed to show the unfiltered list.
        from corpus.title_filter import TitleFilter

        prepared = self._filter
        if prepared is None or prepared[0] is not documents:
            prepared = (documents, TitleFilter([document.title for document in documents]))
            self._filter = prepared
        return prepared[1]

    @work(thread=True, exclusive=True, group="document-filter")
    def _filter_in_background(
        self, documents: Sequence[DocumentInfo], query: str, keep: str | None
    ) -> None:
        # A large corpus takes a noticeable moment to filter: typing stays responsive meanwhile,
        # and only the latest query's result (over the latest list) is shown.
        shown = self._title_filter(documents).matching(query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_filtered, documents, query, shown, keep)

    def _show_filtered(
        self, documents: Sequence[DocumentInfo], query: str, shown: list[int], keep: str | None
    ) -> None:
        if query != self.filter_text or documents is not self.documents:
            return
        self.shown = shown
        self.cursor = 0
        if keep is not None:
            for position, index in enumerate(self.shown):
                if self.documents[index].id == keep:
                    self.cursor = position
                    break
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.shown))
        self.border_title = f"Documents · {self.filter_text}▏" if self.filter_text else "Documents"
        self.border_subtitle = f"{len(self.shown)}/{len(self.documents)}"
        self.refresh()

    def watch_filter_text(self) -> None:
        self._apply_filter()

    def watch_cursor(self) -> None:
        if self.cursor < self.scroll_y:
            self.scroll_to(y=self.cursor, animate=False, force=True)
        elif self.cursor >= self.scroll_y + self.scrollable_content_region.height:
            height = self.scrollable_content_region.height
            self.scroll_to(y=self.cursor - height + 1, animate=False, force=True)
        self.refresh()

    def action_cursor(self, step: int) -> None:
        """Move the cursor through the (filtered) list."""
        if self.shown:
            self.cursor = max(0, min(self.cursor + step, len(self.shown) - 1))

    def action_open(self) -> None:
        """Open the document under the cursor."""
        if self.current is not None:
            self.post_message(self.Opened(self.current.id))

    def action_clear_filter(self) -> None:
        """Show every document again."""
        self.filter_text = ""

    def on_key(self, event: events.Key) -> None:
        if event.key == "backspace" and self.filter_text:
            self.filter_text = self.filter_text[:-1]
        elif event.is_printable and event.character and event.key != "question_mark":
            self.filter_text += event.character
        else:
            return
        event.stop()
        event.prevent_default()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and round(self.scroll_y) + offset.y < len(self.shown):
            self.cursor = round(self.scroll_y) + offset.y
            if event.chain >= 2:
                self.action_open()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        position = round(self.scroll_y) + y
        if position >= len(self.shown):
            return Strip.blank(width, base)
        document = self.documents[self.shown[position]]
        info = f" {_size_label(document.chars)}"
        if document.spans:
            info += f" {document.spans}✎"
        mark = "▶" if document.id == self.open_id else " "
        room = max(width - 1 - cell_len(info), 2)
        title = document.title.replace("\n", " ")
        if cell_len(title) > room:
            title = set_cell_size(title, room - 1) + "…"
        else:
            title = set_cell_size(title, room)
        style = base
        if position == self.cursor:
            style = base + Style(reverse=True) if self.has_focus else base + Style(bold=True)
        segments = [
            Segment(mark, style),
            Segment(title, style),
            Segment(info, style + Style(dim=True)),
        ]
        return Strip(segments).crop_extend(0, width, base)
