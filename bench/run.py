"""Measure corpus-tui against the tools users would pick instead, on one synthetic corpus.

    python bench/run.py --docs 100000 --json bench/out/bench-100000.json

Generates the corpus (or reuses it), then measures on the same files: import with every index
against `sqlite-utils insert-files`; name search p50/p95 against `rg -i -F` and `fzf --filter`;
start-up to first paint and peak memory against a minimal Textual app; database size against
the raw text; the reader on a 10 MB document and exporting spans (their owners' hooks). Prints a
Markdown table; ``--json`` also writes ``{"docs": N, "metrics": {name: {ours, peer, ratio,
unit}}}``. A peer or a part of ours that is not there yet is reported as "missing".
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import shutil
import statistics
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (python bench/run.py): make the repository root importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import DEFAULT_SEED, GENERATOR_VERSION, HUGE_CHARS, TAIL, document_text
from bench.generate import generate as generate_corpus
from bench.importing import database_bytes, import_ours, import_peer, sqlite_utils_cli
from bench.metrics import MISSING, Metric, markdown_table, percentile, report_json
from bench.minimal_app import READY
from bench.paint import PaintTimeout, first_paint
from bench.searching import SearchRun, load_queries, search_fzf, search_ours, search_rg

BENCH_DIR = Path(__file__).resolve().parent
MB = 1_000_000


def log(message: str) -> None:
    """Progress on stderr, so stdout is only the table."""
    print(message, file=sys.stderr, flush=True)


def corpus(docs: int, out: Path, seed: int) -> tuple[Path, dict]:
    """The generated corpus folder and its manifest, reused when already there."""
    folder = out / f"corpus-{docs}"
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text("utf-8"))
        wanted = (GENERATOR_VERSION, seed, docs, False)
        if (manifest["generator"], manifest["seed"], manifest["docs"], manifest["huge"]) == wanted:
            return folder, manifest
        shutil.rmtree(folder)
    log(f"generating {docs:,} documents in {folder}")
    return folder, generate_corpus(docs, folder, seed=seed)


def _value(number: float | None) -> float | str:
    return MISSING if number is None else number


def imported(
    docs_dir: Path, work: Path, docs: int, *, reuse: bool
) -> tuple[list[Metric], Path, Path]:
    """Import time, ours against insert-files, and the two databases.

    With ``reuse``, the databases and times of the last run in ``work`` are kept when there.
    """
    ours_db, peer_db = work / "ours.db", work / "plain.db"
    times_file = work / "import-times.json"
    if reuse and times_file.exists():
        log(f"import: reusing the databases in {work}")
        times = json.loads(times_file.read_text("utf-8"))
    else:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        times = measure_import(docs_dir, ours_db, peer_db, docs)
        times_file.write_text(json.dumps(times) + "\n", "utf-8")
    metric = Metric(
        "import_s",
        times["ours"],
        _value(times["peer"]),
        "s",
        "≤ 3× peer",
        "sqlite-utils insert-files --text",
    )
    return [metric], ours_db, peer_db


def measure_import(docs_dir: Path, ours_db: Path, peer_db: Path, docs: int) -> dict:
    """Seconds to import the corpus: ``{"ours": s, "peer": s or None}``."""
    log("import: sqlite-utils insert-files")
    peer = import_peer(docs_dir, peer_db)
    log(f"import: ours (store.importer.import_paths); insert-files took {peer or 0:.1f} s")
    ours = import_ours(docs_dir, ours_db, report_every=max(docs // 10, 1000))
    return {"ours": ours, "peer": peer}


def _percentile_metrics(
    label: str, ours: SearchRun | None, peer: SearchRun | None, tool: str, queries: int
) -> list[Metric]:
    metrics = []
    for pct in (50, 95):
        target = "< 50 ms and < rg" if pct == 95 and label == "rg" else ""
        metrics.append(
            Metric(
                f"search_p{pct}_vs_{label}",
                percentile(ours.latencies_ms, pct) if ours else MISSING,
                percentile(peer.latencies_ms, pct) if peer else MISSING,
                "ms",
                target,
                tool,
            )
        )
    metrics.append(
        Metric(
            f"search_found_vs_{label}",
            ours.found if ours else MISSING,
            peer.found if peer else MISSING,
            f"of {queries} queries",
            "",
            tool,
        )
    )
    return metrics


def measure_search(db_path: Path, corpus_dir: Path, rounds: int) -> list[Metric]:
    """Name search latency and how many queries found their entity."""
    queries = load_queries()
    log(f"search: {len(queries)} queries x {rounds} rounds (ours, rg, fzf)")
    ours = search_ours(db_path, queries, rounds)
    if ours:
        slowest = sorted(zip(ours.latencies_ms, (q.query for q in queries), strict=True))[-3:]
        log("search: slowest of ours: " + ", ".join(f"{q!r} {ms:.0f} ms" for ms, q in slowest))
    rg = search_rg(corpus_dir / "docs", queries, rounds)
    fzf = search_fzf(corpus_dir / "vocabulary.txt", queries, rounds)
    count = len(queries)
    return _percentile_metrics("rg", ours, rg, "rg -i -F -l", count) + _percentile_metrics(
        "fzf", ours, fzf, "fzf --filter (names)", count
    )


def measure_sizes(ours_db: Path, plain_db: Path, raw_bytes: int) -> list[Metric]:
    """Our database against the raw text and against the plain insert-files table."""
    ours = database_bytes(ours_db) / MB
    plain = database_bytes(plain_db) / MB if plain_db.exists() else MISSING
    return [
        Metric("db_size_vs_raw_text", ours, raw_bytes / MB, "MB", "≤ 2.5× raw", "raw text files"),
        Metric("db_size_vs_plain_table", ours, plain, "MB", "", "sqlite-utils insert-files"),
    ]


def _first_title(db_path: Path) -> str:
    from corpus_tui.store.db import open_db
    from corpus_tui.store.documents import list_documents

    db = open_db(db_path)
    try:
        return list_documents(db, limit=1)[0].title
    finally:
        db.close()


def measure_startup(db_path: Path, runs: int) -> list[Metric]:
    """Start-up to first paint and peak memory: `corpus-tui` on the corpus vs a minimal app.

    Both run as new processes in a 120x40 pty; the clock stops when the first document's title
    (ours: the document list is painted) or the app's one line (peer) is on screen. Runs
    alternate; the first of each is a warm-up; the median is reported.
    """
    app = Path(sys.executable).with_name("corpus-tui")
    ours_argv = [str(app), "--db", str(db_path)]
    peer_argv = [sys.executable, str(BENCH_DIR / "minimal_app.py")]
    # The list may shorten titles to its width: the first characters are what shows.
    marker = _first_title(db_path)[:12]
    log(f"start-up: {runs} runs each, waiting for {marker!r} / {READY!r}")
    ours, peer = [], []
    for _ in range(runs + 1):
        peer.append(first_paint(peer_argv, READY))
        try:
            ours.append(first_paint(ours_argv, marker))
        except PaintTimeout as error:
            log(f"start-up: {error}")
            return [
                Metric("startup_first_paint", "timeout", MISSING, "ms"),
                Metric("peak_memory", MISSING, MISSING, "MB"),
            ]
    ours, peer = ours[1:], peer[1:]
    return [
        Metric(
            "startup_first_paint",
            statistics.median(r.seconds for r in ours) * 1000,
            statistics.median(r.seconds for r in peer) * 1000,
            "ms",
            "≤ 1.5× peer",
            "minimal Textual app",
        ),
        Metric(
            "peak_memory",
            max(r.peak_mb for r in ours),
            max(r.peak_mb for r in peer),
            "MB",
            "< 500 MB",
            "minimal Textual app",
        ),
    ]


def huge_document(corpus_dir: Path, manifest: dict, work: Path, seed: int) -> Path:
    """A 10 MB document: the corpus's own when it has one, else the same one written apart."""
    for entry in manifest["tail"]:
        if entry["chars"] >= HUGE_CHARS and not entry["one_line"]:
            return corpus_dir / "docs" / entry["path"]
    index = next(t.index for t in TAIL if t.chars >= HUGE_CHARS)
    path = work / "huge-10mb.txt"
    path.write_text(document_text(seed, index, HUGE_CHARS), "utf-8")
    return path


SEARCH_METRICS = tuple(
    f"search_{what}_vs_{peer}" for peer in ("rg", "fzf") for what in ("p50", "p95", "found")
)
READER_METRICS = ("reader_open_10mb", "reader_cursor_repaint")
ONE_LINE_METRICS = ("reader_open_one_line_63mb",)
FIRST_SEARCH_METRICS = (
    "first_search_in_app",
    "search_keys_to_results_in_app",
    "search_all_mentions_in_app",
    "search_warm_up_after_launch",
)
CLI_METRICS = ("cli_search_wall",)
EXPORT_METRICS = ("export_spans",)


def hooked_metrics(module: str, function: str, names: tuple[str, ...], *args) -> list[Metric]:
    """Metrics from another part's benchmark hook (``bench.<module>.<function>(*args)``).

    The hook returns ``{name: {"ours": x, "peer": y, "unit": u}}``; until it exists, ``names``
    are reported as missing.
    """
    try:
        measure: Callable[..., dict] = getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError):
        return [Metric(name, MISSING, MISSING, "ms") for name in names]
    log(f"{module}.{function}")
    metrics = []
    for name, values in measure(*args).items():
        unit = values.get("unit", "ms")
        target, tool = values.get("target", ""), values.get("peer_tool", "")
        metrics.append(
            Metric(name, _value(values.get("ours")), values.get("peer"), unit, target, tool)
        )
        if "p95" in values:
            metrics.append(Metric(f"{name}_p95", values["p95"], None, unit, "", tool))
    return metrics


def merge_names(sizes: list[int]) -> tuple[str, ...]:
    """The metric names bench.merge_bench reports for these spans-file sizes."""
    names: list[str] = []
    for size in sizes:
        label = f"{size // 1000}k"
        names += [f"merge_{label}_spans", f"merge_{label}_spans_cpu", f"merge_{label}_spans_memory"]
        names += [f"reject_{label}_{how}{cpu}" for how in ("value", "cut") for cpu in ("", "_cpu")]
    return tuple(names)


def machine() -> str:
    """Cores, memory, Python version and load of this machine, for the report.

    The load average says whether other work shared the cores during the run.
    """
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores, {pages / 2**30:.0f} GiB RAM, {platform.system()}, "
        f"Python {platform.python_version()}; load average at the end {load}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run every measurement once on a corpus of ``--docs`` documents; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, required=True, help="documents in the corpus")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "out", help="scratch folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--rounds", type=int, default=3, help="timings per search query")
    parser.add_argument("--paint-runs", type=int, default=9, help="start-ups per app")
    parser.add_argument("--spans", type=int, default=100_000, help="spans to export")
    parser.add_argument(
        "--merge-spans",
        type=int,
        nargs="*",
        default=[100_000, 1_000_000],
        help="spans files to merge (at most 10 per document of the corpus)",
    )
    parser.add_argument(
        "--one-line-chars", type=int, default=63_000_000, help="size of the one-line document"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the databases and import times of the last run"
    )
    args = parser.parse_args(argv)

    corpus_dir, manifest = corpus(args.docs, args.out, args.seed)
    work = args.out / f"run-{args.docs}"
    metrics, ours_db, plain_db = imported(corpus_dir / "docs", work, args.docs, reuse=args.reuse)
    huge = huge_document(corpus_dir, manifest, work, args.seed)
    merge_sizes = sorted({min(size, args.docs * 10) for size in args.merge_spans})
    stages: list[tuple[tuple[str, ...], Callable[[], list[Metric]]]] = [
        (
            SEARCH_METRICS,
            lambda: measure_search(ours_db, corpus_dir, args.rounds),
        ),
        (
            ("db_size_vs_raw_text", "db_size_vs_plain_table"),
            lambda: measure_sizes(ours_db, plain_db, manifest["bytes"]),
        ),
        (
            ("startup_first_paint", "peak_memory"),
            lambda: measure_startup(ours_db, args.paint_runs),
        ),
        (
            READER_METRICS,
            lambda: hooked_metrics("bench.reader_bench", "measure_reader", READER_METRICS, huge),
        ),
        (
            ONE_LINE_METRICS,
            lambda: hooked_metrics(
                "bench.reader_bench", "measure_one_line", ONE_LINE_METRICS, args.one_line_chars
            ),
        ),
        (
            FIRST_SEARCH_METRICS,
            lambda: hooked_metrics(
                "bench.first_search", "measure_first_search", FIRST_SEARCH_METRICS, ours_db
            ),
        ),
        (
            CLI_METRICS,
            lambda: hooked_metrics(
                "bench.first_search", "measure_cli_search", CLI_METRICS, corpus_dir / "docs"
            ),
        ),
        (
            merge_names(merge_sizes),
            lambda: hooked_metrics(
                "bench.merge_bench",
                "measure_merge",
                merge_names(merge_sizes),
                ours_db,
                merge_sizes,
                work / "merge",
            ),
        ),
        # Last: the export hook may add spans to our database.
        (
            EXPORT_METRICS,
            lambda: hooked_metrics(
                "bench.anchoring_bench", "measure_export", EXPORT_METRICS, ours_db, args.spans
            ),
        ),
    ]
    failed = False
    for names, measure in stages:
        try:
            metrics += measure()
        except Exception:
            log(traceback.format_exc())
            metrics += [Metric(name, "error", None, "") for name in names]
            failed = True

    peers = {
        "sqlite-utils": sqlite_utils_cli(),
        "rg": shutil.which("rg"),
        "fzf": shutil.which("fzf"),
    }
    missing = [name for name, path in peers.items() if path is None]
    text_mb = manifest["bytes"] / MB
    print(f"corpus-tui benchmark: {args.docs:,} documents, {text_mb:,.0f} MB of text")
    print(f"machine: {machine()}")
    if missing:
        print(f"peers not installed (reported as missing): {', '.join(missing)}")
    print()
    print(markdown_table(metrics))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report_json(args.docs, metrics), indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
