"""Looking after the tag set: counts, rename, recolour, describe, merge and delete."""

from __future__ import annotations

import re

from sqlite_utils import Database

from corpus_tui.store.db import write
from corpus_tui.store.tags import Tag, clean_tag_name, get_tag

_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def _require(db: Database, name: str) -> Tag:
    tag = get_tag(db, name)
    if tag is None:
        raise ValueError(f"there is no tag named {name!r}")
    return tag


def tag_counts(db: Database, document_id: str | None = None) -> dict[str, tuple[int, int]]:
    """For every tag name: (highlights carrying it in ``document_id``, highlights overall)."""
    rows = db.execute(
        """SELECT t.name,
                  count(CASE WHEN h.document_id = ? THEN 1 END),
                  count(h.id)
           FROM tags t
           LEFT JOIN highlight_tags ht ON ht.tag_id = t.id
           LEFT JOIN highlights h ON h.id = ht.highlight_id
           GROUP BY t.id""",
        [document_id],
    ).fetchall()
    return {name: (here, overall) for name, here, overall in rows}


def tag_usage(db: Database, name: str) -> int:
    """How many highlights carry the tag ``name``."""
    return db.execute(
        "SELECT count(*) FROM highlight_tags WHERE tag_id = ?", [_require(db, name).id]
    ).fetchone()[0]


def rename_tag(db: Database, name: str, new_name: str) -> Tag:
    """Rename a tag; raises ValueError if the new name is taken (merge them instead)."""
    new_name = clean_tag_name(new_name)
    with write(db):
        tag = _require(db, name)
        if new_name != name and get_tag(db, new_name):
            raise ValueError(f"a tag named {new_name!r} exists; merge the two instead")
        db.execute("UPDATE tags SET name = ? WHERE id = ?", [new_name, tag.id])
        return _require(db, new_name)


def recolor_tag(db: Database, name: str, color: str) -> Tag:
    """Give a tag a new colour, written ``#rrggbb``."""
    color = color.strip()
    if not _HEX_COLOR.fullmatch(color):
        raise ValueError(f"{color!r} is not a colour; write it as #rrggbb")
    with write(db):
        tag = _require(db, name)
        db.execute("UPDATE tags SET color = ? WHERE id = ?", [color.lower(), tag.id])
        return _require(db, name)


def describe_tag(db: Database, name: str, description: str) -> Tag:
    """Set a tag's description (what it is for, when to use it)."""
    with write(db):
        tag = _require(db, name)
        db.execute("UPDATE tags SET description = ? WHERE id = ?", [description.strip(), tag.id])
        return _require(db, name)


def merge_tags(db: Database, source: str, target: str) -> int:
    """Move every use of ``source`` onto ``target`` and delete ``source``.

    Returns how many highlights carried ``source``.
    """
    if source == target:
        raise ValueError("choose two different tags to merge")
    with write(db):
        old, new = _require(db, source), _require(db, target)
        touched = tag_usage(db, source)
        for link, owner in (("highlight_tags", "highlight_id"), ("orphan_tags", "orphan_id")):
            db.execute(
                f"INSERT OR IGNORE INTO {link} ({owner}, tag_id) "
                f"SELECT {owner}, ? FROM {link} WHERE tag_id = ?",
                [new.id, old.id],
            )
        db.execute("DELETE FROM tags WHERE id = ?", [old.id])
        return touched


def delete_tag(db: Database, name: str) -> int:
    """Delete a tag and take it off every highlight (which keep their other tags and notes).

    Returns how many highlights carried it.
    """
    with write(db):
        touched = tag_usage(db, name)
        db.execute("DELETE FROM tags WHERE id = ?", [_require(db, name).id])
        return touched
