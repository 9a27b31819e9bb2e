"""Findings at scale: the coded passages view, reports and the CSV export on a big database.

    python bench/findings_bench.py --docs 100000 --spans 100000 [--db bench/out/findings.db]

Builds (once; reused when the file exists) a database of ``--docs`` synthetic news documents of
about 5,000 characters, ``--spans`` highlights spread over them with 1-3 of six tags, and
outlet/date attributes on every document, written with plain SQL (an import would take minutes
and is measured elsewhere). Then times, each the best of ``--rounds``:

- loading the coded passages (what the view does on open) and filtering them by tag, by
  attribute and by text (targets: < 100 ms each),
- ``report`` (per-tag summary), the matrix and the three co-occurrences (target: < 2 s),
- the CSV export of every span (target: < 5 s).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.templates import SENTENCES

TAGS = ("place", "detention count", "source", "official response", "date", "person")
OUTLETS = ("Daily NK", "RFA", "Dong-A Ilbo", "Yonhap", "NK News")
FILLERS = {
    "p": "Kim Jong Un",
    "q": "Pak Min-jun",
    "ps": "Kim",
    "l": "Tumen",
    "k": "Sinuiju",
    "o": "the ministry",
    "O": "The ministry",
    "n": "24",
    "d": "May 3, 2019",
}


def _text(rng: random.Random) -> str:
    parts = []
    size = 0
    target = int(rng.lognormvariate(8.235, 0.75))
    target = min(max(target, 400), 40_000)
    while size < target:
        sentence = rng.choice(SENTENCES).format_map(FILLERS)
        parts.append(sentence + ("\n\n" if rng.random() < 0.25 else " "))
        size += len(sentence) + 1
    return "".join(parts).rstrip() + "\n"


def build(path: Path, docs: int, spans: int, seed: int = 13) -> None:
    """Write the synthetic database at ``path``."""
    from corpus_tui.corpus.reading import text_sha256
    from corpus_tui.store.db import open_db, write

    rng = random.Random(seed)
    db = open_db(path)
    now = "2026-12-01T00:00:00Z"
    coded_docs = max(1, min(docs, spans // 4))
    tag_ids = []
    with write(db):
        for position, name in enumerate(TAGS, start=1):
            db.execute(
                "INSERT INTO tags (name, color, description, position, created_at) "
                "VALUES (?, '#3b82f6', '', ?, ?)",
                [name, position, now],
            )
            tag_ids.append(position)
        span_no = 0
        for index in range(docs):
            text = _text(rng)
            sha = text_sha256(text)
            doc_id = f"{sha[:12]}{index:04x}"[:16]
            db.execute(
                "INSERT INTO documents (id, seq, title, source, sha256, chars, version, "
                "imported_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
                [
                    doc_id,
                    index + 1,
                    f"Article {index}",
                    f"docs/{index:06d}.txt",
                    sha,
                    len(text),
                    now,
                    now,
                ],
            )
            db.execute(
                "INSERT INTO document_versions (document_id, version, sha256, text, chars, "
                "imported_at) VALUES (?, 1, ?, ?, ?, ?)",
                [doc_id, sha, text, len(text), now],
            )
            db.execute(
                "INSERT INTO document_attributes VALUES (?, 'outlet', ?, 'text'), "
                "(?, 'date', ?, 'date')",
                [
                    doc_id,
                    OUTLETS[index % len(OUTLETS)],
                    doc_id,
                    f"{2009 + index % 15}-{1 + index % 12:02d}-{1 + index % 28:02d}",
                ],
            )
            share = spans // coded_docs + (1 if index < spans % coded_docs else 0)
            for _ in range(share if index < coded_docs else 0):
                start = rng.randrange(0, max(1, len(text) - 200))
                end = start + rng.randint(5, 180)
                span_id = f"s{span_no:012d}"
                span_no += 1
                db.execute(
                    'INSERT INTO highlights (id, document_id, start, "end", note, created_at, '
                    "updated_at, coder) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        span_id,
                        doc_id,
                        start,
                        end,
                        "a note" if rng.random() < 0.1 else None,
                        now,
                        now,
                        rng.choice(("ana", "ben", None)),
                    ],
                )
                for tag_id in rng.sample(tag_ids, rng.randint(1, 3)):
                    db.execute("INSERT INTO highlight_tags VALUES (?, ?)", [span_id, tag_id])
    db.close()


def best(rounds: int, work: Callable[[], object]) -> tuple[float, float]:
    """The fastest of ``rounds`` runs of ``work``: (wall, CPU) milliseconds. On a shared
    machine the CPU time says what the work costs; the wall time, what a user waited."""
    walls, cpus = [], []
    for _ in range(rounds):
        started, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return min(walls), min(cpus)


def measure_screen(path: Path) -> list[tuple[str, tuple[float, float], str]]:
    """The coded passages screen in the app, headless: F8 until its rows are drawn, and one
    filter applied (its list redrawn), timed inside the app's event loop."""
    import asyncio

    from textual.widgets import Input

    from corpus_tui.tui.app import CorpusApp
    from corpus_tui.tui.screens.passages import PassageList

    found: list[tuple[str, tuple[float, float], str]] = []
    drawn: list[tuple[float, float]] = []
    render_row = PassageList.render_row

    def timed_render_row(self, index, width, style):  # type: ignore[no-untyped-def]
        # The moment a row is first drawn is when the user sees the list.
        drawn.append((time.perf_counter(), time.process_time()))
        return render_row(self, index, width, style)

    PassageList.render_row = timed_render_row  # type: ignore[method-assign]

    def since(started: float, cpu: float) -> tuple[float, float]:
        wall_at, cpu_at = drawn[0]
        return (wall_at - started) * 1000, (cpu_at - cpu) * 1000

    async def run() -> None:
        app = CorpusApp(path)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            drawn.clear()
            started, cpu = time.perf_counter(), time.process_time()
            await pilot.press("f8")
            await pilot.pause()
            screen = app.screen
            found.append(
                ("screen: f8 until the first row is drawn", since(started, cpu), "< 100 ms")
            )
            await app.workers.wait_for_complete()
            await pilot.pause()
            for label, selector, value in (
                ("screen: type a tag filter (list redrawn)", "#filter-any", "place"),
                (
                    "screen: add outlet = Daily NK",
                    "#filter-attributes",
                    "outlet = Daily NK",
                ),
                ("screen: then a text filter", "#filter-text", "tumen"),
            ):
                drawn.clear()
                started, cpu = time.perf_counter(), time.process_time()
                screen.query_one(selector, Input).value = value
                await pilot.pause()
                found.append((label, since(started, cpu), "< 100 ms"))

    asyncio.run(run())
    return found


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the database and print one line per measurement."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--spans", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    path = args.db or Path(__file__).parent / "out" / f"findings-{args.docs}-{args.spans}.db"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        build(path, args.docs, args.spans)
        print(f"built {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    from corpus_tui.corpus.attribute_values import parse_filter
    from corpus_tui.store.db import open_db
    from corpus_tui.store.findings import PassageFilter, count_passages, load_passages
    from corpus_tui.store.reports import cooccurrence, tag_matrix, tag_summary
    from corpus_tui.store.table_export import export_table

    db = open_db(path)
    results: list[tuple[str, float, str]] = []
    first = 300  # what the view reads before its first paint (tui/screens/passages.py)
    results.append(
        (
            "passages: open (count + first screenful)",
            best(args.rounds, lambda: (count_passages(db), load_passages(db, limit=first))),
            "< 100 ms",
        )
    )
    results.append(
        (
            "passages: load every highlight (in a thread)",
            best(args.rounds, lambda: load_passages(db)),
            "background",
        )
    )
    passages = load_passages(db)
    for label, wanted in (
        ("passages: filter any of one tag", PassageFilter(any_of=("place",))),
        ("passages: filter all of two tags", PassageFilter(all_of=("place", "source"))),
        ("passages: filter none of a tag", PassageFilter(none_of=("source",))),
        (
            "passages: filter outlet = Daily NK",
            PassageFilter(attributes=(parse_filter("outlet = Daily NK"),)),
        ),
        (
            "passages: filter date >= 2015",
            PassageFilter(attributes=(parse_filter("date >= 2015"),)),
        ),
    ):
        results.append(
            (label, best(args.rounds, lambda w=wanted: passages.select(db, w)), "< 100 ms")
        )
    results.append(
        (
            "passages: load passage texts (once, for text filters)",
            best(1, lambda: passages.load_texts(db)),
            "background",
        )
    )
    results.append(
        (
            "passages: filter text 'Tumen'",
            best(args.rounds, lambda: passages.select(db, PassageFilter(text="Tumen"))),
            "< 100 ms",
        )
    )
    results.append(("report (per tag)", best(args.rounds, lambda: tag_summary(db)), "< 2000 ms"))
    results.append(
        ("report --by outlet", best(args.rounds, lambda: tag_summary(db, by="outlet")), "< 2000 ms")
    )
    results.append(("report matrix", best(args.rounds, lambda: tag_matrix(db)), "< 2000 ms"))
    for within in ("highlight", "overlap", "paragraph"):
        results.append(
            (
                f"report cooccurrence --within {within}",
                best(1, lambda w=within: cooccurrence(db, w)),
                "< 2000 ms",
            )
        )
    results += measure_screen(path)
    target = path.with_suffix(".csv")
    results.append(
        (
            "export --format csv (every span)",
            best(1, lambda: export_table(db, target, "csv")),
            "< 5000 ms",
        )
    )
    rows = sum(1 for _ in target.open(encoding="utf-8")) - 1
    target.unlink()
    print(
        f"findings bench: {args.docs:,} documents, {len(passages.passages):,} highlights ({path})"
    )
    import os

    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'measure':<55} {'wall ms':>9} {'CPU ms':>9}   target")
    for label, (wall, cpu), goal in results:
        print(f"{label:<55} {wall:>9.1f} {cpu:>9.1f}   {goal}")
    print(f"(csv lines read back: {rows:,})")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
