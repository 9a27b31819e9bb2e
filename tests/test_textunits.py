"""Grapheme, word, sentence and paragraph units: examples and properties."""

import regex
from hypothesis import given
from hypothesis import strategies as st

from corpus_tui.corpus import textunits as tu

# Text built from the pieces that make segmentation hard: combining marks, Hangul jamo, flags,
# emoji with modifiers and joiners, CJK, tabs, line breaks, sentence punctuation.
PIECES = [
    "a",
    "Z",
    " ",
    "\n",
    "\t",
    ".",
    "?",
    "”",
    "e\u0301",
    "\u0301",
    "한",
    "\u1100\u1161\u11a8",
    "\u1100",
    "\u1161",
    "🇰🇷",
    "\U0001f1fa",
    "👍🏽",
    "👨\u200d👩\u200d👧",
    "\u200d",
    "中",
    "क्\u200dष",
    "Mr.",
    "3.5",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def boundaries(text: str) -> list[int]:
    return [0] + [match.end() for match in regex.finditer(r"\X", text)]


@given(texts, st.data())
def test_grapheme_steps_match_full_segmentation(text, data):
    marks = boundaries(text)
    index = data.draw(st.integers(0, len(marks) - 1))
    pos = marks[index]
    assert tu.next_grapheme(text, pos) == marks[min(index + 1, len(marks) - 1)]
    assert tu.prev_grapheme(text, pos) == marks[max(index - 1, 0)]


@given(texts, st.data())
def test_snap_lands_on_the_boundary_at_or_before(text, data):
    pos = data.draw(st.integers(0, len(text)))
    marks = boundaries(text)
    assert tu.snap_to_grapheme(text, pos) == max(m for m in marks if m <= pos)


@given(texts, st.data())
def test_every_motion_stays_inside_the_text_and_on_boundaries(text, data):
    marks = set(boundaries(text))
    pos = data.draw(st.sampled_from(sorted(marks)))
    motions = [
        tu.next_word_end,
        tu.prev_word_start,
        tu.next_word_start,
        tu.prev_word_end,
        tu.next_sentence_end,
        tu.prev_sentence_start,
        tu.next_paragraph_end,
        tu.prev_paragraph_start,
    ]
    for motion in motions:
        moved = motion(text, pos)
        assert 0 <= moved <= len(text)
        assert moved in marks, (motion.__name__, pos, moved)
    forward = [tu.next_word_end, tu.next_word_start, tu.next_sentence_end, tu.next_paragraph_end]
    backward = [
        tu.prev_word_start,
        tu.prev_word_end,
        tu.prev_sentence_start,
        tu.prev_paragraph_start,
    ]
    assert all(motion(text, pos) >= pos for motion in forward)
    assert all(motion(text, pos) <= pos for motion in backward)
    for span in (tu.sentence_span, tu.paragraph_span, tu.word_span):
        start, end = span(text, pos)
        assert 0 <= start <= end <= len(text)


@given(texts)
def test_forward_motions_reach_the_end(text):
    for motion in (tu.next_word_end, tu.next_sentence_end, tu.next_paragraph_end):
        pos, steps = 0, 0
        while pos < len(text) and steps <= len(text):
            following = motion(text, pos)
            assert following > pos or following == len(text)
            pos, steps = following, steps + 1
        assert pos == len(text)


def sentences(text: str) -> list[str]:
    found, pos = [], 0
    while pos < len(text):
        start, end = tu.sentence_span(text, pos)
        if end > start:
            found.append(text[start:end])
        pos = tu.next_sentence_end(text, end)
        if pos == end:
            break
        pos = tu.prev_sentence_start(text, pos)
    return found


def test_sentences_cope_with_titles_initialisms_numbers_and_quotes():
    text = (
        "Mr. Kim met the U.N. envoy on 3.5 acres near St. Paul. "
        "“He left,” she said. “Then what?” Nobody knew... and nobody asked. Dr. J. Lee agreed!"
    )
    assert sentences(text) == [
        "Mr. Kim met the U.N. envoy on 3.5 acres near St. Paul.",
        "“He left,” she said.",
        "“Then what?”",
        "Nobody knew... and nobody asked.",
        "Dr. J. Lee agreed!",
    ]


def test_a_month_then_a_day_is_not_a_sentence_end():
    text = "Posted February. 15, 2012. It rained in May. 12 people came."
    assert sentences(text) == ["Posted February. 15, 2012.", "It rained in May. 12 people came."]


def test_a_spaced_ellipsis_is_one_terminator():
    assert sentences("The dead 31 . . . Well, not yet.") == ["The dead 31 . . .", "Well, not yet."]


def test_sentences_in_korean_and_chinese():
    korean = "북한 당국은 지난달 국경을 봉쇄했다. 주민들은 불안해하고 있다."
    assert sentences(korean) == ["북한 당국은 지난달 국경을 봉쇄했다.", "주민들은 불안해하고 있다."]
    chinese = "他们被拘留了。当局拒绝评论！"
    assert sentences(chinese) == ["他们被拘留了。", "当局拒绝评论！"]


def test_sentence_never_crosses_a_paragraph():
    text = "First line without a stop\nSecond line. Third."
    assert tu.sentence_span(text, 3) == (0, 25)
    assert tu.sentence_span(text, 27) == (26, 38)
    assert tu.sentence_span(text, len(text)) == (39, 45)


def test_position_between_sentences_belongs_to_the_one_before():
    text = "One.   Two."
    assert tu.sentence_span(text, 5) == (0, 4)
    assert tu.sentence_span(text, 7) == (7, 11)


def test_word_motions_stop_at_ends_forward_and_starts_backward():
    text = "Kim Jong-un's visit, 3.5 km"
    assert tu.next_word_end(text, 0) == 3
    assert tu.next_word_end(text, 3) == len("Kim Jong-un's")
    assert tu.prev_word_start(text, len("Kim Jong-un's")) == 4
    assert tu.word_span(text, 22) == (21, 24)
    assert tu.next_word_end(text, len(text)) == len(text)
    assert tu.next_word_start(text, 0) == 4
    assert tu.next_word_start(text, 3) == 4
    assert tu.prev_word_end(text, len("Kim Jong-un's")) == 3
    assert tu.prev_word_end(text, 2) == 0
    assert tu.word_span(text, 3) == (0, 3)
    assert tu.prev_word_start(text, 0) == 0


def test_paragraph_motions_skip_blank_lines():
    text = "alpha\n\n\nbeta gamma\ndelta"
    assert tu.paragraph_span(text, 9) == (8, 18)
    assert tu.next_paragraph_end(text, 0) == 5
    assert tu.next_paragraph_end(text, 5) == 18
    assert tu.prev_paragraph_start(text, 8) == 0
    assert tu.prev_paragraph_start(text, 12) == 8


def test_motions_stay_local_in_a_huge_text():
    text = ("word " * 2_000_000) + "end."
    middle = 5 * 1_000_000
    assert tu.prev_word_start(text, middle + 2) == middle
    assert tu.sentence_span(text, middle)[1] - tu.sentence_span(text, middle)[0] <= 4000


# ---- sentences: the Golden Rules and the classes seen failing in real articles --------------


def test_sentences_pass_at_least_45_of_the_48_golden_rules():
    from bench.golden_rules import failures, load_rules

    rules = load_rules()
    assert len(rules) == 48
    wrong = failures(rules)
    assert len(rules) - len(wrong) >= 45, [text for text, _, _ in wrong]


def test_abbreviations_and_initialisms_ending_a_sentence():
    text = (
        "The envoy flew to the U.N. The talks failed. He lives in Washington, D.C. Nobody "
        "knew. She joined Hanwha Corp. It paid well. Talks with the U.S. Government went on."
    )
    assert sentences(text) == [
        "The envoy flew to the U.N.",
        "The talks failed.",
        "He lives in Washington, D.C.",
        "Nobody knew.",
        "She joined Hanwha Corp.",
        "It paid well.",
        "Talks with the U.S. Government went on.",
    ]


def test_an_initial_is_not_the_pronoun_i():
    text = "We make a good team, you and I. Did you see Albert I. Jones yesterday?"
    assert sentences(text) == [
        "We make a good team, you and I.",
        "Did you see Albert I. Jones yesterday?",
    ]


def test_ellipses_at_a_paragraph_end_and_inside_brackets():
    text = (
        "Condolences to the families of the dead 31 . . .\nThese officials are nothing but trash…\n"
    )
    assert tu.sentence_span(text, 5) == (0, text.index("\n"))
    quote = '"Bohr [...] used the analogy of parallel stairways [...]" (Smith 55). Next one.'
    assert sentences(quote) == [quote[: quote.index(" Next")], "Next one."]


def test_page_numbers_lists_and_a_missing_space():
    assert sentences("Please turn to p. 55. Then stop.") == ["Please turn to p. 55.", "Then stop."]
    assert sentences("1. The first item 2. The second item") == [
        "1. The first item",
        "2. The second item",
    ]
    assert sentences("Three demands: a) food b) water. Nobody came.") == [
        "Three demands:",
        "a) food",
        "b) water.",
        "Nobody came.",
    ]
    assert sentences("Two people died.The toll may rise. Mail kim.lee@example.org.Thanks.") == [
        "Two people died.",
        "The toll may rise.",
        "Mail kim.lee@example.org.Thanks.",
    ]


def test_a_year_ending_a_sentence_is_not_a_list():
    text = "He fled in 2019. The camp closed in 2020. It reopened."
    assert sentences(text) == ["He fled in 2019.", "The camp closed in 2020.", "It reopened."]


def test_a_sentence_is_found_the_same_from_every_position_in_it():
    text = "Mr. Kim met the U.N. envoy. 1. The first item 2. The second item\n"
    for expected in ["Mr. Kim met the U.N. envoy.", "1. The first item", "2. The second item"]:
        start = text.index(expected)
        for pos in range(start, start + len(expected)):
            assert tu.sentence_span(text, pos) == (start, start + len(expected)), pos


# ---- words ---------------------------------------------------------------------------------


def test_w_again_on_the_last_word_never_takes_the_punctuation_after_it():
    for text in ["A second paragraph here. It ends.\n", "Last words here.", "“Quoted end.”"]:
        last = tu.word_span(text, len(text))
        assert text[last[0] : last[1]].isalpha(), (text, last)
        # The reader's "w again": the word after the selected one's end.
        again = tu.word_span(text, tu.next_word_end(text, last[1]))
        assert again == last


def test_soft_hyphen_and_word_joiner_do_not_split_a_word():
    text = "an in\u00adcredible won\u2060derful day"
    for word in ["in\u00adcredible", "won\u2060derful"]:
        start = text.index(word)
        assert tu.word_span(text, start + 1) == (start, start + len(word))
        assert tu.next_word_end(text, start) == start + len(word)
        assert tu.prev_word_start(text, start + len(word)) == start
