"""`corpus-tui report`, `report matrix`, `report cooccurrence`, `attrs set`, `attrs import`,
`memo`, `export --format csv|xlsx` and `docs --json` attributes, run as a user runs them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from tests.findings_fixtures import build


@pytest.fixture
def coded(tmp_path):
    return build(tmp_path)


def test_report_json_has_every_tag(run, coded) -> None:
    path, _ = coded
    status, out, _ = run("--db", str(path), "report", "--json")
    assert status == 0
    rows = json.loads(out)
    assert [row["tag"] for row in rows] == ["detention count", "place", "source"]
    assert rows[1] == {"tag": "place", "spans": 3, "documents": 2, "chars": 25, "share": 0.666667}


def test_report_csv_and_table_and_by(run, coded) -> None:
    path, _ = coded
    status, out, _ = run("report", "--csv", "--db", str(path))
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == ["tag", "spans", "documents", "chars", "share"]
    assert rows[2][:4] == ["place", "3", "2", "25"]
    status, out, _ = run("--db", str(path), "report")
    assert out.splitlines()[0].split() == ["tag", "spans", "documents", "chars", "share"]
    assert "detention count" in out.splitlines()[1]
    status, out, _ = run("--db", str(path), "report", "--json", "--by", "outlet")
    assert {row["group"] for row in json.loads(out)} == {"Daily NK", "RFA", "Yonhap"}
    status, _, err = run("--db", str(path), "report", "--by", "date:week")
    assert status == 2 and "year or month" in err
    status, _, err = run("--db", str(path), "report", "--json", "--csv")
    assert status == 2


def test_report_matrix_json_csv_binary(run, coded) -> None:
    path, ids = coded
    status, out, _ = run("--db", str(path), "report", "matrix", "--json")
    rows = json.loads(out)
    assert rows[0]["document_id"] == ids["a.md"]
    assert rows[0]["tags"] == {"detention count": 1, "place": 2, "source": 1}
    status, out, _ = run("--db", str(path), "report", "matrix", "--csv", "--binary")
    table = list(csv.reader(io.StringIO(out, newline="")))
    assert table[0] == ["document_id", "title", "detention count", "place", "source"]
    assert table[1][2:] == ["1", "1", "1"]
    assert table[3][2:] == ["0", "0", "0"]
    status, out, _ = run("--db", str(path), "report", "matrix", "--by", "outlet", "--csv")
    assert (status, out.splitlines()[1]) == (0, "Daily NK,1,2,1")


def test_report_cooccurrence(run, coded) -> None:
    path, _ = coded
    status, out, _ = run("--db", str(path), "report", "cooccurrence", "--json")
    assert status == 0
    assert json.loads(out) == [{"tag_a": "detention count", "tag_b": "place", "count": 1}]
    status, out, _ = run(
        "--db", str(path), "report", "cooccurrence", "--within", "paragraph", "--csv"
    )
    assert out.splitlines() == ["tag_a,tag_b,count", "detention count,place,2"]


def test_attrs_set_prints_the_document_attributes(run, coded) -> None:
    path, ids = coded
    status, out, _ = run("--db", str(path), "attrs", "set", ids["c.txt"], "outlet=NK News", "date=")
    assert status == 0
    assert out.splitlines() == ["outlet = NK News"]
    status, out, _ = run("--db", str(path), "docs", "--json")
    documents = {doc["id"]: doc for doc in json.loads(out)}
    assert documents[ids["c.txt"]]["attributes"] == {"outlet": "NK News"}
    assert documents[ids["a.md"]]["attributes"]["date"] == "2012-02-15"


def test_attrs_set_errors_are_one_line(run, coded) -> None:
    path, ids = coded
    status, _, err = run("--db", str(path), "attrs", "set", "nope", "a=b")
    assert status == 1 and err.startswith("corpus-tui: no document with id 'nope'")
    status, _, err = run("--db", str(path), "attrs", "set", ids["a.md"], "novalue")
    assert status == 2 and "KEY=VALUE" in err


def test_attrs_import_sets_from_a_csv(run, coded, tmp_path) -> None:
    path, ids = coded
    sheet = tmp_path / "attrs.csv"
    sheet.write_text(f"\ufeffid,pages\n{ids['a.md']},12\nunknown,3\n", encoding="utf-8")
    status, out, _ = run("--db", str(path), "attrs", "import", str(sheet))
    assert status == 0
    assert out.splitlines() == [
        "skipped: unknown: no such document in this database",
        "1 values set on 1 documents",
    ]
    status, out, _ = run("--db", str(path), "docs", "--json")
    pages = json.loads(out)[0]["attributes"]["pages"]
    assert pages == 12  # a number kind is a JSON number
    bad = tmp_path / "bad.csv"
    bad.write_text("outlet\nx\n", encoding="utf-8")
    status, _, err = run("--db", str(path), "attrs", "import", str(bad))
    assert status == 1 and "nothing was set" in err and err.count("\n") == 1


def test_memo_sets_and_prints(run, coded) -> None:
    path, ids = coded
    assert run("--db", str(path), "memo", ids["a.md"], "Check: numbers")[0] == 0
    assert run("--db", str(path), "memo", ids["a.md"])[1] == "Check: numbers\n"
    status, _, err = run("--db", str(path), "memo", "nope")
    assert status == 1 and "no document" in err


def test_export_csv_to_stdout_and_file(run, coded, tmp_path) -> None:
    path, _ = coded
    status, out, _ = run("--db", str(path), "export", "--format", "csv", "--tag", "source")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert status == 0 and [row["tags"] for row in rows] == ["source"]
    target = tmp_path / "spans.csv"
    status, _, err = run("--db", str(path), "export", "--format", "csv", "-o", str(target))
    assert (status, err) == (0, f"spans written to {target}\n")
    with target.open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 5
    status, _, err = run("--db", str(path), "export", "--format", "csv", "--tag", "nope")
    assert status == 1 and err == "corpus-tui: no tag named 'nope'\n"


def test_export_xlsx_to_a_file(run, coded, tmp_path) -> None:
    path, _ = coded
    target = tmp_path / "spans.xlsx"
    status, _, _ = run("--db", str(path), "export", "--format", "xlsx", "-o", str(target))
    assert status == 0
    assert load_workbook(target, read_only=True).sheetnames == ["spans", "matrix"]
