"""How well highlights survive edits to their document, and how fast spans export.

    python bench/anchoring_bench.py --docs 300

Takes generated news articles (``bench.generate``), puts random highlights on them (names, word
runs, whole sentences), applies realistic edits (typo fixes, sentences and paragraphs inserted,
deleted or moved, white space changed, and mixes of these), re-anchors every highlight with
``corpus.anchoring`` and compares with the truth, which is known because every character keeps
the identity of the original character it came from.

A highlight is *intact* when all of its characters survive, in order, with nothing inserted
between them. Then the only correct placement is exactly where they now are. Otherwise it is
*changed* (part of it edited or deleted): correct is a placement that overlaps what survives by
at least half (intersection over union >= 0.5); and when none of it survives, only an orphan is
correct. Anything else is *wrong*. Two modes are measured: ``reimport`` (a new version of a
source: old and new text are both known) and ``merge`` (a spans file against a changed text:
only the quote, its context and its old offsets are known).

``measure_export(db_path, n_spans)`` is the hook ``bench/run.py`` calls for the export speed.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (python bench/anchoring_bench.py): make the repository root importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import DEFAULT_SEED, document_text
from corpus_tui.corpus.anchoring import anchor, quote_at, reanchor

# A character of the edited text and the index of the original character it is, or None.
Atom = tuple[str, int | None]

SENTENCE = re.compile(r"[^.!?\n]+[.!?]+[”\"]?")
WORD = re.compile(r"\S+")
INSERTED_SENTENCES = (
    "The ministry later issued a brief correction.",
    "Officials did not respond to a request for comment on Tuesday.",
    "This article has been updated with new figures.",
    "Kim Jong-un was not present at the meeting.",
)


# --- edits -----------------------------------------------------------------------------------


def _text(atoms: list[Atom]) -> str:
    return "".join(char for char, _ in atoms)


def _fresh(text: str) -> list[Atom]:
    return [(char, None) for char in text]


def typo_fix(atoms: list[Atom], rng: random.Random) -> None:
    """Substitute, drop or add one letter inside a word of four letters or more."""
    words = [m for m in WORD.finditer(_text(atoms)) if len(m.group()) >= 4]
    word = rng.choice(words)
    at = rng.randrange(word.start() + 1, word.end() - 1)
    kind = rng.choice(("substitute", "drop", "add"))
    if kind == "substitute":
        atoms[at] = (rng.choice("aeiouy") if atoms[at][0] not in "aeiouy" else "r", None)
    elif kind == "drop":
        del atoms[at]
    else:
        atoms.insert(at, (atoms[at][0], None))


def _sentence_bounds(atoms: list[Atom]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in SENTENCE.finditer(_text(atoms))]


def insert_sentence(atoms: list[Atom], rng: random.Random) -> None:
    """Insert a sentence after a sentence."""
    _start, end = rng.choice(_sentence_bounds(atoms))
    atoms[end:end] = _fresh(" " + rng.choice(INSERTED_SENTENCES))


def delete_sentence(atoms: list[Atom], rng: random.Random) -> None:
    """Delete a sentence (with the space before it)."""
    start, end = rng.choice(_sentence_bounds(atoms)[1:])
    del atoms[max(0, start - 1) : end]


def _paragraphs(atoms: list[Atom]) -> list[tuple[int, int]]:
    text = _text(atoms)
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+\n*", text)]


def insert_paragraph(atoms: list[Atom], rng: random.Random) -> None:
    """Insert a paragraph of two sentences between paragraphs."""
    _start, end = rng.choice(_paragraphs(atoms))
    sentences = rng.sample(INSERTED_SENTENCES, 2)
    atoms[end:end] = _fresh(" ".join(sentences) + "\n\n")


def delete_paragraph(atoms: list[Atom], rng: random.Random) -> None:
    """Delete a paragraph (not the headline)."""
    start, end = rng.choice(_paragraphs(atoms)[1:] or _paragraphs(atoms))
    del atoms[start:end]


def move_paragraph(atoms: list[Atom], rng: random.Random) -> None:
    """Move a paragraph elsewhere, keeping its characters' identities."""
    paragraphs = _paragraphs(atoms)
    start, end = rng.choice(paragraphs)
    moved = atoms[start:end]
    del atoms[start:end]
    targets = [0] + [e for _s, e in _paragraphs(atoms)]
    at = rng.choice(targets)
    if moved and moved[-1][0] != "\n":
        moved = [*moved, ("\n", None), ("\n", None)]
    atoms[at:at] = moved


def whitespace(atoms: list[Atom], rng: random.Random) -> None:
    """Re-wrap or re-space: spaces doubled or turned into line breaks, blank lines added."""
    spaces = [i for i, (char, _) in enumerate(atoms) if char == " "]
    for at in sorted(rng.sample(spaces, min(len(spaces), rng.randint(3, 12))), reverse=True):
        atoms[at] = (rng.choice(("\n", "  ", "\t")), None) if rng.random() < 0.5 else atoms[at]
        if atoms[at][0] == "  ":
            atoms[at : at + 1] = [(" ", None), (" ", None)]
    breaks = [i for i, (char, _) in enumerate(atoms) if char == "\n"]
    for at in sorted(rng.sample(breaks, min(len(breaks), 2)), reverse=True):
        atoms.insert(at, ("\n", None))


def mixed(atoms: list[Atom], rng: random.Random) -> None:
    """Three edits of any kind, one after the other."""
    for _ in range(3):
        rng.choice(SINGLE_EDITS)(atoms, rng)


SINGLE_EDITS: tuple[Callable[[list[Atom], random.Random], None], ...] = (
    typo_fix,
    insert_sentence,
    delete_sentence,
    insert_paragraph,
    delete_paragraph,
    move_paragraph,
    whitespace,
)
EDITS = (*SINGLE_EDITS, mixed)


# --- highlights and truth --------------------------------------------------------------------


def random_highlights(text: str, rng: random.Random, count: int) -> list[tuple[int, int]]:
    """Word runs of 1 to 6 words, and whole sentences, as a coder would mark them."""
    words = list(WORD.finditer(text))
    sentences = list(SENTENCE.finditer(text))
    spans = set()
    while len(spans) < count:
        if rng.random() < 0.2 and sentences:
            match = rng.choice(sentences)
            spans.add((match.start() + (match.group()[0] == " "), match.end()))
            continue
        first = rng.randrange(len(words))
        last = min(len(words) - 1, first + rng.randint(0, 5))
        start, end = words[first].start(), words[last].end()
        # Marks people drop from a selection's ends.
        while end > start + 1 and text[end - 1] in '.,;:”’"':
            end -= 1
        spans.add((start, end))
    return sorted(spans)


@dataclass(frozen=True)
class Truth:
    """Where a highlight's characters are after the edits."""

    intact: bool
    start: int | None
    end: int | None


def truth_of(atoms: list[Atom], start: int, end: int) -> Truth:
    """Find the surviving characters of ``[start, end)`` of the original text.

    For a changed highlight, the truth is the largest group of survivors lying together (gaps
    of a few edited characters allowed): a highlight split by a moved paragraph has its larger
    part as its place.
    """
    where = [
        i for i, (_c, origin) in enumerate(atoms) if origin is not None and start <= origin < end
    ]
    if not where:
        return Truth(False, None, None)
    intact = where[-1] + 1 - where[0] == end - start and [atoms[i][1] for i in where] == list(
        range(start, end)
    )
    groups = [[where[0]]]
    for position in where[1:]:
        if position - groups[-1][-1] <= 4:
            groups[-1].append(position)
        else:
            groups.append([position])
    largest = max(groups, key=len)
    return Truth(intact, largest[0], largest[-1] + 1)


def verdict(truth: Truth, placed: tuple[int, int] | None) -> str:
    """correct, wrong or orphaned, as the module docstring defines them."""
    if placed is None:
        return "orphaned"
    if truth.start is None:
        return "wrong"
    if truth.intact:
        return "correct" if placed == (truth.start, truth.end) else "wrong"
    overlap = max(0, min(placed[1], truth.end) - max(placed[0], truth.start))
    union = max(placed[1], truth.end) - min(placed[0], truth.start)
    return "correct" if union and overlap / union >= 0.5 else "wrong"


# --- the run ---------------------------------------------------------------------------------


def run_trials(docs: int, seed: int, spans_per_doc: int) -> dict[tuple[str, str, str], Counter]:
    """Counts of verdicts by (mode, edit, intact or changed or gone)."""
    results: dict[tuple[str, str, str], Counter] = defaultdict(Counter)
    examples: list[str] = []
    for index in range(docs):
        text = document_text(seed, index)
        for edit in EDITS:
            rng = random.Random(f"{seed}:{index}:{edit.__name__}")
            spans = random_highlights(text, rng, spans_per_doc)
            atoms: list[Atom] = [(char, i) for i, char in enumerate(text)]
            edit(atoms, rng)
            new_text = _text(atoms)
            truths = [truth_of(atoms, start, end) for start, end in spans]
            by_mode = {
                "reimport": reanchor(text, new_text, spans),
                "merge": [anchor(new_text, quote_at(text, start, end)) for start, end in spans],
            }
            for mode, placements in by_mode.items():
                for (start, end), truth, placement in zip(spans, truths, placements, strict=True):
                    placed = (placement.start, placement.end) if placement else None
                    outcome = verdict(truth, placed)
                    state = (
                        "gone" if truth.start is None else "intact" if truth.intact else "changed"
                    )
                    results[(mode, edit.__name__, state)][outcome] += 1
                    if outcome == "wrong" and mode == "reimport" and len(examples) < 10:
                        examples.append(
                            f"{mode} {edit.__name__} doc {index}: {text[start:end]!r} -> "
                            f"{new_text[placed[0] : placed[1]]!r} at {placed}, truth "
                            f"{(truth.start, truth.end)}"
                        )
    for line in examples:
        print("wrong:", line, file=sys.stderr)
    return results


def report(results: dict[tuple[str, str, str], Counter]) -> str:
    """A Markdown table: share correct / wrong / orphaned by mode and state, then by edit."""
    lines = [
        "| mode | highlighted text | spans | correct | wrong | orphaned |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for mode in ("reimport", "merge"):
        for state in ("intact", "changed", "gone", "all"):
            total = Counter()
            for (m, _edit, s), counts in results.items():
                if m == mode and (state == "all" or s == state):
                    total.update(counts)
            lines.append(_row(mode, state, total))
    lines += [
        "",
        "| mode | edit | intact: correct | intact: wrong | changed or gone: correct | wrong "
        "| orphaned |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for mode in ("reimport", "merge"):
        for edit in EDITS:
            intact = results.get((mode, edit.__name__, "intact"), Counter())
            other = results.get((mode, edit.__name__, "changed"), Counter()) + results.get(
                (mode, edit.__name__, "gone"), Counter()
            )
            lines.append(
                f"| {mode} | {edit.__name__} | {_share(intact, 'correct')} | "
                f"{intact['wrong']} | {_share(other, 'correct')} | {other['wrong']} | "
                f"{other['orphaned']} |"
            )
    return "\n".join(lines)


def _share(counts: Counter, key: str) -> str:
    total = sum(counts.values())
    return f"{100 * counts[key] / total:.2f}%" if total else "-"


def _row(mode: str, state: str, counts: Counter) -> str:
    total = sum(counts.values())
    if not total:
        return f"| {mode} | {state} | 0 | - | - | - |"
    shares = [
        f"{100 * counts[k] / total:.2f}% ({counts[k]})" for k in ("correct", "wrong", "orphaned")
    ]
    return f"| {mode} | {state} | {total} | " + " | ".join(shares) + " |"


# --- export speed (the bench/run.py hook) ----------------------------------------------------


def measure_export(db_path: Path, n_spans: int = 100_000) -> dict[str, dict]:
    """Export ``n_spans`` spans from the database at ``db_path``; time ours and PyYAML's.

    Adds highlights (word runs, four tags) to the database's documents until it holds
    ``n_spans``. "peer" is the same records dumped by PyYAML's C dumper, the obvious
    alternative to our emitter.
    """
    import yaml

    from corpus_tui.corpus.spans_format import spans_file_tree
    from corpus_tui.store.db import open_db
    from corpus_tui.store.spans_export import collect_spans, export_spans

    db = open_db(db_path)
    _ensure_spans(db, n_spans)
    started = time.perf_counter()
    text = export_spans(db)
    ours = time.perf_counter() - started
    started = time.perf_counter()
    tree = spans_file_tree(collect_spans(db))
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    yaml.dump(tree, Dumper=dumper, allow_unicode=True, sort_keys=False)
    peer = time.perf_counter() - started
    spans = sum(len(d["spans"]) for d in tree["documents"])
    db.close()
    return {
        "export_spans": {
            "ours": round(ours * 1000, 1),
            "peer": round(peer * 1000, 1),
            "unit": "ms",
            "target": f"< 5000 ms for {spans:,} spans ({len(text) / 1e6:.0f} MB)",
            "peer_tool": f"PyYAML {dumper.__name__}",
        }
    }


def _ensure_spans(db, n_spans: int) -> None:
    """Bulk-insert word-run highlights until the database holds ``n_spans`` of them."""
    from corpus_tui.store.clock import utc_now
    from corpus_tui.store.db import write
    from corpus_tui.store.documents import get_text
    from corpus_tui.store.highlights import new_span_id
    from corpus_tui.store.tags import ensure_tag

    have = db.execute("SELECT count(*) FROM highlights").fetchone()[0]
    if have >= n_spans:
        return
    rng = random.Random(DEFAULT_SEED)
    now = utc_now()
    with write(db):
        tag_ids = [ensure_tag(db, name).id for name in ("person", "place", "date", "quote")]
        document_ids = [row[0] for row in db.execute("SELECT id FROM documents ORDER BY seq")]
        rows, links = [], []
        while have + len(rows) < n_spans:
            for document_id in document_ids:
                text = get_text(db, document_id)
                for start, end in random_highlights(text, rng, 10):
                    span_id = new_span_id()
                    rows.append(
                        {
                            "id": span_id,
                            "document_id": document_id,
                            "start": start,
                            "end": end,
                            "note": None,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                    links.append({"highlight_id": span_id, "tag_id": rng.choice(tag_ids)})
                if have + len(rows) >= n_spans:
                    break
        db["highlights"].insert_all(rows, batch_size=5000)
        db["highlight_tags"].insert_all(links, batch_size=5000)


def main(argv: list[str] | None = None) -> int:
    """Run the anchoring trials and print the table; optionally time an export."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300, help="generated documents")
    parser.add_argument("--spans", type=int, default=20, help="highlights per document and edit")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--export-db", type=Path, help="also time exporting from this database")
    parser.add_argument("--export-spans", type=int, default=100_000)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = run_trials(args.docs, args.seed, args.spans)
    print(report(results))
    print(f"\n{args.docs} documents, {time.perf_counter() - started:.1f} s", file=sys.stderr)
    if args.export_db:
        print(measure_export(args.export_db, args.export_spans))
    return 0


if __name__ == "__main__":
    sys.exit(main())
