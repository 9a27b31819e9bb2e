"""A child process for the crash and concurrency tests: it writes through the store and reports.

Each line on stdout is printed only after the store call it reports has returned, so whatever
the parent has read was committed. The parent kills this process at random moments.

    crash_driver.py highlights DB DOCUMENT_ID [COUNT]   add highlights (forever without COUNT)
    crash_driver.py ready-highlights DB DOCUMENT_ID N   say "ready" once open, then add N
    crash_driver.py import DB PATH...                   import, one line per file done
    crash_driver.py merge DB YAML_FILE                  "ready", merge a spans file, "merged"
    crash_driver.py open DB                             open (creating) the database
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
from pathlib import Path

from corpus_tui.store.db import open_db
from corpus_tui.store.documents import get_document

TAGS = ("place", "detention", "number of people", "anonymous source", "date")
NOTES = (None, "checked", "source: interview 3", "«verbatim» — 確認済み", "two\nlines")


def report(value: object) -> None:
    """One JSON value per line, flushed at once so the parent sees it before any kill."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def add_highlights(
    db_path: str, document_id: str, count: int | None, *, announce: bool = False
) -> None:
    """Add random highlights, some creating a new tag in the same transaction."""
    from corpus_tui.store.highlights import add_highlight

    db = open_db(db_path)
    if announce:
        report("ready")
    chars = get_document(db, document_id).chars
    rng = random.Random(os.getpid())
    for number in itertools.count() if count is None else range(count):
        start = rng.randrange(chars)
        end = min(chars, start + rng.randrange(1, 60))
        tags = rng.sample(TAGS, rng.randrange(3))
        if rng.random() < 0.05:
            tags.append(f"new tag {os.getpid()}-{number}")
        note = rng.choice(NOTES)
        made = add_highlight(db, document_id, start, end, tags, note)
        report({"id": made.id, "start": start, "end": end, "tags": sorted(tags), "note": note})


def import_files(db_path: str, paths: list[str]) -> None:
    """Import files and folders, reporting each file's source once its transaction is done."""
    from corpus_tui.store.importer import import_paths

    db = open_db(db_path)
    import_paths(db, paths, progress=lambda _done, _total, source: report(source))


def merge_file(db_path: str, yaml_path: str) -> None:
    """Merge one spans YAML file; "merged" means the whole merge has committed."""
    from corpus_tui.store.spans_merge import merge_spans

    db = open_db(db_path)
    text = Path(yaml_path).read_text(encoding="utf-8")
    report("ready")
    merge_spans(db, text)
    report("merged")


def main(argv: list[str]) -> None:
    """Dispatch on the mode named first."""
    mode, db_path, *rest = argv
    if mode == "highlights":
        add_highlights(db_path, rest[0], int(rest[1]) if len(rest) > 1 else None)
    elif mode == "ready-highlights":
        add_highlights(db_path, rest[0], int(rest[1]), announce=True)
    elif mode == "import":
        import_files(db_path, rest)
    elif mode == "merge":
        merge_file(db_path, rest[0])
    elif mode == "open":
        open_db(db_path).close()
        report("opened")
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
