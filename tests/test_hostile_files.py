"""Hostile corpus files: each gets a clear outcome, and the good files beside them import intact.

Run the full-size version (a 10 MB line, 10,000 real files) with
`pytest tests/test_hostile_files.py --soak`.
"""

from __future__ import annotations

import os
import random
import unicodedata
from pathlib import Path

from corpus_tui.corpus.printable import BIDI_CONTROLS
from corpus_tui.corpus.reading import text_sha256
from corpus_tui.store.documents import get_text, list_documents
from corpus_tui.store.importer import import_paths
from tests.reliability import public_folder, run_cli, run_unprivileged

GOOD = {
    "good-one.txt": "Arrests in Kostrava\n\nForty people were detained on Monday.\n",
    "good-two.md": "# Night crossing\n\nThey crossed the Tumen at two in the morning.\n",
}
# Valid text that must be stored exactly as written: zero-width space, non-joiner, joiner,
# word joiner, an RTL override and isolates, LRM/RLM, a BOM inside the text, a ZWJ emoji.
INVISIBLES = (
    "Checkpoint report\n\nx\u200by \u200c\u200d\u2060 \u202eliart\u202c "
    "\u2066\u05e9\u05dc\u05d5\u05dd\u2069 \u200e\u200f mid\ufeffword 👩🏽\u200d⚕️ e\u0301\n"
)


def _hostile_folder(root: Path) -> dict[bytes, str]:
    """Write the hostile files beside the good ones; return each hostile name and the words its
    outcome must contain."""
    root.mkdir()
    for name, text in GOOD.items():
        (root / name).write_text(text, encoding="utf-8")
    rng = random.Random(5)
    expected = {
        b"random.bin": "binary file",
        b"image.png": "binary file (PNG image)",
        b"nul.txt": "binary file (NUL byte at offset 6)",
        b"damaged.txt": "damaged UTF-8: invalid byte at offset",
        b"mixed.txt": "damaged UTF-8",
        b"empty.txt": "empty file",
        b"huge.txt": "too large (100 MiB",
        b"fifo.txt": "not a regular file",
        b"link-a": "Too many levels of symbolic links",
        b"link-b": "Too many levels of symbolic links",
        b"folder-loop": "link to a folder, not followed",
        b"dangling": "No such file or directory",
    }
    files = {
        b"random.bin": bytes(rng.randrange(256) for _ in range(20000)),
        b"image.png": b"\x89PNG\r\n\x1a\n" + bytes(200),
        b"nul.txt": b"Report\x00 with a NUL byte in it\n",
        b"damaged.txt": "Rapport de l’ONU : été, hiver. ".encode() * 40 + b"\xff\xfe\n",
        b"mixed.txt": "café in UTF-8; ".encode() * 30 + "café in Latin-1; ".encode("latin-1") * 30,
        b"empty.txt": b"",
    }
    folder = os.fsencode(root)
    for name, data in files.items():
        with open(folder + b"/" + name, "wb") as file:
            file.write(data)
    # Sparse: 100 MB on paper, no time or disk spent writing it.
    with open(folder + b"/huge.txt", "wb") as file:
        file.truncate(100 * 2**20)
    os.mkfifo(folder + b"/fifo.txt")
    os.symlink("/dev/zero", folder + b"/device.txt")
    os.symlink(b"link-b", folder + b"/link-a")
    os.symlink(b"link-a", folder + b"/link-b")
    os.symlink(b".", folder + b"/folder-loop")
    os.symlink(b"nowhere.txt", folder + b"/dangling")
    return expected


def _accepted_specials(root: Path) -> dict[bytes, str]:
    """Files with hostile names or invisible characters that are good text: name -> text."""
    texts = {
        b"latin-1.txt": "Le café où nous étions, à Paris.\n",
        b"invisibles.txt": INVISIBLES,
        b"new\nline.txt": "A file name with a line break\n",
        b"bad-\xff-name.txt": "A file name that is not UTF-8\n",
        b"escape-\x1b[31m-red.txt": "A file name with a terminal escape\n",
        b"rtl-\xe2\x80\xae-txt.exe": "A file name with a right-to-left override\n",
    }
    folder = os.fsencode(root)
    for name, text in texts.items():
        encoding = "latin-1" if name == b"latin-1.txt" else "utf-8"
        with open(folder + b"/" + name, "wb") as file:
            file.write(text.encode(encoding))
    return texts


def test_hostile_folder_each_file_has_a_clear_outcome(db, tmp_path: Path) -> None:
    root = tmp_path / "hostile"
    expected = _hostile_folder(root)
    accepted = _accepted_specials(root)
    summary = import_paths(db, [root])
    reasons = {os.fsencode(r.source).rsplit(b"/", 1)[-1]: r.reason for r in summary.rejected}
    assert set(reasons) == set(expected)
    # A link to a device outside the folder is not even tried: links out are skipped.
    assert summary.links_skipped == [str(root / "device.txt")]
    for name, words in expected.items():
        assert words in reasons[name], (name, reasons[name])
    stored = {d.source: get_text(db, d.id) for d in list_documents(db)}
    for name, text in GOOD.items():
        assert stored[str(root / name)] == text
    folder = str(root)
    assert stored[f"{folder}/latin-1.txt"] == accepted[b"latin-1.txt"]
    assert stored[f"{folder}/invisibles.txt"] == INVISIBLES
    assert stored[f"{folder}/new\nline.txt"] == accepted[b"new\nline.txt"]
    assert stored[f"{folder}/bad-\\xff-name.txt"] == accepted[b"bad-\xff-name.txt"]
    assert len(stored) == len(GOOD) + len(accepted)


def test_invisible_characters_are_stored_exactly(db, tmp_path: Path) -> None:
    path = tmp_path / "invisibles.txt"
    path.write_text(INVISIBLES, encoding="utf-8")
    import_paths(db, [path])
    (document,) = list_documents(db)
    assert get_text(db, document.id) == INVISIBLES
    assert document.sha256 == text_sha256(INVISIBLES)
    assert document.chars == len(INVISIBLES)


def _breaks_the_line(line: str) -> bool:
    """Whether a terminal would show `line` broken, recoloured or reordered."""
    return any(
        unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs") or char in BIDI_CONTROLS
        for char in line
    )


def test_cli_summary_is_one_printable_line_per_file(db_path: Path, tmp_path: Path) -> None:
    root = tmp_path / "hostile"
    expected = _hostile_folder(root)
    _accepted_specials(root)
    for name in (b"bad\nname.txt", b"\x1b]0;title\x07.txt", b"\xe2\x80\xaeright-to-left.txt"):
        with open(os.fsencode(root) + b"/" + name, "wb"):
            pass
    status, out, err = run_cli("--db", str(db_path), "import", str(root))
    assert status == 0, err
    lines = out.splitlines()
    assert len(lines) == len(expected) + 3 + 1 + 1  # and the skipped link to a device
    assert not any(_breaks_the_line(line) for line in lines)
    assert f"rejected: {root}/bad\\nname.txt: empty file" in lines
    assert lines[-1] == (
        "8 added, 0 updated (new version), 0 unchanged, 15 rejected, "
        "1 skipped (links out of the folders given; --follow-symlinks imports them)"
    )
    status, out, _ = run_cli("--db", str(db_path), "docs")
    assert status == 0
    assert len(out.splitlines()) == 1 + 8
    assert not any(_breaks_the_line(line) for line in out.splitlines())


def test_a_single_huge_line_imports_whole(db, tmp_path: Path, soak: bool) -> None:
    size = 10 * 2**20 if soak else 2**20
    words = "Kostrava detainees counted near the Tumen river crossing "
    line = (words * (size // len(words) + 1))[:size]
    path = tmp_path / "one-line.txt"
    path.write_text(line, encoding="utf-8")
    summary = import_paths(db, [path])
    assert summary.added == [str(path)]
    (document,) = list_documents(db)
    assert get_text(db, document.id) == line
    assert document.chars == size


def test_ten_thousand_files_in_one_folder(db, tmp_path: Path, soak: bool) -> None:
    root = tmp_path / "many"
    root.mkdir()
    # Every file is listed, sorted and tried; by default most are empty (rejected without a
    # transaction) so the test stays quick; --soak imports all 10,000.
    real = 10_000 if soak else 200
    for n in range(10_000):
        text = f"Dispatch {n}\n\n{n} people crossed at Hyesan.\n" if n < real else ""
        (root / f"{n:05d}.txt").write_text(text, encoding="utf-8")
    summary = import_paths(db, [root])
    assert len(summary.added) == real
    assert len(summary.rejected) == 10_000 - real
    assert {r.reason for r in summary.rejected} <= {"empty file"}
    assert [d.source for d in list_documents(db)] == [
        str(root / f"{n:05d}.txt") for n in range(real)
    ]


def _import_as_user(db_name: str, folder: str) -> list[tuple[str, str]]:
    from corpus_tui.store.db import open_db

    db = open_db(db_name)
    summary = import_paths(db, [folder])
    db.close()
    return [(source, "added") for source in summary.added] + [
        (r.source, r.reason) for r in summary.rejected
    ]


def test_unreadable_files_and_folders_are_named_and_the_rest_imports() -> None:
    with public_folder() as work:
        (work / "docs" / "locked-folder").mkdir(parents=True)
        (work / "docs" / "readable.txt").write_text("Readable report\n\nbody\n")
        (work / "docs" / "locked.txt").write_text("Secret report\n\nbody\n")
        (work / "docs" / "locked-folder" / "inside.txt").write_text("Inside\n")
        (work / "docs" / "locked.txt").chmod(0)
        (work / "docs" / "locked-folder").chmod(0)
        outcomes = dict(run_unprivileged(_import_as_user, "corpus.db", "docs", cwd=work))
    assert outcomes == {
        "docs/readable.txt": "added",
        "docs/locked.txt": "cannot read: Permission denied",
        "docs/locked-folder": "cannot read folder: Permission denied",
    }
