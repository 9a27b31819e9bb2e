"""QDPX export and import time at scale: a database with DOCS documents and SPANS highlights
(two coders, one to three tags each, some notes) is exported with `export --format qdpx`'s
library call, the project imported into an empty database, and both timed:

    python bench/qdpx_speed.py --docs 1000 --spans 100000

Also checks the round trip kept every span (same documents, offsets, tags and coders).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import document_text
from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.db import open_db, write
from corpus_tui.store.documents import add_document
from corpus_tui.store.importer import import_paths
from corpus_tui.store.qdpx_export import export_qdpx
from corpus_tui.store.tags import ensure_tag

TAGS = ["place", "person", "detention", "number of people", "anonymous source", "date"]


def build(path: Path, docs: int, spans: int, seed: int = 7) -> None:
    """A database of generated documents and random highlights."""
    rng = random.Random(seed)
    db = open_db(path)
    ids = []
    with write(db):
        for index in range(docs):
            text = document_text(seed, index, 4000)
            ids.append(
                add_document(db, parse_bytes(text.encode(), f"d{index}.txt"), f"d{index}.txt")
            )
        tag_ids = [ensure_tag(db, name).id for name in TAGS]
        lengths = dict(db.execute("SELECT id, chars FROM documents").fetchall())
        rows, links = [], []
        for n in range(spans):
            document = ids[n % docs].document_id
            start = rng.randrange(max(1, lengths[document] - 80))
            span_id = uuid.UUID(int=rng.getrandbits(128)).hex
            rows.append(
                (span_id, document, start, start + rng.randint(3, 80),
                 f"note {n}" if n % 10 == 0 else None, "2026-11-22T09:15:02.000Z",
                 "2026-11-22T09:15:02.000Z", "ana" if n % 2 else "ben")
            )  # fmt: skip
            links.extend((span_id, tag) for tag in rng.sample(tag_ids, rng.randint(1, 3)))
        db.conn.executemany(
            'INSERT INTO highlights (id, document_id, start, "end", note, created_at, '
            "updated_at, coder) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.conn.executemany(
            "INSERT INTO highlight_tags (highlight_id, tag_id) VALUES (?, ?)", links
        )
    db.close()


def coding(db) -> set:
    return set(
        db.execute(
            'SELECT d.sha256, h.start, h."end", h.coder, (SELECT group_concat(t.name) FROM '
            "(SELECT t.name FROM highlight_tags ht JOIN tags t ON t.id = ht.tag_id "
            "WHERE ht.highlight_id = h.id ORDER BY t.name) t) FROM highlights h "
            "JOIN documents d ON d.id = h.document_id"
        ).fetchall()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--spans", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qdpx-bench-") as scratch:
        source = Path(scratch) / "source.db"
        build(source, args.docs, args.spans)
        db = open_db(source)
        started, cpu = time.perf_counter(), time.process_time()
        project = export_qdpx(db)
        exported, export_cpu = time.perf_counter() - started, time.process_time() - cpu
        path = Path(scratch) / "bench.qdpx"
        path.write_bytes(project.data)
        target = open_db(Path(scratch) / "target.db")
        started, cpu = time.perf_counter(), time.process_time()
        summary = import_paths(target, [path])
        imported, import_cpu = time.perf_counter() - started, time.process_time() - cpu
        same = coding(db) == coding(target)
        size = len(project.data) / 1e6
        print(f"{args.docs} documents, {project.spans} spans, project {size:.1f} MB")
        print(
            f"export: {exported:.2f} s wall, {export_cpu:.2f} s CPU "
            f"({1e6 * exported / project.spans:.1f} µs/span)"
        )
        print(f"import: {imported:.2f} s wall, {import_cpu:.2f} s CPU "
              f"({1e6 * imported / project.spans:.1f} µs/span), "
              f"{len(summary.added)} documents")  # fmt: skip
        print(f"round trip kept every span: {same}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
