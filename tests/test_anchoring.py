"""Re-anchoring a quote in a changed text: kept, moved exactly, moved fuzzily, or orphaned."""

from __future__ import annotations

from corpus_tui.corpus.anchoring import (
    CONTEXT_CHARS,
    How,
    PositionShift,
    Quote,
    anchor,
    context_around,
    quote_at,
    reanchor,
)

ARTICLE = (
    "Twenty-four defectors arrested in Shenyang are held at a camp on the Tumen River.\n\n"
    "A source said the cadres in Tumen hesitate. Kim Jong-un has demanded their return.\n\n"
    "Activists in Seoul protested on Friday, and again on Saturday in front of the embassy.\n"
)


def span_of(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def placed_text(text: str, placement) -> str:
    return text[placement.start : placement.end]


def test_context_is_32_code_points_each_side() -> None:
    text = "x" * 40 + "가" + "y" * 40
    prefix, suffix = context_around(text, 40, 41)
    assert len(prefix) == len(suffix) == CONTEXT_CHARS == 32
    assert context_around(text, 3, 5) == ("xxx", "x" * 32)


def test_an_unchanged_text_keeps_the_position() -> None:
    start, end = span_of(ARTICLE, "Tumen", 1)
    placement = anchor(ARTICLE, quote_at(ARTICLE, start, end))
    assert (placement.start, placement.end, placement.how) == (start, end, How.KEPT)


def test_text_inserted_before_moves_the_quote_to_the_same_occurrence() -> None:
    start, end = span_of(ARTICLE, "Tumen", 1)
    new = "Update, Monday: this story was corrected.\n\n" + ARTICLE
    [placement] = reanchor(ARTICLE, new, [(start, end)])
    assert (placement.start, placement.end) == span_of(new, "Tumen", 1)


def test_a_repeated_quote_is_told_apart_by_its_context_not_by_distance() -> None:
    start, end = span_of(ARTICLE, "Tumen", 0)
    quote = quote_at(ARTICLE, start, end)
    # The second paragraph moves to the front: the nearer "Tumen" is now the wrong one.
    first, second, third = ARTICLE.split("\n\n")
    new = "\n\n".join([second, first, third])
    placement = anchor(new, Quote(quote.text, quote.prefix, quote.suffix, start))
    assert placement.how is How.EXACT
    expected = new.index("Tumen River")
    assert (placement.start, placement.end) == (expected, expected + 5)


def test_a_typo_fixed_inside_the_quote_is_found_fuzzily() -> None:
    old = ARTICLE.replace("Kim Jong-un", "Kim Jnog-un")
    start, end = span_of(old, "Kim Jnog-un")
    placement = reanchor(old, ARTICLE, [(start, end)])[0]
    assert placement.how is How.FUZZY
    assert placed_text(ARTICLE, placement) == "Kim Jong-un"


def test_whitespace_changes_around_the_quote_keep_it_exact() -> None:
    start, end = span_of(ARTICLE, "Seoul")
    new = ARTICLE.replace("Activists in Seoul protested", "Activists  in\nSeoul   protested")
    [placement] = reanchor(ARTICLE, new, [(start, end)])
    assert placed_text(new, placement) == "Seoul"
    assert placement.how in (How.KEPT, How.EXACT)


def test_a_deleted_quote_is_an_orphan_even_when_its_words_remain_elsewhere() -> None:
    start, end = span_of(ARTICLE, "Tumen", 1)
    new = ARTICLE.replace("A source said the cadres in Tumen hesitate. ", "")
    assert "Tumen" in new
    assert reanchor(ARTICLE, new, [(start, end)]) == [None]


def test_a_rewritten_passage_is_an_orphan_not_a_guess() -> None:
    start, end = span_of(ARTICLE, "protested on Friday")
    new = ARTICLE.replace("protested on Friday", "marched on Sunday night")
    assert reanchor(ARTICLE, new, [(start, end)]) == [None]


def test_a_quote_past_the_end_of_a_shorter_text_is_searched_for() -> None:
    quote = quote_at(ARTICLE, *span_of(ARTICLE, "embassy"))
    short = ARTICLE[ARTICLE.index("Activists") :]
    placement = anchor(short, quote)
    assert placed_text(short, placement) == "embassy"


def test_an_empty_span_is_placed_between_its_prefix_and_suffix() -> None:
    position = ARTICLE.index("Kim")
    new = "Intro.\n" + ARTICLE
    placement = anchor(new, quote_at(ARTICLE, position, position))
    assert (placement.start, placement.end) == (position + 7, position + 7)
    assert anchor("unrelated", quote_at(ARTICLE, position, position)) is None


def test_position_shift_follows_inserted_and_deleted_lines() -> None:
    old = "one\ntwo\nthree\n"
    new = "zero\none\nthree\n"
    shift = PositionShift(old, new)
    assert shift.new_position(0) == 5
    assert shift.new_position(old.index("three")) == new.index("three")
    assert shift.new_position(len(old)) == len(new)


REPEATED = (
    "Intro line for the report.\n\n"
    "The source said the camp was full. Guards were added at the gate.\n\n"
    "Families waited outside for news of the detainees.\n\n"
    "The source said the camp was full. Nobody was allowed in.\n"
)


def test_a_deleted_copy_of_a_repeated_sentence_is_not_moved_onto_the_other_copy() -> None:
    start, end = span_of(REPEATED, "The source said the camp was full.")
    new = REPEATED.replace("The source said the camp was full. Guards were added at the gate.", "")
    assert reanchor(REPEATED, new, [(start, end)]) == [None]


def test_a_moved_paragraph_carries_its_highlights() -> None:
    start, end = span_of(REPEATED, "Families waited outside")
    paragraphs = REPEATED.split("\n\n")
    new = "\n\n".join([paragraphs[0], paragraphs[2], paragraphs[1], paragraphs[3]])
    [placement] = reanchor(REPEATED, new, [(start, end)])
    assert (placement.start, placement.end) == span_of(new, "Families waited outside")
    assert PositionShift(REPEATED, new).new_span(start, end) is not None


def test_white_space_changed_inside_the_quote_is_still_an_exact_match() -> None:
    start, end = span_of(ARTICLE, "Activists in Seoul protested")
    new = ARTICLE.replace("Activists in Seoul protested", "Activists in\nSeoul  protested")
    placement = anchor(new, quote_at(ARTICLE, start, end))
    assert placement.how is How.EXACT
    assert placed_text(new, placement) == "Activists in\nSeoul  protested"


def test_two_copies_that_fit_about_as_well_are_not_guessed_between() -> None:
    text = "A said: we wait here. B said: we wait there.\n"
    quote = Quote("we wait", "A said: ", " here.", 100)
    changed = "C said: we wait here. D said: we wait here.\n"
    assert anchor(changed, quote) is None
    assert placed_text(text, anchor(text, quote)) == "we wait"
