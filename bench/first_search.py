"""Search latency in the app, the first search against later ones, and `corpus-tui search` wall.

    python bench/first_search.py bench/out/run-100000/ours.db

First search: the app runs headless (``App.run_test``, 120x40) on the database; once its first
paint and its background warm-up are done (as they are by the time a user has read the screen),
`/`, a query and Enter are sent at once; the clock runs from Enter (the search starting) until
the search screen has drawn the first page of results. Also reported: from the first key sent
(typing included) to the first page, and to every mention (up to 1,000) listed.
"Later" is the median of the next searches (other queries), the peer of the first: the first
must answer as fast as they do. Also reported: how long the warm-up took after launch.

CLI wall: `corpus-tui search QUERY` as a new process on a database of five documents (the
first five of the generated corpus), median of runs, against `grep -ril` over the same files.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUERIES = ("Tumen", "Kim Jong-un", "Pyongyang", "Hyesan", "Vladimir Putin", "Gaddafi")
SIZE = (120, 40)
NAMES = {" ": "space", "-": "minus"}


async def _searches(db_path: Path) -> dict[str, Any]:
    from textual import events

    from corpus_tui.tui.app import CorpusApp
    from corpus_tui.tui.screens import search as search_screen

    # When each query's mentions were drawn: the first page, then all of them.
    drawn: dict[str, list[float]] = {}
    fill = search_screen.SearchScreen._fill_mentions

    def timed_fill(screen: Any) -> None:
        fill(screen)
        if screen.hits:
            drawn.setdefault(screen.query_text, []).append(time.perf_counter())

    begun: dict[str, float] = {}
    start = search_screen.SearchScreen._start

    def timed_start(screen: Any, query: str) -> None:
        begun[query] = time.perf_counter()
        start(screen, query)

    search_screen.SearchScreen._fill_mentions = timed_fill  # type: ignore[method-assign]
    search_screen.SearchScreen._start = timed_start  # type: ignore[method-assign]
    app = CorpusApp(db_path)
    launched = time.perf_counter()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            warmed = time.perf_counter() - launched
            first: list[float] = []
            complete: list[float] = []
            typed: list[float] = []
            for number, query in enumerate(QUERIES):
                keys = [("escape", None)] if number else []
                keys += [("slash", "/"), *((NAMES.get(c, c), c) for c in query), ("enter", "\r")]
                started = time.perf_counter()
                for key, char in keys:
                    event = events.Key(key, char)
                    event.set_sender(app)
                    app._driver.send_message(event)
                while query not in drawn or _busy(app):
                    await pilot.pause()
                    await app.workers.wait_for_complete()
                first.append(drawn[query][0] - begun[query])
                typed.append(drawn[query][0] - started)
                complete.append(drawn[query][-1] - started)
    finally:
        search_screen.SearchScreen._fill_mentions = fill  # type: ignore[method-assign]
        search_screen.SearchScreen._start = start  # type: ignore[method-assign]
    return {"warm_up": warmed, "times": first, "complete": complete, "typed": typed}


def _busy(app: Any) -> bool:
    from textual.css.query import NoMatches

    try:
        return str(app.screen.query_one("#search-busy").render()) != ""
    except NoMatches:  # the search screen is not in front yet
        return True


def measure_first_search(db_path: Path) -> dict:
    """``{name: {"ours", "peer", "unit", ...}}``: first search, and warm-up after launch."""
    result = asyncio.run(_searches(db_path))
    times = result["times"]
    assert isinstance(times, list)
    later = statistics.median(times[1:])
    return {
        "first_search_in_app": {
            "ours": round(times[0] * 1000, 1),
            "peer": round(later * 1000, 1),
            "unit": "ms",
            "target": "< 100 ms, as fast as later ones",
            "peer_tool": "later searches (median)",
        },
        "search_keys_to_results_in_app": {
            "ours": round(result["typed"][0] * 1000, 1),
            "peer": round(statistics.median(result["typed"][1:]) * 1000, 1),
            "unit": "ms",
            "target": "",
            "peer_tool": "later searches (median)",
        },
        "search_all_mentions_in_app": {
            "ours": round(result["complete"][0] * 1000, 1),
            "peer": round(statistics.median(result["complete"][1:]) * 1000, 1),
            "unit": "ms",
            "target": "",
            "peer_tool": "later searches (median)",
        },
        "search_warm_up_after_launch": {
            "ours": round(float(result["warm_up"]) * 1000),
            "peer": None,
            "unit": "ms",
        },
    }


def measure_cli_search(docs_dir: Path, runs: int = 7, query: str = "Tumen") -> dict:
    """Wall time of `corpus-tui search` on five documents, against `grep -ril`."""
    app = str(Path(sys.executable).with_name("corpus-tui"))
    files = sorted(docs_dir.rglob("*.txt"))[:5]
    with tempfile.TemporaryDirectory(prefix="cli-search-") as scratch:
        db = Path(scratch) / "five.db"
        subprocess.run(
            [app, "--db", str(db), "import", *map(str, files)], check=True, capture_output=True
        )
        ours, peer = [], []
        grep = shutil.which("grep")
        for _ in range(runs + 1):
            started = time.perf_counter()
            subprocess.run([app, "--db", str(db), "search", query], check=True, capture_output=True)
            ours.append(time.perf_counter() - started)
            if grep:
                started = time.perf_counter()
                subprocess.run([grep, "-ril", query, *map(str, files)], capture_output=True)
                peer.append(time.perf_counter() - started)
    return {
        "cli_search_wall": {
            "ours": round(statistics.median(ours[1:]), 3),
            "peer": round(statistics.median(peer[1:]), 3) if peer else None,
            "unit": "s",
            "target": "< 0.35 s",
            "peer_tool": "grep -ril" if peer else "",
        }
    }


def main(argv: list[str] | None = None) -> int:
    """Print both measurements as JSON."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--docs", type=Path, default=Path("bench/out/corpus-100000/docs"))
    args = parser.parse_args(argv)
    print(json.dumps({**measure_first_search(args.db), **measure_cli_search(args.docs)}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
