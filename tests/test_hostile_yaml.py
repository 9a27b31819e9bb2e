"""Hostile spans files for `merge`: each is a clear error (or a clear skip) and the database is
exactly as it was.

Run the full-size version (a spans file of 200,000 spans) with
`pytest tests/test_hostile_yaml.py --soak`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from corpus_tui.corpus import spans_yaml
from corpus_tui.corpus.reading import ParsedDocument, text_sha256
from corpus_tui.corpus.spans_format import MAX_SPANS_FILE_BYTES
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import add_highlight
from tests.reliability import dump, run_cli

TEXT = "Forty people were detained in Kostrava on Monday, witnesses said.\n" * 20
SHA = text_sha256(TEXT)
# Users may have libyaml's loader or only the pure-Python one; both must refuse the same files.
LOADERS = [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)]
HEADER = "format: corpus-tui-spans\nversion: 1\n"


def _file(documents: str, header: str = HEADER) -> str:
    """A spans file with this header and documents, given as a flow value or a block list."""
    return header + "documents:" + ("\n" if documents.startswith(" ") else " ") + documents


def _span(start: object = 0, end: object = 5, text: object = '"Forty"', extra: str = "") -> str:
    return (
        f"  - sha256: {SHA}\n    spans:\n"
        f"      - {{start: {start}, end: {end}, text: {text}, tags: [place]{extra}}}\n"
    )


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# name -> (file text, words the error must contain; alternatives split by " | ")
HOSTILE = {
    "unclosed flow": (_file("  - [sha256: x\n"), "not valid YAML"),
    "tab indentation": (HEADER + "documents:\n\t- sha256: x\n", "not valid YAML"),
    "empty": ("", "file: expected a mapping"),
    "a list": ("- one\n- two\n", "file: expected a mapping"),
    "a bare string": ("just some words\n", "file: expected a mapping"),
    "two documents": (HEADER + "---\n" + HEADER, "not valid YAML"),
    "wrong format": (_file("[]\n", "format: other-tool\nversion: 1\n"), "format: expected"),
    "no format": (_file("[]\n", "version: 1\n"), "format: expected"),
    "version 2": (_file("[]\n", "format: corpus-tui-spans\nversion: 2\n"), "version: expected 1"),
    "version text": (
        _file("[]\n", 'format: corpus-tui-spans\nversion: "1"\n'),
        "version: expected 1",
    ),
    "version true": (_file("[]\n", "format: corpus-tui-spans\nversion: true\n"), "version"),
    "no documents": (HEADER, "documents: missing"),
    "documents a mapping": (HEADER + "documents: {a: 1}\n", "documents: expected a list"),
    "document a string": (_file("  - just text\n"), "documents[0]: expected a mapping"),
    "start a word": (_file(_span(start='"ten"')), "documents[0].spans[0].start"),
    "end a float": (_file(_span(end=5.5)), "documents[0].spans[0].end"),
    "start negative": (_file(_span(start=-1)), "documents[0].spans[0].start"),
    "start a boolean": (_file(_span(start="true")), "documents[0].spans[0].start"),
    "start missing": (
        _file(f"  - sha256: {SHA}\n    spans:\n      - {{end: 5, text: Forty}}\n"),
        "documents[0].spans[0].start: missing",
    ),
    "text a number": (_file(_span(text=12345)), "documents[0].spans[0].text"),
    "tags a string": (
        _file(
            f"  - sha256: {SHA}\n    spans:\n      - {{start: 0, end: 5, text: Forty, tags: x}}\n"
        ),
        "documents[0].spans[0].tags",
    ),
    "tag a mapping": (
        _file(
            f"  - sha256: {SHA}\n    spans:\n"
            "      - {start: 0, end: 5, text: Forty, tags: [{a: 1}]}\n"
        ),
        "documents[0].spans[0].tags[0]",
    ),
    "note a list": (_file(_span(extra=", note: [1, 2]")), "documents[0].spans[0].note"),
    "sha256 not hex": (
        _file("  - sha256: not-a-digest\n    spans: []\n"),
        "documents[0].sha256",
    ),
    "start after end": (_file(_span(start=10, end=5, text='""')), "is before start 10"),
    "text length differs": (_file(_span(text='"Fort"')), "has 4 code points"),
    "offsets past the text": (
        _file(_span(start=len(TEXT) + 10, end=len(TEXT) + 15, text='"Forty"')),
        "documents[0].spans[0]",
    ),
    "duplicate span ids": (
        _file(
            f"  - sha256: {SHA}\n    spans:\n"
            "      - {id: s1, start: 0, end: 5, text: Forty}\n"
            "      - {id: s1, start: 6, end: 12, text: people}\n"
        ),
        "documents[0].spans[1].id",
    ),
    "alias bomb": (_alias_bomb() + _file("[]\n"), "aliases"),
    "alias bomb in a note": (
        _alias_bomb() + _file(_span(extra=", note: *a9")),
        "aliases",
    ),
    "recursive alias": (_file("  - &loop [*loop]\n"), "aliases"),
    "python object": (
        _file("  - !!python/object/apply:os.system ['touch pwned']\n"),
        "not valid YAML",
    ),
    "python name": (HEADER + "documents: !!python/name:os.system\n", "not valid YAML"),
    "deep nesting": (
        HEADER + "documents: " + "[" * 20000 + "]" * 20000 + "\n",
        "nested more than 32 deep",
    ),
    "deep mappings": (
        HEADER + "documents: " + "{a: " * 20000 + "1" + "}" * 20000 + "\n",
        "nested more than 32 deep",
    ),
    # Values the app cannot make, show or remove (issue 11, item 7; item 4 for the colour).
    "colour not hex": (
        HEADER + 'tags:\n  - {name: place, color: "#zzzzzz"}\n' + "documents: []\n",
        "tags[0].color: expected #rrggbb",
    ),
    "colour a word": (
        HEADER + "tags:\n  - {name: place, color: red}\n" + "documents: []\n",
        "tags[0].color: expected #rrggbb",
    ),
    "free-text timestamp": (
        _file(_span(extra=", created_at: yesterday")),
        "documents[0].spans[0].created_at: expected an ISO 8601",
    ),
    "impossible date, quoted": (
        _file(_span(extra=', updated_at: "2030-02-30T10:00:00Z"')),
        "documents[0].spans[0].updated_at: expected an ISO 8601",
    ),
    "impossible date, unquoted": (
        _file(_span(extra=", created_at: 2030-02-30")),
        "documents[0].spans[0].created_at: expected an ISO 8601",
    ),
    "impossible export date": (
        HEADER + "exported_at: 2030-13-01T00:00:00Z\ndocuments: []\n",
        "exported_at: expected an ISO 8601",
    ),
    "zero-length span": (_file(_span(start=7, end=7, text='""')), "equals start"),
    "offsets past 2**63": (
        _file(_span(start=2**63, end=2**63 + 5)),
        "documents[0].spans[0].start: 9223372036854775808 is past any document",
    ),
    "duplicate documents key": (
        HEADER + "documents: []\n" + "documents:\n" + _span(),
        "duplicate key 'documents'",
    ),
    "duplicate span key": (
        _file(_span(extra=", start: 1")),
        "duplicate key 'start'",
    ),
    "note too long": (
        _file(_span(extra=f', note: "{"n" * 100_001}"')),
        "documents[0].spans[0].note: 100,001 characters; at most 100,000",
    ),
    "prefix too long": (
        _file(_span(extra=f', prefix: "{"p" * 1_001}"')),
        "documents[0].spans[0].prefix: 1,001 characters; at most 1,000",
    ),
}


@pytest.fixture
def seeded(db, db_path: Path) -> Path:
    """A database holding one document with one highlight; returns its path."""
    document = add_document(db, ParsedDocument("Kostrava", TEXT, SHA), "k.txt")
    add_highlight(db, document.document_id, 6, 12, ["people"], "first")
    return db_path


@pytest.mark.parametrize("loader", LOADERS, ids=["pure", "libyaml"])
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_spans_file_is_refused_and_nothing_changes(
    name: str, loader, seeded: Path, tmp_path: Path, monkeypatch
) -> None:
    content, words = HOSTILE[name]
    monkeypatch.setattr(spans_yaml, "_LOADER", loader)
    spans = tmp_path / "hostile.yaml"
    spans.write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = dump(seeded)
    status, out, err = run_cli("--db", str(seeded), "merge", str(spans))
    assert status == 1
    assert out == ""
    assert err.startswith(f"corpus-tui: {spans}: nothing was merged"), err
    details = err.split("fix these first:", 1)[-1]
    assert any(alternative in details for alternative in words.split(" | ")), err
    assert "Traceback" not in err
    assert dump(seeded) == before
    assert not (tmp_path / "pwned").exists()


def test_a_file_that_is_not_text_is_refused(seeded: Path, tmp_path: Path) -> None:
    spans = tmp_path / "binary.yaml"
    spans.write_bytes(b"format: corpus-tui-spans\n\xff\xfe\x00\x01")
    before = dump(seeded)
    status, _, err = run_cli("--db", str(seeded), "merge", str(spans))
    assert status == 1
    assert err == f"corpus-tui: {spans} is not UTF-8 text (byte 25); nothing was merged\n"
    assert dump(seeded) == before


@pytest.mark.parametrize("endless", ["/dev/zero", "sparse file over the limit"])
def test_an_endless_or_huge_file_is_refused_after_reading_the_limit(
    seeded: Path, tmp_path: Path, endless: str
) -> None:
    path = endless
    if endless.startswith("sparse"):
        big = tmp_path / "big.yaml"
        with open(big, "wb") as file:
            file.truncate(MAX_SPANS_FILE_BYTES + 1)
        path = str(big)
    before = dump(seeded)
    status, out, err = run_cli("--db", str(seeded), "merge", path)
    assert (status, out) == (1, "")
    assert err == (
        f"corpus-tui: {path} is larger than 128 MiB (split it: export --doc); nothing was merged\n"
    )
    assert dump(seeded) == before


def test_unknown_documents_are_named_and_skipped(seeded: Path, tmp_path: Path) -> None:
    spans = tmp_path / "unknown.yaml"
    spans.write_text(
        _file(
            f"  - sha256: '{'0' * 64}'\n    source: elsewhere/a.txt\n    spans:\n"
            "      - {start: 0, end: 5, text: Forty, tags: [place]}\n"
        ),
        encoding="utf-8",
    )
    before = dump(seeded)
    status, out, err = run_cli("--db", str(seeded), "merge", str(spans))
    assert (status, err) == (0, "")
    assert "skipped: elsewhere/a.txt: no such document in this database" in out.splitlines()
    assert dump(seeded) == before


def test_a_huge_file_with_one_error_at_its_end(seeded: Path, tmp_path: Path, soak: bool) -> None:
    count = 200_000 if soak else 20_000
    span = "      - {start: 0, end: 5, text: Forty, tags: [place], note: null}\n"
    last = "      - {start: 9, end: 3, text: '', tags: [place]}\n"
    spans = tmp_path / "huge.yaml"
    spans.write_text(
        _file(f"  - sha256: {SHA}\n    spans:\n" + span * count + last), encoding="utf-8"
    )
    before = dump(seeded)
    status, _, err = run_cli("--db", str(seeded), "merge", str(spans))
    assert status == 1
    assert f"documents[0].spans[{count}].end: 3 is before start 9" in err
    assert dump(seeded) == before
