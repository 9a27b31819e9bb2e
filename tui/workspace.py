"""The main screen's three panes and every coding action: tagging, notes, nudges, undo.

Each action is one store call inside one undo step (one transaction); the panes are then
redrawn from the database, so what is shown is always what is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING

from rich.markup import escape
from sqlite_utils import Database
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import Worker

from corpus_tui.corpus import textunits
from corpus_tui.corpus.paged import page_at
from corpus_tui.corpus.printable import visible
from corpus_tui.store.db import StoreError, database_file, open_db
from corpus_tui.store.documents import get_document, get_page_starts, list_documents
from corpus_tui.store.editing import add_tag, remove_tag, set_bounds, set_note
from corpus_tui.store.highlights import Highlight, delete_highlight, highlights_for
from corpus_tui.store.reading_state import ReadingPosition, load_position, save_position
from corpus_tui.store.search_tagging import tag_mentions
from corpus_tui.store.seen_text import (
    SeenText,
    current_version,
    read_seen_text,
    reattach_at_seen_span,
    require_seen_version,
    tag_seen_span,
)
from corpus_tui.store.span_counts import changed_span_counts, track_span_counts
from corpus_tui.store.tag_admin import tag_counts
from corpus_tui.store.tags import Tag, create_tag, list_tags
from corpus_tui.tui.changes import Changes, Done
from corpus_tui.tui.failures import reads_database, worker_failed
from corpus_tui.tui.layers import ALL_LAYERS, in_layer, layer_label, next_layer
from corpus_tui.tui.reader import Marked, Reader, stacked_order
from corpus_tui.tui.widgets.document_list import DocumentList
from corpus_tui.tui.widgets.tag_panel import TagList, TagPanel

if TYPE_CHECKING:
    from corpus_tui.tui.screens.orphans import OrphanChoice

SAVE_DELAY = 0.5
# A start moved by a word lands on a word's start, an end on a word's end.
NUDGES = {
    ("char", "start", -1): textunits.prev_grapheme,
    ("char", "start", 1): textunits.next_grapheme,
    ("char", "end", -1): textunits.prev_grapheme,
    ("char", "end", 1): textunits.next_grapheme,
    ("word", "start", -1): textunits.prev_word_start,
    ("word", "start", 1): textunits.next_word_start,
    ("word", "end", -1): textunits.prev_word_end,
    ("word", "end", 1): textunits.next_word_end,
}
PANE_STEP = 4
HIDE_DOCUMENTS_BELOW = 90
FIRST_ROWS = 200


def _quick_tag_bindings() -> list[Binding]:
    bindings = [
        Binding(
            "1",
            "quick_tag(1)",
            "Tag",
            key_display="1-9",
            tooltip="Apply tag 1-9",
            id="quick-tag-1",
        ),
    ]
    bindings += [
        Binding(str(n), f"quick_tag({n})", f"Apply tag {n}", show=False, id=f"quick-tag-{n}")
        for n in range(2, 10)
    ]
    return bindings


def _nudge_bindings() -> list[Binding]:
    nudges = [
        ("left_square_bracket", "start", -1, "char", "Start one character left"),
        ("right_square_bracket", "start", 1, "char", "Start one character right"),
        ("left_curly_bracket", "start", -1, "word", "Start one word left"),
        ("right_curly_bracket", "start", 1, "word", "Start one word right"),
        ("minus", "end", -1, "char", "End one character left"),
        ("equals_sign", "end", 1, "char", "End one character right"),
        ("underscore", "end", -1, "word", "End one word left"),
        ("plus", "end", 1, "word", "End one word right"),
    ]
    # Ids name the move, not the key: `[ ] { } - = _ +` are not on every keyboard.
    return [
        Binding(
            key,
            f"nudge('{edge}', {step}, '{unit}')",
            description,
            show=False,
            tooltip=f"{description}: the selection's bound, else the target highlight's",
            id=f"{edge}-{'word-' if unit == 'word' else ''}{'left' if step < 0 else 'right'}",
        )
        for key, edge, step, unit, description in nudges
    ]


def _passage(text: str, start: int, end: int, room: int) -> str:
    """``text[start:end]`` on one line, cut to ``room`` characters with an ellipsis."""
    words = " ".join(text[start : min(end, start + room * 4)].split())
    return words if len(words) <= room else words[: room - 1] + "…"


class Workspace(Horizontal):
    """Document list, reader with its status line, and tag panel over one database."""

    BINDINGS = [
        *_quick_tag_bindings(),
        Binding(
            "t",
            "pick_tag",
            "Tag…",
            tooltip="Choose or create a tag for the selection",
            id="tag-picker",
        ),
        Binding(
            "e", "edit_note", "Note", tooltip="Write a note on the target highlight", id="edit-note"
        ),
        Binding("u,ctrl+z", "undo", "Undo", id="undo"),
        Binding("ctrl+y,U", "redo", "Redo", show=False, id="redo"),
        Binding(
            "r",
            "remove_tag",
            "Untag",
            show=False,
            tooltip="Remove a tag from the target highlight",
            id="remove-tag",
        ),
        Binding(
            "T",
            "new_tag",
            "New tag",
            show=False,
            id="new-tag",
            tooltip="Make a tag before any passage is selected",
        ),
        Binding(
            "x,delete",
            "delete_highlight",
            "Delete",
            show=False,
            tooltip="Delete the target highlight (the innermost under the cursor)",
            id="delete-highlight",
        ),
        Binding(
            "c",
            "cycle_target",
            "Next stacked",
            show=False,
            tooltip="Make the next highlight stacked under the cursor the target",
            id="cycle-target",
        ),
        *_nudge_bindings(),
        Binding("n", "jump(1)", "Next highlight", show=False, id="next-highlight"),
        Binding("N", "jump(-1)", "Previous highlight", show=False, id="previous-highlight"),
        Binding(
            "f",
            "jump_filter",
            "Jump by tag",
            show=False,
            tooltip="n/N visit one tag only",
            id="jump-filter",
        ),
        Binding(
            "L",
            "cycle_layer",
            "Layer",
            show=False,
            id="cycle-layer",
            tooltip="Show all coders' highlights, only yours, or one other coder's",
        ),
        Binding(
            "A",
            "agreement",
            "Agreement",
            show=False,
            id="agreement",
            tooltip="How far two coders agree, and the passages where they differ",
        ),
        Binding(
            "f2",
            "toggle_pane('documents')",
            "Show/hide documents",
            show=False,
            id="toggle-documents",
        ),
        Binding("f3", "toggle_pane('tags')", "Show/hide tags", show=False, id="toggle-tags"),
        Binding(
            "alt+left",
            "resize_pane(-1)",
            "Narrower documents pane",
            show=False,
            id="narrower-documents",
        ),
        Binding(
            "alt+right",
            "resize_pane(1)",
            "Wider documents pane",
            show=False,
            id="wider-documents",
        ),
        Binding(
            "ctrl+d",
            "focus_pane('documents')",
            "Go to documents",
            show=False,
            id="focus-documents",
        ),
        Binding("ctrl+r", "focus_pane('reader')", "Go to reader", show=False, id="focus-reader"),
        Binding("ctrl+t", "focus_pane('tag-list')", "Go to tags", show=False, id="focus-tags"),
        Binding(
            "a",
            "document_details",
            "Details",
            show=False,
            tooltip="The open document's attributes and memo",
            id="document-details",
        ),
        Binding(
            "ctrl+f",
            "filter_documents",
            "Filter by attribute",
            show=False,
            tooltip="Show only documents whose attributes pass, e.g. outlet = Daily NK",
            id="filter-documents",
        ),
        Binding(
            "ctrl+g",
            "attribute_column",
            "Attribute column",
            show=False,
            tooltip="Show one attribute beside each document title",
            id="attribute-column",
        ),
    ]

    def __init__(self, db: Database, *, coder: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.db = db
        self._coder = coder
        self.changes = Changes(self, db, changed=self.refresh_coding, sign=self._show_wait)
        track_span_counts(db)
        self.document_id: str | None = None
        self.text = ""
        self.seen: SeenText | None = None
        self.page_starts: tuple[int, ...] = ()
        self.tags: list[Tag] = []
        self.jump_tag: str | None = None
        self.coder_layer = ALL_LAYERS
        """Whose highlights the reader and the highlight list show (see tui/layers.py)."""
        self.disagreement_index = 0
        """Where the agreement screen's passage list opens: after the last one visited."""
        self._save_timer: Timer | None = None
        self._documents_pane_chosen = False
        self._reader = Reader(id="reader")
        # The highlight keys act on, when the user chose one (c, or a row of the highlight
        # list); otherwise the innermost one under the cursor.
        self._target_id: str | None = None
        # A line about the last bound-key move, shown while the cursor stays where it left it.
        self._notice: tuple[int, str] | None = None

    def compose(self) -> ComposeResult:
        yield DocumentList(id="documents")
        with Vertical(id="reading"):
            yield self._reader
            yield Static(id="db-wait", markup=False)
            yield Static(id="status", markup=False)
        yield TagPanel(id="tags")

    @property
    def coder(self) -> str | None:
        """Who is coding in this session (the app resolved it at start-up)."""
        return self._coder

    @property
    def reader(self) -> Reader:
        """The reader pane."""
        return self._reader

    def on_mount(self) -> None:
        documents = self.query_one(DocumentList)
        first = list_documents(self.db, limit=FIRST_ROWS)
        documents.set_documents(first)
        if len(first) == FIRST_ROWS:
            # The rest once the first rows are on screen: reading it would delay their paint.
            path = database_file(self.db)
            self.call_after_refresh(self._load_documents, path)
        self.reader.border_title = "Reader"
        self.query_one(TagPanel).border_title = "Tags"
        position = load_position(self.db)
        if position is not None:
            self.call_after_refresh(
                self.open_document, position.document_id, position.top, position.cursor
            )
        elif documents.current is not None:
            self.call_after_refresh(self.open_document, documents.current.id)
        self.reader.focus()

    @work(thread=True, exclusive=True, group="document-list", exit_on_error=False)
    def _load_documents(self, path: str) -> None:
        # A big corpus's list takes a moment to read: the first rows show at once, the rest
        # arrive from this thread, on its own connection (a connection stays in its thread).
        db = open_db(path)
        try:
            documents = list_documents(db)
        finally:
            db.close()
        self.app.call_from_thread(self.query_one(DocumentList).set_documents, documents)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker_failed(self, event)

    def on_unmount(self) -> None:
        self.changes.flush()
        self.save_now()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 110, "-narrow")
        # Below this width the reader needs the room: the list waits behind ctrl+d / f2.
        if not self._documents_pane_chosen:
            self.query_one(DocumentList).display = self.size.width >= HIDE_DOCUMENTS_BELOW

    # ---- opening and redrawing ---------------------------------------------------------------

    @reads_database
    def open_document(self, document_id: str, top: int = 0, cursor: int = 0) -> None:
        """Show a document in the reader, scrolled so ``top`` is the first row."""
        info = get_document(self.db, document_id)
        seen = read_seen_text(self.db, document_id)
        if info is None or seen is None:
            return
        self.document_id = document_id
        self._choose_target(None)
        self.seen = seen
        self.text = seen.text
        self.page_starts = get_page_starts(self.db, document_id)
        self.tags = list_tags(self.db)
        self.reader.border_title = escape(visible(info.title))
        self.reader.load(self.text, self._shown(document_id), self._colors())
        self.reader.move_to(cursor, top=top)
        self.query_one(DocumentList).show_open(document_id)
        self._refresh_panels()
        self._schedule_save()

    @reads_database
    def reload(self) -> None:
        """Read the database again, for what another program (an import, a merge) changed."""
        self.query_one(DocumentList).set_documents(list_documents(self.db))
        if self.document_id is None:
            self.refresh_coding()
        else:
            self.open_document(self.document_id, self.reader.top_offset, self.reader.cursor)

    def _shown(self, document_id: str) -> list[Highlight]:
        """The document's highlights in the layer shown."""
        return in_layer(highlights_for(self.db, document_id), self.coder_layer, self.coder)

    def _colors(self) -> dict[str, str]:
        return {tag.name: tag.color for tag in self.tags}

    @reads_database
    def refresh_coding(self) -> None:
        """Redraw highlights, tags and counts from the database after a change."""
        self.tags = list_tags(self.db)
        # A change may touch other documents than the open one (tagging from search, undoing
        # it): the counts of every document this connection changed are read again.
        self.query_one(DocumentList).set_span_counts(changed_span_counts(self.db))
        if self.document_id is None:
            self.query_one(TagPanel).show(self.tags, tag_counts(self.db), [], "")
            return
        if self.seen and current_version(self.db, self.document_id) != self.seen.version:
            # Another program imported a new version: show it, or a change made now would be
            # made against text that is no longer there.
            self.notify(
                "Another program imported a new version of this document: it is shown now, "
                "its highlights moved with their text",
                severity="warning",
            )
            self.open_document(self.document_id, self.reader.top_offset, self.reader.cursor)
            return
        self.reader.set_highlights(self._shown(self.document_id), self._colors())
        self._refresh_panels()

    def _refresh_panels(self) -> None:
        highlights = list(self.reader.highlights.spans)
        counts = tag_counts(self.db, self.document_id)
        self.query_one(TagPanel).show(self.tags, counts, highlights, self.text)
        self._update_status()

    def _update_status(self) -> None:
        """The status line, most telling first so a narrow screen keeps what matters: the
        selection's text and tags, else the target highlight, then notes and the position."""
        reader = self.reader
        parts: list[str] = []
        if self.page_starts:
            # A paged document: the page first, as a reader of the printed one looks for it.
            parts.append(f"page {page_at(self.page_starts, reader.cursor)}/{len(self.page_starts)}")
        if reader.selection:
            start, end = reader.selection
            # About 40 characters; fewer on a narrow screen, so the tags after them still show.
            room = 40 if self.query_one("#status").size.width >= 64 else 32
            parts.append(f"“{_passage(self.text, start, end, room)}”")
            covering = {
                tag
                for highlight in reader.highlights.overlapping(start, end)
                if highlight.start <= start and highlight.end >= end
                for tag in highlight.tags
            }
            parts.append(", ".join(sorted(covering)) if covering else "untagged")
            parts.append(f"{end - start:,} chars")
        else:
            if reader.marking:
                parts.append("marking: moves extend the selection")
            stacked = self._stacked_here()
            target = self._target(stacked)
            if target is not None:
                names = ", ".join(target.tags) if target.tags else "no tag"
                label = f"▸ “{_passage(self.text, target.start, target.end, 24)}” {names}"
                if len(stacked) > 1:
                    label += f" ({stacked.index(target) + 1}/{len(stacked)}, c: next)"
                parts.append(label)
                if target.note:
                    parts.append("✎ " + _passage(target.note, 0, len(target.note), 30))
        if self._notice is not None and self._notice[0] == reader.cursor and not reader.selection:
            parts.append(self._notice[1])
        if self.jump_tag:
            parts.append(f"n/N: {self.jump_tag}")
        if self.coder_layer != ALL_LAYERS:
            parts.append(f"layer: {layer_label(self.coder_layer, self.coder)}")
        parts.append(f"{reader.cursor:,}/{len(self.text):,}")
        self.query_one("#status", Static).update(visible(" · ".join(parts)))

    @on(Reader.CursorMoved)
    def _cursor_moved(self) -> None:
        stacked = self._stacked_here() if self._target_id is not None else []
        if all(highlight.id != self._target_id for highlight in stacked):
            self._choose_target(None)  # left the chosen highlight: the innermost again
        self._update_status()
        self._schedule_save()

    @on(DocumentList.Opened)
    def _document_chosen(self, event: DocumentList.Opened) -> None:
        self.save_now()
        self.open_document(event.document_id)
        self.reader.focus()

    @on(TagPanel.Jump)
    def _jump_to(self, event: TagPanel.Jump) -> None:
        for highlight in self.reader.highlights.spans:
            if highlight.id == event.highlight_id:
                self.reader.reveal(highlight.start)
                self._choose_target(highlight.id)
                self.reader.focus()
                self._update_status()

    @on(TagPanel.NewTag)
    def _new_tag_from_panel(self) -> None:
        self.action_new_tag()

    @on(TagPanel.Apply)
    def _apply_from_panel(self, event: TagPanel.Apply) -> None:
        self._apply_tag(event.tag)
        self.reader.focus()

    # ---- remembering where the reader is -----------------------------------------------------

    def _schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_now)

    def save_now(self) -> None:
        """Store the open document, scroll and cursor (called on moves, switches and quit)."""
        if self.document_id is not None:
            position = ReadingPosition(self.document_id, self.reader.top_offset, self.reader.cursor)
            # A read-only (or long-busy) database cannot keep the place; reading goes on, and
            # the user hears about it when a change they make is refused.
            with suppress(StoreError):
                save_position(self.db, position)

    # ---- what the actions act on -------------------------------------------------------------

    def _stacked_here(self) -> list[Marked]:
        """The highlights under the cursor (or just before it, at a highlight's end), innermost
        first."""
        reader = self.reader
        under = reader.highlights_at(reader.cursor)
        if not under and reader.cursor > 0:
            under = reader.highlights_at(textunits.prev_grapheme(self.text, reader.cursor))
        return stacked_order(under)

    def _target(self, stacked: list[Marked]) -> Marked | None:
        """The chosen target if it is among ``stacked``, else the innermost."""
        chosen = [highlight for highlight in stacked if highlight.id == self._target_id]
        return chosen[0] if chosen else (stacked[0] if stacked else None)

    def _choose_target(self, highlight_id: str | None) -> None:
        """Make a highlight the target (None: the innermost under the cursor); the reader draws
        a chosen one on top of those stacked with it."""
        if highlight_id != self._target_id:
            self._target_id = highlight_id
            self.reader.set_on_top(highlight_id)

    def _highlight_here(self) -> Marked | None:
        """The target highlight: the one the keys that act on a highlight act on."""
        return self._target(self._stacked_here())

    def _change(
        self, label: str, operation: Callable[[], object], done: Done | None = None
    ) -> None:
        """Run one store operation as one undo step, through the app's one write path."""
        self.changes.change(label, operation, done)

    def _show_wait(self, sign: str | None) -> None:
        wait = self.query_one("#db-wait", Static)
        wait.update(sign or "")
        wait.set_class(sign is not None, "-waiting")

    def _apply_tag(self, name: str) -> None:
        reader = self.reader
        if reader.selection and self.seen is not None:
            start, end = reader.selection
            seen = self.seen

            def tagged(_highlight: object) -> None:
                if reader.selection == (start, end):
                    reader.action_clear_selection()

            self._change(
                f"tag {name}",
                lambda: tag_seen_span(self.db, seen, start, end, name, self.coder),
                tagged,
            )
            return
        highlight = self._highlight_here() if self.document_id else None
        if highlight is None:
            if any(tag.name == name for tag in self.tags):
                self.notify(
                    f"Select a passage first (s selects the sentence), then tag it “{name}”",
                    severity="warning",
                )
            else:
                self._new_tag(name)
        elif name in highlight.tags:
            self._change(f"untag {name}", lambda: remove_tag(self.db, highlight.id, name))
        else:
            self._change(f"tag {name}", lambda: add_tag(self.db, highlight.id, name))

    # ---- actions -----------------------------------------------------------------------------

    def action_quick_tag(self, number: int) -> None:
        """Apply the tag with quick key ``number`` to the selection (or toggle it on the
        highlight under the cursor)."""
        if number > len(self.tags):
            self.notify(f"No tag {number} yet: press t to create one", severity="warning")
            return
        self._apply_tag(self.tags[number - 1].name)

    def _new_tag(self, name: str) -> None:
        """Make the tag ``name`` (one undo step) and say how to use it."""

        def made(tag: Tag) -> None:
            position = next((n for n, t in enumerate(self.tags, 1) if t.name == tag.name), None)
            key = f"press {position}" if position is not None and position <= 9 else "press t"
            self.notify(f"New tag “{tag.name}”: select a passage and {key} to tag it")

        self._change(f"new tag {name}", lambda: create_tag(self.db, name), made)

    def action_new_tag(self) -> None:
        """Make a tag without tagging anything yet."""
        from corpus_tui.tui.screens.dialogs import Prompt

        def answered(name: str | None) -> None:
            if name is not None and name.strip():
                self._new_tag(name)

        self.app.push_screen(Prompt("Name of the new tag:"), answered)

    def action_pick_tag(self) -> None:
        """Choose a tag (or create one) for the selection or the highlight under the cursor."""

        def chosen(name: str | None) -> None:
            if name:
                self._apply_tag(name)

        # Dialogs (and the fuzzy matching they use) load when first opened, not at start-up.
        from corpus_tui.tui.screens.tag_picker import TagPicker

        self.app.push_screen(TagPicker(list_tags(self.db)), chosen)

    def action_remove_tag(self) -> None:
        """Remove a tag from the highlight under the cursor (asks which if it has several)."""
        highlight = self._highlight_here()
        if highlight is None or not highlight.tags:
            self.notify("No tagged highlight under the cursor", severity="warning")
            return

        def chosen(name: str | None) -> None:
            if name:
                self._change(f"untag {name}", lambda: remove_tag(self.db, highlight.id, name))

        if len(highlight.tags) == 1:
            chosen(highlight.tags[0])
        else:
            from corpus_tui.tui.screens.tag_picker import TagPicker

            mine = [tag for tag in list_tags(self.db) if tag.name in highlight.tags]
            self.app.push_screen(TagPicker(mine, "Remove which tag?", allow_new=False), chosen)

    def action_delete_highlight(self) -> None:
        """Delete the highlight under the cursor (undo brings it back)."""
        highlight = self._highlight_here()
        if highlight is None:
            self.notify("No highlight under the cursor", severity="warning")
            return
        self._change("delete highlight", lambda: delete_highlight(self.db, highlight.id))

    def action_edit_note(self) -> None:
        """Write or change the note on the highlight under the cursor."""
        highlight = self._highlight_here()
        if highlight is None:
            self.notify("No highlight under the cursor", severity="warning")
            return
        passage = " ".join(self.text[highlight.start : highlight.end].split())
        passage = passage if len(passage) <= 50 else passage[:49] + "…"

        def saved(note: str | None) -> None:
            if note is not None:
                self._change("note", lambda: set_note(self.db, highlight.id, note))

        from corpus_tui.tui.screens.dialogs import NoteEditor

        self.app.push_screen(NoteEditor(passage, highlight.note or ""), saved)

    def action_nudge(self, edge: str, step: int, unit: str) -> None:
        """Move a bound by a character or a word: the selection's if there is one, else the
        target highlight's."""
        move = NUDGES[unit, edge, step]
        reader = self.reader
        if reader.selection:
            start, end = reader.selection
            if edge == "start":
                start = min(move(self.text, start), end)
            else:
                end = max(move(self.text, end), start)
            if end > start:
                reader.select(start, end)
            return
        highlight = self._highlight_here()
        if highlight is None:
            self.notify("Select a passage or go to a highlight first", severity="warning")
            return
        start, end = highlight.start, highlight.end
        if edge == "start":
            start = move(self.text, start)
        else:
            end = move(self.text, end)
        seen = self.seen
        inside = start if edge == "start" else textunits.prev_grapheme(self.text, end)

        def move_bound() -> Highlight:
            # Offsets worked out on the text shown: refused if a new version replaced it.
            if seen is not None:
                require_seen_version(self.db, seen)
            return set_bounds(self.db, highlight.id, start, end)

        def moved(_highlight: object) -> None:
            if self.seen != seen:
                return
            self._choose_target(highlight.id)
            where = "start" if edge == "start" else "end"
            passage = _passage(self.text, start, end, 20)
            self._notice = (inside, f"moved the {where} of the target “{passage}”")
            self.reader.move_to(inside)
            self._update_status()

        self._change("move highlight", move_bound, moved)

    def action_cycle_target(self) -> None:
        """Make the next highlight stacked under the cursor (innermost first) the target."""
        stacked = self._stacked_here()
        if len(stacked) < 2:
            message = "Only one highlight here" if stacked else "No highlight under the cursor"
            self.notify(message, severity="information")
            return
        current = self._target(stacked) or stacked[0]
        self._choose_target(stacked[(stacked.index(current) + 1) % len(stacked)].id)
        self._update_status()

    def action_jump(self, step: int) -> None:
        """Go to the next (or previous) highlight, of the chosen tag only if one is chosen."""
        spans = [
            highlight
            for highlight in self.reader.highlights.spans
            if self.jump_tag is None or self.jump_tag in highlight.tags
        ]
        cursor = self.reader.cursor
        if step > 0:
            target = next((h for h in spans if h.start > cursor), None)
        else:
            target = next((h for h in reversed(spans) if h.start < cursor), None)
        if target is None:
            self.notify("No more highlights that way", severity="information")
            return
        self.reader.move_to(target.start)

    def action_jump_filter(self) -> None:
        """Choose the tag n/N jump between (Esc: every highlight)."""

        def chosen(name: str | None) -> None:
            self.jump_tag = name
            self._update_status()

        from corpus_tui.tui.screens.tag_picker import TagPicker

        self.app.push_screen(TagPicker(list_tags(self.db), "Jump to which tag?", False), chosen)

    def action_cycle_layer(self) -> None:
        """Show the next layer: all coders, yours, then each other coder's."""
        from corpus_tui.store.agreement import list_coders

        self.coder_layer = next_layer(self.coder_layer, list_coders(self.db), self.coder)
        self.notify(f"Showing {layer_label(self.coder_layer, self.coder)}")
        self.refresh_coding()

    def action_agreement(self) -> None:
        """Compare two coders: agreement figures and the passages where they differ."""
        from corpus_tui.tui.screens.agreement import AgreementScreen

        self.app.push_screen(AgreementScreen(self))

    def action_undo(self) -> None:
        """Undo the last change to highlights or tags."""
        self.changes.undo()

    def action_redo(self) -> None:
        """Redo the last undone change."""
        self.changes.redo()

    def action_toggle_pane(self, pane: str) -> None:
        """Show or hide the documents or the tags pane."""
        widget = self.query_one(f"#{pane}")
        widget.display = not widget.display
        self._documents_pane_chosen |= pane == "documents"

    def action_resize_pane(self, step: int) -> None:
        """Make the documents pane narrower or wider."""
        documents = self.query_one(DocumentList)
        width = documents.outer_size.width + step * PANE_STEP
        documents.styles.width = max(12, min(width, self.size.width // 2))

    def action_focus_pane(self, pane: str) -> None:
        """Move the focus to a pane (showing it if hidden)."""
        widget = self.query_one(f"#{pane}")
        if pane == "tag-list":
            self.query_one(TagPanel).display = True
        elif pane == "documents":
            widget.display = True
            self._documents_pane_chosen = True
        widget.focus()

    # ---- what other screens ask for ---------------------------------------------------------

    def show_mention(self, document_id: str, start: int, end: int) -> None:
        """Open a document with ``[start, end)`` selected."""
        self.open_document(document_id)
        self.reader.select(start, end)
        self.reader.focus()

    def tag_mentions(
        self,
        mentions: list[tuple[str, int, int]],
        tag: str,
        done: Callable[[int], None],
        texts: dict[tuple[str, int, int], str] | None = None,
    ) -> None:
        """Tag search mentions as one undoable change; ``done(tagged)`` once saved. A mention
        whose text is no longer ``texts[mention]`` (a new version) is skipped."""
        self._change(
            f"tag {len(mentions)} mentions {tag}",
            lambda: tag_mentions(self.db, mentions, tag, texts, self.coder),
            done,
        )

    def apply_orphan_choice(self, choice: OrphanChoice) -> None:
        """Re-attach an orphan at the selection, or open its document near where it was."""
        orphan = choice.orphan
        selection, seen = self.reader.selection, self.seen
        if choice.action == "open" or selection is None or seen is None:
            self.open_document(orphan.document_id, top=choice.near, cursor=choice.near)
            self.notify("Select where it belongs in the reader, then re-attach it here (F7)")
            return
        start, end = selection

        def reattached(_highlight: object) -> None:
            if self.reader.selection == (start, end):
                self.reader.action_clear_selection()
            self.notify(f"Re-attached: {' '.join(orphan.text.split())[:40]}")

        self._change(
            "re-attach orphan",
            lambda: reattach_at_seen_span(self.db, seen, orphan.id, start, end),
            reattached,
        )

    # ---- tag administration ------------------------------------------------------------------

    @on(TagList.Admin)
    def _administer(self, event: TagList.Admin) -> None:
        tag = next((tag for tag in self.tags if tag.name == event.tag), None)
        if tag is not None:
            from corpus_tui.tui.tag_admin_flow import TagAdministration

            TagAdministration(self.app, self.db, self._change).run(event.operation, tag, self.tags)

    # ---- document attributes and memo -------------------------------------------------------

    def action_document_details(self) -> None:
        """Edit the open document's attributes and memo."""
        from corpus_tui.tui.document_attributes_flow import edit_details

        edit_details(self.app, self.db, self.document_id)

    def action_filter_documents(self) -> None:
        """Show only the documents whose attributes pass a filter."""
        from corpus_tui.tui.document_attributes_flow import filter_by_attributes

        filter_by_attributes(self.app, self.db)

    def action_attribute_column(self) -> None:
        """Show one attribute beside each document's title."""
        from corpus_tui.tui.document_attributes_flow import choose_column

        choose_column(self.app, self.db)
