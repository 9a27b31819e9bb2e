"""The corpus-tui Textual app."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from store.db import StoreError, open_db
from tui.keys import key_reference, palette_commands
from tui.screens.help import HelpScreen
from tui.screens.names import NamesScreen
from tui.screens.search import SearchScreen
from tui.workspace import Workspace


class CorpusApp(App[None]):
    """Document list, reader and tag panel over one corpus database."""

    CSS_PATH = "app.tcss"
    TITLE = "corpus-tui"
    SCREENS = {"search": SearchScreen, "names": NamesScreen}
    BINDINGS = [
        Binding("question_mark", "help", "Keys", tooltip="Show every key and what it does"),
        Binding("slash", "push_screen('search')", "Search", tooltip="Find a name or place"),
        Binding("ctrl+n", "push_screen('names')", "Names", tooltip="Every name and place"),
        Binding("ctrl+q", "quit", "Quit", tooltip="Quit corpus-tui"),
    ]

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path

    def compose(self) -> ComposeResult:
        # The app's own connection, opened in the thread that uses it.
        try:
            self.db = open_db(self.db_path)
        except StoreError as error:
            # Exit once mounted (exiting while composing fails); Text, as a path is not markup.
            self.call_later(self.exit, None, 1, Text(f"corpus-tui: {error}"))
            return
        self.sub_title = str(self.db_path)
        yield Header()
        yield Workspace(self.db, id="workspace")
        yield Footer()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from palette_commands(screen)
        yield from super().get_system_commands(screen)

    def action_help(self) -> None:
        """Show the key reference for the screen in front."""
        self.push_screen(HelpScreen(key_reference(self.screen)))
