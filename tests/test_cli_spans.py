"""`corpus-tui export`, `merge` and `orphans`, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from corpus_tui.store.db import open_db
from corpus_tui.store.documents import list_documents
from corpus_tui.store.highlights import add_highlight

TEXT = "Defectors held at Tumen, near the “Tumen River”. 강 crossing: yes # no\n"


@pytest.fixture
def coded(run, write_files, tmp_path: Path) -> tuple[Path, Path]:
    """Two databases importing the same folder; the first has highlights."""
    root = write_files({"a.txt": TEXT, "b.txt": "Nothing coded here."})
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    for path in (first, second):
        assert run("--db", str(path), "import", str(root))[0] == 0
    db = open_db(first)
    document_id = list_documents(db)[0].id
    add_highlight(db, document_id, 18, 23, ["place"], note="yes")
    start = TEXT.index("“Tumen River”")
    add_highlight(db, document_id, start, start + 13, ["place", "quote"])
    db.close()
    return first, second


def test_export_to_stdout_and_to_a_file_give_the_same_spans(run, coded, tmp_path) -> None:
    first, _ = coded
    status, out, _ = run("--db", str(first), "export")
    assert status == 0
    data = yaml.safe_load(out)
    assert [s["text"] for s in data["documents"][0]["spans"]] == ["Tumen", "“Tumen River”"]
    target = tmp_path / "spans.yaml"
    status, _, err = run("export", "--db", str(first), "-o", str(target), "--tag", "quote")
    assert (status, err.strip()) == (0, f"spans written to {target}")
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert [s["text"] for s in data["documents"][0]["spans"]] == ["“Tumen River”"]


def test_export_of_an_unknown_tag_is_one_line_and_exit_1(run, coded) -> None:
    first, _ = coded
    status, out, err = run("--db", str(first), "export", "--tag", "nope", "--doc", "x")
    assert (status, out) == (1, "")
    assert err == "corpus-tui: no tag named 'nope'\n"


def test_merge_then_merge_again_changes_nothing(run, coded, tmp_path) -> None:
    first, second = coded
    exported = tmp_path / "spans.yaml"
    run("--db", str(first), "export", "-o", str(exported))
    status, out, _ = run("--db", str(second), "merge", str(exported))
    assert status == 0
    assert out.splitlines()[-1] == (
        "2 added, 0 re-anchored, 0 orphaned, 0 unchanged, 2 tags created"
    )
    status, out, _ = run("--db", str(second), "merge", str(exported))
    assert out.splitlines()[-1] == (
        "0 added, 0 re-anchored, 0 orphaned, 2 unchanged, 0 tags created"
    )
    ours = yaml.safe_load(run("--db", str(first), "export")[1])
    theirs = yaml.safe_load(run("--db", str(second), "export")[1])
    assert ours["documents"] == theirs["documents"] and ours["tags"] == theirs["tags"]


def test_an_invalid_file_names_every_error_and_merges_nothing(run, coded, tmp_path) -> None:
    _, second = coded
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "format: corpus-tui-spans\nversion: 1\ndocuments:\n"
        "  - source: a.txt\n    spans:\n      - {start: 5, end: 2, text: x}\n"
        "      - {start: 0, end: one, text: x}\n",
        encoding="utf-8",
    )
    status, out, err = run("--db", str(second), "merge", str(bad))
    assert (status, out) == (1, "")
    assert err.splitlines() == [
        f"corpus-tui: {bad}: nothing was merged, fix these first:",
        "  documents[0].spans[0].end: 2 is before start 5",
        "  documents[0].spans[1].end: expected a whole number >= 0, found 'one'",
    ]
    status, out, _ = run("--db", str(second), "export")
    assert yaml.safe_load(out)["documents"] == []


def test_orphans_are_listed(run, coded, write_files) -> None:
    first, _ = coded
    root = write_files({"a.txt": TEXT.replace("“Tumen River”", "river")})
    run("--db", str(first), "import", str(root / "a.txt"))
    status, out, err = run("--db", str(first), "orphans", "--json")
    assert status == 0
    [orphan] = json.loads(out)
    assert (orphan["text"], orphan["tags"]) == ("“Tumen River”", ["place", "quote"])
    status, out, err = run("--db", str(first), "orphans")
    assert "“Tumen River”" in out and err == "1 orphans\n"
