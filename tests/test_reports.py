"""Reports: per tag, the documents x tags matrix, co-occurrence, each broken down by an
attribute."""

from __future__ import annotations

import pytest

from corpus_tui.store.db import open_db
from corpus_tui.store.documents import get_text
from corpus_tui.store.highlights import add_highlight
from corpus_tui.store.reports import cooccurrence, parse_by, tag_matrix, tag_summary
from corpus_tui.store.tags import ensure_tag
from tests.findings_fixtures import build, find


@pytest.fixture
def coded(tmp_path):
    path, ids = build(tmp_path)
    db = open_db(path)
    yield db, ids
    db.close()


def test_per_tag_counts_every_tag_in_tag_order(coded) -> None:
    db, ids = coded
    ensure_tag(db, "unused")
    rows = {row.tag: row for row in tag_summary(db)}
    assert list(rows) == ["detention count", "place", "source", "unused"]
    a = get_text(db, ids["a.md"])
    quote = a[a.index('A source said, "they') : a.index("comment.") + 8]
    assert (rows["place"].spans, rows["place"].documents) == (3, 2)
    assert rows["place"].chars == len("24 defectors") + len("Tumen") + len("Liaoning")
    assert rows["source"].chars == len(quote)
    assert rows["place"].share == pytest.approx(2 / 3)
    assert (rows["unused"].spans, rows["unused"].documents, rows["unused"].share) == (0, 0, 0)
    assert rows["unused"].as_json() == {
        "tag": "unused",
        "spans": 0,
        "documents": 0,
        "chars": 0,
        "share": 0.0,
    }


def test_per_tag_broken_down_by_outlet_and_by_year(coded) -> None:
    db, _ = coded
    rows = tag_summary(db, by="outlet")
    groups = [row.group for row in rows]
    assert groups == ["Daily NK"] * 3 + ["RFA"] * 3 + ["Yonhap"] * 3
    by_key = {(row.group, row.tag): row for row in rows}
    assert by_key["RFA", "place"].spans == 1
    assert by_key["Daily NK", "source"].share == 1.0
    assert by_key["Yonhap", "place"].documents == 0
    years = {(row.group, row.tag): row.spans for row in tag_summary(db, by="date:year")}
    assert (
        years["2012", "place"] == 2 and years["2019", "place"] == 1 and years["2009", "place"] == 0
    )
    assert tag_summary(db, by="date:year")[0].as_json()["group"] == "2009"


def test_documents_without_the_attribute_form_the_last_group(coded) -> None:
    db, ids = coded
    db.execute("DELETE FROM document_attributes WHERE document_id = ?", [ids["b.html"]])
    db.conn.commit()
    assert tag_summary(db, by="outlet")[-1].group == ""


def test_a_bad_breakdown_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_by("date:week")
    with pytest.raises(ValueError):
        parse_by(":year")


def test_matrix_counts_and_binary(coded) -> None:
    db, ids = coded
    add_highlight(db, ids["a.md"], 0, 3, ["place"])
    matrix = tag_matrix(db)
    assert matrix.tags == ("detention count", "place", "source")
    rows = {row.key: row.counts for row in matrix.rows}
    assert rows == {ids["a.md"]: (1, 3, 1), ids["b.html"]: (1, 1, 0), ids["c.txt"]: (0, 0, 0)}
    binary = {row.key: row.counts for row in tag_matrix(db, binary=True).rows}
    assert binary[ids["a.md"]] == (1, 1, 1)
    assert matrix.as_json()[0] == {
        "document_id": ids["a.md"],
        "title": "Raids at the border",
        "tags": {"detention count": 1, "place": 3, "source": 1},
    }
    grouped = tag_matrix(db, by="outlet")
    assert [(row.key, row.counts) for row in grouped.rows] == [
        ("Daily NK", (1, 3, 1)),
        ("RFA", (1, 1, 0)),
        ("Yonhap", (0, 0, 0)),
    ]
    assert grouped.header() == ["group", "detention count", "place", "source"]


def test_cooccurrence_on_one_highlight_overlapping_and_in_a_paragraph(coded) -> None:
    db, ids = coded
    a = get_text(db, ids["a.md"])
    # "24 defectors were held at Tumen." holds a detention count+place highlight and a place one
    # (Tumen) that do not overlap; add one overlapping both, tagged source.
    start, _ = find(a, "24 defectors")
    add_highlight(db, ids["a.md"], start + 3, a.index("Tumen") + 2, ["source"])
    together = {(p.tag_a, p.tag_b): p.count for p in cooccurrence(db, "highlight")}
    assert together == {("detention count", "place"): 1}
    overlap = {(p.tag_a, p.tag_b): p.count for p in cooccurrence(db, "overlap")}
    # The new highlight overlaps "24 defectors" (detention count, place) and "Tumen" (place).
    assert overlap == {("detention count", "source"): 1, ("place", "source"): 2}
    paragraph = {(p.tag_a, p.tag_b): p.count for p in cooccurrence(db, "paragraph")}
    # Paragraphs (lines): the Tumen line holds all three; the quote spans the next two lines
    # (source only); b's first paragraph holds detention count and place.
    assert paragraph == {
        ("detention count", "place"): 2,
        ("detention count", "source"): 1,
        ("place", "source"): 1,
    }
    grouped = cooccurrence(db, "highlight", by="outlet")
    assert [(p.group, p.tag_a, p.tag_b, p.count) for p in grouped] == [
        ("Daily NK", "detention count", "place", 1)
    ]
    assert grouped[0].as_json() == {
        "group": "Daily NK",
        "tag_a": "detention count",
        "tag_b": "place",
        "count": 1,
    }
    with pytest.raises(ValueError):
        cooccurrence(db, "sentence")  # type: ignore[arg-type]
