"""Which documents' highlight counts this connection changed, so a list of every document (a
corpus may hold 100,000) updates just those after a change, an undo or a redo.

Temporary triggers (this connection only, nothing stored in the file, so a read-only database
works too) note the document of every highlight inserted, deleted or moved between documents.
"""

from __future__ import annotations

from sqlite_utils import Database

_TRIGGERS = {
    "insert": "INSERT OR IGNORE INTO span_count_changes VALUES (NEW.document_id);",
    "delete": "INSERT OR IGNORE INTO span_count_changes VALUES (OLD.document_id);",
    "update": (
        "INSERT OR IGNORE INTO span_count_changes VALUES (OLD.document_id);"
        " INSERT OR IGNORE INTO span_count_changes VALUES (NEW.document_id);"
    ),
}


def track_span_counts(db: Database) -> None:
    """Start noting, on this connection, the documents whose highlights change."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS span_count_changes (document_id TEXT PRIMARY KEY)")
    for event, body in _TRIGGERS.items():
        on = "UPDATE OF document_id" if event == "update" else event.upper()
        db.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS span_count_{event} AFTER {on} ON main.highlights "
            f"BEGIN {body} END"
        )


def changed_span_counts(db: Database) -> dict[str, int]:
    """The highlight count of every document changed since the last call (then forgotten)."""
    rows = db.execute(
        "SELECT c.document_id, (SELECT count(*) FROM highlights h "
        "WHERE h.document_id = c.document_id) FROM temp.span_count_changes c"
    ).fetchall()
    if rows:
        inside = db.conn.in_transaction
        db.execute("DELETE FROM temp.span_count_changes")
        if not inside:  # only the temporary table was written: end that, leave any other be
            db.conn.commit()
    return dict(rows)
