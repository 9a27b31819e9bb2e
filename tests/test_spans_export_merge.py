"""Export and merge of spans YAML through the store: fields, bytes, idempotence, all or nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

import corpus_tui.store.spans_merge
from corpus_tui.corpus.reading import ParsedDocument, parse_bytes, text_sha256
from corpus_tui.corpus.spans_format import InvalidSpansFile
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import add_document, get_text
from corpus_tui.store.highlights import add_highlight, highlights_for
from corpus_tui.store.orphans import list_orphans
from corpus_tui.store.output_paths import write_output
from corpus_tui.store.spans_export import export_spans
from corpus_tui.store.spans_merge import merge_spans
from corpus_tui.store.tags import ensure_tag, get_tag, list_tags

STAMP = "2026-11-22T09:15:02Z"

NEWS = (
    "North Korea’s National Security Agency requested the “repatriation” of 24 defectors "
    "held at Tumen.\n\n"
    "A source in 두만강 (the Tumen River) said: “It's over.” Prices: 5 yes/no # null\n"
)
HOSTILE = "Line\u2028break, next\x85line, tab\there, emoji 👨‍👩‍👧 and \ufeffBOM.\n"
SECOND = "Kim Jong-un visited Shenyang. Kim Jong-un left Shenyang.\n"


def add(db: Database, text: str, source: str) -> str:
    return add_document(db, parse_bytes(text.encode(), source), source).document_id


def corpus(db: Database) -> dict[str, str]:
    ids = {"news": add(db, NEWS, "news.txt"), "hostile": add(db, HOSTILE, "hostile.txt")}
    ids["second"] = add(db, SECOND, "second.txt")
    add(db, "No spans here.", "empty.txt")
    return ids


def code(db: Database, ids: dict[str, str]) -> None:
    ensure_tag(db, "place", "#3b82f6", "where things happen")
    news = get_text(db, ids["news"])
    for needle, tags in (("두만강", ["place"]), ("“It's over.”", ["quote"]), ("Tumen", ["place"])):
        start = news.index(needle)
        add_highlight(db, ids["news"], start, start + len(needle), tags, note="n: #1 yes")
    hostile = get_text(db, ids["hostile"])
    add_highlight(db, ids["hostile"], 0, len(hostile), ["quote", "place"], note="a\x85b")
    add_highlight(db, ids["second"], 0, 11, ["person"])
    add_highlight(db, ids["second"], 30, 41, ["person"])


def load(text: str) -> dict:
    return yaml.safe_load(text)


def test_export_has_every_field_and_text_equals_the_stored_slice(db: Database) -> None:
    ids = corpus(db)
    code(db, ids)
    data = load(export_spans(db, exported_at=STAMP))
    assert (data["format"], data["version"], data["exported_at"]) == (
        "corpus-tui-spans",
        1,
        STAMP,
    )
    assert [t["name"] for t in data["tags"]] == ["place", "quote", "person"]
    assert {t["name"]: t["spans"] for t in data["tags"]} == {"place": 3, "quote": 2, "person": 2}
    assert data["tags"][0]["description"] == "where things happen"
    assert [d["source"] for d in data["documents"]] == ["news.txt", "hostile.txt", "second.txt"]
    for document in data["documents"]:
        text = get_text(db, document["id"])
        assert document["sha256"] == text_sha256(text)
        assert set(document) >= {"id", "title", "source", "sha256", "spans", "orphans"}
        starts = [(s["start"], s["end"], s["id"]) for s in document["spans"]]
        assert starts == sorted(starts)
        for span in document["spans"]:
            assert span["text"] == text[span["start"] : span["end"]]
            assert span["prefix"] == text[max(0, span["start"] - 32) : span["start"]]
            assert span["suffix"] == text[span["end"] : span["end"] + 32]
            assert set(span) == {
                "id", "start", "end", "text", "prefix", "suffix", "tags", "note", "coder",
                "created_at", "updated_at",
            }  # fmt: skip
    assert data["documents"][1]["spans"][0]["text"] == HOSTILE
    assert data["documents"][1]["spans"][0]["note"] == "a\x85b"


def test_filters_by_tag_and_document_count_only_what_is_exported(db: Database) -> None:
    ids = corpus(db)
    code(db, ids)
    data = load(export_spans(db, tags=["person"], exported_at=STAMP))
    assert [d["source"] for d in data["documents"]] == ["second.txt"]
    assert data["tags"] == [{"name": "person", "color": get_tag(db, "person").color,
                             "description": "", "spans": 2}]  # fmt: skip
    data = load(export_spans(db, documents=[ids["hostile"]], exported_at=STAMP))
    assert [d["source"] for d in data["documents"]] == ["hostile.txt"]
    assert {t["name"]: t["spans"] for t in data["tags"]} == {"place": 1, "quote": 1}
    with pytest.raises(ValueError, match="no tag named 'nope'"):
        export_spans(db, tags=["nope"])
    with pytest.raises(ValueError, match="no document with id 'nope'"):
        export_spans(db, documents=["nope"])


def fresh_copy_of_documents(tmp_path: Path, name: str) -> Database:
    other = open_db(tmp_path / name)
    corpus(other)
    return other


def test_export_merge_into_a_fresh_database_export_gives_the_same_bytes(
    db: Database, tmp_path: Path
) -> None:
    ids = corpus(db)
    code(db, ids)
    # An orphan too: the second document's source changes and one highlight cannot follow.
    add(db, "Kim Jong-un visited Shenyang. He left.\n", "second.txt")
    assert len(list_orphans(db)) == 1
    exported = export_spans(db, exported_at=STAMP)
    assert exported == export_spans(db, exported_at=STAMP)

    other = fresh_copy_of_documents(tmp_path, "other.db")
    add(other, "Kim Jong-un visited Shenyang. He left.\n", "second.txt")
    summary = merge_spans(other, exported)
    assert (summary.added, summary.orphaned, summary.reanchored, summary.unchanged) == (5, 1, 0, 0)
    assert summary.tags_created == ["place", "quote", "person"]
    assert export_spans(other, exported_at=STAMP) == exported

    again = merge_spans(other, exported)
    assert (again.added, again.orphaned, again.reanchored, again.unchanged) == (0, 0, 0, 6)
    assert again.tags_created == [] and again.kept_ours == []
    assert export_spans(other, exported_at=STAMP) == exported
    other.close()


def test_merge_reanchors_into_a_changed_version_matched_by_source(
    db: Database, tmp_path: Path
) -> None:
    ids = corpus(db)
    code(db, ids)
    exported = export_spans(db, exported_at=STAMP)
    other = open_db(tmp_path / "other.db")
    changed = "Correction: a name was misspelt.\n\n" + NEWS.replace("24 defectors", "25 defectors")
    add(other, changed, "news.txt")
    summary = merge_spans(other, exported)
    assert summary.missing_documents == ["hostile.txt", "second.txt"]
    assert (summary.added, summary.reanchored, summary.orphaned) == (0, 3, 0)
    text = get_text(other, add(other, changed, "news.txt"))
    placed = {text[h.start : h.end] for h in highlights_for(other, text_sha256(changed)[:16])}
    assert placed == {"두만강", "“It's over.”", "Tumen"}
    other.close()


def test_merge_into_the_database_that_exported_changes_nothing(db: Database) -> None:
    ids = corpus(db)
    code(db, ids)
    exported = export_spans(db, exported_at=STAMP)
    summary = merge_spans(db, exported)
    assert (summary.added, summary.unchanged) == (0, 6)
    assert export_spans(db, exported_at=STAMP) == exported


def test_a_span_equal_to_one_already_there_is_not_added_twice(db: Database) -> None:
    ids = corpus(db)
    add_highlight(db, ids["second"], 0, 11, ["person"])
    sha = text_sha256(SECOND)
    text = f"""\
format: corpus-tui-spans
version: 1
documents:
  - sha256: {sha}
    spans:
      - {{start: 0, end: 11, text: Kim Jong-un, tags: [person]}}
      - {{start: 0, end: 11, text: Kim Jong-un, tags: [person, leader]}}
"""
    summary = merge_spans(db, text)
    assert (summary.unchanged, summary.added) == (1, 1)
    assert summary.tags_created == ["leader"]
    assert len(highlights_for(db, ids["second"])) == 2


def test_a_tag_with_another_colour_keeps_the_database_one(db: Database) -> None:
    corpus(db)
    ensure_tag(db, "place", "#111111")
    summary = merge_spans(
        db,
        "format: corpus-tui-spans\nversion: 1\ndocuments: []\n"
        'tags:\n  - {name: place, color: "#222222"}\n  - {name: new, color: "#333333"}\n',
    )
    assert summary.tags_differing == ["place"]
    assert get_tag(db, "place").color == "#111111"
    assert get_tag(db, "new").color == "#333333"


def table_counts(db: Database) -> dict[str, int]:
    return {
        name: db.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        for name in ("tags", "highlights", "highlight_tags", "orphans", "orphan_tags")
    }


def test_offsets_past_the_end_of_a_sha256_match_are_an_error_and_nothing_is_written(
    db: Database,
) -> None:
    corpus(db)
    before = table_counts(db)
    text = f"""\
format: corpus-tui-spans
version: 1
tags: [{{name: fresh}}]
documents:
  - sha256: {text_sha256(SECOND)}
    spans:
      - {{start: 0, end: 3, text: Kim, tags: [fresh]}}
      - {{start: 100, end: 103, text: abc}}
"""
    with pytest.raises(InvalidSpansFile) as caught:
        merge_spans(db, text)
    assert caught.value.errors == [
        "documents[0].spans[1].end: 103 is past the end of the text (57 code points) "
        "whose sha256 the file gives"
    ]
    assert table_counts(db) == before


def test_a_failure_in_the_middle_of_a_merge_writes_nothing(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = corpus(db)
    code(db, ids)
    exported = export_spans(db, exported_at=STAMP)
    other = fresh_copy_of_documents(tmp_path, "other.db")
    before = table_counts(other)
    calls = []
    real = corpus_tui.store.spans_merge._Merger.document

    def failing(self, *args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(self, *args, **kwargs)

    # Every document's rows written before the next one: the failure comes after some writes.
    monkeypatch.setattr(corpus_tui.store.spans_merge, "BATCH", 1)
    monkeypatch.setattr(corpus_tui.store.spans_merge._Merger, "document", failing)
    with pytest.raises(OSError, match="disk full"):
        merge_spans(other, exported)
    assert len(calls) == 3
    assert table_counts(other) == before
    other.close()


def test_merge_of_an_invalid_file_lists_every_error(db: Database) -> None:
    corpus(db)
    with pytest.raises(InvalidSpansFile) as caught:
        merge_spans(db, "format: corpus-tui-spans\nversion: 1\ndocuments:\n  - spans: 3\n")
    assert caught.value.errors == [
        "documents[0]: needs a sha256 or a source to find its document",
        "documents[0].spans: expected a list",
    ]


def test_an_export_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "spans.yaml"
    target.write_text("old")
    write_output(target, "new: “text”\n")
    assert target.read_text(encoding="utf-8") == "new: “text”\n"
    assert [p.name for p in tmp_path.iterdir()] == ["spans.yaml"]


@settings(max_examples=25, deadline=None)
@given(
    text=st.text(min_size=1, max_size=200),
    bounds=st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=4),
    note=st.none() | st.text(max_size=20),
)
def test_any_unicode_text_exports_exactly_and_merges_back(text, bounds, note) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source_db, target_db = open_db(Path(folder) / "a.db"), open_db(Path(folder) / "b.db")
        parsed = ParsedDocument("t", text, text_sha256(text))
        document_id = add_document(source_db, parsed, "a.txt").document_id
        add_document(target_db, parsed, "a.txt")
        for a, b in bounds:
            start, end = sorted((min(a, len(text)), min(b, len(text))))
            if start == end:  # a span has at least one character: merge refuses empty ones
                start, end = (start - 1, start) if start else (0, 1)
            add_highlight(source_db, document_id, start, end, ["t"], note)
        exported = export_spans(source_db, exported_at=STAMP)
        for loader in (yaml.SafeLoader, yaml.CSafeLoader):
            data = yaml.load(exported, Loader=loader)
            for span in data["documents"][0]["spans"] if bounds else []:
                assert span["text"] == text[span["start"] : span["end"]]
                assert span["note"] == note
        merge_spans(target_db, exported)
        assert export_spans(target_db, exported_at=STAMP) == exported
        assert [t.name for t in list_tags(target_db)] == (["t"] if bounds else [])
        source_db.close()
        target_db.close()


def test_merge_into_a_newer_version_matched_by_the_old_sha256(db: Database, tmp_path: Path) -> None:
    ids = corpus(db)
    code(db, ids)
    exported = export_spans(db, documents=[ids["news"]], exported_at=STAMP)
    other = open_db(tmp_path / "other.db")
    add(other, NEWS, "old-name.txt")
    newer = "Editor's note: updated.\n\n" + NEWS.replace("“It's over.”", "“It is over.”")
    document_id = add(other, newer, "old-name.txt")
    summary = merge_spans(other, exported)
    assert (summary.reanchored, summary.orphaned, summary.missing_documents) == (3, 0, [])
    text = get_text(other, document_id)
    # The quote edited by the new version follows its passage (a fuzzy match).
    assert sorted(text[h.start : h.end] for h in highlights_for(other, document_id)) == [
        "Tumen",
        "“It is over.”",
        "두만강",
    ]
    other.close()
