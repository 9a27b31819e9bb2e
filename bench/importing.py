"""Import the corpus folder: ours (every index built) and the plain `sqlite-utils insert-files`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from corpus_tui.store.db import open_db
from corpus_tui.store.importer import import_paths

# The sqlite-utils CLI installed beside this interpreter (the project's venv), else on PATH.
_VENV_SQLITE_UTILS = Path(sys.executable).with_name("sqlite-utils")


def sqlite_utils_cli() -> str | None:
    """The `sqlite-utils` command, or None when it is not installed."""
    if _VENV_SQLITE_UTILS.exists():
        return str(_VENV_SQLITE_UTILS)
    return shutil.which("sqlite-utils")


def import_ours(docs_dir: Path, db_path: Path, *, report_every: int = 0) -> float:
    """Seconds for `store.importer.import_paths` of ``docs_dir`` into a new ``db_path``.

    With ``report_every``, prints progress to stderr every that many files (long runs).
    """

    def progress(done: int, total: int, _source: str) -> None:
        if report_every and done % report_every == 0:
            elapsed = time.perf_counter() - started
            print(f"  imported {done:,}/{total:,} in {elapsed:.0f} s", file=sys.stderr, flush=True)

    db = open_db(db_path)
    started = time.perf_counter()
    # bench/import_speed.py links the chosen files into a folder of their own.
    summary = import_paths(db, [docs_dir], progress=progress, follow_symlinks=True)
    elapsed = time.perf_counter() - started
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    if summary.rejected:
        raise RuntimeError(f"import rejected {len(summary.rejected)} files: {summary.rejected[0]}")
    if summary.links_skipped:
        raise RuntimeError(f"import skipped {len(summary.links_skipped)} links")
    return elapsed


def import_peer(docs_dir: Path, db_path: Path) -> float | None:
    """Seconds for `sqlite-utils insert-files --text` of ``docs_dir``; None if not installed."""
    cli = sqlite_utils_cli()
    if cli is None:
        return None
    started = time.perf_counter()
    subprocess.run(
        [cli, "insert-files", str(db_path), "documents", str(docs_dir), "--text", "--silent"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def database_bytes(db_path: Path) -> int:
    """The size of a database on disk, its write-ahead log included."""
    return sum(p.stat().st_size for p in (db_path, Path(f"{db_path}-wal")) if p.exists())
