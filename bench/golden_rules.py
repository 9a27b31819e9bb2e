"""How many of the 48 English "Golden Rules" of sentence segmentation the reader's `s` passes,
and what one sentence look-up costs in a long document.

    python bench/golden_rules.py            # prints "N/48", the failures, then timings
    python bench/golden_rules.py --quiet    # prints "N/48" only

The rules (tests/data/golden_rules_en.json) come from Pragmatic Segmenter by way of pySBD's
tests. A text passes when walking it sentence by sentence, as `s` pressed again does, gives
exactly the expected sentences.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus_tui.corpus import textunits

RULES = Path(__file__).resolve().parent.parent / "tests" / "data" / "golden_rules_en.json"


def load_rules(path: Path = RULES) -> list[tuple[str, list[str]]]:
    """Each rule as (text, expected sentences)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(rule["text"], rule["sentences"]) for rule in data["rules"]]


def segment(text: str) -> list[str]:
    """The sentences of ``text`` as the reader finds them, first to last."""
    found: list[str] = []
    pos = 0
    while pos < len(text):
        start, end = textunits.sentence_span(text, pos)
        if end > start:
            found.append(text[start:end])
        following = end
        while following < len(text) and text[following].isspace():
            following += 1
        if following <= pos:
            break
        pos = following
    return found


def failures(rules: list[tuple[str, list[str]]]) -> list[tuple[str, list[str], list[str]]]:
    """The rules not passed: (text, expected, found)."""
    wrong = []
    for text, expected in rules:
        found = segment(text)
        if found != expected:
            wrong.append((text, expected, found))
    return wrong


def time_lookups(chars: int = 10_000_000, lookups: int = 2000) -> dict[str, float]:
    """Microseconds per `sentence_span` at random places of documents of several shapes."""
    rules = " ".join(text for text, _ in load_rules())
    shapes = {
        "short document": (rules + "\n") * 4,
        "10 MB of paragraphs": (rules + "\n") * (chars // (len(rules) + 1) + 1),
        "10 MB in one paragraph": (rules + " ") * (chars // (len(rules) + 1) + 1),
    }
    timings = {}
    for shape, text in shapes.items():
        rng = random.Random(7)
        places = [rng.randrange(len(text)) for _ in range(lookups)]
        began = time.perf_counter()
        for place in places:
            textunits.sentence_span(text, place)
        timings[shape] = (time.perf_counter() - began) / lookups * 1e6
    return timings


def main() -> None:
    """Print the score, then (unless --quiet) the failures and the cost of a look-up."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quiet", action="store_true", help="print the score only")
    quiet = parser.parse_args().quiet
    rules = load_rules()
    wrong = failures(rules)
    print(f"{len(rules) - len(wrong)}/{len(rules)}")
    if quiet:
        return
    for text, expected, found in wrong:
        print(f"\n  text:     {text!r}\n  expected: {expected!r}\n  found:    {found!r}")
    print()
    for shape, micros in time_lookups().items():
        print(f"sentence_span, {shape}: {micros:.0f} µs per look-up")


if __name__ == "__main__":
    main()
