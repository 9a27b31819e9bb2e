"""The store: migrations, refusals, documents, highlights, and all-or-nothing writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.db import StoreError, open_db, write
from corpus_tui.store.documents import add_document, get_text, list_documents
from corpus_tui.store.highlights import add_highlight, highlights_for
from corpus_tui.store.schema import MIGRATIONS
from corpus_tui.store.tags import list_tags


def doc(text: str, name: str = "a.txt"):
    return parse_bytes(text.encode(), name)


def test_migrations_from_empty_create_every_table(db: Database) -> None:
    assert not MIGRATIONS.pending(db)
    assert {
        "documents",
        "document_versions",
        "tags",
        "highlights",
        "highlight_tags",
        "orphans",
        "orphan_tags",
        "app_state",
    } <= set(db.table_names())
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopening_applies_nothing_twice(db_path: Path) -> None:
    first = open_db(db_path)
    applied = list(first["_sqlite_migrations"].rows)
    schema = first.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    first.close()
    again = open_db(db_path)
    assert applied, "the first open applied the migrations"
    assert list(again["_sqlite_migrations"].rows) == applied
    assert again.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema


def test_newer_schema_is_refused(db_path: Path) -> None:
    db = open_db(db_path)
    db["_sqlite_migrations"].insert(
        {"migration_set": "corpus_tui", "name": "from_the_future", "applied_at": "x"}
    )
    db.close()
    with pytest.raises(StoreError, match="newer corpus-tui"):
        open_db(db_path)


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a corpus-tui database"):
        open_db(path)
    assert path.read_bytes() == before


def test_same_text_is_one_document_and_ids_derive_from_content(db: Database) -> None:
    first = add_document(db, doc("Same text."), "a.txt")
    again = add_document(db, doc("Same text."), "elsewhere/b.txt")
    assert first.outcome == "added" and again.outcome == "unchanged"
    assert again.document_id == first.document_id == doc("Same text.").sha256[:16]
    assert len(list_documents(db)) == 1


def test_changed_text_from_the_same_source_is_a_new_version(db: Database) -> None:
    first = add_document(db, doc("Tumen River camp. Shenyang arrests."), "a.txt")
    highlight = add_highlight(db, first.document_id, 18, 26, tags=["place"])
    second = add_document(db, doc("Update: Tumen River camp. Shenyang arrests."), "a.txt")
    assert second.outcome == "updated" and second.version == 2
    assert second.document_id == first.document_id
    moved = highlights_for(db, first.document_id)
    assert [(h.id, h.start, h.end) for h in moved] == [(highlight.id, 26, 34)]
    assert get_text(db, first.document_id)[26:34] == "Shenyang"


def test_a_highlight_whose_text_is_gone_becomes_an_orphan(db: Database) -> None:
    added = add_document(db, doc("Alpha beta gamma."), "a.txt")
    add_highlight(db, added.document_id, 6, 10, tags=["x"], note="keep me")
    add_document(db, doc("Alpha gamma delta."), "a.txt")
    assert highlights_for(db, added.document_id) == []
    orphan = db.execute("SELECT text, prefix, suffix, note FROM orphans").fetchone()
    assert orphan == ("beta", "Alpha ", " gamma.", "keep me")
    assert db.execute("SELECT count(*) FROM orphan_tags").fetchone()[0] == 1


def test_highlights_carry_tags_in_tag_order(db: Database) -> None:
    added = add_document(db, doc("Kim Jong-un visited Tumen."), "a.txt")
    h = add_highlight(db, added.document_id, 0, 11, tags=["person", "anonymous source"])
    assert h.tags == ("person", "anonymous source")
    assert [t.name for t in list_tags(db)] == ["person", "anonymous source"]
    assert len({t.color for t in list_tags(db)}) == 2


def test_offsets_outside_the_text_are_refused(db: Database) -> None:
    added = add_document(db, doc("short"), "a.txt")
    with pytest.raises(ValueError, match="outside"):
        add_highlight(db, added.document_id, 2, 6)
    assert highlights_for(db, added.document_id) == []


def test_a_failed_write_rolls_back_whole(db: Database) -> None:
    added = add_document(db, doc("Some text here."), "a.txt")
    with pytest.raises(sqlite3.IntegrityError), write(db):
        add_highlight(db, added.document_id, 0, 4, tags=["one"])
        db.execute("INSERT INTO tags (name, color, position, created_at) VALUES (NULL, 1, 1, 1)")
    assert highlights_for(db, added.document_id) == []
    assert list_tags(db) == []


def test_two_connections_see_each_others_writes(db_path: Path) -> None:
    first, second = open_db(db_path), open_db(db_path)
    added = add_document(first, doc("Shared text."), "a.txt")
    add_highlight(second, added.document_id, 0, 6)
    assert len(highlights_for(first, added.document_id)) == 1
