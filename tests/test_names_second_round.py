"""Issue 15: romanisation systems, other names of a place, other scripts, the listed bugs,
precision, the names index and its curation, and any word or phrase through `/`."""

from __future__ import annotations

import json

import pytest
from sqlite_utils import Database

from corpus_tui.corpus.folding import fold
from corpus_tui.corpus.namematch import Rank, classify
from corpus_tui.corpus.names import name_phrases
from corpus_tui.corpus.reading import ParsedDocument, text_sha256
from corpus_tui.corpus.scripts import hangul_stems, loose_keys, romanise
from corpus_tui.store.documents import add_document, get_text
from corpus_tui.store.names_index import curate, curation_records, list_names, uncurate
from corpus_tui.store.search import search

TEXTS = [
    "Hsi Chin-p'ing met Kim Chŏng-ŭn. Xi Jinping and Kim Jong-un met again.",
    "Smugglers crossed to Tantung. Dandong traders and Yen-chi traders met in Yanji.",
    "Officials of Hamgyŏng-pukto and Hamgyong-bukdo. Ri Yong-ho, Lee Yong-ho, Yi Yong-ho spoke.",
    "Alexei Navalny and Aleksei Navalny. Mikhail Khodorkovsky, Michail Chodorkowski.",
    "Kharkov, Charkiw. Qaddafi and Gheddafi.",
    "The city once called Mukden, now Shenyang. A worker from Shanyang county spoke.",
    "In Aleppo, Halab in Arabic; Alleppey is in India. Chongjin is a port; Chongju is not.",
    "김정은 국무위원장이 신의주에서 말했다. 혜산시 주민들. 沈阳的朝鲜餐厅. Алексей Навальный.",
    "قال معمر القذافي إن المدينة لن تسقط.",
    "smugglers waded across the tumen river at night.",
    "Portraits of Kim Jong Un hang here. King Salman bin Abdulaziz met Mohammed bin Salman.",
    "Traders in Shen-yang said prices rose.",
    "A well informed source said repatriation would resume; repatriated people suffer.",
    "Menu. Pingback. Previous Story. THANKS to all. Watch dQw4w9WgXcQ. China said on Wednesday "
    "that Chinese and North Korean officials met. North Korea agreed. The DPRK said so. "
    "March came. Repatriating Defectors was the title.",
]


@pytest.fixture
def docs(db: Database) -> list[str]:
    ids = []
    for number, text in enumerate(TEXTS):
        parsed = ParsedDocument(f"doc {number}", text, text_sha256(text))
        ids.append(add_document(db, parsed, f"{number}.txt").document_id)
    return ids


def found(db: Database, query: str) -> list[tuple[str, str]]:
    hits = search(db, query, limit=None)
    for hit in hits:
        assert get_text(db, hit.doc)[hit.start : hit.end] == hit.text
    return [(hit.text, hit.match) for hit in hits]


def texts(db: Database, query: str) -> set[str]:
    return {text for text, _ in found(db, query)}


# ---- romanisation classes: real romanisations are variants, not typos -------------------------


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("hsi", "xi"),  # Wade-Giles hs / pinyin x
        ("chin", "jin"),  # ch / j
        ("tantung", "dandong"),  # t/d
        ("pukto", "bukdo"),  # McCune-Reischauer p,t / Revised b,d
        ("chongun", "jongeun"),  # ŏ/eo, ŭ/eu once folded
        ("lee", "ri"),
        ("yi", "rhee"),
        ("alexei", "aleksei"),  # x/ks
        ("chodorkowski", "khodorkovsky"),  # German ch / English kh
        ("kharkov", "charkiw"),  # two steps apart
        ("qaddafi", "gheddafi"),
    ],
)
def test_romanisations_are_variants(query: str, word: str) -> None:
    match = classify(query, word)
    assert match is not None and match.rank == Rank.VARIANT


@pytest.mark.parametrize(("query", "word"), [("shenyagn", "shenyang"), ("dandogn", "dandong")])
def test_misspellings_are_typos(query: str, word: str) -> None:
    match = classify(query, word)
    assert match is not None and match.rank == Rank.TYPO


def test_search_finds_each_romanisation(db, docs) -> None:
    assert {("Hsi Chin-p'ing", "variant")} <= set(found(db, "Xi Jinping"))
    assert ("Kim Chŏng-ŭn", "variant") in found(db, "Kim Jong-un")
    assert ("Tantung", "variant") in found(db, "Dandong")
    assert ("Yen-chi", "variant") in found(db, "Yanji")
    assert ("Hamgyŏng-pukto", "variant") in found(db, "Hamgyong-bukdo")
    assert {"Ri Yong-ho", "Lee Yong-ho", "Yi Yong-ho"} <= texts(db, "Ri Yong-ho")
    assert ("Aleksei Navalny", "variant") in found(db, "Alexei Navalny")
    assert ("Michail Chodorkowski", "variant") in found(db, "Mikhail Khodorkovsky")
    assert ("Charkiw", "variant") in found(db, "Kharkov")
    assert ("Gheddafi", "variant") in found(db, "Qaddafi")


# ---- other names of a place, other scripts ---------------------------------------------------


def test_exonyms_and_historical_names_find_the_place(db, docs) -> None:
    assert ("Shenyang", "variant") in found(db, "Mukden")
    assert ("Mukden", "variant") in found(db, "Shenyang")
    assert ("Aleppo", "variant") in found(db, "Halab")
    assert ("DPRK", "variant") in found(db, "North Korea")


def test_latin_queries_find_other_scripts_and_the_reverse(db, docs) -> None:
    assert "김정은" in texts(db, "Kim Jong-un")
    assert "신의주" in texts(db, "Sinuiju")  # the particle 에서 is not part of the hit
    assert "혜산" in texts(db, "Hyesan")
    assert "沈阳" in texts(db, "Shenyang")
    assert "Навальный" in " ".join(texts(db, "Navalny"))
    assert {"Kim Jong-un", "Kim Chŏng-ŭn"} <= texts(db, "김정은")
    assert "Shenyang" in texts(db, "沈阳")
    assert "Alexei Navalny" in texts(db, "Навальный")
    assert "신의주" in texts(db, "신의주")


def test_korean_particles_and_suffixes_come_off() -> None:
    assert "신의주" in hangul_stems("신의주에서")
    assert "혜산" in hangul_stems("혜산시")
    assert romanise("沈阳") == "shenyang"
    assert loose_keys(romanise("김정은")) & loose_keys("kimjongun")


# ---- the listed bugs ---------------------------------------------------------------------------


def test_multi_word_query_in_text_without_capitals(db, docs) -> None:
    assert ("tumen river", "exact") in found(db, "tumen river")
    assert ("معمر القذافي", "exact") in found(db, "معمر القذافي")


def test_an_apostrophe_after_a_hyphen_stays_in_the_name() -> None:
    assert [p.surface for p in name_phrases("Hsi Chin-p'ing met him.")] == ["Hsi Chin-p'ing"]


def test_the_hyphenated_spelling_is_found_when_the_joined_one_is_a_word_too(db, docs) -> None:
    assert ("Shen-yang", "variant") in found(db, "Shenyang")


# ---- precision ---------------------------------------------------------------------------------


def test_look_alike_places_are_not_variants(db, docs) -> None:
    assert "Shanyang" not in texts(db, "Shenyang")
    assert "Alleppey" not in texts(db, "Aleppo")
    assert "Chongju" not in texts(db, "Chongjin")


def test_within_a_rank_the_better_score_comes_first(db, docs) -> None:
    hits = search(db, "Kim Jong-un", limit=None)
    for rank in ("exact", "variant", "typo"):
        scores = [hit.score for hit in hits if hit.match == rank]
        assert scores == sorted(scores, reverse=True)


def test_a_particle_query_is_not_exact_on_another_order(db, docs) -> None:
    assert texts(db, "bin Salman") == {"Mohammed bin Salman"}


def test_a_hit_covers_the_name_not_a_word_before_of(db, docs) -> None:
    assert "Kim Jong Un" in texts(db, "Kim Jong Un")
    assert not any(text.startswith("Portraits") for text in texts(db, "Kim Jong Un"))


# ---- any word or phrase --------------------------------------------------------------------------


def test_an_exact_phrase_and_a_word_beginning(db, docs) -> None:
    assert found(db, '"well informed source"') == [("well informed source", "exact")]
    assert found(db, '"informed well source"') == []
    assert texts(db, "repatriat*") == {"repatriation", "repatriated", "Repatriating"}


# ---- the names index and its curation ----------------------------------------------------------


def test_the_names_index_is_clean(db, docs) -> None:
    names = {name.name: name for name in list_names(db)}
    for junk in ("Menu", "Pingback", "Previous Story", "THANKS", "dQw4w9WgXcQ", "March"):
        assert junk not in names
    assert "China Wednesday" not in names and "China" in names
    chinese, north_korean = names["Chinese"], names["North Korean"]
    assert chinese.adjective and chinese.cluster == names["China"].cluster
    assert north_korean.adjective and north_korean.cluster == names["North Korea"].cluster
    assert names["Shenyang"].cluster == names["Mukden"].cluster
    assert names["Shanyang"].cluster != names["Shenyang"].cluster
    assert names["Aleppo"].cluster != names["Alleppey"].cluster


def test_curation_changes_the_index_and_search(db, docs) -> None:
    assert "Chongju" not in texts(db, "Chongjin")
    curate(db, "Chongju", "same", "Chongjin")
    assert ("Chongju", "variant") in found(db, "Chongjin")
    names = {name.name: name for name in list_names(db)}
    assert names["Chongju"].cluster == names["Chongjin"].cluster

    curate(db, "Tantung", "split")
    assert "Tantung" not in texts(db, "Dandong")
    assert ("Tantung", "exact") in found(db, "Tantung")
    names = {name.name: name for name in list_names(db)}
    assert names["Tantung"].cluster != names["Dandong"].cluster

    curate(db, "Yanji", "not_name")
    assert "Yanji" not in {name.name for name in list_names(db)}
    assert ("Yanji", "exact") in found(db, "yanji")  # still a word of the text

    uncurate(db, "Tantung", "split")
    assert ("Tantung", "variant") in found(db, "Dandong")
    assert [(r.name, r.action, r.target) for r in curation_records(db)] == [
        ("Chongju", "same", "Chongjin"),
        ("Yanji", "not_name", ""),
    ]


def test_curation_is_exported_and_a_bad_action_refused(db, docs, run, db_path) -> None:
    curate(db, "Chongju", "same", "Chongjin")
    with pytest.raises(ValueError):
        curate(db, "Chongju", "merge")
    status, out, _err = run("--db", str(db_path), "curation", "--json")
    assert status == 0
    assert [(r["name"], r["action"], r["target"]) for r in json.loads(out)] == [
        ("Chongju", "same", "Chongjin")
    ]
    status, out, _err = run("--db", str(db_path), "curation")
    assert "format: corpus-tui-name-curation" in out and "Chongjin" in out
    status, out, _err = run("--db", str(db_path), "names", "--json")
    names = {row["name"]: row for row in json.loads(out)}
    assert names["Chongju"]["curation"] == "same"
    assert names["Chinese"]["adjective"] is True


def test_fold_is_unchanged_for_scripts() -> None:
    assert fold("Навальный") == "навальныи"


# ---- the names screen, as a researcher uses it --------------------------------------------------


async def test_curating_in_the_names_screen_changes_search(db_path, docs) -> None:
    from textual.widgets import OptionList

    from corpus_tui.store.db import open_db
    from corpus_tui.tui.app import CorpusApp

    def listed(app) -> list[str]:
        options = app.screen.query_one("#names", OptionList)
        return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]

    app = CorpusApp(db_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*"chongj", "enter")  # the filter, then the list
        assert [line.split("  ")[0].strip(" ↳") for line in listed(app)] == [
            "Chongjin",
            "Chongju",
        ]
        await pilot.press("space", "down", "equals_sign")  # Chongjin and Chongju are one
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "↳ Chongju" in listed(app)[1]
        await pilot.press("x")  # Chongju is not a name after all
        await app.workers.wait_for_complete()
        await pilot.pause()
    db = open_db(db_path)
    try:
        assert {(r.name, r.action) for r in curation_records(db)} == {
            ("Chongju", "same"),
            ("Chongju", "not_name"),
        }
        assert "Chongju" not in {name.name for name in list_names(db)}
        assert "Chongju" not in texts(db, "Chongjin")
    finally:
        db.close()


async def test_splitting_in_the_names_screen(db_path, docs) -> None:
    from corpus_tui.store.db import open_db
    from corpus_tui.tui.app import CorpusApp

    app = CorpusApp(db_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*"tantung", "enter", "minus")
        await app.workers.wait_for_complete()
        await pilot.pause()
    db = open_db(db_path)
    try:
        assert [(r.name, r.action) for r in curation_records(db)] == [("Tantung", "split")]
        assert "Tantung" not in texts(db, "Dandong")
    finally:
        db.close()


@pytest.mark.parametrize(("query", "word"), [("bin", "been"), ("al", "all"), ("x", "s")])
def test_short_words_are_no_variants_of_common_words(query: str, word: str) -> None:
    match = classify(query, word)
    assert match is None or match.rank != Rank.VARIANT
