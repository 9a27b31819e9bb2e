"""The tag picker: type to filter the tags fuzzily; a name that matches none creates a tag."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from corpus_tui.corpus.printable import visible
from corpus_tui.corpus.title_filter import filter_titles
from corpus_tui.store.tags import Tag

CREATE = "\x00create"


class TagPicker(ModalScreen[str | None]):
    """Choose a tag by name; returns the name (new or existing), or None if cancelled."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", show=False, id="cancel"),
        Binding("down", "move(1)", "Next tag", show=False, id="picker-down"),
        Binding("up", "move(-1)", "Previous tag", show=False, id="picker-up"),
    ]

    CSS_PATH = "tag_picker.tcss"

    def __init__(self, tags: list[Tag], title: str = "Tag", allow_new: bool = True) -> None:
        super().__init__()
        self.tags = tags
        self.title_text = title
        self.allow_new = allow_new

    def compose(self) -> ComposeResult:
        with Vertical():
            # A Text, not markup: titles quote tag names ("Merge “a[/b” into…").
            yield Static(Text(self.title_text, style="bold"))
            yield Input(placeholder="type a tag name", id="tag-query")
            yield OptionList(id="tag-options")
            hint = "Enter chooses · a new name creates a tag" if self.allow_new else "Enter chooses"
            yield Static(f"{hint} · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        self._refill("")

    def _refill(self, query: str) -> None:
        options = self.query_one("#tag-options", OptionList)
        options.clear_options()
        names = [tag.name for tag in self.tags]
        for index in filter_titles(query, names):
            tag = self.tags[index]
            label = Text()
            label.append("██ ", style=tag.color)
            label.append(visible(tag.name))
            if tag.description:
                label.append(visible(f"  {tag.description}"), style="dim")
            options.add_option(Option(label, id=tag.name))
        name = " ".join(query.split())
        if self.allow_new and name and name not in names:
            options.add_option(Option(Text(f"+ Create tag “{name}”", style="italic"), id=CREATE))
        if options.option_count:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._refill(event.value)

    def action_move(self, step: int) -> None:
        """Move the highlight through the matching tags."""
        options = self.query_one("#tag-options", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(current + step, options.option_count - 1))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#tag-options", OptionList)
        if options.highlighted is None:
            return
        self._choose(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        if option_id == CREATE:
            self.dismiss(" ".join(self.query_one("#tag-query", Input).value.split()))
        elif option_id is not None:
            self.dismiss(option_id)
