"""The corpus-tui Textual app."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, Header
from textual.worker import Worker

from corpus_tui.corpus.printable import visible
from corpus_tui.store.db import StoreError, data_version, open_db
from corpus_tui.tui.config import Config, load_config
from corpus_tui.tui.failures import reads_database, worker_failed
from corpus_tui.tui.keymap import binding_ids, checked_keymap, screen_binding_ids
from corpus_tui.tui.keys import key_reference, palette_commands
from corpus_tui.tui.reader import Reader
from corpus_tui.tui.terminal_safety import VisibleControls
from corpus_tui.tui.widgets.document_list import DocumentList
from corpus_tui.tui.widgets.highlight_list import HighlightList
from corpus_tui.tui.widgets.tag_panel import TagList
from corpus_tui.tui.workspace import Workspace

_VISIBLE_CONTROLS = VisibleControls()

# How often the app looks for changes another program committed to the database.
WATCH_SECONDS = 2.0
# More notifications than this at once and the oldest goes: they must not bury the screen.
MAX_TOASTS = 2
MAIN_SCREEN_WIDGETS = (DocumentList, HighlightList, TagList)

if TYPE_CHECKING:
    from corpus_tui.tui.screens.names import NamesScreen
    from corpus_tui.tui.screens.orphans import OrphanChoice
    from corpus_tui.tui.screens.search import SearchScreen

# Screens, the export and what they import (the gazetteer, rapidfuzz, YAML) are loaded when
# first used, not before the first paint.


def _search_screen() -> Screen:
    from corpus_tui.tui.screens.search import SearchScreen

    return SearchScreen()


def _names_screen() -> Screen:
    from corpus_tui.tui.screens.names import NamesScreen

    return NamesScreen()


class CorpusApp(App[None]):
    """Document list, reader and tag panel over one corpus database."""

    CSS_PATH = "app.tcss"
    TITLE = "corpus-tui"
    SCREENS = {"search": _search_screen, "names": _names_screen}
    BINDINGS = [
        Binding(
            "question_mark", "help", "Keys", tooltip="Show every key and what it does", id="help"
        ),
        # A priority binding runs in the app's own task, before the next key is read, so keys
        # typed right after `/` wait for the search input instead of going astray.
        Binding(
            "slash", "search", "Search", tooltip="Find a name or place", id="search", priority=True
        ),
        Binding(
            "ctrl+n", "push_screen('names')", "Names", tooltip="Every name and place", id="names"
        ),
        Binding("ctrl+q", "quit", "Quit", tooltip="Quit corpus-tui", id="quit"),
        Binding(
            "f6",
            "export_spans",
            "Export spans",
            show=False,
            tooltip="Write every span to a YAML file beside the database",
            id="export-spans",
        ),
        Binding(
            "f7",
            "orphans",
            "Orphans",
            show=False,
            tooltip="Highlights that lost their place; re-attach one at the selection",
            id="orphans",
        ),
        Binding(
            "f8",
            "passages",
            "Passages",
            tooltip="Every coded passage across the corpus, filterable",
            id="coded-passages",
        ),
        Binding(
            "f9",
            "reports",
            "Reports",
            tooltip="Counts, matrix and co-occurrence of tags, as tables and charts",
            id="reports",
        ),
        Binding(
            "f5",
            "reload",
            "Reload",
            show=False,
            tooltip="Show what another program (an import, a merge) changed in the database",
            id="reload",
        ),
    ]

    def __init__(
        self, db_path: Path, coder: str | None = None, config: Config | None = None
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.config = config if config is not None else load_config()
        from corpus_tui.tui.coder import resolve_coder

        # Resolved once: every highlight made in this session records this name.
        self.coder = coder or resolve_coder(config=self.config)
        main_screen = binding_ids([CorpusApp, Workspace, Reader, *MAIN_SCREEN_WIDGETS])
        keymap, problems = checked_keymap(self.config.keymap, main_screen, screen_binding_ids)
        self.set_keymap(keymap)
        self._config_problems = [problem for problem in (self.config.error, *problems) if problem]
        self._toasts: list[Notification] = []

    def compose(self) -> ComposeResult:
        # The app's own connection, opened in the thread that uses it.
        try:
            self.db = open_db(self.db_path)
        except StoreError as error:
            # Exit once mounted (exiting while composing fails); Text, as a path is not markup.
            self.call_later(self.exit, None, 1, Text(f"corpus-tui: {error}"))
            return
        self.sub_title = str(self.db_path)
        self.workspace = Workspace(self.db, coder=self.coder, id="workspace")
        yield Header()
        yield self.workspace
        yield Footer()

    @property
    def open_document_id(self) -> str | None:
        """The document open in the reader, if any."""
        return self.workspace.document_id if hasattr(self, "workspace") else None

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification, never as markup: messages quote tag names, titles and
        passages, which may hold square brackets (`quote [unclear]`, `a[/b`)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, and the one that keeps control characters off the terminal."""
        return [*super().get_line_filters(), _VISIBLE_CONTROLS]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from palette_commands(screen)
        yield from super().get_system_commands(screen)

    def on_mount(self) -> None:
        theme = self.config.theme
        if theme:
            if theme in self.available_themes:
                self.theme = theme
            else:
                self._config_problems.append(f"no theme is called {theme}")
        if self._config_problems:
            # One line, however many things were wrong; the defaults stand for each of them.
            self.notify(
                f"Config {self.config.path}: {'; '.join(self._config_problems)} (defaults used)",
                severity="warning",
                markup=False,
                timeout=10,
            )
        if hasattr(self, "db"):  # not when the database was refused
            self._data_version = self._database_version()
            self.set_interval(WATCH_SECONDS, self._watch_database)
            self._warn_about_colors()
            self.call_after_refresh(self._warm_up_search)

    def _warn_about_colors(self) -> None:
        from corpus_tui.store.tags import unusable_colors

        for name, color in unusable_colors(self.db):
            self.notify(
                f"Tag {visible(name)!r} has an unusable colour {visible(str(color))!r}: shown grey "
                "until you give it a new one",
                severity="warning",
                markup=False,
            )

    def _warm_up_search(self) -> None:
        # After the first paint, so start-up does not wait for it: the first search then
        # answers as fast as later ones.
        self.run_worker(self._load_search, thread=True, group="search-warm-up")

    def _load_search(self) -> None:
        from corpus_tui.tui.screens.search import warm_up

        warm_up(self.db_path)

    def _database_version(self) -> int:
        return data_version(self.db)

    @reads_database
    def _watch_database(self) -> None:
        version = self._database_version()
        if version != self._data_version:
            self._data_version = version
            self.notify("Another program changed the database: F5 shows its changes")

    def action_reload(self) -> None:
        """Read the database again, showing what another program changed."""
        self._data_version = self._database_version()
        self.workspace.reload()

    def action_export_spans(self) -> None:
        """Export every span to a YAML file beside the database, in the background."""
        self.run_worker(self._export_spans, thread=True, group="export", exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker_failed(self, event)

    def _export_spans(self) -> None:
        from corpus_tui.store.spans_export import export_beside

        try:
            target = export_beside(self.db_path)
        except (OSError, StoreError) as error:
            self.call_from_thread(self.notify, f"Export failed: {error}", severity="error")
            return
        self.call_from_thread(self.notify, f"Spans exported to {target}")

    def action_orphans(self) -> None:
        """List orphans; Enter re-attaches one at the reader's selection."""
        from corpus_tui.tui.screens.orphans import OrphansScreen

        workspace = self.workspace
        selected_in = workspace.document_id if workspace.reader.selection else None

        def chosen(choice: OrphanChoice | None) -> None:
            if choice is not None:
                workspace.apply_orphan_choice(choice)

        self.push_screen(OrphansScreen(self.db, selected_in), chosen)

    # ---- what screens ask the workspace to do (by message: screens load when first used) ----

    def on_search_screen_open_mention(self, message: SearchScreen.OpenMention) -> None:
        self.workspace.show_mention(message.document_id, message.start, message.end)

    def on_search_screen_tag_mentions(self, message: SearchScreen.TagMentions) -> None:
        self.workspace.tag_mentions(message.mentions, message.tag, message.done, message.texts)

    def on_names_screen_show_mentions(self, message: NamesScreen.ShowMentions) -> None:
        search = self.get_screen("search")
        search.search_for(message.name)  # type: ignore[attr-defined]
        self.pop_screen()
        if self.screen is not search:
            self.push_screen(search)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Over a dialog or another screen, `/` is that screen's key (and not in its footer).
        if action == "search" and len(self.screen_stack) > 1:
            return False
        return super().check_action(action, parameters)

    async def action_search(self) -> None:
        """Open the search screen, its input focused with the previous query selected.

        Only from the main screen (``check_action``).
        """
        from corpus_tui.tui.screens.search import SearchScreen

        screen = self.get_screen("search")
        assert isinstance(screen, SearchScreen)
        await self.push_screen(screen)
        screen.ready_for_typing()

    def action_help(self) -> None:
        """Show the key reference for the screen in front."""
        from corpus_tui.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(key_reference(self.screen), self.config.path))

    def on_notify(self, event: Notify) -> None:
        # Runs before App's own handler adds the new one: make room for it.
        self._toasts = [toast for toast in self._toasts if not toast.has_expired]
        self._toasts.append(event.notification)
        while len(self._toasts) > MAX_TOASTS:
            # Textual has no public call to withdraw one notification but keep the others.
            self._unnotify(self._toasts.pop(0), refresh=False)

    def action_passages(self) -> None:
        """Every coded passage across the corpus, in keyword-in-context rows."""
        from corpus_tui.tui.screens.passages import PassagesScreen

        self.push_screen(PassagesScreen(self.db, self.query_one(Workspace)))

    def action_reports(self) -> None:
        """Counts per tag, the documents x tags matrix and co-occurrence."""
        from corpus_tui.tui.screens.reports import ReportsScreen

        self.push_screen(ReportsScreen(self.db, self.db_path))
