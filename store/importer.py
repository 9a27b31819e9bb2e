"""Importing files and folders: collect, read each file, add each in one transaction, summarise."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from corpus.reading import RejectedFile, read_document
from store.documents import add_document

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class Rejection:
    """A path that was not imported and why."""

    source: str
    reason: str


@dataclass(slots=True)
class ImportSummary:
    """What an import did, file by file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        """Files that are now in the corpus (new, new version, or already there)."""
        return len(self.added) + len(self.updated) + len(self.unchanged)


def source_name(path: str | os.PathLike[str]) -> str:
    """A path as given by the user, tidied (``./a//b/`` becomes ``a/b``), used as the source.

    Bytes of a file name that are not UTF-8 become ``\\xNN`` escapes: a source is text.
    """
    return os.fsencode(_tidy(path)).decode("utf-8", "backslashreplace")


def _tidy(path: str | os.PathLike[str]) -> str:
    return os.path.normpath(os.fsdecode(path))


def collect_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[Rejection]]:
    """Expand files and folders into the files to try, recursively, sorted, hidden ones skipped.

    Returns the paths to read and the paths refused before reading (missing, unreadable
    folders). Symbolic links to folders are not followed, so a link loop cannot recurse.
    """
    files: list[str] = []
    problems: list[Rejection] = []
    for given in paths:
        path = _tidy(given)
        if os.path.isdir(path):
            files.extend(_walk(path, problems))
        elif os.path.lexists(path) and not os.path.exists(path):
            problems.append(Rejection(source_name(path), "broken symbolic link"))
        elif os.path.exists(path):
            files.append(path)
        else:
            problems.append(Rejection(source_name(path), "no such file or folder"))
    return files, problems


def _walk(folder: str, problems: list[Rejection]) -> list[str]:
    found: list[str] = []

    def on_error(error: OSError) -> None:
        problems.append(
            Rejection(source_name(error.filename), f"cannot read folder: {error.strerror}")
        )

    for root, dirs, names in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in dirs:
            if os.path.islink(os.path.join(root, name)):
                link = source_name(os.path.join(root, name))
                problems.append(Rejection(link, "link to a folder, not followed"))
        for name in sorted(names):
            if not name.startswith("."):
                found.append(os.path.join(root, name))
    return sorted(found, key=lambda path: Path(path).parts)


def import_paths(
    db: Database, paths: Iterable[str | os.PathLike[str]], progress: Progress | None = None
) -> ImportSummary:
    """Import files and folders; one rejected file never stops the others.

    `progress(done, total, source)` is called after each file.
    """
    files, problems = collect_files(paths)
    summary = ImportSummary(rejected=list(problems))
    with _bulk_writes(db):
        for done, path in enumerate(files, start=1):
            source = source_name(path)
            _import_one(db, path, source, summary)
            if progress:
                progress(done, len(files), source)
    return summary


@contextmanager
def _bulk_writes(db: Database) -> Iterator[None]:
    """Commit without waiting for the disk while importing.

    Each document is still one transaction: a killed import leaves whole documents only. In
    WAL mode `synchronous=NORMAL` only risks the last documents on power loss, and an import
    can be run again; an fsync per document would cost more than indexing it.
    """
    (previous,) = db.execute("PRAGMA synchronous").fetchone()
    db.execute("PRAGMA synchronous = NORMAL")
    try:
        yield
    finally:
        db.execute(f"PRAGMA synchronous = {int(previous)}")


def _import_one(db: Database, path: str, source: str, summary: ImportSummary) -> None:
    try:
        parsed = read_document(Path(path))
    except RejectedFile as error:
        summary.rejected.append(Rejection(source, str(error)))
        return
    result = add_document(db, parsed, source)
    {"added": summary.added, "updated": summary.updated, "unchanged": summary.unchanged}[
        result.outcome
    ].append(source)
