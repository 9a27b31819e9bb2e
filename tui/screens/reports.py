"""The reports screen: per-tag counts, the documents x tags matrix and tag co-occurrence, as
tables and bar charts with their numbers written on them, optionally broken down by one
document attribute. c and X export every span as CSV or XLSX beside the database, with a
progress bar and a notification naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, ProgressBar, Static
from textual.worker import get_current_worker

from corpus_tui.corpus.printable import one_line
from corpus_tui.store.attributes import attribute_keys
from corpus_tui.store.db import StoreError, open_db
from corpus_tui.store.highlights import count_highlights
from corpus_tui.store.reports import (
    WITHIN,
    Matrix,
    Pair,
    TagSummary,
    Within,
    cooccurrence,
    parse_by,
    tag_matrix,
    tag_summary,
)
from corpus_tui.store.tags import Tag, list_tags
from corpus_tui.tui.widgets.bar_chart import Bar, BarChart

MODES = ("tags", "matrix", "together")
# From this many highlights a report is counted in a thread (about 0.1 s and more).
IN_THREAD_FROM = 20_000


@dataclass(frozen=True, slots=True)
class _Report:
    """A computed report and the tags it was computed with."""

    result: list[TagSummary] | Matrix | list[Pair]
    tags: list[Tag]


def _compute(db: Database, mode: str, within: Within, by: str | None) -> _Report:
    tags = list_tags(db)
    if mode == "tags":
        return _Report(tag_summary(db, by=by), tags)
    if mode == "matrix":
        return _Report(tag_matrix(db, by=by), tags)
    return _Report(cooccurrence(db, within, by=by), tags)


MAX_TABLE_ROWS = 2_000
MAX_BARS = 40


class ReportsScreen(Screen[None]):
    """One report at a time: 1 per tag, 2 matrix, 3 co-occurrence; b breaks it down."""

    CSS_PATH = "reports.tcss"
    BINDINGS = [
        Binding(
            "escape", "app.pop_screen", "Back", tooltip="Back to the reader", id="report-close"
        ),
        Binding("1", "mode('tags')", "Per tag", id="report-tags"),
        Binding("2", "mode('matrix')", "Matrix", id="report-matrix"),
        Binding("3", "mode('together')", "Together", id="report-together"),
        Binding(
            "w",
            "cycle_within",
            "Within",
            tooltip="Co-occurrence on one highlight, overlapping highlights, one paragraph",
            id="report-within",
        ),
        Binding(
            "b",
            "breakdown",
            "By…",
            tooltip="Break the report down by a document attribute (e.g. outlet, date:year)",
            id="report-by",
        ),
        Binding("c", "export('csv')", "CSV", tooltip="Export every span as CSV", id="report-csv"),
        Binding(
            "X",
            "export('xlsx')",
            "XLSX",
            tooltip="Export spans and matrix as XLSX",
            id="report-xlsx",
        ),
    ]

    def __init__(self, db: Database, db_path: Path) -> None:
        super().__init__()
        self.db = db
        self.db_path = db_path
        self.mode = "tags"
        self.within: Within = "highlight"
        self.by: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="report-title", markup=False)
        with VerticalScroll(id="report-body"):
            yield BarChart(id="report-chart")
            yield DataTable(id="report-table", zebra_stripes=True, cursor_type="row")
        yield ProgressBar(id="report-progress", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.refresh_report()
        self.query_one(DataTable).focus()

    def action_mode(self, mode: str) -> None:
        """Show another report."""
        self.mode = mode
        self.refresh_report()

    def action_cycle_within(self) -> None:
        """Count co-occurrence on one highlight, overlapping highlights or one paragraph."""
        self.within = WITHIN[(WITHIN.index(self.within) + 1) % len(WITHIN)]
        self.mode = "together"
        self.refresh_report()

    def action_breakdown(self) -> None:
        """Ask which attribute to break the report down by (empty: none)."""
        from corpus_tui.tui.screens.dialogs import Prompt

        def answered(answer: str | None) -> None:
            if answer is None:
                return
            answer = answer.strip()
            if answer:
                try:
                    parse_by(answer)
                except ValueError as error:
                    self.notify(str(error), severity="warning")
                    return
            self.by = answer or None
            self.refresh_report()

        keys = attribute_keys(self.db)
        hint = f" ({', '.join(keys[:8])})" if keys else ""
        question = f"Break down by which attribute{hint}? KEY, or KEY:year; empty for none"
        self.app.push_screen(Prompt(question, self.by or ""), answered)

    def refresh_report(self) -> None:
        """Compute the chosen report and show it: here for a small corpus, in a thread (on
        its own connection) for a large one, so the screen stays responsive."""
        wanted = (self.mode, self.within, self.by)
        highlights = count_highlights(self.db)
        if highlights < IN_THREAD_FROM:
            self._show(wanted, _compute(self.db, *wanted))
            return
        self.query_one("#report-title", Static).update("counting…")
        self._compute_in_thread(wanted)

    @work(thread=True, exclusive=True, group="report")
    def _compute_in_thread(self, wanted: tuple[str, Within, str | None]) -> None:
        db = open_db(self.db_path)
        try:
            data = _compute(db, *wanted)
        finally:
            db.close()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, wanted, data)

    def _show(self, wanted: tuple[str, Within, str | None], data: _Report) -> None:
        if wanted != (self.mode, self.within, self.by):
            return  # another report was asked for meanwhile
        table = self.query_one(DataTable)
        table.clear(columns=True)
        tags = data.tags
        colors = {tag.name: tag.color for tag in tags}
        by = f" · by {self.by}" if self.by else ""
        if isinstance(data.result, Matrix):
            title, bars = self._matrix(table, data.result)
        elif self.mode == "tags":
            title, bars = self._tags(table, colors, data.result, tags)  # type: ignore[arg-type]
        else:
            title, bars = self._together(table, data.result)  # type: ignore[arg-type]
        self.query_one("#report-title", Static).update(
            f"{title}{by}  ·  1 per tag · 2 matrix · 3 together (w: within) · b: by attribute"
        )
        self.query_one(BarChart).show(bars[:MAX_BARS])

    def _tags(
        self, table: DataTable, colors: dict[str, str], rows: list[TagSummary], tags: list[Tag]
    ) -> tuple[str, list[Bar]]:
        memos = {tag.name: " ".join(tag.description.split()) for tag in tags}
        columns = ["tag", "spans", "documents", "chars", "share", "memo"]
        if self.by:
            columns.insert(0, self.by)
        table.add_columns(*columns)
        bars = []
        for row in rows:
            cells: list[object] = [
                one_line(row.tag),
                row.spans,
                row.documents,
                row.chars,
                f"{row.share:.1%}",
                one_line(memos.get(row.tag, ""))[:60],
            ]
            if self.by:
                cells.insert(0, one_line(row.group or "(none)"))
            table.add_row(*cells)
            label = f"{row.group or '(none)'} · {row.tag}" if self.by else row.tag
            bars.append(Bar(label, row.spans, colors.get(row.tag)))
        return "Spans per tag", bars

    def _matrix(self, table: DataTable, matrix: Matrix) -> tuple[str, list[Bar]]:
        table.add_columns(*(one_line(name) for name in matrix.header()))
        rows = [row for row in matrix.rows if any(row.counts)] if not self.by else matrix.rows
        for row in rows[:MAX_TABLE_ROWS]:
            keys = [row.key] if self.by else [row.key, one_line(row.label)]
            table.add_row(*keys, *row.counts)
        shown = (
            f" (first {MAX_TABLE_ROWS:,} of {len(rows):,})" if len(rows) > MAX_TABLE_ROWS else ""
        )
        kind = "values" if self.by else "documents with spans"
        bars = [Bar(row.label or "(none)", sum(row.counts)) for row in rows]
        bars.sort(key=lambda bar: -bar.value)
        return f"Documents x tags: {len(rows):,} {kind}{shown}; bars: spans per row", bars

    def _together(self, table: DataTable, pairs: list[Pair]) -> tuple[str, list[Bar]]:
        columns = ["tag", "with tag", "count"]
        if self.by:
            columns.insert(0, self.by)
        table.add_columns(*columns)
        bars = []
        for pair in pairs[:MAX_TABLE_ROWS]:
            cells: list[object] = [one_line(pair.tag_a), one_line(pair.tag_b), pair.count]
            if self.by:
                cells.insert(0, one_line(pair.group or "(none)"))
            table.add_row(*cells)
        for pair in sorted(pairs, key=lambda pair: -pair.count):
            prefix = f"{pair.group or '(none)'} · " if self.by else ""
            bars.append(Bar(f"{prefix}{pair.tag_a} + {pair.tag_b}", pair.count))
        unit = {
            "highlight": "highlights carrying both",
            "overlap": "overlapping highlight pairs, one tag each",
            "paragraph": "paragraphs holding both",
        }[self.within]
        return f"Tags together within {self.within}: {unit}", bars

    # ---- export -------------------------------------------------------------------------------

    def action_export(self, format: str) -> None:
        """Export every span as CSV or XLSX beside the database, in the background."""
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._export(format)

    @work(thread=True, exclusive=True, group="table-export")
    def _export(self, format: str) -> None:
        from corpus_tui.store.table_export import export_beside

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(
                self.query_one(ProgressBar).update, total=total, progress=done
            )

        try:
            target = export_beside(self.db_path, format, progress)  # type: ignore[arg-type]
        except (OSError, StoreError) as error:
            self.app.call_from_thread(self._exported, None, str(error))
            return
        self.app.call_from_thread(self._exported, target, "")

    def _exported(self, target: Path | None, problem: str) -> None:
        self.query_one(ProgressBar).display = False
        if target is None:
            self.notify(f"Export failed: {problem}", severity="error")
        else:
            self.notify(f"Spans exported to {target}")
