"""The `?` key reference, generated from the bindings active where it was opened."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from corpus_tui.tui.keys import KeyHelp


class HelpScreen(ModalScreen[None]):
    """A scrollable list of every key, grouped by where it works."""

    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close help", id="close-help")]

    def __init__(self, entries: list[KeyHelp], config_path: Path | None = None) -> None:
        super().__init__()
        self.entries = entries
        self.config_path = config_path

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static("[b]Keys in force[/b]  (Esc closes)", id="help-title")
            if self.config_path is not None:
                where = f'Change them in {self.config_path}: [keymap] binding-id = "key"'
                yield Static(where, id="help-config", markup=False)
            # One table per group: keys in a right-aligned column, and a description that wraps
            # stays beside its keys.
            for group, entries in groupby(self.entries, key=lambda entry: entry.group):
                yield Static(Text(f"\n{_group_title(group)}", style="bold"), classes="help-group")
                yield Static(key_table(list(entries)), classes="help-keys")


def key_table(entries: list[KeyHelp]) -> Table:
    """Keys, then what they do, the help text and the binding id (for the keymap)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True, min_width=12)
    table.add_column(ratio=1)
    for entry in entries:
        line = Text(entry.description)
        notes = []
        if entry.extend_keys:
            notes.append("(shift+ extends the selection)")
        if entry.help and entry.help != entry.description:
            notes.append(f"— {entry.help}")
        if entry.binding_id:
            notes.append(f"({entry.binding_id})")
        for note in notes:
            line.append(" ")
            line.append(note, style="dim")
        table.add_row(", ".join(entry.keys), line)
    return table


def _group_title(widget_name: str) -> str:
    return {
        "CorpusApp": "Everywhere",
        "Workspace": "More coding",
        "Coding": "Coding: select, tag, note, undo",
    }.get(widget_name, widget_name)
