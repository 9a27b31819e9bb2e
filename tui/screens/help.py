"""The `?` key reference, generated from the bindings active where it was opened."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
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
            group = None
            for entry in self.entries:
                if entry.group != group:
                    group = entry.group
                    yield Static(f"\n[b]{_group_title(group)}[/b]", classes="help-group")
                line = _escape(entry.description)
                if entry.extend_keys:
                    line += " [dim](shift+ extends the selection)[/dim]"
                if entry.help and entry.help != entry.description:
                    line += f" [dim]— {_escape(entry.help)}[/dim]"
                if entry.binding_id:
                    line += f" [dim]({_escape(entry.binding_id)})[/dim]"
                with Horizontal(classes="help-line"):
                    yield Static(", ".join(entry.keys), classes="help-keys", markup=False)
                    yield Static(line, classes="help-text")


def _group_title(widget_name: str) -> str:
    return {
        "CorpusApp": "Everywhere",
        "Workspace": "More coding",
        "Coding": "Coding: select, tag, note, undo",
    }.get(widget_name, widget_name)


def _escape(text: str) -> str:
    return text.replace("[", r"\[")
