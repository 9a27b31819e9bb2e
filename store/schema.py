"""The versioned schema: an ordered list of migrations, applied on open, never edited once released.

Add a schema change as a new `@migration` function at the end; a database that has applied a
step this release does not know comes from a newer release and is refused.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("corpus_tui")
_KNOWN_STEPS: list[str] = []


def migration(step: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register `step` as the next schema migration, named after the function."""
    _KNOWN_STEPS.append(step.__name__)
    return MIGRATIONS()(step)


@migration
def initial_schema(db: Database) -> None:
    """Documents with their text versions, tags, highlights, orphans and app state."""
    statements = [
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,
            title TEXT NOT NULL,
            source TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            chars INTEGER NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            imported_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX documents_source ON documents(source)",
        """CREATE TABLE document_versions (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            text TEXT NOT NULL,
            chars INTEGER NOT NULL,
            imported_at TEXT NOT NULL,
            PRIMARY KEY (document_id, version)
        )""",
        "CREATE INDEX document_versions_sha256 ON document_versions(sha256)",
        """CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            color TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE highlights (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" >= start),
            note TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        'CREATE INDEX highlights_document ON highlights(document_id, start, "end")',
        """CREATE TABLE highlight_tags (
            highlight_id TEXT NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (highlight_id, tag_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX highlight_tags_tag ON highlight_tags(tag_id)",
        """CREATE TABLE orphans (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            note TEXT,
            reason TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX orphans_document ON orphans(document_id)",
        """CREATE TABLE orphan_tags (
            orphan_id TEXT NOT NULL REFERENCES orphans(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (orphan_id, tag_id)
        ) WITHOUT ROWID""",
        """CREATE TABLE app_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
    ]
    for statement in statements:
        db.execute(statement)


@migration
def search_index(db: Database) -> None:
    """The name-search index (store/search_index.py), built for the documents already there."""
    from corpus_tui.store.search_index import create_tables, rebuild_index

    create_tables(db)
    rebuild_index(db)


@migration
def coders_attributes_memos(db: Database) -> None:
    """Second round: who coded each span, typed document attributes, and document memos.

    A null coder means unknown (spans made before coders were recorded). An attribute's value
    is stored as text with its kind (text, number or date: ISO 8601), so it sorts and filters
    by kind without losing how it was written.
    """
    for statement in (
        "ALTER TABLE highlights ADD COLUMN coder TEXT",
        "ALTER TABLE orphans ADD COLUMN coder TEXT",
        "CREATE INDEX highlights_coder ON highlights(coder)",
        "ALTER TABLE documents ADD COLUMN memo TEXT",
        """CREATE TABLE document_attributes (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date')),
            PRIMARY KEY (document_id, key)
        ) WITHOUT ROWID""",
        "CREATE INDEX document_attributes_key ON document_attributes(key, value)",
    ):
        db.execute(statement)


@migration
def i16_formats_pages_extractors(db: Database) -> None:
    """Each document's format and page count; each version's extractor and page starts.

    ``page_starts`` is a JSON array of code-point offsets (null for unpaged text); ``pages``
    on documents is the current version's page count (null when unpaged). Documents already
    stored take their format from their source's suffix.
    """
    suffix_format = """CASE
        WHEN lower({source}) GLOB '*.htm' OR lower({source}) GLOB '*.html'
            OR lower({source}) GLOB '*.xhtml' THEN 'html'
        WHEN lower({source}) GLOB '*.md' OR lower({source}) GLOB '*.markdown' THEN 'md'
        ELSE 'txt' END"""
    for statement in (
        "ALTER TABLE documents ADD COLUMN format TEXT NOT NULL DEFAULT 'txt'",
        "ALTER TABLE documents ADD COLUMN pages INTEGER",
        "ALTER TABLE document_versions ADD COLUMN format TEXT NOT NULL DEFAULT 'txt'",
        "ALTER TABLE document_versions ADD COLUMN extractor TEXT",
        "ALTER TABLE document_versions ADD COLUMN page_starts TEXT",
        f"UPDATE documents SET format = {suffix_format.format(source='source')}",
        "UPDATE document_versions SET format = (SELECT d.format FROM documents d "
        "WHERE d.id = document_versions.document_id)",
    ):
        db.execute(statement)


@migration
def i15_places_and_name_curation(db: Database) -> None:
    """Issue 15: the gazetteer ids of each indexed name (decided at import), every name of the
    places found (so a search by an exonym or another script finds them without loading the
    gazetteer), and the researcher's curation of the names index. The index is rebuilt, as what
    counts as a name changed.

    A curation row says of a name, as spelt: ``not_name`` (left out of the index and of name
    search), ``same`` (the same as ``target``: found by each other's searches, one group in the
    index) or ``split`` (not a variant of any other spelling: its own group, found only as spelt).
    """
    from corpus_tui.store.search_index import rebuild_index

    for statement in (
        "ALTER TABLE search_terms ADD COLUMN place_ids TEXT NOT NULL DEFAULT ''",
        """CREATE TABLE place_aliases (
            alias TEXT NOT NULL,
            place TEXT NOT NULL,
            PRIMARY KEY (alias, place)
        ) WITHOUT ROWID""",
        "CREATE INDEX place_aliases_place ON place_aliases(place)",
        """CREATE TABLE name_curation (
            name TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('not_name', 'same', 'split')),
            target TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            PRIMARY KEY (name, action)
        ) WITHOUT ROWID""",
    ):
        db.execute(statement)
    rebuild_index(db)


def unknown_migrations(db: Database) -> list[str]:
    """Names of applied schema steps this release does not know (a newer release wrote them)."""
    return [step.name for step in MIGRATIONS.applied(db) if step.name not in _KNOWN_STEPS]
