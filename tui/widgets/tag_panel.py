"""The tag panel: every tag with its colour, quick key and counts; this document's highlights."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from corpus_tui.corpus.printable import visible
from corpus_tui.store.tags import Tag
from corpus_tui.tui.reader import Marked
from corpus_tui.tui.widgets.highlight_list import HighlightList

# Row ids that are not tag names (a tag name is never empty, so these cannot clash).
NEW_TAG = ""
FIRST_TAG_HINT = (
    "No tags yet. Make the first one: T (or Enter on “+ New tag” below), or select a passage "
    "and press t to type a name. Tags 1-9 get quick keys."
)


class TagList(OptionList):
    """The tags; keys here rename, recolour, describe, merge or delete the highlighted one."""

    BINDINGS = [
        Binding(
            "R",
            "admin('rename')",
            "Rename tag",
            tooltip="Rename the highlighted tag",
            id="rename-tag",
        ),
        Binding(
            "C",
            "admin('recolor')",
            "Recolour tag",
            tooltip="Give the tag a new colour",
            id="recolor-tag",
        ),
        Binding(
            "D",
            "admin('describe')",
            "Tag memo",
            tooltip="The tag's memo: what it is for",
            id="describe-tag",
        ),
        Binding(
            "M",
            "admin('merge')",
            "Merge tag",
            tooltip="Merge this tag into another",
            id="merge-tag",
        ),
        Binding(
            "delete",
            "admin('delete')",
            "Delete tag",
            tooltip="Delete the tag (asks first)",
            id="delete-tag",
        ),
    ]

    class Admin(Message):
        """The user asked to change a tag."""

        def __init__(self, operation: str, tag: str) -> None:
            super().__init__()
            self.operation = operation
            self.tag = tag

    def action_admin(self, operation: str) -> None:
        """Ask for ``operation`` on the highlighted tag."""
        if self.highlighted is not None:
            tag = self.get_option_at_index(self.highlighted).id
            if tag:  # not on the "+ New tag" row
                self.post_message(self.Admin(operation, tag))


def tag_label(tag: Tag, quick_key: int | None, here: int, overall: int) -> Text:
    """One tag's line: colour swatch, name, quick key, counts in this document / overall."""
    label = Text()
    label.append("██ ", style=tag.color)
    label.append(visible(tag.name))
    label.append(f"  {here}/{overall}", style="dim")
    if quick_key is not None:
        label.append(f"  [{quick_key}]", style="bold")
    return label


class TagPanel(Vertical):
    """Tags above, the open document's highlights below."""

    class Jump(Message):
        """The user chose a highlight to go to."""

        def __init__(self, highlight_id: str) -> None:
            super().__init__()
            self.highlight_id = highlight_id

    def compose(self) -> ComposeResult:
        yield TagList(id="tag-list")
        yield HighlightList(id="highlight-list")

    def on_mount(self) -> None:
        self.query_one(TagList).border_title = "Tags"
        self.query_one(HighlightList).border_title = "Highlights"

    def show(
        self,
        tags: list[Tag],
        counts: dict[str, tuple[int, int]],
        highlights: Sequence[Marked],
        text: str,
    ) -> None:
        """Redraw both lists, keeping the highlighted rows where they were."""
        tag_list = self.query_one(TagList)
        kept = tag_list.highlighted
        tag_list.clear_options()
        tag_list.add_options(
            Option(
                tag_label(
                    tag, position + 1 if position < 9 else None, *counts.get(tag.name, (0, 0))
                ),
                id=tag.name,
            )
            for position, tag in enumerate(tags)
        )
        if not tags:
            tag_list.add_option(Option(Text(FIRST_TAG_HINT, style="italic"), disabled=True))
        tag_list.add_option(Option(Text("+ New tag (T)", style="dim"), id=NEW_TAG))
        tag_list.highlighted = min(kept or 0, len(tags) - 1) if tags else 1
        colors = {tag.name: tag.color for tag in tags}
        self.query_one(HighlightList).set_highlights(highlights, text, colors)

    class Apply(Message):
        """The user chose a tag to put on the reader's selection."""

        def __init__(self, tag: str) -> None:
            super().__init__()
            self.tag = tag

    class NewTag(Message):
        """The user asked to make a tag."""

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == NEW_TAG:
            event.stop()
            self.post_message(self.NewTag())
        elif event.option.id:
            event.stop()
            self.post_message(self.Apply(event.option.id))

    def on_highlight_list_chosen(self, event: HighlightList.Chosen) -> None:
        event.stop()
        self.post_message(self.Jump(event.highlight_id))
