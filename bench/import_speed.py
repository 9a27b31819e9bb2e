"""Import time per document, ours against `sqlite-utils insert-files --text`, on the first files
of a generated corpus:

    python bench/import_speed.py bench/out/corpus-100000 --docs 10000 --out /tmp/import-bench

The chosen files are linked into a temporary folder (same names, same order), imported by
`store.importer.import_paths` into a new database, then by the peer into another.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.importing import import_ours, import_peer


def _first_files(corpus: Path, docs: int) -> list[Path]:
    files: list[Path] = []
    for root, dirs, names in os.walk(corpus / "docs"):
        dirs.sort()
        files.extend(Path(root) / name for name in sorted(names))
        if len(files) >= docs:
            break
    return files[:docs]


def _link_folder(files: list[Path], corpus: Path, folder: Path) -> None:
    for path in files:
        link = folder / path.relative_to(corpus / "docs")
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(path.resolve())


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its ended children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def main() -> None:
    """Time both imports and print milliseconds per document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=None, help="folder for the databases")
    parser.add_argument("--no-peer", action="store_true", help="time ours only")
    args = parser.parse_args()
    files = _first_files(args.corpus, args.docs)
    with tempfile.TemporaryDirectory() as scratch:
        work = args.out or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        folder = Path(scratch) / "docs"
        _link_folder(files, args.corpus, folder)
        for name in ("ours.db", "peer.db"):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{work / name}{suffix}").unlink(missing_ok=True)
        before = _cpu_seconds()
        ours = import_ours(folder, work / "ours.db")
        spent = zip(_cpu_seconds(), before, strict=True)
        main_cpu, workers_cpu = (after - first for after, first in spent)
        print(f"ours: {len(files):,} docs in {ours:.2f} s = {ours / len(files) * 1000:.2f} ms/doc")
        print(
            f"  cpu ms/doc: this process {main_cpu / len(files) * 1000:.2f}, "
            f"workers {workers_cpu / len(files) * 1000:.2f}"
        )
        if not args.no_peer:
            peer = import_peer(folder, work / "peer.db")
            if peer is not None:
                per_doc = peer / len(files) * 1000
                print(f"peer: {len(files):,} docs in {peer:.2f} s = {per_doc:.2f} ms/doc")
                print(f"ratio: {ours / peer:.1f}x")


if __name__ == "__main__":
    main()
