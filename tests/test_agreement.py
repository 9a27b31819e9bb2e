"""Agreement measures against worked examples from the literature and by hand, then on
character units of coded documents through the store and the command line."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from sqlite_utils import Database

from corpus_tui.corpus.agreement import (
    cohen_kappa,
    differing_passages,
    krippendorff_alpha,
    measure,
    percent_agreement,
    stretches,
)
from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.agreement import adopt_version, coder_agreement, disagreements
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import add_highlight, highlights_for


def table(a: list, b: list) -> Counter:
    return Counter(zip(a, b, strict=True))


def test_krippendorff_2011_binary_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section A: binary
    # data, two observers, ten units. Coincidences o00 = 10, o01 = o10 = 4, o11 = 2, so
    # n0 = 14, n1 = 6, n = 20 and alpha = 1 - (n - 1) * o01 / (n0 * n1) = 1 - 19 * 4 / 84,
    # published as 0.095.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha(table(a, b)) == pytest.approx(1 - 76 / 84)
    assert round(krippendorff_alpha(table(a, b)), 3) == 0.095
    # The same data by hand for kappa: p_o = 6/10; A says 1 twice, B four times, so
    # p_e = 0.2 * 0.4 + 0.8 * 0.6 = 0.56 and kappa = (0.6 - 0.56) / 0.44 = 1/11.
    assert percent_agreement(table(a, b)) == pytest.approx(0.6)
    assert cohen_kappa(table(a, b)) == pytest.approx(1 / 11)


def test_krippendorff_2011_nominal_example() -> None:
    # Section B of the same paper: nominal data, two observers, twelve units; published
    # alpha 0.692. By hand: o_aa = 2, o_bb = 4, o_cc = 6, o_dd = 4, o_ee = 2 and the
    # disagreeing pairs (a,b), (b,a), (d,b), (b,d), (a,d), (d,a) once each; n_a = 4,
    # n_b = 6, n_c = 6, n_d = 6, n_e = 2, n = 24, so
    # alpha = 1 - 23 * 6 / (24^2 - (16 + 36 + 36 + 36 + 4)) = 1 - 138 / 448.
    a = list("aabbdcccedda")
    b = list("babbbccceddd")
    assert krippendorff_alpha(table(a, b)) == pytest.approx(1 - 138 / 448)
    assert round(krippendorff_alpha(table(a, b)), 3) == 0.692


def test_kappa_worked_by_hand_uses_the_sum_of_both_chance_terms() -> None:
    # 50 units: both yes 20, A yes B no 5, A no B yes 10, both no 15. p_o = 35/50 = 0.7;
    # A says yes to 25 (0.5), B to 30 (0.6): p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5, kappa = 0.4.
    # Taking p_e as P(yes) * P(no) alone (QualCoder's slip) would give 0.3 and kappa 0.571.
    counts = Counter({(True, True): 20, (True, False): 5, (False, True): 10, (False, False): 15})
    assert cohen_kappa(counts) == pytest.approx(0.4)


def test_undefined_measures_are_none_not_a_guess() -> None:
    assert measure("x", Counter()).as_json() == {
        "tag": "x", "chars": 0, "percent": None, "kappa": None, "alpha": None,
    }  # fmt: skip
    same = Counter({(False, False): 10})
    assert (percent_agreement(same), cohen_kappa(same), krippendorff_alpha(same)) == (
        1.0,
        None,
        None,
    )


def test_stretches_and_differing_passages_on_character_units() -> None:
    a = [(0, 10, frozenset({"place"}))]
    b = [(5, 15, frozenset({"place"})), (5, 8, frozenset({"person"}))]
    assert list(stretches(20, a, b)) == [
        (0, 5, frozenset({"place"}), frozenset()),
        (5, 8, frozenset({"place"}), frozenset({"place", "person"})),
        (8, 10, frozenset({"place"}), frozenset({"place"})),
        (10, 15, frozenset(), frozenset({"place"})),
        (15, 20, frozenset(), frozenset()),
    ]
    assert differing_passages(20, a, b, ["place", "person"]) == [(0, 8), (10, 15)]
    assert differing_passages(20, a, b, ["person"]) == [(5, 8)]


TEXT = "0123456789abcdefghij"  # 20 characters


@pytest.fixture
def two_coders(db: Database) -> dict[str, str]:
    ids = {}
    for name, text in (("one", TEXT), ("two", TEXT.upper() + "!"), ("three", "only ana")):
        ids[name] = add_document(db, parse_bytes(text.encode(), f"{name}.txt"), name).document_id
    add_highlight(db, ids["one"], 0, 10, ["place"], coder="ana")
    add_highlight(db, ids["one"], 5, 15, ["place"], coder="ben")
    add_highlight(db, ids["two"], 0, 21, ["person"], coder="ana")
    add_highlight(db, ids["two"], 0, 21, ["person"], coder="ben")
    add_highlight(db, ids["three"], 0, 4, ["place"], coder="ana")  # ben never coded it
    add_highlight(db, ids["three"], 0, 4, ["place"])  # unknown coder: never compared
    return ids


def test_agreement_on_character_units_of_documents_both_coded(
    db: Database, two_coders: dict[str, str]
) -> None:
    place, person, both = coder_agreement(db, "ana", "ben")
    # "one": 20 units, place: yes/yes 5, yes/no 5, no/yes 5, no/no 5; "two": 21 units, no
    # place from either; "three" is not a unit (ben did not code it).
    # p_o = 31/41, p_e = (10/41)^2 + (31/41)^2, alpha from n = 82, o_yn = 10, n_y = 20, n_n = 62.
    assert place.chars == 41
    assert place.percent == pytest.approx(31 / 41)
    p_e = (10 / 41) ** 2 + (31 / 41) ** 2
    assert place.kappa == pytest.approx((31 / 41 - p_e) / (1 - p_e))
    assert place.alpha == pytest.approx(1 - 81 * 20 / (82**2 - 20**2 - 62**2))
    assert (person.percent, person.kappa, person.alpha) == (1.0, 1.0, 1.0)
    assert both.tag == "*" and both.percent == pytest.approx(31 / 41)
    [only_place, _all] = coder_agreement(db, "ana", "ben", ["place"])
    assert only_place == place


def test_unknown_coder_or_tag_is_one_clear_error(db: Database, two_coders) -> None:
    with pytest.raises(ValueError, match="coders here: ana, ben"):
        coder_agreement(db, "ana", "zoe")
    with pytest.raises(ValueError, match="no tag named 'nope'"):
        coder_agreement(db, "ana", "ben", ["nope"])


def test_disagreements_in_document_order_and_adopting_one_version(
    db: Database, two_coders: dict[str, str]
) -> None:
    passages = disagreements(db, "ana", "ben")
    assert [(d.start, d.end, d.text, d.tags_a, d.tags_b) for d in passages] == [
        (0, 5, "01234", ("place",), ()),
        (10, 15, "abcde", (), ("place",)),
    ]
    doc = two_coders["one"]
    adopt_version(db, doc, 10, 15, "ana", "ben")  # ben takes ana's (nothing) there
    spans = [(h.start, h.end, h.coder) for h in highlights_for(db, doc)]
    assert spans == [(0, 10, "ana"), (5, 10, "ben")]
    adopt_version(db, doc, 0, 5, "ana", "ben")  # and ana's place on 0-5
    assert disagreements(db, "ana", "ben") == []
    [place, _person, _all] = coder_agreement(db, "ana", "ben")
    assert place.percent == 1.0


def test_adopting_cuts_a_straddling_highlight_in_two(db: Database, two_coders) -> None:
    doc = two_coders["one"]
    add_highlight(db, doc, 2, 18, ["person"], note="wide", coder="ana")
    adopt_version(db, doc, 6, 9, "ben", "ana")
    ana = [(h.start, h.end, h.tags, h.note) for h in highlights_for(db, doc) if h.coder == "ana"]
    assert ana == [
        (0, 6, ("place",), None),
        (2, 6, ("person",), "wide"),
        (6, 9, ("place",), None),
        (9, 10, ("place",), None),
        (9, 18, ("person",), "wide"),
    ]


def test_cli_agreement_table_and_json(run, db_path, two_coders) -> None:
    status, out, _ = run("--db", str(db_path), "agreement", "ana", "ben", "--json")
    assert status == 0
    rows = json.loads(out)
    assert [row["tag"] for row in rows] == ["place", "person", "*"]
    assert set(rows[0]) == {"tag", "chars", "percent", "kappa", "alpha"}
    assert rows[0]["chars"] == 41
    status, out, _ = run("--db", str(db_path), "agreement", "ana", "ben", "--tag", "person")
    assert status == 0
    assert out.splitlines()[1].split() == ["person", "41", "100.0%", "1.000", "1.000"]
    status, _, err = run("--db", str(db_path), "agreement", "ana", "nobody")
    assert status == 1 and err.count("\n") == 1 and "nobody" in err
