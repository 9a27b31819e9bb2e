"""How long the import's name scan takes per document (``store.search_index.analyse_text``).

    python bench/name_scan.py bench/out/corpus-100000 --docs 2000

Reads the first ``--docs`` documents of a generated corpus, loads the gazetteer once, then
times ``analyse_text`` over them (the median of ``--rounds``, each on fresh caches).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus_tui.corpus import names
from corpus_tui.corpus.places import gazetteer
from corpus_tui.store import search_index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    files = sorted((args.corpus / "docs").rglob("*.txt"))[: args.docs]
    texts = [path.read_text(encoding="utf-8") for path in files]
    started = time.perf_counter()
    gazetteer()
    print(f"gazetteer loaded in {(time.perf_counter() - started) * 1000:.0f} ms")
    timings = []
    for _ in range(args.rounds):
        names._resolve.cache_clear()
        search_index._name_key.cache_clear()
        started = time.perf_counter()
        for text in texts:
            search_index.analyse_text(text)
        timings.append((time.perf_counter() - started) / len(texts) * 1000)
    print(f"{len(texts)} documents: {statistics.median(timings):.2f} ms per document (median)")


if __name__ == "__main__":
    main()
