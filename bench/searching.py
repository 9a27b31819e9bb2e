"""Name search latency over the fixed query set: ours, `rg -i -F` and `fzf --filter`.

Each query runs ``rounds`` times after one warm-up; a query's latency is the median of its
rounds, and the percentiles are over the queries. A result is a mention of the query's entity
when it is written as one of its spellings (bench/entities.py), or a part of one, or one edit
away from either (the generator's typos). A query "finds its entity" when a result is such a
mention. rg only matches the text typed: it finds the entity when that text is a mention.
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

from rapidfuzz.distance import OSA

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


def _spellings(entity: str) -> list[str]:
    """The entity's spellings, case-folded, with the runs of their words of 5 characters or more.

    A search for "Gadhafi" that finds "Gadhafi" found a mention of Moammar Gadhafi.
    """
    spellings = set()
    for form, _ in next(e.forms for e in CURATED if e.canonical == entity):
        words = form.casefold().split()
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                run = " ".join(words[i:j])
                if len(run) >= 5 or j - i == len(words):
                    spellings.add(run)
    return sorted(spellings)


def _mentions(texts: list[str], spellings: list[str]) -> set[str]:
    """The distinct texts (case-folded) that write the entity: a spelling, or one edit off it."""
    found = set()
    for text in {t.casefold() for t in texts}:
        if any(OSA.distance(text, spelling, score_cutoff=1) <= 1 for spelling in spellings):
            found.add(text)
    return found


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
        found += bool(_mentions(texts, _spellings(query.entity)))
    return SearchRun(latencies, found)


def search_ours(db_path: Path, queries: list[Query], rounds: int) -> SearchRun | None:
    """`store.search.search` on our database; None until that module exists."""
    try:
        from corpus_tui.store.search import search
    except ImportError:
        return None
    from corpus_tui.store.db import open_db

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
