"""Layers: whose highlights the reader and the highlight list show.

``ALL_LAYERS`` shows every coder's; ``MINE`` the session coder's (and those with no coder
recorded, made before coders were: they are most likely the user's own and hiding them would
look like loss); any other value is one coder's name. No Textual here: pure filtering.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

ALL_LAYERS = "\x00all"
MINE = "\x00mine"


class _Coded(Protocol):
    @property
    def coder(self) -> str | None: ...


T = TypeVar("T", bound=_Coded)


def in_layer(highlights: Iterable[T], layer: str, me: str | None) -> list[T]:
    """The highlights shown in ``layer`` for the session coder ``me``."""
    if layer == ALL_LAYERS:
        return list(highlights)
    if layer == MINE:
        return [h for h in highlights if h.coder is None or h.coder == me]
    return [h for h in highlights if h.coder == layer]


def next_layer(layer: str, coders: Sequence[str], me: str | None) -> str:
    """The layer after ``layer``: all, mine, then each other coder by name, then all again."""
    order = [ALL_LAYERS, MINE, *(coder for coder in coders if coder != me)]
    position = order.index(layer) if layer in order else 0
    return order[(position + 1) % len(order)]


def layer_label(layer: str, me: str | None) -> str:
    """How a layer is named on screen."""
    if layer == ALL_LAYERS:
        return "all coders"
    if layer == MINE:
        return f"yours ({me or 'unknown'})"
    return f"{layer}'s"
