"""Importing files and folders: formats, bad input, skipping, summaries."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sqlite_utils import Database

from corpus_tui.store.documents import get_text, list_documents
from corpus_tui.store.importer import import_paths


def test_folder_import_is_recursive_sorted_and_skips_hidden(db: Database, write_files) -> None:
    root = write_files(
        {
            "b.txt": "Second file.",
            "a/z.md": "# Zed\n\ntext",
            "a/y.html": "<h1>Why</h1><p>text</p>",
            ".hidden.txt": "secret",
            ".git/config": "[core]",
        }
    )
    summary = import_paths(db, [root])
    assert [Path(s).relative_to(root).as_posix() for s in summary.added] == [
        "a/y.html",
        "a/z.md",
        "b.txt",
    ]
    assert [d.title for d in list_documents(db)] == ["Why", "Zed", "Second file."]


def test_stored_text_hash_equals_file_hash_for_utf8_lf_files(db: Database, write_files) -> None:
    content = "Tumen “camp”\n김정은\n"
    root = write_files({"k.txt": content})
    import_paths(db, [root])
    (document,) = list_documents(db)
    assert document.sha256 == hashlib.sha256((root / "k.txt").read_bytes()).hexdigest()
    assert get_text(db, document.id) == content


def test_importing_again_adds_nothing(db: Database, write_files) -> None:
    root = write_files({"a.txt": "one", "b.txt": "two"})
    import_paths(db, [root])
    again = import_paths(db, [root])
    assert (len(again.added), len(again.unchanged)) == (0, 2)


def test_bad_files_are_reported_and_never_stop_the_others(db: Database, write_files) -> None:
    root = write_files(
        {
            "image.png": b"\x89PNG\r\n\x1a\n" + bytes(64),
            "empty.txt": b"",
            "french.txt": "Élodie a payé l'été à Orléans.".encode("latin-1"),
            "good.txt": "Good text.",
        }
    )
    summary = import_paths(db, [root, root / "missing.txt"])
    assert sorted(Path(s).name for s in summary.added) == ["french.txt", "good.txt"]
    reasons = {Path(r.source).name: r.reason for r in summary.rejected}
    assert reasons == {
        "empty.txt": "empty file",
        "image.png": "binary file (PNG image)",
        "missing.txt": "no such file or folder",
    }
    texts = {d.title: get_text(db, d.id) for d in list_documents(db)}
    assert texts["Élodie a payé l'été à Orléans."] == "Élodie a payé l'été à Orléans."


def test_symlink_loops_are_not_followed(db: Database, write_files) -> None:
    root = write_files({"a.txt": "text"})
    os.symlink(root, root / "loop")
    summary = import_paths(db, [root])
    assert len(summary.added) == 1


def test_progress_reports_every_file(db: Database, write_files) -> None:
    root = write_files({f"{i}.txt": f"text {i}" for i in range(3)})
    calls = []
    import_paths(db, [root], progress=lambda done, total, _: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
