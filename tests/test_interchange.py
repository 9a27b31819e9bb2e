"""REFI-QDA (.qdpx) and W3C Web Annotation exports, checked against their published schemas;
QDPX import of our own projects (round trip) and of projects as other tools write them."""

# The hand-written projects keep one XML element a line, as the tools write them.
# ruff: noqa: E501

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from sqlite_utils import Database

from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import add_document, get_text, list_documents
from corpus_tui.store.highlights import add_highlight, highlights_for
from corpus_tui.store.importer import import_paths
from corpus_tui.store.qdpx_export import export_qdpx
from corpus_tui.store.tags import ensure_tag, list_tags
from corpus_tui.store.w3c_export import export_w3c

HERE = Path(__file__).parent
PROJECT_XSD = xmlschema.XMLSchema(HERE / "refi" / "Project.xsd")
# The schema names no draft jsonschema knows ("schema#"); it is written for draft 7.
WADM = jsonschema.Draft7Validator(json.loads((HERE / "w3c" / "wadm-schema.json").read_text()))

NEWS = (
    "Police in Kostrava detained 1,200 people.\n\n"
    "“We were not told why,” said one man (anonymous). 두만강 👨‍👩‍👧 done.\n"
)
SECOND = "Kim Jong-un visited Shenyang.\nKim Jong-un left Shenyang.\n"


def coded(db: Database) -> dict[str, str]:
    ids = {}
    for name, text in (("news.txt", NEWS), ("second.txt", SECOND), ("empty.txt", "Nothing.")):
        ids[name] = add_document(db, parse_bytes(text.encode(), name), name).document_id
    ensure_tag(db, "place", "#3b82f6", "Towns & rivers <where>")
    ensure_tag(db, "quote", "#ef4444", "")
    news = ids["news.txt"]
    for needle, tags, coder, note in (
        ("Kostrava", ["place"], "ana", None),
        ("Kostrava", ["place"], "ben", None),
        ("1,200 people", ["number"], None, "count \x01 from police"),
        ("“We were not told why,”", ["quote"], "ana", "verbatim"),
        ("두만강 👨‍👩‍👧", ["place", "quote"], "ben", None),
    ):
        start = NEWS.index(needle)
        add_highlight(db, news, start, start + len(needle), tags, note, coder=coder)
    add_highlight(db, ids["second.txt"], 0, 11, ["person"], coder="ana")
    db.execute("UPDATE documents SET memo = 'Check the date' WHERE id = ?", [news])
    db.execute(
        "INSERT INTO document_attributes VALUES (?, 'year', '2019', 'number'), "
        "(?, 'outlet', 'Meridian Wire', 'text')",
        [news, news],
    )
    return ids


def project_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("project.qde").decode("utf-8")


def coding_of(db: Database) -> set[tuple]:
    """Documents, spans, tags and coders, as a set comparable across databases."""
    spans = set()
    for document in list_documents(db):
        text = get_text(db, document.id)
        for h in highlights_for(db, document.id):
            spans.add(
                (document.id, h.start, h.end, text[h.start : h.end], frozenset(h.tags), h.coder)
            )
    return spans


def test_qdpx_export_is_valid_against_the_refi_qda_schema(db: Database) -> None:
    ids = coded(db)
    project = export_qdpx(db, exported_at="2026-11-22T09:15:02Z")
    xml = project_xml(project.data)
    PROJECT_XSD.validate(xml)
    assert (project.documents, project.spans, project.characters_replaced) == (3, 6, 1)
    tree = PROJECT_XSD.to_dict(xml)
    assert sorted(u["@name"] for u in tree["Users"]["User"]) == ["ana", "ben"]
    codes = {c["@name"]: c for c in tree["CodeBook"]["Codes"]["Code"]}
    assert codes["place"]["@color"] == "#3b82f6"
    assert codes["place"]["Description"] == "Towns & rivers <where>"
    assert {v["@name"]: v["@typeOfVariable"] for v in tree["Variables"]["Variable"]} == {
        "outlet": "Text",
        "year": "Integer",
    }
    with zipfile.ZipFile(io.BytesIO(project.data)) as archive:
        [news] = [s for s in tree["Sources"]["TextSource"] if s["@name"].startswith("Police")]
        path = news["@plainTextPath"].removeprefix("internal://")
        assert archive.read(f"sources/{path}").decode("utf-8") == NEWS
    # Positions are code points, end exclusive: the emoji family is 5 code points.
    selection = next(
        s for s in news["PlainTextSelection"] if s["@startPosition"] == NEWS.index("두만강")
    )
    assert selection["@endPosition"] - selection["@startPosition"] == len("두만강 👨‍👩‍👧") == 9
    assert export_qdpx(db, exported_at="2026-11-22T09:15:02Z").data == project.data
    only_ben = export_qdpx(db, coders=["ben"], documents=[ids["news.txt"]])
    assert only_ben.spans == 2 and only_ben.documents == 1


def test_qdpx_round_trip_keeps_documents_spans_tags_and_coders(
    db: Database, tmp_path: Path
) -> None:
    coded(db)
    first = export_qdpx(db, exported_at="2026-11-22T09:15:02Z")
    path = tmp_path / "team.qdpx"
    path.write_bytes(first.data)
    other = open_db(tmp_path / "other.db")
    summary = import_paths(other, [path])
    assert len(summary.added) == 3 and not summary.rejected
    assert coding_of(other) == coding_of(db)
    assert [(t.name, t.color, t.description) for t in list_tags(other)] == [
        (t.name, t.color, t.description) for t in list_tags(db)
    ]
    news = next(d for d in list_documents(other) if d.title.startswith("Police"))
    memo = other.execute("SELECT memo FROM documents WHERE id = ?", [news.id]).fetchone()
    assert memo == ("Check the date",)
    attributes = other.execute(
        "SELECT key, value, kind FROM document_attributes ORDER BY key"
    ).fetchall()
    assert attributes == [("outlet", "Meridian Wire", "text"), ("year", "2019", "number")]
    second = export_qdpx(other, exported_at="2026-11-22T09:15:02Z")
    again = PROJECT_XSD.to_dict(project_xml(second.data))
    before = PROJECT_XSD.to_dict(project_xml(first.data))
    # Only the description (naming the file each was imported from) differs.
    for tree in (again, before):
        for source in tree["Sources"]["TextSource"]:
            source.pop("Description")
    assert again["Sources"] == before["Sources"] and again["Users"] == before["Users"]
    assert again["CodeBook"] == before["CodeBook"]
    # Importing the same project again adds nothing.
    import_paths(other, [path])
    assert coding_of(other) == coding_of(db)
    assert other.execute("SELECT count(*) FROM highlights").fetchone()[0] == 6
    other.close()


GUIDS = {
    name: f"{index:08X}-0000-4000-8000-{index:012X}"
    for index, name in enumerate(
        ["user1", "user2", "code1", "code2", "code3", "src1", "sel1", "sel2", "sel3", "c1", "c2",
         "c3", "c4", "note1", "src2", "pdf", "src3", "sel4", "c5", "var1", "sel5", "c6"],
        start=1,
    )
}  # fmt: skip
CRLF_TEXT = "Interviewer: Where were you held?\r\nRespondent: In Kostrava, at the camp.\r\nEnd."
BOM_TEXT = "\ufeffThe river crossing at Tumen."


def atlas_project() -> str:
    """A project as ATLAS.ti writes one: named after the project, CRLF sources where a CRLF
    is one position, nested codes, braces around GUIDs, and things we cannot keep."""
    g = {name: "{" + value + "}" if name == "code3" else value for name, value in GUIDS.items()}
    lf = CRLF_TEXT.replace("\r\n", "\n")
    where = lf.index("Kostrava")
    held = lf.index("Where were you held?")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Interviews" origin="ATLAS.ti 23">
  <Users>
    <User guid="{g["user1"]}" name="Enric" />
    <User guid="{g["user2"]}" name="Mina" />
  </Users>
  <CodeBook><Codes>
    <Code guid="{g["code1"]}" name="Places" isCodable="true" color="#00ff00">
      <Code guid="{g["code2"]}" name="camp" isCodable="true" />
    </Code>
    <Code guid="{g["code3"]}" name="question" isCodable="true" color="#abc" />
  </Codes></CodeBook>
  <Variables><Variable guid="{g["var1"]}" name="wave" typeOfVariable="Integer" /></Variables>
  <Cases><Case guid="{g["c6"]}" name="Respondent 1" /></Cases>
  <Sources>
    <TextSource guid="{g["src1"]}" name="Interview 1.txt" plainTextPath="internal://{g["src1"]}.txt" creatingUser="{g["user1"]}">
      <PlainTextSelection guid="{g["sel1"]}" startPosition="{where}" endPosition="{where + 8}" creatingUser="{g["user1"]}" creationDateTime="2023-08-16T15:49:36Z">
        <Coding guid="{g["c1"]}" creatingUser="{g["user1"]}"><CodeRef targetGUID="{g["code1"]}" /></Coding>
        <Coding guid="{g["c2"]}" creatingUser="{g["user2"]}"><CodeRef targetGUID="{g["code2"]}" /></Coding>
        <NoteRef targetGUID="{g["note1"]}" />
      </PlainTextSelection>
      <PlainTextSelection guid="{g["sel2"]}" startPosition="{held}" endPosition="{held + 20}" creatingUser="{g["user2"]}">
        <Coding guid="{g["c3"]}"><CodeRef targetGUID="{g["code3"]}" /></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{g["sel3"]}" startPosition="9000" endPosition="9010">
        <Coding guid="{g["c4"]}"><CodeRef targetGUID="{g["code3"]}" /></Coding>
      </PlainTextSelection>
      <VariableValue><VariableRef targetGUID="{g["var1"]}" /><IntegerValue>2</IntegerValue></VariableValue>
    </TextSource>
    <PDFSource guid="{g["pdf"]}" name="Report.pdf" path="relative://Report.pdf" />
  </Sources>
  <Notes>
    <Note guid="{g["note1"]}" name="on Kostrava"><PlainTextContent>Check the camp's name</PlainTextContent></Note>
  </Notes>
</Project>
"""


def write_qdpx(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_an_atlas_ti_project_with_crlf_sources_lands_on_the_right_text(
    db: Database, tmp_path: Path
) -> None:
    path = write_qdpx(
        tmp_path / "Interviews.qdpx",
        {
            "Interviews.qde": atlas_project(),
            f"sources/{GUIDS['src1']}.txt": CRLF_TEXT,
        },
    )
    summary = import_paths(db, [path])
    assert [source.rsplit("/", 2)[-2:] for source in summary.added] == [
        ["Interviews.qdpx", "Interview 1.txt"]
    ]
    [document] = list_documents(db)
    assert document.format == "qdpx"
    text = get_text(db, document.id)
    assert text == CRLF_TEXT.replace("\r\n", "\n")
    found = sorted(
        (text[h.start : h.end], h.tags, h.coder, h.note) for h in highlights_for(db, document.id)
    )
    assert found == [
        ("Kostrava", ("Places",), "Enric", "Check the camp's name"),
        ("Kostrava", ("camp",), "Mina", None),
        ("Where were you held?", ("question",), "Mina", None),
    ]
    assert {t.name: t.color for t in list_tags(db)}["Places"] == "#00ff00"
    attributes = db.execute("SELECT key, value, kind FROM document_attributes").fetchall()
    assert attributes == [("wave", "2", "number")]
    dropped = "\n".join(summary.dropped)
    for expected in ("PDFSource 'Report.pdf'", "Cases: 1", "9000-9010", "'camp' was under"):
        assert expected in dropped


def test_qualcoder_bom_and_raw_crlf_positions(db: Database, tmp_path: Path) -> None:
    lf = CRLF_TEXT.replace("\r\n", "\n")
    # A tool counting CRLF as two: "End." starts two positions later than in the LF text.
    raw_end = CRLF_TEXT.index("End.")
    project = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="qc" origin="QualCoder">
  <CodeBook><Codes><Code guid="{GUIDS["code1"]}" name="river" isCodable="true" /></Codes></CodeBook>
  <Sources>
    <TextSource guid="{GUIDS["src2"]}" name="river.txt" plainTextPath="internal://river.txt">
      <PlainTextSelection guid="{GUIDS["sel4"]}" startPosition="22" endPosition="27">
        <Coding guid="{GUIDS["c5"]}"><CodeRef targetGUID="{GUIDS["code1"]}" /></Coding>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="{GUIDS["src3"]}" name="raw.txt" plainTextPath="internal://raw.txt">
      <PlainTextSelection guid="{GUIDS["sel5"]}" startPosition="{raw_end}" endPosition="{raw_end + 4}">
        <Coding guid="{GUIDS["c6"]}"><CodeRef targetGUID="{GUIDS["code1"]}" /></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>"""
    path = write_qdpx(
        tmp_path / "qc.qdpx",
        {
            "project.qde": project,
            "sources/river.txt": BOM_TEXT.encode("utf-8"),
            "sources/raw.txt": CRLF_TEXT,
        },
    )
    summary = import_paths(db, [path])
    assert len(summary.added) == 2
    texts = {}
    for document in list_documents(db):
        text = get_text(db, document.id)
        texts[document.title] = [text[h.start : h.end] for h in highlights_for(db, document.id)]
        assert not text.startswith("\ufeff")
    assert texts == {"river.txt": ["Tumen"], "raw.txt": ["End."]}
    assert lf.endswith("End.")
    assert any("CRLF as two" in line for line in summary.dropped)


def test_a_broken_project_is_one_rejection_and_the_other_files_go_in(
    db: Database, tmp_path: Path, run
) -> None:
    (tmp_path / "broken.qdpx").write_bytes(b"not a zip")
    write_qdpx(tmp_path / "empty.qdpx", {"notes.txt": "no project here"})
    (tmp_path / "plain.txt").write_text("A plain file.\n", encoding="utf-8")
    db_path = tmp_path / "cli.db"
    status, out, err = run(
        "--db", str(db_path), "import", str(tmp_path / "broken.qdpx"),
        str(tmp_path / "empty.qdpx"), str(tmp_path / "plain.txt"),
    )  # fmt: skip
    assert status == 0, err
    lines = out.splitlines()
    assert any(line.startswith("rejected:") and "broken.qdpx" in line for line in lines)
    assert any(line.startswith("rejected:") and "empty.qdpx" in line for line in lines)
    assert lines[-1].startswith("1 added")


def test_cli_exports_qdpx_and_w3c_files(db: Database, db_path: Path, tmp_path: Path, run) -> None:
    coded(db)
    target = tmp_path / "out.qdpx"
    status, _, err = run("--db", str(db_path), "export", "--format", "qdpx", "-o", str(target))
    assert status == 0, err
    PROJECT_XSD.validate(project_xml(target.read_bytes()))
    status, out, _ = run("--db", str(db_path), "export", "--format", "w3c", "--coder", "ana")
    assert status == 0
    assert json.loads(out)["total"] == 3


def test_w3c_export_validates_against_the_web_annotation_schema(db: Database) -> None:
    ids = coded(db)
    collection = json.loads(export_w3c(db, exported_at="2026-11-22T09:15:02Z"))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    page = collection["first"]
    assert page["type"] == "AnnotationPage" and collection["total"] == len(page["items"]) == 6
    for item in page["items"]:
        WADM.validate(item)
    by_text = {
        a["target"]["selector"][1]["exact"] + "|" + a.get("creator", ""): a for a in page["items"]
    }
    quote = by_text["“We were not told why,”|urn:corpus-tui:coder:ana"]
    position, text_quote = quote["target"]["selector"]
    assert position == {
        "type": "TextPositionSelector",
        "start": NEWS.index("“We"),
        "end": NEWS.index("“We") + len("“We were not told why,”"),
    }
    assert NEWS[position["start"] : position["end"]] == text_quote["exact"]
    assert text_quote["prefix"] == NEWS[: position["start"]][-32:]
    assert quote["body"] == [
        {"type": "TextualBody", "value": "quote", "purpose": "tagging"},
        {"type": "TextualBody", "value": "verbatim", "purpose": "commenting"},
    ]
    assert quote["target"]["source"] == f"urn:corpus-tui:document:{ids['news.txt']}"
    unknown = by_text["1,200 people|"]
    assert "creator" not in unknown
    with pytest.raises(ValueError, match="no tag named"):
        export_w3c(db, tags=["nope"])
