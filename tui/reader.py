"""The reader: a document drawn row by row with its highlights, a cursor and a selection.

Built on ``ScrollView`` and the Line API: only the rows on screen are drawn, from a lazy
``corpus.layout.Layout`` and an LRU cache of rendered strips (as Textualize/toolong does), so a
10 MB document opens and repaints as fast as a short one. Offsets are code points (DESIGN.md);
cells and rows exist only here, at the widget's edge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from corpus_tui.corpus import textunits
from corpus_tui.corpus.layout import Layout
from corpus_tui.corpus.span_index import SpanIndex
from corpus_tui.corpus.wrapping import Row


@dataclass(frozen=True, slots=True)
class _Palette:
    """The reader's theme-dependent styles, read from its component classes."""

    cursor: Style
    selection: Style
    untagged: str
    stacked: Style


class Marked(Protocol):
    """A highlight as the reader and the screens over it need it."""

    @property
    def id(self) -> str: ...

    @property
    def note(self) -> str | None: ...

    @property
    def coder(self) -> str | None: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def tags(self) -> tuple[str, ...]: ...


def readable_on(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (``#rrggbb``)."""
    red, green, blue = Color.parse(background).get_truecolor()
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#000000" if luminance > 140 else "#ffffff"


Motion = Callable[[str, int], int]
_FORWARD: dict[str, Motion] = {
    "char": textunits.next_grapheme,
    "word": textunits.next_word_end,
    "sentence": textunits.next_sentence_end,
    "paragraph": textunits.next_paragraph_end,
}
_BACKWARD: dict[str, Motion] = {
    "char": textunits.prev_grapheme,
    "word": textunits.prev_word_start,
    "sentence": textunits.prev_sentence_start,
    "paragraph": textunits.prev_paragraph_start,
}


def _motion_bindings() -> list[Binding]:
    """Every move, and the same move extending the selection with shift held."""
    moves = [
        ("left", "char", -1, "left", "Previous character"),
        ("right", "char", 1, "right", "Next character"),
        ("ctrl+left", "word", -1, "word-start", "Start of word"),
        ("ctrl+right", "word", 1, "word-end", "End of word"),
        ("up", "row", -1, "row-up", "Row up"),
        ("down", "row", 1, "row-down", "Row down"),
        ("pageup", "page", -1, "page-up", "Page up"),
        ("pagedown", "page", 1, "page-down", "Page down"),
        ("home", "home", -1, "row-start", "Start of row"),
        ("end", "home", 1, "row-end", "End of row"),
        ("ctrl+home", "document", -1, "document-start", "Start of document"),
        ("ctrl+end", "document", 1, "document-end", "End of document"),
        ("ctrl+up", "paragraph", -1, "paragraph-start", "Start of paragraph"),
        ("ctrl+down", "paragraph", 1, "paragraph-end", "End of paragraph"),
    ]
    bindings = []
    for key, unit, step, name, description in moves:
        shifted = key.replace("ctrl+", "ctrl+shift+") if "ctrl+" in key else f"shift+{key}"
        action = f"move('{unit}', {step})"
        bindings.append(Binding(key, action, description, show=False, id=f"move-{name}"))
        extend = f"Extend: {description.lower()}"
        bindings.append(
            Binding(
                shifted,
                f"move('{unit}', {step}, True)",
                extend,
                show=False,
                id=f"extend-{name}",
            )
        )
    return bindings


class Reader(ScrollView, can_focus=True, inherit_bindings=False):
    """A read-only view of one document that moves, selects and shows highlights."""

    # Selecting first: the `?` reference lists the coding keys before the moves.
    BINDINGS = [
        Binding(
            "s",
            "select_unit('sentence')",
            "Sentence",
            tooltip="Select the sentence here; again, the next one",
            id="select-sentence",
        ),
        Binding(
            "w",
            "select_unit('word')",
            "Word",
            show=False,
            tooltip="Select the word here; again, the next one",
            id="select-word",
        ),
        Binding(
            "p",
            "select_unit('paragraph')",
            "Paragraph",
            show=False,
            tooltip="Select the paragraph here; again, the next one",
            id="select-paragraph",
        ),
        Binding(
            "v",
            "toggle_mark",
            "Mark",
            show=False,
            tooltip="Anchor a selection here; every move then extends it",
            id="mark",
        ),
        Binding("escape", "clear_selection", "Clear selection", show=False, id="clear-selection"),
        *_motion_bindings(),
        Binding(
            "left_parenthesis",
            "move('sentence', -1)",
            "Start of sentence",
            show=False,
            id="move-sentence-start",
        ),
        Binding(
            "right_parenthesis",
            "move('sentence', 1)",
            "End of sentence",
            show=False,
            id="move-sentence-end",
        ),
    ]

    # Colours a theme can restyle (app.tcss sets them from the theme's variables).
    COMPONENT_CLASSES = {
        "reader--cursor",
        "reader--selection",
        "reader--untagged",
        "reader--stacked",
    }

    class CursorMoved(Message):
        """The cursor or the selection changed."""

        def __init__(self, reader: Reader) -> None:
            super().__init__()
            self.reader = reader

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.text_layout: Layout | None = None
        self.highlights: SpanIndex[Marked] = SpanIndex([])
        self.tag_colors: dict[str, str] = {}
        self.cursor = 0
        self.selection_anchor: int | None = None
        self.marking = False
        self._goal_cell: int | None = None
        self._strips: LRUCache[tuple, Strip] = LRUCache(maxsize=2000)
        self._styles: dict[tuple, Style] = {}
        self._palette: _Palette | None = None
        self._on_top: str | None = None
        self._version = 0
        self._pending_top: int | None = None
        self._drawn_top = 0
        self._base_style = Style()
        self._painted: tuple[int, int | None] = (0, None)

    # ---- content ---------------------------------------------------------------------------

    def load(self, text: str, highlights: Sequence[Marked], tag_colors: dict[str, str]) -> None:
        """Show a new document from its start, with no selection."""
        self.text = text
        self.text_layout = None
        self.cursor = 0
        self.selection_anchor = None
        self.marking = False
        self._pending_top = None
        self._drawn_top = 0
        self.set_highlights(highlights, tag_colors)
        self._relayout()
        self.scroll_to(0, 0, animate=False, force=True)
        self._moved()

    def set_highlights(self, highlights: Sequence[Marked], tag_colors: dict[str, str]) -> None:
        """Replace the highlights shown (after any change to them or to tags)."""
        self.highlights = SpanIndex(highlights)
        self.tag_colors = dict(tag_colors)
        self._styles.clear()
        self._invalidate()
        self.post_message(self.CursorMoved(self))

    def set_on_top(self, highlight_id: str | None) -> None:
        """Draw this highlight over the others stacked with it (None: the innermost on top)."""
        if highlight_id != self._on_top:
            self._on_top = highlight_id
            self._invalidate()

    def _invalidate(self) -> None:
        self._version += 1
        self._strips.clear()
        self.refresh()

    def _wrap_width(self) -> int:
        # One cell stays free for a space or line break hanging past the last column.
        return max(self.scrollable_content_region.width - 1, 4)

    def _relayout(self) -> None:
        width = self._wrap_width()
        if self.text_layout is None or self.text_layout.width != width:
            self.text_layout = Layout(self.text, width)
            self._invalidate()
        self._update_virtual_size()

    def _update_virtual_size(self) -> None:
        if self.text_layout is not None:
            self.virtual_size = Size(self.text_layout.width, self.text_layout.row_count)

    def on_resize(self, _event: events.Resize) -> None:
        if self._pending_top is not None:
            self._settle_view()
        elif self.text_layout is not None:
            self._keep_top_while(self._relayout)
            self._scroll_to_cursor()

    @property
    def _laid_out(self) -> Layout:
        """The layout, in the methods that only run once the text has been laid out."""
        if self.text_layout is None:
            raise RuntimeError("the reader's text is not laid out yet")
        return self.text_layout

    def _keep_top_while(self, change: Callable[[], None]) -> None:
        """Run a change to the layout keeping the same text at the top of the view."""
        top = self._laid_out.offset_at(round(self.scroll_y), 0)
        change()
        self.scroll_to(y=self._laid_out.locate(top)[0], animate=False, force=True)

    # ---- state the app reads ---------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected span ``(start, end)``, or None when nothing is selected."""
        if self.selection_anchor is None or self.selection_anchor == self.cursor:
            return None
        return min(self.selection_anchor, self.cursor), max(self.selection_anchor, self.cursor)

    @property
    def top_offset(self) -> int:
        """The offset drawn at the top-left of the view when it was last drawn."""
        return self._drawn_top

    def highlights_at(self, offset: int) -> list[Marked]:
        """The highlights covering ``offset``, in start order (the innermost last)."""
        return self.highlights.at(offset)

    # ---- moving ----------------------------------------------------------------------------

    def move_to(self, offset: int, *, extend: bool = False, top: int | None = None) -> None:
        """Put the cursor at ``offset`` (on a grapheme boundary), extending the selection or not.

        With ``top``, scroll so that offset ``top`` is on the first row.
        """
        offset = textunits.snap_to_grapheme(self.text, offset)
        if extend or self.marking:
            if self.selection_anchor is None:
                self.selection_anchor = self.cursor
        else:
            self.selection_anchor = None
        self.cursor = offset
        if top is not None:
            self._pending_top = textunits.snap_to_grapheme(self.text, top)
            self._settle_view()
        self._scroll_to_cursor()
        self._moved()

    def _settle_view(self) -> None:
        """Scroll to a requested top offset once the view has its size (on opening)."""
        if self._pending_top is None or self.text_layout is None:
            return
        if not self.scrollable_content_region.height:
            return
        if self.text_layout.width != self._wrap_width():
            self._relayout()
        self._update_virtual_size()
        y = self.text_layout.locate(self._pending_top)[0]
        self._pending_top = None
        self.scroll_to(y=y, animate=False, force=True)
        self._scroll_to_cursor()

    def select(self, start: int, end: int) -> None:
        """Select ``[start, end)`` with the cursor at its end, a third of the way down the view
        if it was not already in its upper two thirds."""
        self.selection_anchor = textunits.snap_to_grapheme(self.text, start)
        self.cursor = textunits.snap_to_grapheme(self.text, end)
        self._place_in_view(self.selection_anchor)
        self._scroll_to_cursor()
        self._moved()

    def reveal(self, offset: int) -> None:
        """Put the cursor at ``offset`` with no selection, a third of the way down the view (if
        it was not already in its upper two thirds), so what follows it shows too."""
        self.marking = False
        self.selection_anchor = None
        self.cursor = textunits.snap_to_grapheme(self.text, offset)
        self._place_in_view(self.cursor)
        self._scroll_to_cursor()
        self._moved()

    def _place_in_view(self, offset: int) -> None:
        if self.text_layout is None:
            return
        height = self.scrollable_content_region.height
        if not height:
            self._pending_top = offset  # not laid out yet: at the top, as on opening
            return
        self._settle_view()
        if self.text_layout.width != self._wrap_width():
            self._relayout()
        y = self.text_layout.locate(offset)[0]
        top = round(self.scroll_y)
        if not top <= y < top + max(height * 2 // 3, 1):
            self._update_virtual_size()
            self.scroll_to(y=max(y - height // 3, 0), animate=False, force=True)

    def _moved(self) -> None:
        old_cursor, old_anchor = self._painted
        self._painted = (self.cursor, self.selection_anchor)
        self.post_message(self.CursorMoved(self))
        if self.text_layout is None:
            self.refresh()
            return
        # Only the rows between where the cursor (and the selection's anchor) were and are now
        # can look different: repaint those, not the whole view.
        ends = [old_cursor, self.cursor]
        if old_anchor != self.selection_anchor:
            ends += [end for end in (old_anchor, self.selection_anchor) if end is not None]
        rows = [self.text_layout.locate(min(end, len(self.text)))[0] for end in ends]
        self.refresh_lines(min(rows), max(rows) - min(rows) + 1)

    def _scroll_to_cursor(self) -> None:
        if self.text_layout is None:
            return
        y = self.text_layout.locate(self.cursor)[0]
        self._update_virtual_size()
        height = self.scrollable_content_region.height
        if y < self.scroll_y:
            self.scroll_to(y=y, animate=False, force=True)
        elif y >= self.scroll_y + height:
            self.scroll_to(y=y - height + 1, animate=False, force=True)

    def action_move(self, unit: str, step: int, extend: bool = False) -> None:
        """Move the cursor by one unit (char, word, sentence, paragraph, row, page, home,
        document) forwards or backwards, extending the selection if asked or marking."""
        if self.text_layout is None:
            return
        vertical = unit in ("row", "page")
        if vertical:
            offset = self._vertical(step, unit)
        else:
            self._goal_cell = None
            offset = self._offset_after(unit, step, extend)
        goal = self._goal_cell
        self.move_to(offset, extend=extend)
        self._goal_cell = goal if vertical else None

    def _offset_after(self, unit: str, step: int, extend: bool) -> int:
        if unit == "document":
            return 0 if step < 0 else len(self.text)
        if unit == "home":
            y, _ = self._laid_out.locate(self.cursor)
            return self._laid_out.offset_at(y, 0 if step < 0 else 1 << 30)
        collapses = unit == "char" and not (extend or self.marking)
        if self.selection and collapses:
            start, end = self.selection
            return start if step < 0 else end
        motion = (_FORWARD if step > 0 else _BACKWARD)[unit]
        return motion(self.text, self.cursor)

    def _vertical(self, step: int, unit: str) -> int:
        y, cell = self._laid_out.locate(self.cursor)
        if self._goal_cell is None:
            self._goal_cell = cell
        rows = step * (max(self.scrollable_content_region.height - 1, 1) if unit == "page" else 1)
        target = y + rows
        if target < 0:
            return 0
        if target >= self._laid_out.row_count:
            return len(self.text)
        if unit == "page":
            self.scroll_to(y=self.scroll_y + rows, animate=False, force=True)
        return self._laid_out.offset_at(target, self._goal_cell)

    def action_select_unit(self, unit: str) -> None:
        """Select the word, sentence or paragraph under the cursor; pressed again, the next one."""
        span_at = {
            "word": textunits.word_span,
            "sentence": textunits.sentence_span,
            "paragraph": textunits.paragraph_span,
        }[unit]
        span = span_at(self.text, self.cursor)
        if self.selection == span and span[1] < len(self.text):
            span = span_at(self.text, _FORWARD[unit](self.text, span[1]))
        self.marking = False
        self.select(*span)

    def action_toggle_mark(self) -> None:
        """Start (or stop) extending a selection from the cursor with every move."""
        self.marking = not self.marking
        self.selection_anchor = self.cursor if self.marking else None
        self._moved()

    def action_clear_selection(self) -> None:
        """Drop the selection and stop marking."""
        self.marking = False
        self.selection_anchor = None
        self._moved()

    # ---- mouse -----------------------------------------------------------------------------

    def _offset_at_mouse(self, event: events.MouseEvent) -> int:
        x, y = event.get_content_offset_capture(self)
        return self._laid_out.offset_at(round(self.scroll_y) + max(y, 0), max(x, 0))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if self.text_layout is None:
            return
        self.marking = False
        self.move_to(self._offset_at_mouse(event))
        self.selection_anchor = self.cursor
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        # The mouse is captured only between a press here and its release: that is a drag.
        if self.text_layout is not None and self.app.mouse_captured is self:
            self.cursor = textunits.snap_to_grapheme(self.text, self._offset_at_mouse(event))
            self._scroll_to_cursor()
            self._moved()

    def on_mouse_up(self, _event: events.MouseUp) -> None:
        self.release_mouse()

    # ---- drawing ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._restyle, init=False)

    def _restyle(self) -> None:
        """Take the new theme's colours (its component class styles) and redraw."""
        self._palette = None
        self._styles.clear()
        self._invalidate()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Lines about to be drawn are wrapped now, so their estimated row counts never shift
        # rows that are already on screen.
        if self.text_layout is not None:
            if self._pending_top is not None:
                self._settle_view()
            if self.text_layout.width != self._wrap_width():
                self._keep_top_while(self._relayout)
            top = round(self.scroll_y)
            self._drawn_top = self.text_layout.offset_at(top, 0)
            if self.text_layout.make_exact(top, top + self.scrollable_content_region.height):
                self.call_after_refresh(self._update_virtual_size)
        # The widget's style walks every ancestor's CSS: worked out once per paint, not per row.
        self._base_style = self.rich_style
        palette = self._read_palette()
        if palette != self._palette:  # a new theme, or the CSS changed
            self._palette = palette
            self._styles.clear()
            self._strips.clear()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base_style
        row_y = round(self.scroll_y) + y
        if self.text_layout is None or row_y >= self.text_layout.row_count:
            return Strip.blank(width, base)
        line, sub = self.text_layout.line_at_row(row_y)
        rows = self.text_layout.rows_of(line)
        row = rows[sub] if sub < len(rows) else ()
        marked = self._touches_cursor_or_selection(row, line, sub)
        key = (line, sub, self._version)
        if not marked:
            cached = self._strips.get(key)
            if cached is not None:
                return cached
        strip = self._draw(row, base).adjust_cell_length(width, base)
        if not marked:
            self._strips.set(key, strip)
        return strip

    def _row_span(self, row: Row, line: int) -> tuple[int, int]:
        if row:
            return row[0].start, row[-1].end
        start = self._laid_out.starts[line]
        return start, start

    def _touches_cursor_or_selection(self, row: Row, line: int, sub: int) -> bool:
        start, end = self._row_span(row, line)
        at_end = end == len(self.text)
        if start <= self.cursor < end or (at_end and self.cursor == end):
            return True
        selection = self.selection
        return bool(selection and selection[0] < end and selection[1] > start)

    def _current_palette(self) -> _Palette:
        """The cursor, selection, untagged and stacked styles of the current theme."""
        if self._palette is None:
            self._palette = self._read_palette()
        return self._palette

    def _read_palette(self) -> _Palette:
        get = self.get_component_rich_style
        # A translucent colour ("$foreground 45%") is laid over the reader's own background.
        untagged = self.styles.background + self.get_component_styles("reader--untagged").background
        return _Palette(
            cursor=get("reader--cursor", partial=True),
            selection=get("reader--selection", partial=True),
            untagged=untagged.hex,
            stacked=get("reader--stacked", partial=True),
        )

    def _draw(self, row: Row, base: Style) -> Strip:
        palette = self._current_palette()
        if not row:
            cursor_here = self.cursor == len(self.text)
            return Strip([Segment(" ", base + palette.cursor)] if cursor_here else [])
        spans = self.highlights.overlapping(row[0].start, row[-1].end)
        selection = self.selection or (-1, -1)
        segments: list[Segment] = []
        run: list[str] = []
        run_style: Style | None = None
        # A sweep along the row: the highlights covering a cluster change only where one starts
        # or ends, so the innermost one is worked out again only there.
        active: list[Marked] = []
        waiting = 0
        first_end = -1
        inner: Marked | None = None
        stacked = False
        colors: tuple[str, ...] = ()
        stripe = 0
        for cluster in row:
            offset = cluster.start
            if cluster.end == offset:  # a hanging indent: no text, so no mark
                segments.append(Segment(cluster.glyph, base))
                continue
            if (waiting < len(spans) and spans[waiting].start <= offset) or first_end <= offset:
                while waiting < len(spans) and spans[waiting].start <= offset:
                    active.append(spans[waiting])
                    waiting += 1
                active = [span for span in active if span.end > offset]
                first_end = min((span.end for span in active), default=row[-1].end + 1)
                previous = inner
                inner = self._on_top_of(active)
                stacked = len(active) > 1
                colors = self._colors_of(inner, palette.untagged) if inner else ()
                if inner is not previous:
                    stripe = 0
            color = None
            if colors:
                # Several tags: the highlight is striped word by word in each tag's colour.
                color = colors[stripe % len(colors)]
                if cluster.glyph.isspace():
                    stripe += 1
            selected = selection[0] <= offset < selection[1]
            style = self._style(base, color, stacked, selected, offset == self.cursor)
            if style is not run_style and run:
                segments.append(Segment("".join(run), run_style))
                run = []
            run.append(cluster.glyph)
            run_style = style
        if run:
            segments.append(Segment("".join(run), run_style))
        at_end = self.cursor == len(self.text) == row[-1].end
        if at_end and self.text[row[-1].start] != "\n":
            segments.append(Segment(" ", base + palette.cursor))
        return Strip(segments)

    def _on_top_of(self, active: list[Marked]) -> Marked | None:
        """The highlight drawn where ``active`` cover a cluster: the chosen one, else the
        innermost."""
        for highlight in active:
            if highlight.id == self._on_top:
                return highlight
        return innermost(active)

    def _colors_of(self, highlight: Marked, untagged: str) -> tuple[str, ...]:
        """Every tag's colour of ``highlight`` (the untagged colour when it has none)."""
        return tuple(self.tag_colors.get(tag, untagged) for tag in highlight.tags) or (untagged,)

    def _style(
        self, base: Style, color: str | None, stacked: bool, selected: bool, cursor: bool
    ) -> Style:
        key = (base, color, stacked, selected, cursor)
        style = self._styles.get(key)
        if style is None:
            palette = self._current_palette()
            style = base
            if color is not None:
                style += Style(bgcolor=color, color=readable_on(color))
                if stacked:
                    style += palette.stacked
            if selected:
                style += palette.selection
            if cursor:
                style += palette.cursor
            self._styles[key] = style
        return style


def innermost(highlights: Sequence[Marked]) -> Marked | None:
    """The shortest of ``highlights`` (the latest to start among equals): the one drawn on top
    and the one keys act on."""
    best: Marked | None = None
    for highlight in highlights:
        if best is None or highlight.end - highlight.start <= best.end - best.start:
            best = highlight
    return best


def stacked_order(highlights: Sequence[Marked]) -> list[Marked]:
    """``highlights`` innermost first: the order the target cycles through."""
    return sorted(highlights, key=lambda h: (h.end - h.start, -h.start))
