"""What the name-search index costs and gives: import time with and without it, database size
against the raw text, and first-page latency over bench/queries.json.

    python bench/search_speed.py bench/out/corpus-100000 --docs 10000 --out /tmp/search-bench

(``--reuse`` skips the imports and times the searches on the databases already there.)

Imports the first ``--docs`` documents of a generated corpus twice (the plain import with
indexing switched off, then the real one), then times ``store.search.search(limit=20)`` per
query: one warm-up, then the median of ``--rounds``; p50/p95 are over the queries.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.metrics import percentile
from bench.searching import load_queries
from corpus_tui.store import search_index
from corpus_tui.store.db import open_db
from corpus_tui.store.importer import import_paths
from corpus_tui.store.search import search


def _folders(corpus: Path, docs: int) -> list[Path]:
    folders = sorted((corpus / "docs").iterdir())
    files = 0
    chosen = []
    for folder in folders:
        if files >= docs:
            break
        chosen.append(folder)
        files += len(os.listdir(folder))
    return chosen


def _import(paths: list[Path], db_path: Path, *, index: bool) -> float:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db = open_db(db_path)
    real = search_index.index_document
    if not index:
        search_index.index_document = lambda *_args: None
    try:
        started = time.perf_counter()
        import_paths(db, paths)
        elapsed = time.perf_counter() - started
    finally:
        search_index.index_document = real
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return elapsed


def main() -> int:
    """Run the measurements and print them as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/search-bench"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--reuse", action="store_true", help="time searches on the databases already in --out"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    paths = _folders(args.corpus, args.docs)
    plain = indexed = None
    if not args.reuse:
        plain = _import(paths, args.out / "plain.db", index=False)
        indexed = _import(paths, args.out / "indexed.db", index=True)
    db = open_db(args.out / "indexed.db")
    chars, text_bytes = db.execute(
        "SELECT sum(chars), sum(length(CAST(text AS BLOB))) FROM document_versions"
    ).fetchone()
    docs = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    started = time.perf_counter()
    search(db, "warm-up")
    first = time.perf_counter() - started
    latencies = {}
    for query in load_queries():
        samples = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            search(db, query.query, limit=20)
            samples.append((time.perf_counter() - started) * 1000)
        latencies[query.query] = round(statistics.median(samples), 2)
    size = (args.out / "indexed.db").stat().st_size
    report = {
        "docs": docs,
        "chars": chars,
        "import_plain_s": plain and round(plain, 1),
        "import_indexed_s": indexed and round(indexed, 1),
        "index_added_s": plain and indexed and round(indexed - plain, 1),
        "db_bytes": size,
        "db_over_text_utf8": round(size / text_bytes, 3),
        "db_plain_bytes": (args.out / "plain.db").stat().st_size,
        "first_search_s": round(first, 2),
        "p50_ms": round(percentile(list(latencies.values()), 50), 2),
        "p95_ms": round(percentile(list(latencies.values()), 95), 2),
        "max_ms": max(latencies.values()),
        "per_query_ms": latencies,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
