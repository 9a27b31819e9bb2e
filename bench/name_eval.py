"""Name-search evaluation: recall and first-results precision per query category.

    python bench/name_eval.py [--verbose]

Imports the paragraphs of bench/name_eval.yaml into a scratch database, runs every query
through ``store.search.search`` and reports, per category (canonical, another romanisation,
typo, part of a name, native script):

- recall: the share of the queried entity's mentions that some hit overlaps (all hits);
- precision: the share of the first ``FIRST`` hits that overlap a mention of that entity.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus_tui.store.db import open_db
from corpus_tui.store.importer import import_paths
from corpus_tui.store.search import search

FIRST = 10
DATA = Path(__file__).with_name("name_eval.yaml")


def mentions(text: str, spellings: list[str]) -> list[tuple[int, int]]:
    """Every occurrence of any spelling, longest first, none overlapping another."""
    found: list[tuple[int, int]] = []
    for spelling in sorted(spellings, key=len, reverse=True):
        at = text.find(spelling)
        while at >= 0:
            span = (at, at + len(spelling))
            if not any(a < span[1] and span[0] < b for a, b in found):
                found.append(span)
            at = text.find(spelling, at + 1)
    return found


def evaluate(verbose: bool = False) -> dict[str, tuple[float, float]]:
    """Recall and precision per category."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        texts: dict[str, str] = {}
        paths = []
        for number, text in enumerate(data["documents"]):
            path = root / f"doc{number:03}.txt"
            path.write_text(text + "\n", encoding="utf-8")
            paths.append(path)
        db = open_db(root / "eval.db")
        import_paths(db, paths)
        for doc_id, source in db.execute("SELECT id, source FROM documents"):
            texts[doc_id] = (root / Path(source).name).read_text(encoding="utf-8")
        expected = {
            entity: {(doc, span) for doc, text in texts.items() for span in mentions(text, names)}
            for entity, names in data["entities"].items()
        }
        results: dict[str, tuple[float, float]] = {}
        for category, queries in data["queries"].items():
            wanted = found = first = right = 0
            for query, entity in queries.items():
                hits = search(db, query, limit=None)
                truth = expected[entity]

                def overlaps(hit, spans=truth) -> bool:
                    return any(
                        doc == hit.doc and a < hit.end and hit.start < b for doc, (a, b) in spans
                    )

                got = {
                    (doc, (a, b))
                    for doc, (a, b) in truth
                    if any(h.doc == doc and a < h.end and h.start < b for h in hits)
                }
                good = [overlaps(hit) for hit in hits[:FIRST]]
                wanted += len(truth)
                found += len(got)
                first += len(good)
                right += sum(good)
                if verbose:
                    missed = sorted(texts[d][a:b] for d, (a, b) in truth - got)
                    wrong = [f"{h.text}" for h, ok in zip(hits, good, strict=False) if not ok]
                    print(
                        f"{category:12} {query!r}: {len(got)}/{len(truth)} missed={missed} "
                        f"wrong={wrong} labels={[(h.text, h.match) for h in hits[:FIRST]]}"
                    )
            results[category] = (found / wanted, right / first if first else 1.0)
        db.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    results = evaluate(args.verbose)
    print(f"{'category':14}{'recall':>8}{'precision@' + str(FIRST):>15}")
    for category, (recall, precision) in results.items():
        print(f"{category:14}{recall:8.0%}{precision:15.0%}")


if __name__ == "__main__":
    main()
