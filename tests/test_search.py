"""Name search: each matching rule over a small corpus written here, offsets, scope, the index."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from corpus_tui.corpus.reading import ParsedDocument, text_sha256
from corpus_tui.store.documents import add_document, get_text
from corpus_tui.store.search import search, variant_groups
from corpus_tui.store.search_index import rebuild_index

ARTICLES = {
    "a.txt": (
        "Defectors held in Shenyang\n\n"
        "The succession of Kim Jong-un was announced in Pyongyang. Reporters in São Paulo "
        "followed the death of Kim Jong Il closely. Some papers wrote Kim Jung-eun instead.\n"
        "A camp on the Tumen River holds 24 people."
    ),
    "b.txt": (
        "Libya after the war\n\n"
        "Fighters loyal to Muammar Qaddafi left Tripoli. Others called him Moammar Gadhafi. "
        "A trader from Sao Paulo said the market in Dandong reopened, and so did Dandung."
    ),
    "c.txt": (
        "Border towns\n\n"
        "The bridge to Tumen was closed. Kim Jong Un visited SHENYANG and Dandomg. "
        "North Korea calls him 김정은 in its own script."
    ),
}


@pytest.fixture
def corpus(db: Database) -> dict[str, str]:
    """The three articles added to the database; their ids by file name."""
    ids = {}
    for name, text in ARTICLES.items():
        parsed = ParsedDocument(text.split("\n")[0], text, text_sha256(text))
        ids[name] = add_document(db, parsed, name).document_id
    return ids


def found(db: Database, query: str, **options) -> list[tuple[str, str]]:
    """(text, match) of every hit, checking each hit's offsets slice the stored text."""
    hits = search(db, query, limit=None, **options)
    for hit in hits:
        assert get_text(db, hit.doc)[hit.start : hit.end] == hit.text
    return [(hit.text, hit.match) for hit in hits]


def test_case_punctuation_and_hyphens_do_not_matter(db, corpus) -> None:
    assert found(db, "KIM JONG UN")[:2] == [("Kim Jong-un", "exact"), ("Kim Jong Un", "exact")]
    assert ("Kim Jong-un", "exact") in found(db, "kim, jong-un!")


def test_accents_do_not_matter(db, corpus) -> None:
    assert found(db, "sao paulo") == [("São Paulo", "exact"), ("Sao Paulo", "exact")]
    assert found(db, "São Paulo") == found(db, "sao paulo")


def test_non_latin_scripts_match_as_written_and_romanised(db, corpus) -> None:
    hits = found(db, "김정은")
    assert hits[0] == ("김정은", "exact")
    assert {("Kim Jong-un", "variant"), ("Kim Jong Un", "variant")} <= set(hits)
    assert "Kim Jong Il" not in {text for text, _ in hits}


def test_romanisation_variants_are_found_and_ranked_after_exact(db, corpus) -> None:
    assert found(db, "Gaddafi") == [("Muammar Qaddafi", "variant"), ("Moammar Gadhafi", "variant")]
    hits = found(db, "kim jong un")
    assert ("Kim Jung-eun", "variant") in hits
    assert hits.index(("Kim Jung-eun", "variant")) > hits.index(("Kim Jong Un", "exact"))


def test_a_close_spelling_of_another_person_is_not_a_variant(db, corpus) -> None:
    texts = [text for text, _ in found(db, "Kim Jong-un")]
    assert "Kim Jong Il" not in texts


def test_typos_of_one_or_two_letters_are_found_last(db, corpus) -> None:
    assert found(db, "Dandong") == [
        ("Dandong", "exact"),
        ("Dandung", "variant"),
        ("Dandomg", "typo"),
    ]
    assert ("Pyongyang", "typo") in found(db, "Pyonyang")
    assert ("Shenyang", "typo") in found(db, "Shenyanf")
    assert found(db, "Tripolli") == [("Tripoli", "variant")]


def test_short_words_allow_no_typo(db, corpus) -> None:
    assert found(db, "Kin") == []


def test_partial_names_find_the_full_name(db, corpus) -> None:
    # Within a rank, the better score first: all of the name before part of it.
    assert found(db, "Tumen") == [("Tumen", "exact"), ("Tumen River", "exact")]
    surname = {text for text, _ in found(db, "Kim")}
    assert {"Kim Jong-un", "Kim Jong Il", "Kim Jong Un", "Kim Jung-eun"} <= surname


def test_words_in_any_order(db, corpus) -> None:
    assert found(db, "jong un kim")[:2] == [("Kim Jong-un", "exact"), ("Kim Jong Un", "exact")]


def test_variants_are_grouped_by_spelling_with_counts(db, corpus) -> None:
    groups = {group.variant: group for group in variant_groups(db, "shenyang")}
    assert groups["Shenyang"].occurrences == 1
    assert groups["SHENYANG"].documents == 1
    assert groups["Shenyang"].place


def test_scope_to_one_document(db, corpus) -> None:
    assert found(db, "sao paulo", document_id=corpus["b.txt"]) == [("Sao Paulo", "exact")]


def test_first_page_keeps_the_best_ranks(db, corpus) -> None:
    hits = search(db, "dandong", limit=1)
    assert [(hit.text, hit.match) for hit in hits] == [("Dandong", "exact")]
    assert "market in Dandong reopened" in hits[0].context


def test_a_new_version_replaces_the_old_text_in_the_index(db, corpus) -> None:
    text = "Border towns\n\nThe bridge to Hyesan was closed."
    add_document(db, ParsedDocument("Border towns", text, text_sha256(text)), "c.txt")
    assert found(db, "Hyesan") == [("Hyesan", "exact")]
    assert ("Kim Jong Un", "exact") not in found(db, "kim jong un")
    shenyang = {group.variant: group.occurrences for group in variant_groups(db, "shenyang")}
    assert shenyang.get("SHENYANG", 0) == 0


def test_rebuild_gives_the_same_results(db, corpus) -> None:
    before = [found(db, query) for query in ("kim", "Dandong", "sao paulo", "tumen")]
    assert rebuild_index(db) == 3
    assert [found(db, query) for query in ("kim", "Dandong", "sao paulo", "tumen")] == before


def test_huge_documents_are_searched_piece_by_piece(db) -> None:
    filler = "Nothing happened in the town that week. " * 2000
    text = f"Long log\n\n{filler}Refugees crossed near Hyesan at night.\n{filler}Hyesan again."
    add_document(db, ParsedDocument("Long log", text, text_sha256(text)), "log.txt")
    hits = search(db, "hyesan", limit=None)
    assert [text[hit.start : hit.end] for hit in hits] == ["Hyesan", "Hyesan"]
    assert hits[0].context.endswith("week. Refugees crossed near Hyesan at night.")


def test_particles_and_joined_given_names_are_optional(db) -> None:
    text = "Names\n\nMuammar Gaddafi spoke. Kim Jong Un and Kim Jongun were both printed."
    add_document(db, ParsedDocument("Names", text, text_sha256(text)), "names.txt")
    assert found(db, "Muammar al-Qaddafi") == [("Muammar Gaddafi", "variant")]
    assert found(db, "kim jongun") == [("Kim Jongun", "exact"), ("Kim Jong Un", "variant")]
