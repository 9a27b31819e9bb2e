"""The anchoring benchmark's truth and verdicts, and its figures on a few documents."""

from __future__ import annotations

import random
from collections import Counter

from bench.anchoring_bench import Truth, run_trials, truth_of, typo_fix, verdict


def test_truth_follows_each_character() -> None:
    atoms = [(char, i) for i, char in enumerate("Tumen River camp")]
    atoms[0:0] = [("X", None)]
    assert truth_of(atoms, 0, 5) == Truth(True, 1, 6)
    del atoms[3]
    assert truth_of(atoms, 0, 5) == Truth(False, 1, 5)
    assert truth_of([(c, None) for c in "new"], 0, 5) == Truth(False, None, None)


def test_verdicts() -> None:
    assert verdict(Truth(True, 3, 8), (3, 8)) == "correct"
    assert verdict(Truth(True, 3, 8), (4, 9)) == "wrong"
    assert verdict(Truth(False, None, None), (3, 8)) == "wrong"
    assert verdict(Truth(False, None, None), None) == "orphaned"
    assert verdict(Truth(False, 3, 8), (3, 9)) == "correct"


def test_a_typo_fix_changes_one_letter() -> None:
    atoms = [(char, i) for i, char in enumerate("The detainees were moved.")]
    typo_fix(atoms, random.Random(1))
    assert sum(origin is None for _c, origin in atoms) <= 1


def test_reimport_places_nothing_wrongly_on_a_few_documents() -> None:
    results = run_trials(docs=4, seed=7, spans_per_doc=10)
    wrong = sum(c["wrong"] for (mode, _e, _s), c in results.items() if mode == "reimport")
    intact = Counter()
    for (mode, _edit, state), counts in results.items():
        if mode == "reimport" and state == "intact":
            intact.update(counts)
    assert wrong == 0
    assert intact["correct"] / sum(intact.values()) >= 0.99
