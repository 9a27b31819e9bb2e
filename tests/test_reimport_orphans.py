"""Re-importing a changed source carries highlights over; orphans are kept and re-attached."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.documents import add_document, get_text
from corpus_tui.store.highlights import add_highlight, highlights_for
from corpus_tui.store.orphans import list_orphans, reattach_orphan
from corpus_tui.store.reanchor import CarryOver, carry_over_highlights

ORIGINAL = (
    "The detainees were moved to Tumen.\n\n"
    "A source said the camp at Tumen is full. Officials in Shenyang declined to comment.\n\n"
    "Activists protested in Seoul on Friday.\n"
)


def add(db: Database, text: str) -> str:
    return add_document(db, parse_bytes(text.encode(), "news.txt"), "news.txt").document_id


def highlight(db: Database, document_id: str, needle: str, occurrence: int = 0, tags=("place",)):
    text = get_text(db, document_id)
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return add_highlight(db, document_id, start, start + len(needle), tags, note="checked")


def placed(db: Database, document_id: str) -> dict[str, str]:
    text = get_text(db, document_id)
    return {h.id: text[h.start : h.end] for h in highlights_for(db, document_id)}


def test_an_edited_source_carries_every_highlight_with_its_text(db: Database) -> None:
    with_typo = ORIGINAL.replace("Officials", "Oficials")
    document_id = add(db, with_typo)
    second_tumen = highlight(db, document_id, "Tumen", occurrence=1)
    shenyang = highlight(db, document_id, "Oficials in Shenyang")
    seoul = highlight(db, document_id, "Seoul", tags=("place", "protest"))
    # A correction note on top, the typo fixed, white space changed, a paragraph appended.
    edited = "Correction appended.\n\n" + ORIGINAL.replace("moved to", "moved  to")
    add(db, edited + "\nMore protests followed.\n")
    text = get_text(db, document_id)
    assert placed(db, document_id) == {
        second_tumen.id: "Tumen",
        shenyang.id: "Officials in Shenyang",
        seoul.id: "Seoul",
    }
    moved = {h.id: h for h in highlights_for(db, document_id)}
    assert moved[second_tumen.id].start == text.index("Tumen", text.index("Tumen") + 1)
    assert moved[seoul.id].tags == ("place", "protest")
    assert list_orphans(db) == []


def test_an_orphan_is_never_dropped_and_comes_back_with_its_text(db: Database) -> None:
    document_id = add(db, ORIGINAL)
    seoul = highlight(db, document_id, "Activists protested in Seoul", tags=("protest",))
    add(db, ORIGINAL.replace("Activists protested in Seoul on Friday.\n", ""))
    [orphan] = list_orphans(db)
    assert (orphan.id, orphan.text, orphan.tags, orphan.note) == (
        seoul.id,
        "Activists protested in Seoul",
        ("protest",),
        "checked",
    )
    add(db, ORIGINAL.replace("Tumen.", "Tumen city."))
    assert list_orphans(db) == []
    assert placed(db, document_id) == {seoul.id: "Activists protested in Seoul"}
    assert highlights_for(db, document_id)[0].tags == ("protest",)


def test_an_orphan_can_be_reattached_by_hand(db: Database) -> None:
    document_id = add(db, ORIGINAL)
    seoul = highlight(db, document_id, "Seoul")
    add(db, ORIGINAL.replace("Seoul", "the capital"))
    [orphan] = list_orphans(db, document_id)
    text = get_text(db, document_id)
    start = text.index("the capital")
    back = reattach_orphan(db, orphan.id, start, start + len("the capital"))
    assert (back.id, back.tags, back.note, back.created_at) == (
        seoul.id,
        ("place",),
        "checked",
        seoul.created_at,
    )
    assert list_orphans(db) == []
    with pytest.raises(KeyError):
        reattach_orphan(db, orphan.id, 0, 1)


def test_reattaching_outside_the_text_is_refused(db: Database) -> None:
    document_id = add(db, ORIGINAL)
    highlight(db, document_id, "Seoul")
    add(db, ORIGINAL.replace("Seoul", "the capital"))
    [orphan] = list_orphans(db)
    with pytest.raises(ValueError, match="outside"):
        reattach_orphan(db, orphan.id, 0, 10_000)
    assert len(list_orphans(db)) == 1


def test_carry_over_reports_what_it_did(db: Database) -> None:
    document_id = add(db, ORIGINAL)
    highlight(db, document_id, "Seoul")
    highlight(db, document_id, "Tumen")
    new = ORIGINAL.replace("Seoul", "Busan").replace("The detainees", "Detainees")
    db.execute("UPDATE document_versions SET text = ? WHERE document_id = ?", [new, document_id])
    result = carry_over_highlights(db, document_id, ORIGINAL, new)
    assert result == CarryOver(kept=0, moved=1, orphaned=1, reattached=0)
