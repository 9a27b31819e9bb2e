"""The `?` key reference, generated from the bindings active where it was opened."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from corpus_tui.tui.keys import KeyHelp


class HelpScreen(ModalScreen[None]):
    """A scrollable list of every key, grouped by where it works."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close help")]

    def __init__(self, entries: list[KeyHelp]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static("[b]Keys[/b]  (Esc closes)", id="help-title")
            group = None
            for entry in self.entries:
                if entry.group != group:
                    group = entry.group
                    yield Static(f"\n[b]{_group_title(group)}[/b]", classes="help-group")
                keys = ", ".join(entry.keys)
                line = f"[b]{_escape(keys):>14}[/b]  {_escape(entry.description)}"
                if entry.extend_keys:
                    line += " [dim](shift+ extends the selection)[/dim]"
                if entry.help and entry.help != entry.description:
                    line += f" [dim]— {_escape(entry.help)}[/dim]"
                yield Static(line, classes="help-line")


def _group_title(widget_name: str) -> str:
    return {"CorpusApp": "Everywhere", "Workspace": "Coding"}.get(widget_name, widget_name)


def _escape(text: str) -> str:
    return text.replace("[", r"\[")
