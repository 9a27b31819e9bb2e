"""Tags: unique names with a colour, a description and an order (the first nine get quick keys)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from corpus_tui.corpus.colors import FALLBACK_COLOR, is_color
from corpus_tui.store.clock import utc_now
from corpus_tui.store.db import write

# Distinct hues that stay readable as backgrounds under both light and dark text, and map to
# nearby entries of the 256-colour palette.
PALETTE = (
    "#3b82f6",
    "#ef4444",
    "#22c55e",
    "#f59e0b",
    "#a855f7",
    "#ec4899",
    "#14b8a6",
    "#f97316",
    "#84cc16",
    "#06b6d4",
    "#6366f1",
    "#eab308",
)
MAX_TAG_NAME = 80


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag as stored."""

    id: int
    name: str
    color: str
    description: str
    position: int


def clean_tag_name(name: str) -> str:
    """A tag name with outer white space removed; raises ValueError if empty or too long."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("a tag name cannot be empty")
    if len(cleaned) > MAX_TAG_NAME:
        raise ValueError(f"a tag name has at most {MAX_TAG_NAME} characters")
    return cleaned


def _tag(row: tuple) -> Tag:
    # A colour another program stored that no terminal can draw is shown as the fallback;
    # `unusable_colors` names such tags so the app can say so.
    tag_id, name, color, description, position = row
    return Tag(tag_id, name, color if is_color(color) else FALLBACK_COLOR, description, position)


def list_tags(db: Database) -> list[Tag]:
    """Every tag, in quick-key order; an unusable stored colour is given as FALLBACK_COLOR."""
    rows = db.execute(
        "SELECT id, name, color, description, position FROM tags ORDER BY position, id"
    ).fetchall()
    return [_tag(row) for row in rows]


def unusable_colors(db: Database) -> list[tuple[str, str]]:
    """(tag name, stored colour) for each tag whose stored colour is not ``#rrggbb``."""
    rows = db.execute("SELECT name, color FROM tags ORDER BY position, id").fetchall()
    return [(name, color) for name, color in rows if not is_color(color)]


def get_tag(db: Database, name: str) -> Tag | None:
    """The tag with this exact name, or None."""
    row = db.execute(
        "SELECT id, name, color, description, position FROM tags WHERE name = ?", [name]
    ).fetchone()
    return _tag(row) if row else None


def ensure_tag(db: Database, name: str, color: str | None = None, description: str = "") -> Tag:
    """The tag named `name`, created (with the next palette colour unless given) if missing.

    Raises ValueError for a colour that is not ``#rrggbb``.
    """
    name = clean_tag_name(name)
    if color is not None and not is_color(color):
        raise ValueError(f"a tag colour is written #rrggbb, not {color!r}")
    with write(db):
        existing = get_tag(db, name)
        if existing:
            return existing
        count, position = db.execute(
            "SELECT count(*), coalesce(max(position), 0) + 1 FROM tags"
        ).fetchone()
        color = color or PALETTE[count % len(PALETTE)]
        db.table("tags").insert(
            {
                "name": name,
                "color": color,
                "description": description,
                "position": position,
                "created_at": utc_now(),
            }
        )
        created = get_tag(db, name)
        assert created is not None  # written just above, in this transaction
        return created


def create_tag(db: Database, name: str) -> Tag:
    """A new tag with the next palette colour; raises ValueError if the name is taken."""
    name = clean_tag_name(name)
    with write(db):
        if get_tag(db, name) is not None:
            raise ValueError(f"a tag named “{name}” exists already")
        return ensure_tag(db, name)
