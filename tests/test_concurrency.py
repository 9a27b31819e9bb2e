"""Two programs on one database: nobody sees "database is locked", everybody sees the others' work.

Run the long version with `pytest tests/test_concurrency.py --soak`.
"""

from __future__ import annotations

import select
import subprocess
import sys
from pathlib import Path

from corpus_tui.corpus.reading import ParsedDocument, text_sha256
from corpus_tui.store.db import open_db, write
from corpus_tui.store.documents import add_document, list_documents
from corpus_tui.store.highlights import add_highlight, highlights_for
from corpus_tui.store.tags import ensure_tag
from tests.reliability import finish, open_sound, start_driver

# How long a transaction holds the write lock while another program waits for it.
HOLD_SECONDS = 0.5
TEXT = "Witnesses in Kostrava counted forty people near the Tumen river. " * 200


def _document(db) -> str:
    return add_document(db, ParsedDocument("Shared", TEXT, text_sha256(TEXT)), "s.txt").document_id


def test_programs_opening_a_new_database_at_once_all_succeed(tmp_path: Path, soak: bool) -> None:
    for round_ in range(40 if soak else 4):
        path = tmp_path / f"new-{round_}.db"
        children = [start_driver("open", path) for _ in range(4)]
        assert [finish(child) for child in children] == [["opened"]] * 4
        open_sound(path).close()


def test_two_writers_at_once_both_succeed(db, db_path: Path, soak: bool) -> None:
    document_id = _document(db)
    count = 1000 if soak else 150
    children = [start_driver("highlights", db_path, document_id, count) for _ in range(2)]
    made = [span["id"] for child in children for span in finish(child)]
    assert len(made) == 2 * count
    assert {h.id for h in highlights_for(db, document_id)} == set(made)


def test_import_while_another_program_highlights(db, db_path: Path, tmp_path: Path, soak) -> None:
    document_id = _document(db)
    folder = tmp_path / "incoming"
    folder.mkdir()
    files = 200 if soak else 40
    for n in range(files):
        (folder / f"{n}.txt").write_text(f"Dispatch {n}\n\n" + "Report from Hyesan. " * n * 50)
    importer = start_driver("import", db_path, folder)
    highlighter = start_driver("highlights", db_path, document_id, 300 if soak else 60)
    assert len(finish(importer)) == files
    assert len(finish(highlighter)) == (300 if soak else 60)
    assert len(list_documents(db)) == files + 1


def test_a_writer_waits_for_a_long_transaction_instead_of_failing(db, db_path: Path) -> None:
    document_id = _document(db)
    with write(db):
        db.execute("UPDATE documents SET title = 'held' WHERE id = ?", [document_id])
        child = start_driver("ready-highlights", db_path, document_id, 5)
        assert child.stdout.readline() == '"ready"\n'
        # Held for a while: the child must wait on the lock, neither writing nor giving up.
        waiting, _, _ = select.select([child.stdout], [], [], HOLD_SECONDS)
        assert waiting == []
    assert len(finish(child)) == 5


def test_each_connection_sees_the_others_changes(db, db_path: Path) -> None:
    other = open_db(db_path)
    document_id = _document(db)
    assert [d.id for d in list_documents(other)] == [document_id]
    made = add_highlight(other, document_id, 0, 9, ["place"])
    assert [h.id for h in highlights_for(db, document_id)] == [made.id]
    other.close()


def test_opening_another_connection_keeps_this_process_locks(db, db_path: Path) -> None:
    # POSIX locks belong to the process: closing any descriptor of the file drops all of them.
    # The app keeps a connection open while its workers open their own. Had that dropped the
    # app's lock, another program closing its connection would take itself for the last one
    # and delete the -wal file the app goes on writing to: the app's next changes lost.
    ensure_tag(db, "before")
    open_db(db_path).close()
    count = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1])\n"
        "print(c.execute('SELECT count(*) FROM tags').fetchone()[0]); c.close()\n"
    )

    def tags_seen_by_another_program() -> int:
        run = subprocess.run([sys.executable, "-c", count, str(db_path)], capture_output=True)
        return int(run.stdout)

    assert tags_seen_by_another_program() == 1
    ensure_tag(db, "after")
    assert tags_seen_by_another_program() == 2
