"""Name search latency over the fixed query set: ours, `rg -i -F` and `fzf --filter`.

Each query runs ``rounds`` times after one warm-up; a query's latency is the median of its
rounds, and the percentiles are over the queries. A query "finds its entity" when a result is
written as one of that entity's spellings (bench/entities.py), or, for rg, when it matched at all
(rg only finds the exact text, which then is a mention of the entity).
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.entities import CURATED

QUERIES_FILE = Path(__file__).with_name("queries.json")
RESULT_LIMIT = 20


@dataclass(frozen=True)
class Query:
    """One benchmark query: what is typed, its kind (exact, variant, typo) and its entity."""

    query: str
    kind: str
    entity: str


@dataclass(frozen=True)
class SearchRun:
    """Per-query latencies in milliseconds, and how many queries found their entity."""

    latencies_ms: list[float]
    found: int


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    """The fixed query set."""
    return [Query(**q) for q in json.loads(path.read_text("utf-8"))["queries"]]


def _spellings(entity: str) -> set[str]:
    forms = next(e.forms for e in CURATED if e.canonical == entity)
    return {form.casefold() for form, _ in forms}


def _time(search: Callable[[str], list[str]], queries: list[Query], rounds: int) -> SearchRun:
    """Time ``search(query) -> matched texts`` over the queries."""
    search("warm-up")
    latencies = []
    found = 0
    for query in queries:
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            texts = search(query.query)
            samples.append((time.perf_counter() - started) * 1000)
        latencies.append(statistics.median(samples))
        spellings = _spellings(query.entity)
        found += any(text.casefold() in spellings for text in texts)
    return SearchRun(latencies, found)


def search_ours(db_path: Path, queries: list[Query], rounds: int) -> SearchRun | None:
    """`store.search.search` on our database; None until that module exists."""
    try:
        from store.search import search
    except ImportError:
        return None
    from store.db import open_db

    db = open_db(db_path)
    try:
        return _time(
            lambda q: [hit.text for hit in search(db, q, limit=RESULT_LIMIT)], queries, rounds
        )
    finally:
        db.close()


def search_rg(docs_dir: Path, queries: list[Query], rounds: int) -> SearchRun | None:
    """`rg -i -F -l` over the corpus files (output captured: rg stops early into /dev/null)."""
    rg = shutil.which("rg")
    if rg is None:
        return None

    def search(query: str) -> list[str]:
        out = subprocess.run(
            [rg, "-i", "-F", "-l", "--no-messages", "--", query, str(docs_dir)],
            capture_output=True,
            check=False,
        )
        return [query] if out.stdout else []

    return _time(search, queries, rounds)


def search_fzf(vocabulary: Path, queries: list[Query], rounds: int) -> SearchRun | None:
    """`fzf --filter` over the corpus's name vocabulary (one name a line); top results kept."""
    fzf = shutil.which("fzf")
    if fzf is None:
        return None
    names = vocabulary.read_bytes()

    def search(query: str) -> list[str]:
        out = subprocess.run(
            [fzf, "-i", "--filter", query], input=names, capture_output=True, check=False
        )
        return out.stdout.decode("utf-8").splitlines()[:RESULT_LIMIT]

    return _time(search, queries, rounds)
