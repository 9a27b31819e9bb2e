"""Small modal dialogs: a one-line prompt, a yes/no question and a multi-line note editor."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea


class Prompt(ModalScreen[str | None]):
    """Ask for one line of text; returns it, or None if cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", show=False, id="cancel")]
    CSS_PATH = "dialogs.tcss"

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, markup=False)
            yield Input(value=self.value)
            yield Static("Enter saves · Esc cancels", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)


class Confirm(ModalScreen[bool]):
    """A yes/no question; Enter or y answers yes, Esc or n answers no."""

    BINDINGS = [
        Binding("y,enter", "dismiss(True)", "Yes", id="yes"),
        Binding("n,escape", "dismiss(False)", "No", id="no"),
    ]
    CSS_PATH = "dialogs.tcss"

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, markup=False)
            yield Static("y / Enter: yes · n / Esc: no", classes="hint")


class NoteEditor(ModalScreen[str | None]):
    """Edit a highlight's note over several lines; returns the text, or None if cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="save-note"),
        Binding("escape", "dismiss(None)", "Cancel", id="cancel"),
    ]
    CSS_PATH = "dialogs.tcss"

    def __init__(self, passage: str, note: str) -> None:
        super().__init__()
        self.passage = passage
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Note on “{self.passage}”", markup=False)
            yield TextArea(self.note, soft_wrap=True)
            yield Static("Ctrl+S saves · Esc cancels · an empty note is removed", classes="hint")

    def action_save(self) -> None:
        """Keep the note as written."""
        self.dismiss(self.query_one(TextArea).text)
