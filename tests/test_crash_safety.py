"""Crash safety: writers killed with SIGKILL at random moments lose nothing they confirmed.

Run the long version with `pytest tests/test_crash_safety.py --soak`.
"""

from __future__ import annotations

import random
from pathlib import Path

from corpus.reading import ParsedDocument, read_document, text_sha256
from store.documents import add_document, get_text, list_documents
from store.highlights import highlights_for
from store.importer import import_paths
from tests.reliability import kill_at_random, open_sound, start_driver

TEXT = "\n\n".join(
    f"Paragraph {n}: witnesses in Kostrava counted {n * 3} people detained near the river. "
    "Kim Jong-un's envoy — «confirmed» — 確認済み. 👩🏽‍⚕️ e\u0301"
    for n in range(200)
)


def test_highlights_whose_write_returned_survive_sigkill(db, db_path: Path, soak: bool) -> None:
    document = add_document(db, ParsedDocument("Kill test", TEXT, text_sha256(TEXT)), "k.txt")
    rng = random.Random(7)
    confirmed: dict[str, dict] = {}
    kills = 300 if soak else 12
    for _ in range(kills):
        child = start_driver("highlights", db_path, document.document_id)
        for made in kill_at_random(child, rng, lines=rng.randrange(1, 40)):
            confirmed[made["id"]] = made
        after = open_sound(db_path)
        stored = {h.id: h for h in highlights_for(after, document.document_id)}
        after.close()
        for span_id, made in confirmed.items():
            kept = stored[span_id]
            assert (kept.start, kept.end, kept.note) == (made["start"], made["end"], made["note"])
            assert sorted(kept.tags) == made["tags"]
        # A kill between the commit and the report leaves at most one unconfirmed highlight.
        assert len(stored) - len(confirmed) <= kills
    assert len(confirmed) >= kills


def _corpus_folder(root: Path, files: int) -> Path:
    """Files of very different sizes, so kills land inside small and large transactions."""
    rng = random.Random(11)
    for n in range(files):
        paragraphs = rng.choice((1, 5, 40, 400))
        body = "\n\n".join(
            f"Report {n}.{p}: {rng.randrange(10**6)} people crossed at Hyesan." * 3
            for p in range(paragraphs)
        )
        (root / f"{n:03d}.txt").write_text(f"Dispatch {n}\n\n{body}\n", encoding="utf-8")
    return root


def _assert_documents_whole(db) -> None:
    """Every document has its current version's text, and the counts agree with that text."""
    rows = db.execute(
        "SELECT d.id, d.sha256, d.chars, d.version, "
        "(SELECT count(*) FROM document_versions v WHERE v.document_id = d.id) FROM documents d"
    ).fetchall()
    for document_id, sha256, chars, version, versions in rows:
        text = get_text(db, document_id)
        assert (text_sha256(text), len(text)) == (sha256, chars)
        assert versions == version
    orphaned = db.execute(
        "SELECT count(*) FROM document_versions WHERE document_id NOT IN (SELECT id FROM documents)"
    ).fetchone()[0]
    assert orphaned == 0


def test_import_killed_anywhere_leaves_no_half_document(db, db_path: Path, tmp_path, soak) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    _corpus_folder(folder, 120 if soak else 40)
    db.close()
    rng = random.Random(3)
    confirmed: set[str] = set()
    for _ in range(150 if soak else 8):
        child = start_driver("import", db_path, folder)
        confirmed.update(kill_at_random(child, rng, lines=rng.randrange(0, 40)))
        after = open_sound(db_path)
        _assert_documents_whole(after)
        sources = [d.source for d in list_documents(after)]
        after.close()
        assert len(sources) == len(set(sources))
        assert confirmed <= set(sources)
    finished = open_sound(db_path)
    import_paths(finished, [folder])
    _assert_documents_whole(finished)
    stored = {d.source: get_text(finished, d.id) for d in list_documents(finished)}
    files = sorted(folder.iterdir())
    assert sorted(stored) == [str(path) for path in files]
    for path in files:
        assert stored[str(path)] == read_document(path).text
