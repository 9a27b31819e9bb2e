"""A scratch database holding the bundled demo corpus, so `--demo` never touches user data."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from corpus_tui.corpus.demo_corpus import demo_files
from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import add_document, get_text
from corpus_tui.store.highlights import add_highlight
from corpus_tui.store.tags import ensure_tag

TAGS = (
    ("place", "Towns, rivers, camps and countries"),
    ("person", "Named people"),
    ("organisation", "Agencies, NGOs, courts and media"),
    ("detention", "Arrests, holding and conditions of detention"),
    ("number of people", "Counts of people affected"),
    ("anonymous source", "Claims attributed to unnamed people"),
)

# A few highlights in the first article, overlapping on purpose, so a first look shows coding.
HIGHLIGHTS = (
    ("Police in the border town of Kostrava detained more than 1,200 people", ("detention",)),
    ("Kostrava", ("place",)),
    ("more than 1,200 people", ("number of people",)),
    ("aid workers said", ("anonymous source",)),
    ("Park Min-jun", ("person",)),
    ("Open River Watch", ("organisation",)),
    ("우리는 여러분을 잊지 않았습니다.", ("detention",)),
)


def create_demo_db(path: Path) -> Database:
    """Create a database at `path` with the demo articles imported (sources ``demo/NAME``),
    its tags declared and a few passages of the first article coded."""
    db = open_db(path)
    added = [
        add_document(db, parse_bytes(item.read_bytes(), item.name), f"demo/{item.name}")
        for item in demo_files()
    ]
    first = added[0].document_id
    for name, description in TAGS:
        ensure_tag(db, name, description=description)
    text = get_text(db, first)
    for phrase, tags in HIGHLIGHTS:
        start = text.index(phrase)
        add_highlight(db, first, start, start + len(phrase), tags=tags)
    return db
