"""One definition per action: the Binding. The footer, the command palette and the `?` key
reference are all generated from the active bindings, so none of them is written twice."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class KeyHelp:
    """One line of the key reference: every key of one action."""

    keys: tuple[str, ...]
    description: str
    help: str
    group: str
    extend_keys: tuple[str, ...] = ()
    binding_id: str | None = None


def fold_bindings(
    bindings: Iterable[Binding], group: str, display: Callable[[Binding], str]
) -> list[KeyHelp]:
    """One entry per action, its keys joined.

    A move's shift variant (action ``move(..., True)``) is folded into the move's entry as
    `extend_keys`, and an action whose first binding has a ``key_display`` ("1-9") is one
    entry shown under that display.
    """
    entries: dict[str, KeyHelp] = {}
    extends: dict[str, list[str]] = {}
    ranged: set[str] = set()
    for binding in bindings:
        if not binding.description:
            continue
        action, name = binding.action, binding.action.split("(")[0]
        if action.endswith(", True)"):
            move = action.removesuffix(", True)") + ")"
            extends.setdefault(move, []).append(display(binding))
            continue
        if name in ranged:
            continue
        if binding.key_display:
            ranged.add(name)
        if action in entries:
            old = entries[action]
            entries[action] = KeyHelp(
                (*old.keys, display(binding)), old.description, old.help, group, (), old.binding_id
            )
        else:
            entries[action] = KeyHelp(
                (display(binding),), binding.description, binding.tooltip, group, (), binding.id
            )
    return [
        KeyHelp(
            e.keys, e.description, e.help, e.group, tuple(extends.get(action, ())), e.binding_id
        )
        for action, e in entries.items()
    ]


# What a new user needs first, in this order: how to select, tag, write a note and undo.
CODING_FIRST = (
    "select-sentence",
    "select-word",
    "select-paragraph",
    "mark",
    "quick-tag-1",
    "tag-picker",
    "edit-note",
    "undo",
    "redo",
    "cycle-target",
    "remove-tag",
    "delete-highlight",
)
CODING_GROUP = "Coding"


def key_reference(screen: Screen) -> list[KeyHelp]:
    """The actions reachable from `screen`, grouped by the widget that handles them."""
    groups: dict[str, list[Binding]] = {}
    for active in screen.active_bindings.values():
        groups.setdefault(type(active.node).__name__, []).append(active.binding)
    entries = [
        entry
        for group, bindings in groups.items()
        for entry in fold_bindings(bindings, group, screen.app.get_key_display)
    ]
    # The coding keys come first, whichever widget handles them, then the rest by widget.
    rank = {binding_id: position for position, binding_id in enumerate(CODING_FIRST)}
    first = sorted(
        (entry for entry in entries if entry.binding_id in rank),
        key=lambda entry: rank[entry.binding_id or ""],
    )
    first = [
        KeyHelp(e.keys, e.description, e.help, CODING_GROUP, e.extend_keys, e.binding_id)
        for e in first
    ]
    return first + [entry for entry in entries if entry.binding_id not in rank]


def palette_commands(screen: Screen) -> Iterator[SystemCommand]:
    """A command-palette entry for every described binding active on `screen`."""
    seen: set[tuple[int, str]] = set()
    for active in screen.active_bindings.values():
        binding, node = active.binding, active.node
        if not binding.description or (id(node), binding.action) in seen:
            continue
        seen.add((id(node), binding.action))
        key = screen.app.get_key_display(binding)
        yield SystemCommand(
            f"{binding.description} ({key})",
            binding.tooltip or binding.description,
            _runner(node, binding.action),
        )


def _runner(node: Any, action: str) -> Callable[[], Coroutine[Any, Any, None]]:
    async def run() -> None:
        await node.run_action(action)

    return run
