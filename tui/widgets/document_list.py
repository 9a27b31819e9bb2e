"""The document list: a virtual list drawn row by row, filtered by typing (fuzzy on titles).

No widget per document: rows are drawn on demand through the Line API, so a corpus of 100,000
documents scrolls and filters as quickly as one of five.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.markup import escape
from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.worker import get_current_worker

from corpus_tui.corpus.printable import one_line, visible
from corpus_tui.store.documents import DocumentInfo
from corpus_tui.tui.widgets.cursor_list import CursorList

if TYPE_CHECKING:
    from corpus_tui.corpus.title_filter import TitleFilter

FILTER_IN_PLACE = 5_000


def _size_label(chars: int) -> str:
    if chars < 1000:
        return str(chars)
    if chars < 1_000_000:
        return f"{chars / 1000:.1f}k"
    return f"{chars / 1_000_000:.1f}M"


class DocumentList(CursorList):
    """Every document with its length and highlight count; Enter opens one."""

    BINDINGS = [
        Binding(
            "enter",
            "open",
            "Open",
            tooltip="Open the document under the cursor",
            id="open-document",
        ),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="clear-filter"),
    ]

    filter_text = reactive("", init=False)

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
        # Attributes: one shown beside each title, and a filter on them (None: every document).
        self.column: str | None = None
        self.column_values: dict[str, str] = {}
        self.allowed: set[str] | None = None
        self.attribute_filter = ""

    def set_attribute_values(self, values: dict[str, str]) -> None:
        """Each document's value of the ``column`` attribute."""
        self.column_values = values
        self.refresh()

    def set_allowed(self, allowed: set[str] | None, description: str) -> None:
        """Show only these documents (None: all), described as ``description``."""
        self.allowed = allowed
        self.attribute_filter = description
        self._apply_filter(keep=self.current.id if self.current else None)

    def set_documents(self, documents: list[DocumentInfo]) -> None:
        """Replace the list, keeping the filter and (if still there) the cursor's document."""
        current = self.current
        self.documents = documents
        self._positions = {document.id: index for index, document in enumerate(documents)}
        self._apply_filter(keep=current.id if current else None)

    def set_span_counts(self, counts: dict[str, int]) -> None:
        """Show new highlight counts for the documents in ``counts``."""
        for document_id, spans in counts.items():
            index = self._positions.get(document_id)
            if index is not None and self.documents[index].spans != spans:
                self.documents[index] = replace(self.documents[index], spans=spans)
        if counts:
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
        from corpus_tui.corpus.title_filter import TitleFilter

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
        if self.allowed is not None:
            allowed = self.allowed
            shown = [index for index in shown if documents[index].id in allowed]
        self.shown = shown
        self.cursor = 0
        if keep is not None:
            for position, index in enumerate(self.shown):
                if self.documents[index].id == keep:
                    self.cursor = position
                    break
        self.resize_rows()
        # Escaped: what the user typed is never markup.
        typed = escape(self.filter_text)
        self.border_title = f"Documents · {typed}▏" if self.filter_text else "Documents"
        if self.attribute_filter:
            self.border_title += f" · {escape(self.attribute_filter)}"
        self.border_subtitle = f"{len(self.shown)}/{len(self.documents)}"
        self.refresh()

    def watch_filter_text(self) -> None:
        self._apply_filter()

    @property
    def row_count(self) -> int:
        return len(self.shown)

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

    def on_click_row(self, event: events.Click) -> None:
        if event.chain >= 2:
            self.action_open()

    def render_row(self, index: int, width: int, style: Style) -> Strip:
        document = self.documents[self.shown[index]]
        info = f" {_size_label(document.chars)}"
        if self.column:
            value = self.column_values.get(document.id, "")
            info = f" {one_line(value)[:16]}{info}" if value else info
        if document.spans:
            info += f" {document.spans}✎"
        mark = "▶" if document.id == self.open_id else " "
        room = max(width - 1 - cell_len(info), 2)
        title = visible(document.title.replace("\n", " "))
        if cell_len(title) > room:
            title = set_cell_size(title, room - 1) + "…"
        else:
            title = set_cell_size(title, room)
        segments = [
            Segment(mark, style),
            Segment(title, style),
            Segment(info, style + Style(dim=True)),
        ]
        return Strip(segments)
