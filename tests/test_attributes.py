"""Document attributes and memos: kinds, filters, setting, the CSV import, import from front
matter and HTML meta, and their travel through the spans YAML."""

from __future__ import annotations

import pytest
import yaml

from corpus_tui.corpus.attribute_values import infer_kind, parse_filter
from corpus_tui.corpus.spans_format import InvalidSpansFile, parse_spans_file
from corpus_tui.store.attributes import (
    BadAttributesFile,
    attributes_of,
    filter_documents,
    get_memo,
    import_attributes_csv,
    set_attributes,
    set_memo,
)
from corpus_tui.store.db import open_db
from corpus_tui.store.spans_export import export_spans
from corpus_tui.store.spans_merge import merge_spans
from tests.findings_fixtures import build


@pytest.fixture
def coded(tmp_path):
    path, ids = build(tmp_path)
    db = open_db(path)
    yield db, ids
    db.close()


def test_kinds_are_inferred_from_the_value_and_the_key() -> None:
    assert infer_kind("date", "2012-02-15") == "date"
    assert infer_kind("date", "2012") == "date"
    assert infer_kind("year", "2012") == "date"
    assert infer_kind("pages", "2012") == "number"
    assert infer_kind("count", "-3.5") == "number"
    assert infer_kind("outlet", "Daily NK") == "text"
    assert infer_kind("published", "2019-08-08T10:00:00Z") == "date"


@pytest.mark.parametrize(
    ("expression", "value", "kind", "passes"),
    [
        ("outlet = Daily NK", "daily nk", "text", True),
        ("outlet = Daily NK", "RFA", "text", False),
        ("outlet != Daily NK", "RFA", "text", True),
        ("outlet ~ nk", "Daily NK", "text", True),
        ("date >= 2012", "2012-02-15", "date", True),
        ("date >= 2012", "2011-12-31", "date", False),
        ("date <= 2012", "2012-12-31", "date", True),
        ("date = 2012-02", "2012-02-15", "date", True),
        ("date < 2012", "2012-01-01", "date", False),
        ("pages > 9", "10", "number", True),
        ("pages > 9", "8.5", "number", False),
    ],
)
def test_filters_compare_by_kind(expression, value, kind, passes) -> None:
    assert parse_filter(expression).matches(value, kind) is passes


def test_a_filter_without_an_operator_says_how_to_write_one() -> None:
    with pytest.raises(ValueError, match="KEY = VALUE"):
        parse_filter("Daily NK")


def test_front_matter_and_html_meta_become_attributes_at_import(coded) -> None:
    db, ids = coded
    assert attributes_of(db, ids["a.md"]) == {
        "author": "Mina Cho",
        "date": "2012-02-15",
        "outlet": "Daily NK",
        "title": "Raids at the border",
    }
    assert attributes_of(db, ids["b.html"]) == {
        "author": "Kim",
        "date": "2019-08-08T10:00:00Z",
        "outlet": "RFA",
        "title": "Camp report",
    }
    kinds = dict(
        db.execute(
            "SELECT key, kind FROM document_attributes WHERE document_id = ?", [ids["b.html"]]
        ).fetchall()
    )
    assert kinds["date"] == "date"


def test_setting_replaces_and_an_empty_value_removes(coded) -> None:
    db, ids = coded
    set_attributes(db, ids["a.md"], {"outlet": "NK News", "author": "", "pages": "12"})
    assert attributes_of(db, ids["a.md"]) == {
        "date": "2012-02-15",
        "outlet": "NK News",
        "pages": "12",
        "title": "Raids at the border",
    }
    with pytest.raises(KeyError):
        set_attributes(db, "nope", {"a": "b"})
    with pytest.raises(ValueError):
        set_attributes(db, ids["a.md"], {"a=b": "c"})


def test_filtering_documents(coded) -> None:
    db, ids = coded
    assert filter_documents(db, [parse_filter("outlet = Daily NK")]) == {ids["a.md"]}
    assert filter_documents(db, [parse_filter("date >= 2012")]) == {ids["a.md"], ids["b.html"]}
    both = [parse_filter("date >= 2012"), parse_filter("outlet = RFA")]
    assert filter_documents(db, both) == {ids["b.html"]}
    assert filter_documents(db, [parse_filter("outlet != RFA")]) == {ids["a.md"], ids["c.txt"]}


def test_csv_import_by_id_and_by_source_names_unknown_rows(coded) -> None:
    db, ids = coded
    text = f'id,outlet,region\n{ids["c.txt"]},"Yonhap, Seoul",north\nnope,x,y\n'
    summary = import_attributes_csv(db, text)
    assert (summary.documents, summary.values, summary.unknown) == (1, 2, ["nope"])
    assert attributes_of(db, ids["c.txt"])["outlet"] == "Yonhap, Seoul"
    source = db.execute("SELECT source FROM documents WHERE id = ?", [ids["b.html"]]).fetchone()[0]
    summary = import_attributes_csv(db, f"source,region\n{source},south\n")
    assert attributes_of(db, ids["b.html"])["region"] == "south"


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "empty"), ("outlet,date\nx,y\n", "'id' or a 'source'"), ("id,a=b\nx,y\n", "column 2")],
)
def test_a_bad_csv_is_refused_with_its_reason(coded, text, reason) -> None:
    db, _ = coded
    with pytest.raises(BadAttributesFile, match=reason):
        import_attributes_csv(db, text)


def test_a_csv_row_with_too_many_cells_leaves_nothing_set(coded) -> None:
    db, ids = coded
    text = f"id,region\n{ids['a.md']},north\n{ids['b.html']},south,extra\n"
    with pytest.raises(BadAttributesFile, match="line 3"):
        import_attributes_csv(db, text)
    assert "region" not in attributes_of(db, ids["a.md"])


def test_memos_are_set_and_removed(coded) -> None:
    db, ids = coded
    set_memo(db, ids["a.md"], "Check the numbers\nagainst RFA.")
    assert get_memo(db, ids["a.md"]) == "Check the numbers\nagainst RFA."
    set_memo(db, ids["a.md"], "  ")
    assert get_memo(db, ids["a.md"]) is None


def test_attributes_and_memo_travel_in_the_spans_yaml_and_merge(coded, tmp_path) -> None:
    db, ids = coded
    set_memo(db, ids["a.md"], "memo: with a colon")
    data = yaml.safe_load(export_spans(db))
    first = data["documents"][0]
    assert first["attributes"] == {
        "author": "Mina Cho",
        "date": "2012-02-15",
        "outlet": "Daily NK",
        "title": "Raids at the border",
    }
    assert first["memo"] == "memo: with a colon"
    assert "memo" not in data["documents"][1]
    # Into a database without them: added. One with its own outlet: kept, and said.
    db.execute(
        "DELETE FROM document_attributes WHERE document_id = ? AND key = 'author'", [ids["a.md"]]
    )
    db.execute(
        "UPDATE document_attributes SET value = 'RFA2' WHERE key = 'outlet' AND document_id = ?",
        [ids["b.html"]],
    )
    db.execute("UPDATE documents SET memo = NULL")
    db.conn.commit()
    summary = merge_spans(db, yaml.safe_dump(data, allow_unicode=True))
    assert attributes_of(db, ids["a.md"])["author"] == "Mina Cho"
    assert attributes_of(db, ids["b.html"])["outlet"] == "RFA2"
    assert summary.attributes_differing == [f"{ids['b.html']} outlet"]
    assert get_memo(db, ids["a.md"]) == "memo: with a colon"


def test_bad_attributes_in_a_spans_file_are_named() -> None:
    text = (
        "format: corpus-tui-spans\nversion: 1\ndocuments:\n"
        "  - source: a.txt\n    attributes: {ok: 1, bad: [1, 2], flag: true}\n    memo: 3\n"
    )
    with pytest.raises(InvalidSpansFile) as caught:
        parse_spans_file(text)
    assert caught.value.errors == [
        "documents[0].attributes.bad: expected a string or number, found [1, 2]",
        "documents[0].attributes.flag: expected a string or number, found True",
        "documents[0].memo: expected a string, found 3",
    ]


@pytest.mark.parametrize(
    "front",
    [
        "---\ntitle: [unclosed\n---\nBody\n",
        "---\n" + "a: " + "[" * 5000 + "]" * 5000 + "\n---\nBody\n",
        "---\n- just\n- a list\n---\nBody\n",
        "---\ntitle: ok\nwhen: 2012-02-15 10:00:00\nflag: yes\nnested: {a: 1}\n---\nBody\n",
    ],
)
def test_bad_or_odd_front_matter_never_stops_an_import(front) -> None:
    from corpus_tui.corpus.reading import parse_bytes

    parsed = parse_bytes(front.encode(), "a.md")
    assert parsed.text == front  # the stored text keeps its front matter
    assert all(isinstance(value, str) for value in parsed.attributes.values())
    if "title: ok" in front:
        assert parsed.attributes == {"title": "ok", "when": "2012-02-15T10:00:00"}
