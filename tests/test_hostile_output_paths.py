"""Output paths (DESIGN.md, "Output paths and the terminal"): `export -o` never overwrites the
database, writes pipes and devices as streams, writes through symbolic links, and replaces a
regular file atomically. The rules live in `store.output_paths.write_output`."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from corpus_tui.corpus.reading import ParsedDocument, text_sha256
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import add_highlight
from corpus_tui.store.output_paths import OutputPathError, write_output
from tests.reliability import dump, run_cli

TEXT = "Forty people were detained in Kostrava on Monday, witnesses said.\n"


@pytest.fixture
def coded(db, db_path: Path) -> Path:
    document = add_document(db, ParsedDocument("Kostrava", TEXT, text_sha256(TEXT)), "k.txt")
    add_highlight(db, document.document_id, 0, 5, ["people"])
    return db_path


@pytest.mark.parametrize("export_format", ["yaml", "csv", "xlsx", "qdpx", "w3c"])
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_export_onto_the_database_or_its_side_files_is_refused(
    coded: Path, suffix: str, export_format: str
) -> None:
    before = dump(coded)
    target = coded.with_name(coded.name + suffix)
    status, out, err = run_cli(
        "--db", str(coded), "export", "--format", export_format, "-o", str(target)
    )
    assert (status, out) == (1, "")
    assert err.count("\n") == 1 and "refusing to write over it" in err
    assert dump(coded) == before
    status, out, _ = run_cli("--db", str(coded), "docs")
    assert status == 0 and "Kostrava" in out


@pytest.mark.parametrize("kind", ["symbolic link", "hard link", "relative path"])
def test_export_onto_the_database_by_another_name_is_refused(
    coded: Path, tmp_path: Path, monkeypatch, kind: str
) -> None:
    before = dump(coded)
    if kind == "symbolic link":
        target = tmp_path / "spans.yaml"
        target.symlink_to(coded)
    elif kind == "hard link":
        target = tmp_path / "spans.yaml"
        os.link(coded, target)
    else:
        monkeypatch.chdir(tmp_path)
        target = Path("sub/../corpus.db")
        (tmp_path / "sub").mkdir()
    status, _, err = run_cli("--db", str(coded), "export", "-o", str(target))
    assert status == 1 and "refusing to write over it" in err
    assert dump(coded) == before


def test_export_to_a_fifo_streams_into_it_and_leaves_it_a_fifo(coded: Path, tmp_path: Path):
    fifo = tmp_path / "spans.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    status, _, err = run_cli("--db", str(coded), "export", "-o", str(fifo))
    reader.join()
    assert status == 0, err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert b"format: corpus-tui-spans" in received[0] and b"text: Forty" in received[0]


def test_export_to_a_device_writes_it_and_keeps_the_device(coded: Path, tmp_path: Path):
    # A private copy of /dev/null: a device node that must never become a plain file.
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    status, _, err = run_cli("--db", str(coded), "export", "-o", str(device))
    assert status == 0, err
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert device.lstat().st_rdev == os.makedev(1, 3)


def test_export_through_a_symbolic_link_writes_its_target(coded: Path, tmp_path: Path):
    (tmp_path / "exports").mkdir()
    target = tmp_path / "exports" / "spans.yaml"
    target.write_text("old\n")
    link = tmp_path / "latest.yaml"
    link.symlink_to(target)
    status, _, err = run_cli("--db", str(coded), "export", "-o", str(link))
    assert status == 0, err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith("format: corpus-tui-spans")
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == ["spans.yaml"]


def test_a_regular_file_is_replaced_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old\n")
    target.chmod(0o600)
    written = write_output(target, iter(["a,b\n", b"1,2\n"]))
    assert written == target
    assert target.read_text() == "a,b\n1,2\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


@pytest.mark.parametrize("kind", ["folder", "socket"])
def test_folders_and_sockets_are_refused(tmp_path: Path, kind: str) -> None:
    import socket

    target = tmp_path / "out"
    if kind == "folder":
        target.mkdir()
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
    with pytest.raises(OutputPathError):
        write_output(target, "text")
    if kind == "socket":
        server.close()
