"""The command line, run as a user runs it: exit codes, one-line errors, --db, --json."""

from __future__ import annotations

import json
from pathlib import Path


def test_import_then_docs_json(run, write_files, db_path: Path) -> None:
    root = write_files({"a.txt": "Alpha report\n\nbody", "b.md": "# Beta\n\ntext"})
    status, out, _ = run("import", str(root), "--db", str(db_path))
    assert status == 0
    assert out.strip().endswith("2 added, 0 updated (new version), 0 unchanged, 0 rejected")
    status, out, _ = run("--db", str(db_path), "docs", "--json")
    rows = json.loads(out)
    assert [(r["title"], r["chars"], r["spans"]) for r in rows] == [
        ("Alpha report", 18, 0),
        ("Beta", 12, 0),
    ]
    assert {"id", "title", "source", "sha256", "chars", "spans"} <= rows[0].keys()
    assert rows[0]["source"] == str(root / "a.txt")


def test_db_from_environment(run, write_files, tmp_path: Path, monkeypatch) -> None:
    env_db = tmp_path / "env.db"
    monkeypatch.setenv("CORPUS_TUI_DB", str(env_db))
    run("import", str(write_files({"a.txt": "text"})))
    assert env_db.exists()
    _, out, _ = run("docs")
    assert "text" in out


def test_default_db_lives_in_the_user_data_directory(run, write_files, tmp_path) -> None:
    run("import", str(write_files({"a.txt": "text"})))
    assert list((tmp_path / "xdg").rglob("corpus.db"))


def test_rejections_are_listed_and_exit_zero_when_something_was_added(
    run, write_files, db_path
) -> None:
    root = write_files({"ok.txt": "fine", "bad.png": b"\x89PNG\r\n\x1a\n\x00"})
    status, out, _ = run("--db", str(db_path), "import", str(root))
    assert status == 0
    assert f"rejected: {root / 'bad.png'}: binary file (PNG image)" in out.splitlines()


def test_every_file_rejected_exits_one_with_a_single_line(run, write_files, db_path) -> None:
    root = write_files({"empty.txt": b""})
    status, _, err = run("--db", str(db_path), "import", str(root))
    assert status == 1
    assert err.strip().count("\n") == 0 and err.startswith("corpus-tui: ")


def test_usage_error_exits_two_with_one_line(run) -> None:
    status, _, err = run("docs", "--bogus")
    assert status == 2
    assert err.strip().count("\n") == 0 and "--bogus" in err


def test_a_corrupt_database_is_one_line_and_untouched(run, tmp_path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not sqlite at all" * 200)
    status, _, err = run("--db", str(bad), "docs")
    assert status == 1
    assert "not a corpus-tui database" in err and err.strip().count("\n") == 0
    assert bad.read_bytes() == b"not sqlite at all" * 200


def test_search_json_hits_slice_the_stored_text(run, write_files, db_path: Path) -> None:
    root = write_files(
        {"a.txt": "Border\n\nKim Jong-un met Kim Jong Un near the Tumen River.\nKim Jung-eun too."}
    )
    run("import", str(root), "--db", str(db_path))
    status, out, _ = run("--db", str(db_path), "search", "kim jong un", "--json", "--limit", "2")
    assert status == 0
    rows = json.loads(out)
    assert [(r["text"], r["match"]) for r in rows] == [
        ("Kim Jong-un", "exact"),
        ("Kim Jong Un", "exact"),
    ]
    text = (root / "a.txt").read_text("utf-8")
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)
    assert set(rows[0]) >= {"doc", "title", "start", "end", "text", "score", "context"}
    status, out, _ = run("--db", str(db_path), "search", "tumen")
    assert status == 0
    assert "Tumen River" in out


def test_reindex_rebuilds_the_search_index(run, write_files, db_path: Path) -> None:
    run("import", str(write_files({"a.txt": "Title\n\nShenyang."})), "--db", str(db_path))
    status, out, _ = run("--db", str(db_path), "reindex")
    assert (status, out.strip()) == (0, "1 documents indexed")
    status, out, _ = run("--db", str(db_path), "search", "shenyng", "--json")
    assert [r["text"] for r in json.loads(out)] == ["Shenyang"]


def test_search_warns_when_the_index_is_from_an_older_release(
    run, write_files, db_path: Path
) -> None:
    from corpus_tui.store.db import open_db

    run("import", str(write_files({"a.txt": "Title\n\nShenyang."})), "--db", str(db_path))
    db = open_db(db_path)
    db.execute("UPDATE app_state SET value = 'old' WHERE key = 'search_index_format'")
    db.conn.commit()
    db.close()
    status, _, err = run("--db", str(db_path), "search", "shenyang")
    assert status == 0
    assert "run 'corpus-tui reindex'" in err
    run("--db", str(db_path), "reindex")
    assert run("--db", str(db_path), "search", "shenyang")[2] == ""
