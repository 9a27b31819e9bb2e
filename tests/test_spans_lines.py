"""The fast reader of our own spans layout reads exactly what `yaml.safe_load` reads, hands out
one document at a time, and leaves everything else to the YAML library."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_tui.corpus.spans_events import read_documents as read_any_documents
from corpus_tui.corpus.spans_format import (
    DocumentRecord,
    InvalidSpansFile,
    check_spans_file,
    parse_spans_file,
    spans_file_documents,
)
from corpus_tui.corpus.spans_lines import NotOurLayout, read_documents
from corpus_tui.corpus.spans_yaml import dump_yaml

HARD = [
    "",
    " leading and trailing ",
    "tab\there",
    'quote " and back\\slash',
    "yes",
    "No",
    "null",
    "~",
    "on",
    "true",
    "0x1F",
    "1_000",
    "12:30",
    "2026-11-22",
    "# not a comment",
    "key: value",
    "- dash",
    "[a, b]",
    "line\nbreak",
    "nel\x85ls\u2028ps\u2029",
    "nbsp\xa0",
    "bom\ufeffinside",
    "esc\x1bbell\x07del\x7fc1\x9b",
    "emoji 👩🏽‍⚖️ and 한국어",
    "zero\0",
    "comma, inside",
]


def tree(texts: list[str], tags: list[list[str]]) -> dict:
    spans = [
        {
            "id": f"s{i}",
            "start": i,
            "end": i + len(text),
            "text": text,
            "tags": tag_list,
            "note": None if i % 2 else text,
            "flag": bool(i % 3),
        }
        for i, (text, tag_list) in enumerate(zip(texts, tags, strict=True))
    ]
    return {
        "format": "corpus-tui-spans",
        "version": 1,
        "exported_at": "2026-11-22T09:15:02Z",
        "tags": [{"name": "place", "color": "#3b82f6", "description": "", "spans": 3}],
        "documents": [
            {"id": "d1", "title": "yes", "spans": spans, "orphans": [], "attributes": {}},
            {"id": "d2", "title": None, "spans": [], "orphans": spans[:1], "memo": {"a": 1}},
        ],
    }


def fast_read(text: str) -> tuple[dict, list[dict]]:
    top: dict = {}
    documents = list(read_documents(text, top))
    return top, documents


def test_our_layout_reads_as_safe_load_reads_it() -> None:
    data = tree(HARD, [["place", "yes", "a, b"]] * len(HARD))
    text = dump_yaml(data)
    top, documents = fast_read(text)
    loaded = yaml.safe_load(text)
    assert documents == loaded["documents"]
    assert top == {**loaded, "documents": []}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(), min_size=1, max_size=5),
    st.lists(st.lists(st.text(min_size=1), max_size=3), min_size=5, max_size=5),
)
def test_any_text_reads_back_as_safe_load_reads_it(texts: list[str], tags: list[list[str]]) -> None:
    text = dump_yaml(tree(texts, tags[: len(texts)]))
    try:
        _, documents = fast_read(text)
    except NotOurLayout:
        return  # then the YAML library reads it; nothing to compare
    assert documents == yaml.safe_load(text)["documents"]


@pytest.mark.parametrize(
    "text",
    [
        "format: corpus-tui-spans # a comment\n",
        "format: 'corpus-tui-spans'\n",
        "format: corpus-tui-spans\nformat: again\n",
        "documents:\n  - {id: a}\n",
        "exported_at: 2026-11-22\n",
        "version: 01\n",
        "documents:\n    - id: a\n",
        "a: 1\r\n",
        "a: 1",
        "a: &x 1\n",
    ],
)
def test_anything_else_is_left_to_the_yaml_library(text: str) -> None:
    with pytest.raises(NotOurLayout):
        fast_read(text)


VALID = """\
format: corpus-tui-spans
version: 1
documents:
  - source: a.txt
    spans:
      - start: 0
        end: 3
        text: abc
  - source: b.txt
    spans:
      - start: 1
        end: 2
        text: b
"""


def test_a_file_that_leaves_our_layout_half_way_is_read_again_from_the_start() -> None:
    text = VALID.replace("        text: b\n", "        text: 'b'\n")
    starts = []
    seen: list[str] = []

    def start():
        starts.append(len(seen))
        seen.clear()
        return lambda record: seen.append(record.source) or []

    header = check_spans_file(text, start)
    assert header.our_layout is False
    assert len(starts) == 2
    assert seen == ["a.txt", "b.txt"]
    records = list(spans_file_documents(text, header))
    assert [r.spans[0].text for r in records] == ["abc", "b"]


def test_errors_from_the_file_and_from_the_caller_are_listed_together() -> None:
    text = VALID.replace("end: 2", "end: -2")

    def start():
        def visit(record: DocumentRecord) -> list[str]:
            return [f"{record.place}: not in this database"]

        return visit

    with pytest.raises(InvalidSpansFile) as caught:
        check_spans_file(text, start)
    assert caught.value.errors == [
        "documents[1].spans[0].end: expected a whole number >= 0, found -2",
        "documents[0]: not in this database",
        "documents[1]: not in this database",
    ]


def test_a_scalar_where_the_documents_list_belongs_is_an_error() -> None:
    with pytest.raises(InvalidSpansFile) as caught:
        parse_spans_file("format: corpus-tui-spans\nversion: 1\ndocuments: 5\n")
    assert caught.value.errors == ["documents: expected a list"]


def test_nesting_past_the_limit_is_refused_in_our_layout_too() -> None:
    text = "".join(f"{'  ' * depth}a:\n" for depth in range(40)) + f"{'  ' * 40}b: 1\n"
    with pytest.raises(InvalidSpansFile) as caught:
        parse_spans_file(text)
    assert caught.value.errors == [
        "file: not a spans file: lists and mappings nested more than 32 deep"
    ]


def events_read(text: str) -> tuple[dict, list]:
    top: dict = {}
    documents = list(read_any_documents(text, top))
    return top, documents


@pytest.mark.parametrize("dumper", [yaml.SafeDumper, getattr(yaml, "CSafeDumper", yaml.SafeDumper)])
@pytest.mark.parametrize("flow", [False, None, True])
def test_any_layout_reads_through_the_events_as_safe_load_reads_it(dumper, flow) -> None:
    shared = tree([*HARD, "a long passage " * 20, "multi\nline\n\ntext\n"], [["x"]] * 28)
    data = json.loads(json.dumps(shared))  # no object twice, so no YAML aliases
    text = yaml.dump(data, Dumper=dumper, default_flow_style=flow, allow_unicode=True, width=40)
    top, documents = events_read(text)
    loaded = yaml.safe_load(text)
    assert documents == loaded["documents"]
    assert top == {**loaded, "documents": []}


def test_the_events_reader_resolves_scalars_as_safe_load() -> None:
    text = """\
format: corpus-tui-spans
version: 0x1
exported_at: 2026-11-22T09:15:02Z
tags: [{name: &n place}, {name: *n}]
documents:
- source: !!str 12
  title: |
    literal
    block
  memo: >-
    folded
    text
  when: 2030-02-30
  on: yes
  float: 1.5e3
  none: ~
  octal: 010
- just text
"""
    top, documents = events_read(text)
    loaded = yaml.safe_load(text.replace("2030-02-30", "'2030-02-30'"))
    assert documents == loaded["documents"]
    assert top == {**loaded, "documents": []}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", "duplicate key 'a' (first on line 1)"),
        ("a: 1\n---\nb: 2\n", "but found another document"),
        ("documents:\n- !!set {a, b}\n", "could not determine a constructor"),
        ("a: *nowhere\n", "found undefined alias"),
        ("documents: [\n", "expected"),
    ],
)
def test_the_events_reader_refuses_what_a_spans_file_never_holds(text: str, message: str) -> None:
    with pytest.raises(yaml.YAMLError, match=message.replace("(", r"\(").replace(")", r"\)")):
        events_read(text)


def test_documents_come_one_at_a_time() -> None:
    text = VALID.replace("  - source: b.txt", "  - source: b.txt\n    bad: [unclosed")
    top: dict = {}
    documents = read_any_documents(text, top)
    assert next(documents)["source"] == "a.txt"
    with pytest.raises(yaml.YAMLError):
        next(documents)
