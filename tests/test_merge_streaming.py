"""Merging reads the file a document at a time; an error found against the database part-way
through the apply still leaves the database as it was, and lists every such error."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from corpus_tui.corpus.reading import ParsedDocument, text_sha256
from corpus_tui.corpus.spans_format import InvalidSpansFile
from corpus_tui.store import spans_merge
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import highlights_for
from corpus_tui.store.spans_merge import merge_spans

TEXTS = ["Tumen River crossing.", "Kim Jong Un spoke.", "Hyesan market closed."]


def documents(db: Database) -> list[tuple[str, str]]:
    """Three documents; (id, sha256) of each."""
    found = []
    for number, text in enumerate(TEXTS):
        parsed = ParsedDocument(f"doc {number}", text, text_sha256(text))
        found.append((add_document(db, parsed, f"{number}.txt").document_id, parsed.sha256))
    return found


def spans_file(shas: list[str], ends: list[int]) -> str:
    lines = ["format: corpus-tui-spans", "version: 1", "documents:"]
    for sha, end, text in zip(shas, ends, TEXTS, strict=True):
        lines += [f"  - sha256: {sha}", "    spans:", "      - start: 0", f"        end: {end}"]
        lines.append(
            f'        text: "{text[:end]}"' if end <= len(text) else f"        text: {'x' * end}"
        )
    return "\n".join(lines) + "\n"


def counts(db: Database) -> tuple[int, int]:
    return (
        db.execute("SELECT count(*) FROM highlights").fetchone()[0],
        db.execute("SELECT count(*) FROM highlight_tags").fetchone()[0],
    )


def test_merge_places_every_document_of_the_file(db: Database) -> None:
    ids = documents(db)
    summary = merge_spans(db, spans_file([sha for _, sha in ids], [5, 3, 6]))
    assert summary.added == 3
    placed = [
        [text[h.start : h.end] for h in highlights_for(db, document_id)]
        for (document_id, _), text in zip(ids, TEXTS, strict=True)
    ]
    assert placed == [["Tumen"], ["Kim"], ["Hyesan"]]


def test_errors_found_while_applying_roll_back_and_are_all_listed(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = documents(db)
    monkeypatch.setattr(spans_merge, "BATCH", 1)  # the first document is written before
    before = counts(db)
    text = spans_file([sha for _, sha in ids], [5, 40, 50])
    with pytest.raises(InvalidSpansFile) as caught:
        merge_spans(db, text)
    assert caught.value.errors == [
        "documents[1].spans[0].end: 40 is past the end of the text (18 code points) whose "
        "sha256 the file gives",
        "documents[2].spans[0].end: 50 is past the end of the text (21 code points) whose "
        "sha256 the file gives",
    ]
    assert counts(db) == before
