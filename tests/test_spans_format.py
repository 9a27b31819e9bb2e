"""The spans file format: records round-trip exactly, and every error names its place."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_tui.corpus.anchoring import context_around
from corpus_tui.corpus.spans_format import (
    DocumentRecord,
    InvalidSpansFile,
    SpanRecord,
    SpansFile,
    TagRecord,
    parse_spans_file,
    render_spans_file,
)

SHA = "a" * 64


def span_record(text: str, start: int, end: int, **fields) -> SpanRecord:
    prefix, suffix = context_around(text, start, end)
    return SpanRecord(start, end, text[start:end], prefix, suffix, **fields)


def test_render_writes_every_field_of_the_contract_in_order() -> None:
    text = "The camp on the Tumen River."
    spans_file = SpansFile(
        tags=(TagRecord("place", "#3b82f6", "", 1),),
        documents=(
            DocumentRecord(
                "d1",
                "Camp",
                "a.txt",
                SHA,
                spans=(
                    span_record(
                        text, 16, 21, tags=("place",), id="s1", created_at="t0", updated_at="t1"
                    ),
                ),
            ),
        ),
        exported_at="2026-11-22T09:15:02Z",
    )
    assert render_spans_file(spans_file) == (
        "format: corpus-tui-spans\n"
        "version: 1\n"
        'exported_at: "2026-11-22T09:15:02Z"\n'
        "tags:\n"
        "  - name: place\n"
        '    color: "#3b82f6"\n'
        '    description: ""\n'
        "    spans: 1\n"
        "documents:\n"
        "  - id: d1\n"
        "    title: Camp\n"
        '    source: "a.txt"\n'
        f"    sha256: {SHA}\n"
        "    spans:\n"
        "      - id: s1\n"
        "        start: 16\n"
        "        end: 21\n"
        "        text: Tumen\n"
        '        prefix: "The camp on the "\n'
        '        suffix: " River."\n'
        "        tags: [place]\n"
        "        note: null\n"
        "        coder: null\n"
        "        created_at: t0\n"
        "        updated_at: t1\n"
        "    orphans: []\n"
    )


@st.composite
def documents_with_spans(draw) -> DocumentRecord:
    text = draw(st.text(min_size=1, max_size=300))
    spans = []
    for index in range(draw(st.integers(0, 5))):
        # A span has at least one character: merge refuses zero-length spans.
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        note = draw(st.none() | st.text(max_size=20))
        tags = tuple(draw(st.lists(st.text(min_size=1).filter(str.strip), max_size=3)))
        spans.append(span_record(text, start, end, tags=tags, note=note, id=str(index)))
    source = draw(st.text(min_size=1))
    return DocumentRecord(None, draw(st.text()), source, SHA, spans=tuple(spans), place="")


@settings(max_examples=200, deadline=None)
@given(documents=st.lists(documents_with_spans(), max_size=3))
def test_any_unicode_document_and_spans_round_trip_exactly(documents: list) -> None:
    # Span ids are unique within a file.
    documents = [
        DocumentRecord(
            d.id,
            d.title,
            d.source,
            d.sha256,
            tuple(replace(span, id=f"{i}.{span.id}") for span in d.spans),
            place=f"documents[{i}]",
        )
        for i, d in enumerate(documents)
    ]
    spans_file = SpansFile(
        (TagRecord("place", "#3b82f6"),), tuple(documents), "2026-01-02T03:04:05Z"
    )
    parsed = parse_spans_file(render_spans_file(spans_file))
    assert parsed == spans_file


def errors_of(text: str) -> list[str]:
    with pytest.raises(InvalidSpansFile) as caught:
        parse_spans_file(text)
    return caught.value.errors


def test_every_error_names_its_place() -> None:
    text = f"""\
format: corpus-tui-spans
version: 1
tags:
  - color: "#fff"
documents:
  - sha256: {SHA}
    spans:
      - {{start: 0, end: 5, text: Tumen}}
      - {{start: 3, end: 1, text: ""}}
      - {{start: "3", end: 4, text: a}}
      - {{start: 0, end: 2, text: abc, tags: [place, 7]}}
      - {{start: 0, end: 1, text: a, id: x}}
      - {{start: 0, end: 1, text: a, id: x}}
  - title: nowhere
    orphans:
      - {{end: 1, text: a}}
  - sha256: nope
"""
    assert errors_of(text) == [
        "tags[0].name: expected a non-empty string",
        "tags[0].color: expected #rrggbb, found '#fff'",
        "documents[0].spans[1].end: 1 is before start 3",
        "documents[0].spans[2].start: expected a whole number >= 0, found '3'",
        "documents[0].spans[3].text: has 3 code points but end - start is 2",
        "documents[0].spans[3].tags[1]: expected a non-empty tag name",
        "documents[0].spans[5].id: 'x' is also used by documents[0].spans[4]",
        "documents[1]: needs a sha256 or a source to find its document",
        "documents[1].orphans[0].start: missing",
        "documents[2].sha256: expected 64 lowercase hexadecimal digits",
    ]


def test_format_and_version_are_checked() -> None:
    assert errors_of("format: other\nversion: 2\ndocuments: []\n") == [
        "format: expected 'corpus-tui-spans', found 'other'",
        "version: expected 1, found 2",
    ]
    assert errors_of("- just\n- a list\n") == [
        "file: expected a mapping with format, version and documents"
    ]
    assert errors_of("format: corpus-tui-spans\nversion: 1\n") == ["documents: missing"]


def test_bad_yaml_names_line_and_column() -> None:
    [error] = errors_of('format: corpus-tui-spans\nversion: 1\ndocuments: [\n  "a\n')
    assert error.startswith("line ")
    assert "not valid YAML" in error


def test_unquoted_timestamps_are_read_as_utc_text() -> None:
    text = f"""\
format: corpus-tui-spans
version: 1
exported_at: 2026-11-22T09:15:02Z
documents:
  - sha256: {SHA}
    spans:
      - {{start: 0, end: 1, text: a, created_at: 2026-11-22 10:15:02+01:00}}
"""
    parsed = parse_spans_file(text)
    assert parsed.exported_at == "2026-11-22T09:15:02Z"
    assert parsed.documents[0].spans[0].created_at == "2026-11-22T09:15:02Z"
