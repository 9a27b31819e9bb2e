"""One definition per action: the Binding. The footer, the command palette and the `?` key
reference are all generated from the active bindings, so none of them is written twice."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any

from textual.app import SystemCommand
from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class KeyHelp:
    """One line of the key reference."""

    keys: str
    description: str
    help: str
    group: str


def key_reference(screen: Screen) -> list[KeyHelp]:
    """The actions reachable from `screen`, one entry per action with all its keys."""
    entries: dict[tuple[str, str], KeyHelp] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description:
            continue
        group = type(active.node).__name__
        display = screen.app.get_key_display(binding)
        slot = (group, binding.action)
        if slot in entries:
            old = entries[slot]
            entries[slot] = KeyHelp(f"{old.keys}, {display}", old.description, old.help, group)
        else:
            entries[slot] = KeyHelp(display, binding.description, binding.tooltip, group)
    return list(entries.values())


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
