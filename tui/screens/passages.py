"""The coded passages view: every highlight of the corpus in keyword-in-context rows, filtered
by tags (any of, all of, none of), document attributes and text; Enter opens one in the reader;
t, r and x tag, untag and delete from the list, one undo step each (u undoes).

The list is virtual (rows drawn on demand), and opening reads a screenful first: the rest of a
large corpus's highlights, and their texts for the text filter, load in a thread meanwhile.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from sqlite_utils import Database
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Footer, Input, Static

from corpus_tui.corpus.attribute_values import parse_filter
from corpus_tui.corpus.printable import one_line
from corpus_tui.store.attributes import attributes_of
from corpus_tui.store.db import database_file, open_db
from corpus_tui.store.editing import add_tag, remove_tag
from corpus_tui.store.findings import (
    Passage,
    PassageFilter,
    Passages,
    count_passages,
    keyword_in_context,
    load_passages,
)
from corpus_tui.store.highlights import delete_highlight, get_highlight
from corpus_tui.store.tags import list_tags
from corpus_tui.tui.widgets.cursor_list import CursorList
from corpus_tui.tui.workspace import Workspace

FIRST_ROWS = 300
TITLE_WIDTH = 18
TAGS_WIDTH = 22
CODER_WIDTH = 8
ATTRIBUTE_WIDTH = 10
DEFAULT_COLUMNS = ("date", "outlet")


def _names(field: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in field.split(",") if name.strip())


def _fit(text: str, width: int, *, right: bool = False) -> str:
    if width <= 0:
        return ""
    if cell_len(text) > width:
        if right:
            while cell_len(text) > width - 1:
                text = text[1:]
            return "…" + text
        return set_cell_size(text, width - 1) + "…"
    padded = set_cell_size(text, width)
    if right:
        return " " * (width - cell_len(text)) + text
    return padded


class PassageList(CursorList):
    """The passages shown: document, left context, passage, right context, tags, coder, ✎."""

    BINDINGS = [
        Binding(
            "enter", "open", "Open", tooltip="Open the passage in the reader", id="passages-open"
        ),
        Binding("t", "tag", "Tag…", tooltip="Add a tag to the passage", id="passages-tag"),
        Binding(
            "r", "untag", "Untag…", tooltip="Remove a tag from the passage", id="passages-untag"
        ),
        Binding(
            "x,delete", "delete", "Delete", tooltip="Delete the highlight", id="passages-delete"
        ),
    ]

    class Act(Message):
        """The user asked for ``action`` (open, tag, untag, delete) on the passage under the
        cursor."""

        def __init__(self, action: str, passage: Passage) -> None:
            super().__init__()
            self.action = action
            self.passage = passage

    class Moved(Message):
        """The cursor moved to another row."""

    def watch_cursor(self) -> None:
        super().watch_cursor()
        self.post_message(self.Moved())

    def __init__(self, db: Database, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.db = db
        self.passages = Passages([], {})
        self.shown: list[int] = []
        self.tag_colors: dict[str, str] = {}
        # Attributes shown in every row after the document (e.g. date and outlet).
        self.columns: list[str] = []

    def show(self, passages: Passages, shown: list[int], colors: dict[str, str]) -> None:
        """Show ``shown`` (indexes into ``passages``), keeping the cursor's row number."""
        self.passages = passages
        self.shown = shown
        self.tag_colors = colors
        self.cursor = max(0, min(self.cursor, len(shown) - 1))
        self.resize_rows()
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self.shown)

    @property
    def current(self) -> Passage | None:
        """The passage under the cursor, if any."""
        if not self.shown:
            return None
        return self.passages.passages[self.shown[min(self.cursor, len(self.shown) - 1)]]

    def _act(self, action: str) -> None:
        if self.current is not None:
            self.post_message(self.Act(action, self.current))

    def action_open(self) -> None:
        """Open the passage in the reader."""
        self._act("open")

    def action_tag(self) -> None:
        """Add a tag to the passage."""
        self._act("tag")

    def action_untag(self) -> None:
        """Remove a tag from the passage."""
        self._act("untag")

    def action_delete(self) -> None:
        """Delete the highlight."""
        self._act("delete")

    def render_row(self, index: int, width: int, style: Style) -> Strip:
        passage = self.passages.passages[self.shown[index]]
        coder_width = CODER_WIDTH if width >= 100 else 0
        tags_width = TAGS_WIDTH if width >= 70 else 12
        title_width = TITLE_WIDTH if width >= 70 else 10
        columns = self.columns if width >= 100 else []
        room = max(
            width
            - title_width
            - tags_width
            - coder_width
            - (ATTRIBUTE_WIDTH + 1) * len(columns)
            - 6,
            12,
        )
        middle = max(room * 3 // 10, 6)
        left = (room - middle) // 2
        right = room - middle - left
        text = self.passages.document_text(self.db, passage.document_id)
        before, quote, after = keyword_in_context(
            text, passage.start, passage.end, left, middle, right
        )
        dim = style + Style(dim=True)
        title = one_line(self.passages.titles.get(passage.document_id, passage.document_id))
        segments = [Segment(_fit(title, title_width) + " ", dim)]
        for key in columns:
            value = one_line(self.passages.attribute(passage.document_id, key))
            segments.append(Segment(_fit(value, ATTRIBUTE_WIDTH) + " ", dim))
        segments += [
            Segment(_fit(one_line(before), left, right=True), style),
            Segment(_fit(one_line(quote), middle), style + Style(bold=True, underline=True)),
            Segment(_fit(one_line(after), right) + " ", style),
        ]
        used = 0
        for position, tag in enumerate(passage.tags):
            label = ("," if position else "") + one_line(tag)
            if used + cell_len(label) > tags_width:
                segments.append(Segment("…", dim))
                used += 1
                break
            color = self.tag_colors.get(tag)
            segments.append(Segment(label, style + Style(color=color) if color else style))
            used += cell_len(label)
        segments.append(Segment(" " * max(0, tags_width - used) + " ", style))
        if coder_width:
            segments.append(Segment(_fit(one_line(passage.coder or ""), coder_width), dim))
        segments.append(Segment(" ✎" if passage.has_note else "  ", style + Style(bold=True)))
        return Strip(segments)


class PassagesScreen(Screen[None]):
    """Every coded passage, filterable, with counts at the top."""

    CSS_PATH = "passages.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="Back to the reader", id="passages-close"),
        Binding("u", "undo", "Undo", tooltip="Undo the last change", id="passages-undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="passages-redo"),
        Binding(
            "ctrl+l", "focus_list", "List", tooltip="Go to the list of passages", id="passages-list"
        ),
        Binding(
            "ctrl+g",
            "choose_columns",
            "Columns…",
            tooltip="Which document attributes each row shows (e.g. date, outlet)",
            id="passages-columns",
        ),
    ]

    def __init__(self, db: Database, workspace: Workspace) -> None:
        super().__init__()
        self.db = db
        self.workspace = workspace
        self.passages = Passages([], {})
        self.complete = False
        self.total = 0
        self.problem = ""

    def compose(self) -> ComposeResult:
        yield Static(id="passage-counts", markup=False)
        with Horizontal(id="passage-filters"):
            yield Input(placeholder="any of tags (a, b)", id="filter-any")
            yield Input(placeholder="all of tags", id="filter-all")
            yield Input(placeholder="none of tags", id="filter-none")
            yield Input(placeholder="outlet = Daily NK; date >= 2012", id="filter-attributes")
            yield Input(placeholder="text", id="filter-text")
        yield PassageList(self.db, id="passage-list")
        yield Static(id="passage-details", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PassageList).border_title = "Coded passages"
        self.load()
        self.query_one(PassageList).focus()

    def load(self) -> None:
        """Read the passages: all of them at once if few, else a screenful now, the rest in a
        thread."""
        self.total = count_passages(self.db)
        if self.total <= FIRST_ROWS:
            self.passages = load_passages(self.db)
            self.passages.load_attributes(self.db)
            self.complete = True
        else:
            self.passages = load_passages(self.db, limit=FIRST_ROWS)
            self.complete = False
            path = database_file(self.db)
            self._load_all(path)
        if self.complete:
            self._default_columns()
        self.apply_filter()

    @work(thread=True, exclusive=True, group="passages")
    def _load_all(self, path: str) -> None:
        db = open_db(path)
        try:
            passages = load_passages(db)
            passages.load_attributes(db)
            self.app.call_from_thread(self._loaded, passages)
            passages.load_texts(db)
        finally:
            db.close()

    def _loaded(self, passages: Passages) -> None:
        self.passages = passages
        self.complete = True
        self._default_columns()
        self.apply_filter()

    def _default_columns(self) -> None:
        listing = self.query_one(PassageList)
        if not listing.columns:
            keys = set(self.passages.attribute_keys())
            listing.columns = [key for key in DEFAULT_COLUMNS if key in keys]

    def action_choose_columns(self) -> None:
        """Ask which attributes each row shows, separated by commas (empty: none)."""
        from corpus_tui.tui.screens.dialogs import Prompt

        listing = self.query_one(PassageList)

        def answered(answer: str | None) -> None:
            if answer is not None:
                listing.columns = list(_names(answer))[:4]
                listing.refresh()

        keys = ", ".join(self.passages.attribute_keys()[:10]) or "none set yet"
        question = f"Show which attributes in each row ({keys})? Separate them with commas"
        self.app.push_screen(Prompt(question, ", ".join(listing.columns)), answered)

    def wanted(self) -> PassageFilter:
        """The filter the inputs describe; a bad attribute filter is reported and ignored."""
        value = {item.id: item.value for item in self.query(Input)}
        attributes = []
        self.problem = ""
        for part in value["filter-attributes"].split(";"):
            if part.strip():
                try:
                    attributes.append(parse_filter(part))
                except ValueError as error:
                    self.problem = str(error)
        return PassageFilter(
            any_of=_names(value["filter-any"]),
            all_of=_names(value["filter-all"]),
            none_of=_names(value["filter-none"]),
            attributes=tuple(attributes),
            # Spaces count: "no " is not "now".
            text=value["filter-text"] if value["filter-text"].strip() else "",
        )

    @on(Input.Changed)
    def _filter_changed(self) -> None:
        self.apply_filter()

    @on(Input.Submitted)
    def _filter_submitted(self) -> None:
        self.action_focus_list()

    def apply_filter(self) -> None:
        """Show the passages the filter keeps, and their counts."""
        wanted = self.wanted()
        tags = list_tags(self.db)
        known = {tag.name for tag in tags}
        unknown = sorted(wanted.tag_names - known)
        if unknown and not self.problem:
            self.problem = f"no tag named {unknown[0]!r}"
        if wanted.text and self.passages.texts is None and not self.complete:
            shown: list[int] = []
        else:
            shown = self.passages.select(self.db, wanted)
        self.query_one(PassageList).show(self.passages, shown, {t.name: t.color for t in tags})
        self._show_counts(shown)
        self._show_details()

    @on(PassageList.Moved)
    def _show_details(self) -> None:
        """The current passage's document, its attributes, coder and note, under the list."""
        passage = self.query_one(PassageList).current
        details = self.query_one("#passage-details", Static)
        if passage is None:
            details.update("")
            return
        title = self.passages.titles.get(passage.document_id, passage.document_id)
        parts = [title]
        parts += [
            f"{key}: {value}" for key, value in attributes_of(self.db, passage.document_id).items()
        ]
        if passage.coder:
            parts.append(f"coder: {passage.coder}")
        if passage.has_note:
            highlight = get_highlight(self.db, passage.id)
            if highlight is not None and highlight.note:
                parts.append("✎ " + " ".join(highlight.note.split()))
        details.update(one_line(" · ".join(parts)))

    def _show_counts(self, shown: list[int]) -> None:
        passages = self.passages.passages
        documents = len({passages[index].document_id for index in shown})
        counts: Counter[str] = Counter()
        for index in shown:
            counts.update(passages[index].tags)
        line = f"{len(shown):,} of {self.total:,} passages · {documents:,} documents"
        if not self.complete:
            line += " · loading the rest…"
        if counts:
            line += " · " + ", ".join(
                f"{one_line(name)} {count:,}" for name, count in counts.most_common(6)
            )
        if self.problem:
            line += f" · ⚠ {self.problem}"
        self.query_one("#passage-counts", Static).update(line)

    # ---- actions on one passage ---------------------------------------------------------------

    @on(PassageList.Act)
    def _act(self, event: PassageList.Act) -> None:
        passage = event.passage
        if event.action == "open":
            self.dismiss(None)
            self.workspace.save_now()
            self.workspace.open_document(
                passage.document_id, top=passage.start, cursor=passage.start
            )
            self.workspace.reader.focus()
        elif event.action == "delete":
            self._change("delete highlight", passage, lambda: delete_highlight(self.db, passage.id))
        elif event.action == "tag":
            from corpus_tui.tui.screens.tag_picker import TagPicker

            def chosen(name: str | None) -> None:
                if name:
                    self._change(f"tag {name}", passage, lambda: add_tag(self.db, passage.id, name))

            self.app.push_screen(TagPicker(list_tags(self.db), "Add which tag?"), chosen)
        elif event.action == "untag":
            self._untag(passage)

    def _untag(self, passage: Passage) -> None:
        if not passage.tags:
            self.notify("This passage has no tags", severity="warning")
            return

        def chosen(name: str | None) -> None:
            if name:
                self._change(
                    f"untag {name}", passage, lambda: remove_tag(self.db, passage.id, name)
                )

        if len(passage.tags) == 1:
            chosen(passage.tags[0])
            return
        from corpus_tui.tui.screens.tag_picker import TagPicker

        own = [tag for tag in list_tags(self.db) if tag.name in passage.tags]
        self.app.push_screen(TagPicker(own, "Remove which tag?", False), chosen)

    def _change(self, label: str, passage: Passage, operation: Callable[[], object]) -> None:
        # The app's one write path: one transaction, one undo step, panes redrawn; the list is
        # redrawn once the change is saved (it may wait for another program's write lock).
        def saved(_result: object) -> None:
            self.passages.refresh(self.db, passage.id)
            self.total = count_passages(self.db)
            self.apply_filter()

        self.workspace._change(label, operation, saved)

    def action_undo(self) -> None:
        """Undo the last change (here or in the reader)."""
        self.workspace.action_undo()
        self.load()

    def action_redo(self) -> None:
        """Redo the last undone change."""
        self.workspace.action_redo()
        self.load()

    def action_focus_list(self) -> None:
        """Move the focus to the list."""
        self.query_one(PassageList).focus()

    def action_close(self) -> None:
        """Back to the reader."""
        self.dismiss(None)
