"""Importing files and folders: collect, read and analyse each file, add them, summarise.

Reading a file and analysing its text for the name index is pure work: for a large import it runs
in worker processes, so this process only writes. Documents are committed a few at a time (up to
`BATCH_DOCUMENTS` or `BATCH_SECONDS` each), each document in its own savepoint: a killed import
leaves whole documents only, and a document that fails is undone alone. One commit per document
would cost more than writing it (every commit flushes the full-text index's pending terms).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

from sqlite_utils import Database

from corpus_tui.corpus.reading import ParsedDocument, RejectedFile, read_document
from corpus_tui.store.db import StoreError, explain, write
from corpus_tui.store.documents import add_document
from corpus_tui.store.import_summary import ImportSummary, Rejection
from corpus_tui.store.search_index import TextAnalysis, analyse_text, held_postings

Progress = Callable[[int, int, str], None]

# Fewer files than this are read in this process: starting workers would cost more.
POOL_FILES = 50
# Files per task sent to a worker, and tasks in flight per worker (bounds the memory held).
CHUNK_FILES = 16
TASKS_AHEAD = 4
BATCH_DOCUMENTS = 50
BATCH_SECONDS = 0.2


def source_name(path: str | os.PathLike[str]) -> str:
    """A path as given by the user, tidied (``./a//b/`` becomes ``a/b``), used as the source.

    Bytes of a file name that are not UTF-8 become ``\\xNN`` escapes: a source is text.
    """
    return os.fsencode(_tidy(path)).decode("utf-8", "backslashreplace")


def _tidy(path: str | os.PathLike[str]) -> str:
    return os.path.normpath(os.fsdecode(path))


class EmptyPath(ValueError):
    """An empty path among those to import: most likely an unset shell variable."""


def check_import_paths(paths: Iterable[str | os.PathLike[str]]) -> None:
    """Raise EmptyPath if a path is empty: it would otherwise mean the current folder."""
    if any(not os.fspath(path) for path in paths):
        raise EmptyPath(
            "an empty path was given (an unset variable?); give the files or folders to import, "
            "or '.' for the current folder"
        )


def collect_files(
    paths: Iterable[str | os.PathLike[str]], *, follow_symlinks: bool = False
) -> tuple[list[str], list[Rejection], list[str]]:
    """Expand files and folders into the files to try, recursively, sorted, hidden ones skipped.

    Returns the paths to read, the paths refused before reading (missing, unreadable folders)
    and the symbolic links inside the folders that lead out of every folder given (not
    followed unless ``follow_symlinks``). Symbolic links to folders are never followed, so a
    link loop cannot recurse. Raises EmptyPath for an empty path.
    """
    paths = list(paths)
    check_import_paths(paths)
    files: list[str] = []
    problems: list[Rejection] = []
    links_out: list[str] = []
    folders = [_tidy(given) for given in paths if os.path.isdir(_tidy(given))]
    inside = tuple(os.path.join(os.path.realpath(folder), "") for folder in folders)
    for given in paths:
        path = _tidy(given)
        if os.path.isdir(path):
            for found in _walk(path, problems):
                if (
                    not follow_symlinks
                    and os.path.islink(found)
                    and not os.path.realpath(found).startswith(inside)
                ):
                    links_out.append(source_name(found))
                else:
                    files.append(found)
        elif os.path.lexists(path) and not os.path.exists(path):
            problems.append(Rejection(source_name(path), "broken symbolic link"))
        elif os.path.exists(path):
            files.append(path)
        else:
            problems.append(Rejection(source_name(path), "no such file or folder"))
    return files, problems, links_out


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
    db: Database,
    paths: Iterable[str | os.PathLike[str]],
    progress: Progress | None = None,
    *,
    follow_symlinks: bool = False,
) -> ImportSummary:
    """Import files and folders; one rejected file never stops the others.

    `progress(done, total, source)` is called after each file, in order, once it is committed.
    Links in the folders that lead out of them are skipped (counted in the summary) unless
    ``follow_symlinks``. Raises EmptyPath, before reading anything, for an empty path.
    """
    files, problems, links_out = collect_files(paths, follow_symlinks=follow_symlinks)
    summary = ImportSummary(rejected=list(problems), links_skipped=links_out)
    projects = [path for path in files if path.lower().endswith(".qdpx")]
    if projects:
        from corpus_tui.store.qdpx_import import import_projects

        files = [path for path in files if path not in set(projects)]
        import_projects(db, [(path, source_name(path)) for path in projects], summary)
    done = 0
    with _bulk_writes(db), _prepared(db, files) as prepared:
        pending = zip(files, prepared, strict=True)
        while True:
            batch, failure = _write_batch(db, pending, summary)
            for source in batch:
                done += 1
                if progress:
                    progress(done, len(files), source)
            if failure is not None:
                message = explain(failure)
                if message is not None:
                    raise StoreError(message) from failure
                raise failure
            if not batch:
                return summary


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A file read (and, in a worker, analysed), or the reason it was rejected."""

    parsed: ParsedDocument | None = None
    analysis: TextAnalysis | None = None
    rejection: str = ""


def _prepare(path: str, known: Container[str] | None) -> _Prepared:
    """Read a file; analyse its text unless ``known`` is None or holds its sha256 (then it is
    unchanged, or analysed when added)."""
    try:
        parsed = read_document(Path(path))
    except RejectedFile as error:
        return _Prepared(rejection=str(error))
    if known is None or parsed.sha256 in known:
        return _Prepared(parsed)
    return _Prepared(parsed, analyse_text(parsed.text))


# In a worker: the sha256 of every text the database held when the import started.
_WORKER_KNOWN: dict[str, frozenset[str]] = {}


def _start_worker(known: frozenset[str]) -> None:
    _WORKER_KNOWN["texts"] = known
    _exit_with_parent()


def _prepare_chunk(paths: list[str]) -> list[_Prepared]:
    return [_prepare(path, _WORKER_KNOWN["texts"]) for path in paths]


@contextmanager
def _prepared(db: Database, files: list[str]) -> Iterator[Iterator[_Prepared]]:
    """Each file read, in order: in worker processes, analysed unless its text is already
    stored, for many files; else here, lazily, the analysis left to `add_document`."""
    workers = min(os.cpu_count() or 1, 8)
    if len(files) < POOL_FILES or workers < 2:
        yield (_prepare(path, None) for path in files)
        return
    known = frozenset(row[0] for row in db.execute("SELECT sha256 FROM document_versions"))
    pool = ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(known,))
    try:
        yield _from_pool(pool, files, workers * TASKS_AHEAD)
    finally:
        pool.shutdown(cancel_futures=True)


def _exit_with_parent() -> None:
    """End this worker when the importing process dies, even killed, instead of waiting for
    work forever."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_on_ready, args=(parent.sentinel,), daemon=True).start()


def _exit_on_ready(sentinel: int) -> None:
    wait([sentinel])
    os._exit(1)


def _from_pool(pool: ProcessPoolExecutor, files: list[str], ahead: int) -> Iterator[_Prepared]:
    tasks = (files[i : i + CHUNK_FILES] for i in range(0, len(files), CHUNK_FILES))
    running: deque[Future[list[_Prepared]]] = deque()
    for chunk in tasks:
        running.append(pool.submit(_prepare_chunk, chunk))
        if len(running) >= ahead:
            break
    while running:
        results = running.popleft().result()
        for chunk in itertools.islice(tasks, 1):
            running.append(pool.submit(_prepare_chunk, chunk))
        yield from results


def _write_batch(
    db: Database, pending: Iterator[tuple[str, _Prepared]], summary: ImportSummary
) -> tuple[list[str], Exception | None]:
    """Add the next files in one transaction; returns their sources, once committed, and the
    error that stopped the batch, if one did.

    Each document is a savepoint: one that fails is undone alone and the batch before it is
    committed (the caller raises the error after reporting those).
    """
    sources: list[str] = []
    failure: Exception | None = None
    first = next(pending, None)
    if first is None:
        return sources, failure  # no transaction: nothing is written when there is nothing
    items = itertools.chain([first], pending)
    with write(db), held_postings(db) as postings:
        deadline = time.monotonic() + BATCH_SECONDS
        while len(sources) < BATCH_DOCUMENTS and time.monotonic() < deadline:
            try:
                item = next(items, None)
                if item is None:
                    break
                source = source_name(item[0])
                with write(db), postings.document():
                    _import_one(db, item[1], source, summary)
            except Exception as error:
                if not db.conn.in_transaction:
                    raise  # SQLite gave up the whole transaction: nothing to keep
                failure = error
                break
            sources.append(source)
    return sources, failure


@contextmanager
def _bulk_writes(db: Database) -> Iterator[None]:
    """Commit without waiting for the disk while importing.

    Each document is still all or nothing (a savepoint in a batch's transaction): a killed
    import leaves whole documents only. In WAL mode `synchronous=NORMAL` only risks the last
    documents on power loss, and an import can be run again; an fsync per batch would cost
    more than indexing it.
    """
    (previous,) = db.execute("PRAGMA synchronous").fetchone()
    db.execute("PRAGMA synchronous = NORMAL")
    try:
        yield
    finally:
        db.execute(f"PRAGMA synchronous = {int(previous)}")


def _import_one(db: Database, prepared: _Prepared, source: str, summary: ImportSummary) -> None:
    if prepared.parsed is None:
        summary.rejected.append(Rejection(source, prepared.rejection))
        return
    result = add_document(db, prepared.parsed, source, prepared.analysis)
    {"added": summary.added, "updated": summary.updated, "unchanged": summary.unchanged}[
        result.outcome
    ].append(source)
    if result.previous_extractor:
        summary.reextracted.append((source, result.previous_extractor))
