"""Write a deterministic synthetic corpus of news-like articles, one file per document.

    python bench/generate.py --docs 100000 --out bench/out/corpus-100000

Every tool under test reads the same files: ``OUT/docs/NNN/NNNNNN.txt`` (1,000 per folder),
plus ``OUT/vocabulary.txt`` (every name as written in the corpus, one a line, for the fzf peer)
and ``OUT/manifest.json`` (sizes and the long-tail documents). Document ``i`` depends only on the
seed and ``i``, never on ``--docs``: a 500-document corpus is the first 500 of the 100,000 one.

Sizes follow a log-normal law around 5,000 characters; a few documents at fixed positions form
the long tail (1 to 10 MB), so a corpus only gets the 10 MB one from 10,000 documents up
(``--huge`` forces it in at any size).
"""

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (python bench/generate.py): make the repository root importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.entities import CURATED, FIRST_NAMES, LAST_NAMES, ORGANISATIONS, PLACES, Entity
from bench.templates import FOREIGN_SENTENCES, HEADLINES, MONTHS, OPENINGS, SENTENCES

GENERATOR_VERSION = 1
DEFAULT_SEED = 20261122
DOCS_PER_FOLDER = 1000
HUGE_CHARS = 10_000_000


@dataclass(frozen=True)
class TailDocument:
    """A long-tail document: which index it replaces, its size and whether it is one line."""

    index: int
    chars: int
    one_line: bool = False


# Fixed positions, so a bigger corpus keeps the tail of a smaller one and adds to it.
TAIL: tuple[TailDocument, ...] = (
    TailDocument(700, 1_000_000),
    TailDocument(3_000, 1_500_000, one_line=True),
    TailDocument(9_998, HUGE_CHARS),
    TailDocument(20_000, 2_000_000),
    TailDocument(50_000, 5_000_000),
    TailDocument(77_777, 3_000_000),
)

# Log-normal around a median of 3,770 characters: the mean is about 5,000.
LENGTH_MU = 8.235
LENGTH_SIGMA = 0.75
MIN_CHARS = 250
MAX_REGULAR_CHARS = 150_000

TYPO_RATE = 0.01  # a mention misspelt at random
VARIANT_RATE = 0.10  # a mention in another spelling than the article's usual one
CURATED_RATE = 0.75  # articles about at least one of the recurring people or places
FOREIGN_DOC_RATE = 0.15  # articles quoting passages in Korean, Chinese or Russian

_PEOPLE = tuple(e for e in CURATED if e.kind == "person")
_PLACES = tuple(e for e in CURATED if e.kind == "place")
_PEOPLE_WEIGHTS = tuple(e.weight for e in _PEOPLE)
_PLACE_WEIGHTS = tuple(e.weight for e in _PLACES)


def tail_for(docs: int, *, huge: bool = False) -> dict[int, TailDocument]:
    """The long-tail documents of a corpus of ``docs`` documents, by index."""
    tail = {t.index: t for t in TAIL if t.index < docs}
    if huge and not any(t.chars >= HUGE_CHARS for t in tail.values()) and docs > 0:
        tail[docs - 1] = TailDocument(docs - 1, HUGE_CHARS)
    return tail


def document_path(index: int) -> str:
    """The path of document ``index`` relative to the corpus's ``docs`` folder."""
    suffix = ".md" if index % 50 == 49 else ".txt"
    return f"{index // DOCS_PER_FOLDER:03d}/{index:06d}{suffix}"


class _Name:
    """One person or place as a given article writes it."""

    __slots__ = ("forms", "latin", "preferred", "short")

    def __init__(self, preferred: str, forms: tuple[str, ...], short: str | None):
        self.preferred = preferred
        self.forms = forms
        self.short = short or preferred
        self.latin = preferred.isascii() or preferred[0].isascii()


def _curated_name(rng: random.Random, entity: Entity) -> _Name:
    forms = tuple(f for f, _ in entity.forms)
    preferred = rng.choices(forms, weights=[w for _, w in entity.forms])[0]
    return _Name(preferred, forms, entity.short)


def _filler_person(rng: random.Random) -> _Name:
    last = rng.choice(LAST_NAMES)
    full = f"{rng.choice(FIRST_NAMES)} {last}"
    return _Name(full, (full,), last)


def _filler_place(rng: random.Random) -> _Name:
    place = rng.choice(PLACES)
    return _Name(place, (place,), None)


def _typo(rng: random.Random, word: str) -> str:
    """``word`` with one letter dropped, doubled or swapped with its neighbour.

    Only letters inside a word are touched, as hands slip: never a first letter or a space.
    """
    inner = [i for i in range(1, len(word) - 1) if word[i - 1 : i + 2].isalpha()]
    if not inner:
        return word
    i = rng.choice(inner)
    edit = rng.randrange(3)
    if edit == 0:
        return word[:i] + word[i + 1 :]
    if edit == 1:
        return word[: i + 1] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


class _Article:
    """The cast of one article; fills template slots one mention at a time."""

    def __init__(self, rng: random.Random, vocabulary: set[str]):
        self.rng = rng
        self.vocabulary = vocabulary
        people = [_filler_person(rng) for _ in range(rng.randint(1, 3))]
        places = [_filler_place(rng) for _ in range(rng.randint(1, 3))]
        if rng.random() < CURATED_RATE:
            people.insert(0, _curated_name(rng, rng.choices(_PEOPLE, _PEOPLE_WEIGHTS)[0]))
            places.insert(0, _curated_name(rng, rng.choices(_PLACES, _PLACE_WEIGHTS)[0]))
        self.people = people
        self.places = places
        self.foreign = rng.random() < FOREIGN_DOC_RATE

    def mention(self, name: _Name) -> str:
        """How this mention of ``name`` is written: usually as always, sometimes not."""
        r = self.rng.random()
        if r < TYPO_RATE and name.latin and len(name.preferred) >= 5:
            text = _typo(self.rng, name.preferred)
        elif r < VARIANT_RATE:
            text = self.rng.choice(name.forms)
        else:
            text = name.preferred
        self.vocabulary.add(text)
        return text

    def date(self) -> str:
        rng = self.rng
        return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2009, 2024)}"

    def __getitem__(self, slot: str) -> str:
        rng = self.rng
        if slot == "p":
            return self.mention(self.people[0])
        if slot == "q":
            return self.mention(rng.choice(self.people))
        if slot == "ps":
            return self.people[0].short
        if slot == "l":
            place = self.places[0] if rng.random() < 0.6 else rng.choice(self.places)
            return self.mention(place)
        if slot == "k":
            return self.mention(rng.choice(self.places))
        if slot == "o":
            return rng.choice(ORGANISATIONS)
        if slot == "O":
            organisation = rng.choice(ORGANISATIONS)
            return organisation[0].upper() + organisation[1:]
        if slot == "n":
            return str(rng.randint(2, 400))
        if slot == "d":
            return self.date()
        raise KeyError(slot)

    def sentence(self) -> str:
        if self.foreign and self.rng.random() < 0.1:
            template = self.rng.choice(FOREIGN_SENTENCES)
        else:
            template = self.rng.choice(SENTENCES)
        return template.format_map(self)


def document_text(seed: int, index: int, chars: int | None = None, *, one_line=False) -> str:
    """The text of document ``index``: a headline, a dateline and paragraphs of sentences.

    ``chars`` overrides the drawn length (long-tail documents); the text is at least that long.
    """
    return _document_text(seed, index, chars, one_line, set())


def _document_text(seed, index, chars, one_line, vocabulary) -> str:
    rng = random.Random(seed * 1_000_003 + index)
    article = _Article(rng, vocabulary)
    if chars is None:
        drawn = int(rng.lognormvariate(LENGTH_MU, LENGTH_SIGMA))
        chars = min(max(drawn, MIN_CHARS), MAX_REGULAR_CHARS)
    headline = rng.choice(HEADLINES).format_map(article)
    dateline = f"{article.places[0].preferred.upper()}, {article.date()} — "
    paragraph_break = " " if one_line else ("\n\n" if rng.random() < 0.7 else "\n")
    head = rng.choice(OPENINGS) + headline + ("\n\n" if not one_line else " ")
    parts = [head, dateline]
    size = len(head) + len(dateline)
    sentences_left = rng.randint(1, 5)
    while size < chars:
        sentence = article.sentence()
        parts.append(sentence)
        size += len(sentence) + 1
        sentences_left -= 1
        if sentences_left == 0:
            parts.append(paragraph_break)
            sentences_left = rng.randint(1, 5)
        else:
            parts.append(" ")
    return "".join(parts).rstrip() + "\n"


def _write_range(args) -> tuple[int, int, set[str]]:
    """Write documents ``start`` to ``stop`` (a worker's share); their chars, bytes and names."""
    seed, docs_dir, start, stop, tail = args
    vocabulary: set[str] = set()
    chars = size = 0
    made: set[Path] = set()
    for index in range(start, stop):
        special = tail.get(index)
        if special:
            text = _document_text(seed, index, special.chars, special.one_line, vocabulary)
        else:
            text = _document_text(seed, index, None, False, vocabulary)
        path = docs_dir / document_path(index)
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        data = text.encode("utf-8")
        path.write_bytes(data)
        chars += len(text)
        size += len(data)
    return chars, size, vocabulary


def _ranges(docs: int, step: int) -> Iterator[tuple[int, int]]:
    for start in range(0, docs, step):
        yield start, min(start + step, docs)


def generate(
    docs: int, out: Path, *, seed: int = DEFAULT_SEED, huge: bool = False, workers=None
) -> dict:
    """Write a corpus of ``docs`` documents under ``out``; returns (and writes) its manifest."""
    docs_dir = out / "docs"
    docs_dir.mkdir(parents=True, exist_ok=True)
    tail = tail_for(docs, huge=huge)
    jobs = [(seed, docs_dir, a, b, tail) for a, b in _ranges(docs, DOCS_PER_FOLDER)]
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_write_range, jobs))
    else:
        results = [_write_range(job) for job in jobs]
    vocabulary = set().union(*(names for _, _, names in results))
    (out / "vocabulary.txt").write_text("".join(f"{n}\n" for n in sorted(vocabulary)), "utf-8")
    manifest = {
        "generator": GENERATOR_VERSION,
        "seed": seed,
        "docs": docs,
        "huge": huge,
        "chars": sum(c for c, _, _ in results),
        "bytes": sum(b for _, b, _ in results),
        "names": len(vocabulary),
        "tail": [
            {"path": document_path(t.index), "chars": t.chars, "one_line": t.one_line}
            for t in sorted(tail.values(), key=lambda t: t.index)
        ],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return manifest


def main(argv=None) -> int:
    """Command line: generate a corpus and print a one-line summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, required=True, help="number of documents")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--huge", action="store_true", help="include a 10 MB document")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: CPUs)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    manifest = generate(args.docs, args.out, seed=args.seed, huge=args.huge, workers=args.workers)
    elapsed = time.perf_counter() - started
    print(
        f"{manifest['docs']} documents, {manifest['chars']:,} characters "
        f"({manifest['bytes'] / 1e6:.1f} MB), {manifest['names']} distinct names "
        f"in {elapsed:.1f} s -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
