"""Where the reader was: the open document, its scroll and cursor, kept in ``app_state``."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from sqlite_utils import Database

from corpus_tui.store.db import write

KEY = "reader_position"


@dataclass(frozen=True, slots=True)
class ReadingPosition:
    """The open document, the offset at the top of the view and the cursor offset."""

    document_id: str
    top: int
    cursor: int


def save_position(db: Database, position: ReadingPosition) -> None:
    """Remember where the reader is (one small transaction)."""
    with write(db):
        db.execute(
            "INSERT OR REPLACE INTO app_state(key, value) VALUES (?, ?)",
            [KEY, json.dumps(asdict(position))],
        )


def load_position(db: Database) -> ReadingPosition | None:
    """Where the reader was, or None if never saved or the document is gone."""
    row = db.execute("SELECT value FROM app_state WHERE key = ?", [KEY]).fetchone()
    if row is None:
        return None
    try:
        position = ReadingPosition(**json.loads(row[0]))
    except (ValueError, TypeError):
        return None
    known = db.execute("SELECT chars FROM documents WHERE id = ?", [position.document_id])
    chars = known.fetchone()
    if chars is None:
        return None
    return ReadingPosition(
        position.document_id, min(position.top, chars[0]), min(position.cursor, chars[0])
    )
