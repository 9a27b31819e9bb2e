"""Writing an output file (an export, a report) by DESIGN.md's rules for output paths.

Every command that writes a file the user names goes through `write_output`:

- never onto the open database or its ``-wal``, ``-shm`` or ``-journal`` file: refused;
- a FIFO or character device (``/dev/stdout``, a named pipe) is written as a stream, never
  replaced by a plain file; a block device, socket or folder is refused;
- a symbolic link is written through to its target, the link left in place;
- a regular file is replaced atomically: readers see the old file or the new one, whole.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from corpus_tui.store.db import StoreError

Content = str | bytes | Iterable[str | bytes]
_SIDE_FILES = ("", "-wal", "-shm", "-journal")
# Paths that name an already open file of this process: written through, never replaced.
_STREAM_PREFIXES = ("/dev/fd/", "/dev/stdout", "/dev/stderr", "/proc/self/fd/")


class OutputPathError(StoreError):
    """An output path this program refuses to write; the message says why."""


def write_output(
    path: str | os.PathLike[str],
    content: Content,
    db_path: str | os.PathLike[str] | None = None,
) -> Path:
    """Write ``content`` (text is written as UTF-8) to ``path``; return the file written.

    ``db_path`` is the open database, which ``path`` may not be. Raises OutputPathError for a
    refused path, OSError when the system refuses the write.
    """
    given = Path(path)
    target = Path(os.path.realpath(given))
    if db_path is not None:
        _refuse_database(target, Path(db_path))
    try:
        status: os.stat_result | None = target.stat()
    except FileNotFoundError:
        status = None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise OutputPathError(f"{given} is a folder; give a file name")
    streamed = str(given).startswith(_STREAM_PREFIXES)
    if status is not None and not stat.S_ISREG(status.st_mode):
        if not (stat.S_ISFIFO(status.st_mode) or stat.S_ISCHR(status.st_mode)):
            raise OutputPathError(f"{given} is a socket or a block device; refusing to write to it")
        streamed = True
    if streamed:
        _write_stream(given, content)
        return given
    _write_atomically(target, content, status)
    return target


def _refuse_database(target: Path, db_path: Path) -> None:
    database = Path(os.path.realpath(db_path))
    for suffix in _SIDE_FILES:
        side = database.with_name(database.name + suffix)
        same = target == side
        if not same and target.exists() and side.exists():
            same = os.path.samefile(target, side)
        if same:
            what = "the open database" if not suffix else f"the open database's {suffix} file"
            raise OutputPathError(
                f"{target} is {what}; refusing to write over it (give another file name)"
            )


def _chunks(content: Content) -> Iterable[bytes]:
    if isinstance(content, str | bytes):
        content = (content,)
    for chunk in content:
        yield chunk.encode("utf-8") if isinstance(chunk, str) else chunk


def _write_stream(path: Path, content: Content) -> None:
    # No O_TRUNC or O_CREAT: a pipe or device is written as it is, never created or cut.
    descriptor = os.open(path, os.O_WRONLY)
    with open(descriptor, "wb") as handle:
        for chunk in _chunks(content):
            handle.write(chunk)


def _write_atomically(target: Path, content: Content, status: os.stat_result | None) -> None:
    """A temporary file in the same folder, flushed to disk, then renamed over ``target``."""
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with open(descriptor, "wb") as handle:
            for chunk in _chunks(content):
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private; an export is shared like any other file.
        os.chmod(temporary, stat.S_IMODE(status.st_mode) if status else 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
