"""The dialogs behind the tag list's keys: ask, confirm with a count, then one undoable change."""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database
from textual.app import App

from corpus_tui.store.tag_admin import (
    delete_tag,
    describe_tag,
    merge_tags,
    recolor_tag,
    rename_tag,
    tag_usage,
)
from corpus_tui.store.tags import Tag
from corpus_tui.tui.screens.dialogs import Confirm, Prompt
from corpus_tui.tui.screens.tag_picker import TagPicker

Change = Callable[[str, Callable[[], object]], object]
"""Runs ``operation`` as one labelled undo step: ``change(label, operation)``."""


class TagAdministration:
    """Rename, recolour, describe, merge or delete one tag, asking the user first."""

    def __init__(self, app: App, db: Database, change: Change) -> None:
        self.app = app
        self.db = db
        self.change = change

    def run(self, operation: str, tag: Tag, tags: list[Tag]) -> None:
        """Start ``operation`` (rename, recolor, describe, merge, delete) on ``tag``."""
        name = tag.name
        if operation == "rename":
            self._ask(f"Rename tag “{name}” to:", name, "rename tag", rename_tag, name)
        elif operation == "recolor":
            self._ask(f"Colour of “{name}” (#rrggbb):", tag.color, "recolour", recolor_tag, name)
        elif operation == "describe":
            question = f"Memo of “{name}” (what it is for):"
            self._ask(question, tag.description, "tag memo", describe_tag, name)
        elif operation == "merge":
            others = [other for other in tags if other.name != name]

            def chosen(target: str | None) -> None:
                if target:
                    self._confirm_merge(name, target)

            self.app.push_screen(TagPicker(others, f"Merge “{name}” into…", False), chosen)
        elif operation == "delete":
            count = tag_usage(self.db, name)
            question = f"Delete tag “{name}”? It is on {count} highlight(s); they keep other tags."
            self._confirm(question, f"delete {name}", lambda: delete_tag(self.db, name))

    def _confirm_merge(self, name: str, target: str) -> None:
        count = tag_usage(self.db, name)
        question = f"Merge “{name}” into “{target}”? {count} highlight(s) change."
        self._confirm(question, f"merge {name}", lambda: merge_tags(self.db, name, target))

    def _ask(self, question: str, value: str, label: str, operation, name: str) -> None:
        def answered(answer: str | None) -> None:
            if answer is not None:
                self.change(label, lambda: operation(self.db, name, answer))

        self.app.push_screen(Prompt(question, value), answered)

    def _confirm(self, question: str, label: str, operation: Callable[[], object]) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.change(label, operation)

        self.app.push_screen(Confirm(question), answered)
