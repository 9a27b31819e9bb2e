"""Careless and hostile imports, round two: an empty path, links out of the folder given, HTML
nested deeper than libxml2's limits. Each is a refusal in one line, a counted skip, or all the
text imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_tui.store.documents import get_text, list_documents
from corpus_tui.store.importer import EmptyPath, import_paths
from tests.reliability import run_cli


@pytest.mark.parametrize("paths", [("",), ("docs", "")])
def test_an_empty_path_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch, paths: tuple[str, ...]
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("A report\n\nbody\n")
    monkeypatch.chdir(tmp_path)
    db_path = tmp_path / "corpus.db"
    status, out, err = run_cli("--db", str(db_path), "import", *paths)
    assert (status, out) == (1, "")
    assert err == (
        "corpus-tui: an empty path was given (an unset variable?); give the files or folders "
        "to import, or '.' for the current folder\n"
    )
    assert not db_path.exists()


def test_the_library_refuses_an_empty_path_too(db) -> None:
    with pytest.raises(EmptyPath):
        import_paths(db, [""])
    assert list_documents(db) == []


def _unpacked_archive(tmp_path: Path) -> Path:
    """A folder as an archive might unpack: a file, a link inside, links leading out."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    (folder / "report.txt").write_text("A report\n\nForty people were detained.\n")
    (folder / "sub" / "same.txt").symlink_to("../report.txt")
    (folder / "notes.txt").symlink_to(outside / "passwd")
    (folder / "sub" / "relative.txt").symlink_to("../../outside/passwd")
    return folder


def test_links_out_of_the_folder_are_skipped_and_counted(tmp_path: Path) -> None:
    folder = _unpacked_archive(tmp_path)
    db_path = tmp_path / "corpus.db"
    status, out, err = run_cli("--db", str(db_path), "import", str(folder))
    assert status == 0, err
    assert out.splitlines() == [
        f"skipped: {folder}/notes.txt: link to a file outside the folders given",
        f"skipped: {folder}/sub/relative.txt: link to a file outside the folders given",
        "1 added, 0 updated (new version), 1 unchanged, 0 rejected, "
        "2 skipped (links out of the folders given; --follow-symlinks imports them)",
    ]
    status, out, _ = run_cli("--db", str(db_path), "docs")
    assert "root:x" not in out and out.count("\n") == 2


def test_follow_symlinks_imports_what_the_links_point_to(tmp_path: Path) -> None:
    folder = _unpacked_archive(tmp_path)
    db_path = tmp_path / "corpus.db"
    status, out, err = run_cli("--db", str(db_path), "import", "--follow-symlinks", str(folder))
    assert status == 0, err
    assert out.splitlines()[-1] == "2 added, 0 updated (new version), 2 unchanged, 0 rejected"


def test_a_file_given_by_name_is_read_even_through_a_link(db, tmp_path: Path) -> None:
    folder = _unpacked_archive(tmp_path)
    summary = import_paths(db, [folder / "notes.txt"])
    assert summary.added == [str(folder / "notes.txt")] and summary.links_skipped == []


def _deep_page(depth: int, tag: str, ending: str) -> str:
    opened = "".join(f"<{tag}>word{n} " for n in range(depth))
    closed = f"</{tag}>" * depth if tag == "div" else ""
    return f"<html><head><title>Deep</title></head><body>{opened}{ending}{closed}</body></html>"


@pytest.mark.parametrize(
    ("depth", "tag"), [(600, "font"), (400, "div"), (5000, "div"), (20000, "font")]
)
def test_deeply_nested_html_is_imported_whole(db, tmp_path: Path, depth: int, tag: str) -> None:
    page = tmp_path / "deep.html"
    page.write_text(_deep_page(depth, tag, "THE END"), encoding="utf-8")
    summary = import_paths(db, [page])
    assert summary.added == [str(page)], summary.rejected
    (document,) = list_documents(db)
    text = get_text(db, document.id)
    assert document.title == "Deep"
    words = text.split()
    assert words[: depth + 2] == [f"word{n}" for n in range(depth)] + ["THE", "END"]


def test_two_deep_pages_that_differ_only_at_the_end_are_two_documents(db, tmp_path: Path) -> None:
    for name, ending in (("first.html", "Arrests in Kostrava"), ("second.html", "Rain in Hyesan")):
        (tmp_path / name).write_text(_deep_page(700, "font", ending), encoding="utf-8")
    summary = import_paths(db, [tmp_path / "first.html", tmp_path / "second.html"])
    assert len(summary.added) == 2 and summary.unchanged == []
    endings = sorted(get_text(db, d.id).rsplit("word699 ", 1)[1] for d in list_documents(db))
    assert endings == ["Arrests in Kostrava", "Rain in Hyesan"]
