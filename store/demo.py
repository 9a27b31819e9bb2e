"""A scratch database holding the bundled demo corpus, so `--demo` never touches user data."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from corpus.demo_corpus import demo_files
from corpus.reading import parse_bytes
from store.db import open_db
from store.documents import add_document


def create_demo_db(path: Path) -> Database:
    """Create a database at `path` with every demo article imported (sources ``demo/NAME``)."""
    db = open_db(path)
    for item in demo_files():
        add_document(db, parse_bytes(item.read_bytes(), item.name), f"demo/{item.name}")
    return db
