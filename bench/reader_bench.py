"""The reader on a 10 MB document with hundreds of highlights: open time and key repaint time.

    python bench/reader_bench.py [PATH | --chars N]

The app runs headless (``App.run_test``) at 120x40 on a scratch database holding the document,
600 highlights (300 of them overlapping on the first screen) and nine tags. "Open" is what
choosing the document costs: reading its text from SQLite, laying it out, loading highlights and
tag counts, and drawing every visible row of the reader. "Repaint" is one cursor key: the move
itself, the status line, and drawing every visible row again (rows without the cursor come from
the strip cache). Both are timed in-process with ``perf_counter``, median and 95th percentile.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.geometry import Region

from bench.generate import DEFAULT_SEED, HUGE_CHARS, document_text
from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.db import open_db, write
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import add_highlight
from corpus_tui.store.tags import ensure_tag

SIZE = (120, 40)
TAGS = ("place", "person", "date", "number", "detention", "source", "quote", "event", "org")
OPENS = 5
KEYS = 200
KOREAN = "북한 당국은 지난달 국경을 봉쇄했다. 주민들은 불안해하고 있다. 탈북자 24명이 구금되었다."


def _text(source: Path | int) -> str:
    if isinstance(source, Path):
        return parse_bytes(source.read_bytes(), source.name).text
    text = document_text(DEFAULT_SEED, 0, source)
    # Hangul paragraphs too, so wide characters are part of what is laid out.
    paragraphs = text.split("\n")
    for index in range(3, len(paragraphs), 7):
        paragraphs[index] = KOREAN + " " + paragraphs[index]
    return "\n".join(paragraphs)


def _populate(db_path: Path, text: str) -> str:
    db = open_db(db_path)
    document_id = add_document(db, parse_bytes(text.encode(), "huge.txt"), "huge.txt").document_id
    rng = random.Random(7)
    with write(db):
        for name in TAGS:
            ensure_tag(db, name)
        for number in range(600):
            limit = max(len(text) - 400, 1)
            start = rng.randrange(0, min(5000, limit) if number < 300 else limit)
            end = min(start + rng.randrange(3, 300), len(text))
            add_highlight(db, document_id, start, end, tags=[rng.choice(TAGS)])
    db.close()
    return document_id


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


async def _measure(db_path: Path, document_id: str, keys: int = KEYS) -> dict[str, list[float]]:
    from corpus_tui.tui.app import CorpusApp
    from corpus_tui.tui.workspace import Workspace

    app = CorpusApp(db_path)
    timings: dict[str, list[float]] = {"open": [], "repaint": []}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        workspace = app.query_one(Workspace)
        reader = workspace.reader
        region = Region(0, 0, reader.size.width, reader.size.height)
        for _ in range(OPENS):
            started = time.perf_counter()
            workspace.open_document(document_id)
            reader.render_lines(region)
            timings["open"].append(time.perf_counter() - started)
            await pilot.pause()
        moves = [("row", 1), ("char", 1), ("word", 1), ("row", -1), ("sentence", 1)]
        for number in range(keys):
            unit, step = moves[number % len(moves)]
            started = time.perf_counter()
            reader.action_move(unit, step)
            workspace._update_status()
            reader.render_lines(region)
            timings["repaint"].append(time.perf_counter() - started)
        reader.action_move("document", 1)
        for _ in range(keys // 4):
            started = time.perf_counter()
            reader.action_move("row", -1)
            workspace._update_status()
            reader.render_lines(region)
            timings["repaint"].append(time.perf_counter() - started)
    return timings


def measure_reader(text_path_or_size: Path | str | int = HUGE_CHARS) -> dict:
    """Open and cursor-repaint times of the reader; the hook ``bench/run.py`` calls.

    Takes a document's path, or a size in code points for a generated one. Returns
    ``{metric: {"ours": ms, "unit": "ms", "target": ..., "p95": ms}}``.
    """
    source = text_path_or_size
    if isinstance(source, str):
        source = Path(source)
    text = _text(source)
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as scratch:
        db_path = Path(scratch) / "bench.db"
        document_id = _populate(db_path, text)
        timings = asyncio.run(_measure(db_path, document_id))
    open_p50, open_p95 = _percentiles(timings["open"])
    key_p50, key_p95 = _percentiles(timings["repaint"])
    return {
        "reader_open_10mb": {
            "ours": round(open_p50 * 1000, 1),
            "p95": round(open_p95 * 1000, 1),
            "unit": "ms",
            "target": "< 500 ms",
            "chars": len(text),
        },
        "reader_cursor_repaint": {
            "ours": round(key_p50 * 1000, 2),
            "p95": round(key_p95 * 1000, 2),
            "unit": "ms",
            "target": "< 16 ms",
        },
    }


ONE_LINE_CHARS = 63_000_000


def measure_one_line(chars: int = ONE_LINE_CHARS) -> dict:
    """Opening a document that is one line of ``chars`` code points with no space in it (the
    generator's text run together: Latin with Hangul, Chinese and Cyrillic passages), as a
    63 MB export of a chat log or a minified file is; the hook ``bench/run.py`` calls."""
    text = document_text(DEFAULT_SEED, 3_000, chars, one_line=True)
    text = text.replace(" ", "").replace("\n", "")
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as scratch:
        db_path = Path(scratch) / "bench.db"
        document_id = _populate(db_path, text)
        timings = asyncio.run(_measure(db_path, document_id, keys=20))
    open_p50, open_p95 = _percentiles(timings["open"])
    return {
        "reader_open_one_line_63mb": {
            "ours": round(open_p50 * 1000, 1),
            "p95": round(open_p95 * 1000, 1),
            "unit": "ms",
            "target": "< 1000 ms",
            "chars": len(text),
        }
    }


def main(argv: list[str] | None = None) -> int:
    """Print the reader's figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, help="a document to open (default: generate)")
    parser.add_argument("--chars", type=int, default=HUGE_CHARS, help="size of a generated one")
    args = parser.parse_args(argv)
    print(json.dumps(measure_reader(args.path or args.chars), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
