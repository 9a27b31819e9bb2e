"""The document details dialog: a document's attributes (one ``key = value`` a line) and its
memo, edited together; Ctrl+S saves both, Esc leaves them as they were."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from corpus_tui.corpus.printable import one_line


def parse_attribute_lines(text: str) -> dict[str, str]:
    """``key = value`` lines to a mapping; raises ValueError naming the first bad line."""
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        key, sign, value = line.partition("=")
        if not sign or not key.strip():
            raise ValueError(f"line {number} is not KEY = VALUE: {line.strip()!r}")
        found[key.strip()] = value.strip()
    return found


class DocumentDetails(ModalScreen[tuple[dict[str, str], str] | None]):
    """Returns (attributes, memo) as written, or None if cancelled."""

    CSS_PATH = "document_details.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="details-save"),
        Binding("escape", "dismiss(None)", "Cancel", id="details-cancel"),
    ]

    def __init__(self, title: str, attributes: dict[str, str], memo: str | None) -> None:
        super().__init__()
        self.title_text = title
        self.attributes = attributes
        self.memo = memo or ""

    def compose(self) -> ComposeResult:
        lines = "\n".join(f"{key} = {value}" for key, value in self.attributes.items())
        with Vertical():
            yield Static(f"Details of “{one_line(self.title_text)}”", markup=False)
            yield Static(
                "Attributes, one a line: key = value (outlet = Daily NK, date = 2012-02-15)"
            )
            yield TextArea(lines, id="details-attributes", soft_wrap=True, tab_behavior="focus")
            yield Static("Memo")
            yield TextArea(self.memo, id="details-memo", soft_wrap=True, tab_behavior="focus")
            yield Static(
                "Ctrl+S saves · Esc cancels · an empty value removes that attribute",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#details-attributes", TextArea).focus()

    def action_save(self) -> None:
        """Return what was written, unless an attribute line is malformed."""
        text = self.query_one("#details-attributes", TextArea).text
        try:
            written = parse_attribute_lines(text)
        except ValueError as error:
            self.notify(str(error), severity="warning")
            return
        removed = {key: "" for key in self.attributes if key not in written}
        memo = self.query_one("#details-memo", TextArea).text
        self.dismiss(({**removed, **written}, memo))
