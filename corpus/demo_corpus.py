"""The bundled demo corpus: short fictional news pieces written for this project."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def demo_files() -> list[Traversable]:
    """The demo articles, in import order."""
    folder = files("corpus_tui.corpus") / "demo"
    return sorted((item for item in folder.iterdir() if item.is_file()), key=lambda i: i.name)
