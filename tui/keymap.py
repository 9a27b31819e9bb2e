"""The user's keymap, checked before Textual applies it: binding ids to keys, as posting does.

`[keymap]` in the config file maps a binding id to one key or several (comma-separated), and
those keys replace the binding's defaults (``App.set_keymap``). Unknown ids and empty key lists
are reported and left out; ctrl+q stays the way out whatever the keymap says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from importlib import import_module

from textual.binding import Binding

QUIT_KEY = "ctrl+q"
QUIT_ID = "quit"

# Where the bindings of the pushed screens live; imported only to check a keymap that names an
# id the main screen does not have (they load rapidfuzz and the gazetteer's modules).
SCREEN_MODULES = (
    "corpus_tui.tui.screens.search",
    "corpus_tui.tui.screens.names",
    "corpus_tui.tui.screens.tag_picker",
    "corpus_tui.tui.screens.dialogs",
    "corpus_tui.tui.screens.orphans",
    "corpus_tui.tui.screens.help",
    "corpus_tui.tui.screens.agreement",
)


def binding_ids(owners: Iterable[type]) -> set[str]:
    """The ids of every binding that ``owners`` declare or inherit."""
    ids: set[str] = set()
    for owner in owners:
        for cls in owner.__mro__:
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.id:
                    ids.add(binding.id)
    return ids


def screen_binding_ids() -> set[str]:
    """The ids of the bindings on every screen the app can push."""
    owners: list[type] = []
    for name in SCREEN_MODULES:
        module = import_module(name)
        owners += [
            value
            for value in vars(module).values()
            if isinstance(value, type) and value.__module__ == name and "BINDINGS" in vars(value)
        ]
    return binding_ids(owners)


def checked_keymap(
    keymap: Mapping[str, str], known: set[str], more_known: Callable[[], set[str]] | None = None
) -> tuple[dict[str, str], list[str]]:
    """The keymap to apply and what was wrong with the one given.

    ``known`` are the ids at hand; ``more_known`` is called for only if an id is not among them
    (a lazily computed set, such as `screen_binding_ids`). No binding but quit gets ctrl+q, and
    quit keeps ctrl+q beside any keys it is given.
    """
    problems: list[str] = []
    unknown = [binding_id for binding_id in keymap if binding_id not in known]
    if unknown and more_known is not None:
        known = known | more_known()
        unknown = [binding_id for binding_id in unknown if binding_id not in known]
    if unknown:
        problems.append(f"no binding has the id {', '.join(sorted(unknown))}")
    result: dict[str, str] = {}
    for binding_id, value in keymap.items():
        if binding_id in unknown:
            continue
        keys = [key.strip() for key in value.split(",") if key.strip()]
        if binding_id == QUIT_ID:
            keys = [*keys, QUIT_KEY] if QUIT_KEY not in keys else keys
        elif QUIT_KEY in keys:
            problems.append(f"{QUIT_KEY} always quits (not {binding_id})")
            keys = [key for key in keys if key != QUIT_KEY]
        if not keys:
            problems.append(f"{binding_id} has no keys")
            continue
        result[binding_id] = ",".join(keys)
    return result, problems
