"""The pure matching rules: folding, romanisation skeletons, word classes, finding given words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from corpus_tui.corpus.folding import fold, skeleton
from corpus_tui.corpus.namematch import Lexicon, Rank, _wanted_words, classify, plan_query
from corpus_tui.corpus.names import name_phrases, words


def test_fold_removes_case_accents_and_apostrophes_but_keeps_other_scripts() -> None:
    assert [fold(w) for w in ("São", "ŁÓDŹ", "P’yŏngyang", "O'Brien")] == [
        "sao",
        "lodz",
        "pyongyang",
        "obrien",
    ]
    assert fold("김정은") == "김정은"  # NFKD would split Hangul into jamo
    assert fold("がぎ") == "がぎ"  # kana keep their voicing marks


def test_romanisations_share_a_skeleton() -> None:
    assert skeleton("gaddafi") == skeleton("qaddafi") == skeleton("kadhafi")
    assert skeleton("un") == skeleton("eun") != skeleton("il")


def test_word_classes() -> None:
    assert classify("jong", "jong").rank == Rank.EXACT
    assert classify("jong", "jung").rank == Rank.VARIANT
    assert classify("gaddafi", "qaddafi").rank == Rank.VARIANT
    assert classify("dandong", "dandomg").rank == Rank.TYPO
    assert classify("shenyang", "shanghai") is None
    assert classify("file", "free") is None  # consonant swap and vowel change in four letters
    assert classify("kin", "kim") is None  # no typos in three letters


def test_name_phrases_keep_particles_and_syllables_and_drop_openers() -> None:
    text = "Later, Muammar al-Qaddafi met Kim Jong-un. The Tumen River froze. However Kim left."
    assert [p.surface for p in name_phrases(text)] == [
        "Muammar al-Qaddafi",
        "Kim Jong-un",
        "Tumen River",
        "Kim",
    ]


LEXICON = Lexicon([(1, "obrien"), (2, "korea"), (3, "kim"), (4, "said")], [])
ALPHABET = st.sampled_from(["O'Brien", "obrien", "Korea", "korea's", "KIM", "said", "x", "b'x"])
SEPARATORS = st.sampled_from([" ", "-", "'", ", ", "'s ", "_", "3", "\n"])


@given(
    st.lists(st.tuples(ALPHABET, SEPARATORS), max_size=12),
    st.sampled_from(["korea", "kim said", "obrien"]),
)
def test_given_words_are_found_as_a_full_scan_finds_them(parts, query) -> None:
    text = "".join(word + separator for word, separator in parts)
    plan = plan_query(LEXICON, query)
    expected = [(w.start, w.end, w.key) for w in words(text) if w.key in plan.wanted]
    assert list(_wanted_words(text, plan)) == expected


PLAIN_WORDS = st.sampled_from(["obrien", "Korea", "koreax", "KIM", "said", "kim3", "_kim", "x"])
PLAIN_SEPARATORS = st.sampled_from([" ", "-", ", ", "_", "3", "\n", ".", "é"])


@given(
    st.lists(st.tuples(PLAIN_WORDS, PLAIN_SEPARATORS), max_size=12),
    st.sampled_from(["korea", "kim said", "obrien"]),
)
def test_given_words_in_text_without_apostrophes(parts, query) -> None:
    text = "".join(word + separator for word, separator in parts)
    plan = plan_query(LEXICON, query)
    expected = [(w.start, w.end, w.key) for w in words(text) if w.key in plan.wanted]
    assert list(_wanted_words(text, plan)) == expected
