"""Crash safety: writers killed with SIGKILL at random moments lose nothing they confirmed.

Run the long version with `pytest tests/test_crash_safety.py --soak`.
"""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

from corpus_tui.corpus.reading import ParsedDocument, read_document, text_sha256
from corpus_tui.corpus.spans_yaml import dump_yaml
from corpus_tui.store.documents import add_document, get_text, list_documents
from corpus_tui.store.highlights import add_highlight, highlights_for
from corpus_tui.store.importer import POOL_FILES, import_paths
from tests.reliability import finish, kill_at_random, open_sound, start_driver

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
    for round_ in range(kills):
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
        # A kill between a commit and its report leaves at most one unconfirmed highlight.
        assert len(stored) - len(confirmed) <= round_ + 1
    assert len(confirmed) >= kills


def _corpus_folder(root: Path, files: int, sizes: tuple[int, ...] = (1, 5, 40, 400)) -> Path:
    """Files of very different sizes (in paragraphs), so kills land inside small and large
    transactions."""
    rng = random.Random(11)
    for n in range(files):
        paragraphs = rng.choice(sizes)
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
    # More files than POOL_FILES, so kills land in the worker-pool path with batched commits.
    _corpus_folder(folder, 120 if soak else POOL_FILES + 10)
    db.close()
    rng = random.Random(3)
    confirmed: set[str] = set()
    for _ in range(150 if soak else 8):
        child = start_driver("import", db_path, folder)
        confirmed.update(kill_at_random(child, rng, lines=rng.randrange(0, POOL_FILES + 10)))
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


def _spans_file(text: str, sha256: str, count: int) -> str:
    """A spans file for `text`: most spans exact, some moved (re-anchored), some absent (orphans),
    with new tags declared and undeclared."""
    rng = random.Random(13)
    spans = []
    for n in range(count):
        start = rng.randrange(len(text) - 40)
        end = start + rng.randrange(1, 40)
        quote = text[start:end]
        if n % 7 == 0:
            start, end = start + 3, end + 3
        if n % 50 == 0:
            quote = f"nowhere {n}"
            end = start + len(quote)
        spans.append(
            {
                "id": f"span-{n:05d}",
                "start": start,
                "end": end,
                "text": quote,
                "prefix": text[max(0, start - 32) : start],
                "suffix": text[end : end + 32],
                "tags": [f"tag {n % 9}", *(["fresh"] if n % 100 == 0 else [])],
                "note": None if n % 3 else f"note {n}",
                "created_at": "2026-11-01T10:00:00.000Z",
                "updated_at": "2026-11-02T10:00:00.000Z",
            }
        )
    return dump_yaml(
        {
            "format": "corpus-tui-spans",
            "version": 1,
            "exported_at": "2026-11-02T10:00:00Z",
            "tags": [{"name": f"tag {n}", "color": "#3b82f6", "description": ""} for n in range(9)],
            "documents": [{"id": sha256[:16], "sha256": sha256, "source": "k.txt", "spans": spans}],
        }
    )


def _merged_state(path: Path) -> tuple[int, int, int, int]:
    """Counts of highlights, their tag links, orphans and tags."""
    db = open_sound(path)
    counts = tuple(
        db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("highlights", "highlight_tags", "orphans", "tags")
    )
    db.close()
    return counts


def test_merge_killed_anywhere_is_all_or_nothing(db, db_path: Path, tmp_path, soak) -> None:
    add_document(db, ParsedDocument("Kill test", TEXT, text_sha256(TEXT)), "k.txt")
    db.close()
    spans = tmp_path / "spans.yaml"
    spans.write_text(_spans_file(TEXT, text_sha256(TEXT), 3000 if soak else 600), encoding="utf-8")
    before = _merged_state(db_path)
    reference = tmp_path / "reference.db"
    shutil.copyfile(db_path, reference)
    child = start_driver("merge", reference, spans)
    assert child.stdout.readline() == '"ready"\n'
    started = time.monotonic()
    assert finish(child) == ["merged"]
    duration = time.monotonic() - started
    after = _merged_state(reference)
    assert after[0] > 0 and after[2] > 0
    rng = random.Random(17)
    outcomes = {before: 0, after: 0}
    for round_ in range(150 if soak else 8):
        copy = tmp_path / f"round-{round_}.db"
        shutil.copyfile(db_path, copy)
        child = start_driver("merge", copy, spans)
        # Anywhere from the start of the merge to just past its end.
        confirmed = kill_at_random(child, rng, lines=1, jitter=duration * 1.2)
        state = _merged_state(copy)
        assert state in outcomes
        if "merged" in confirmed:
            assert state == after
        outcomes[state] += 1
        copy.unlink()


def test_reimport_killed_anywhere_keeps_every_highlight_on_its_text(
    db, db_path: Path, tmp_path, soak
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    _corpus_folder(folder, 20, sizes=(1, 5, 40))
    import_paths(db, [folder])
    rng = random.Random(19)
    quotes: dict[str, str] = {}
    for document in list_documents(db):
        text = get_text(db, document.id)
        for _ in range(5):
            start = rng.randrange(len(text) - 30)
            made = add_highlight(db, document.id, start, start + rng.randrange(1, 30), ["place"])
            quotes[made.id] = text[made.start : made.end]
    db.close()
    for round_ in range(100 if soak else 5):
        # Every file gains a paragraph at its top: each import makes new versions, and every
        # highlight has to move.
        for path in folder.iterdir():
            path.write_text(f"Update {round_}.\n\n" + path.read_text(encoding="utf-8"))
        child = start_driver("import", db_path, folder)
        kill_at_random(child, rng, lines=rng.randrange(0, 30))
        after = open_sound(db_path)
        _assert_documents_whole(after)
        placed = after.execute(
            'SELECT h.id, substr(v.text, h.start + 1, h."end" - h.start) FROM highlights h '
            "JOIN documents d ON d.id = h.document_id "
            "JOIN document_versions v ON v.document_id = d.id AND v.version = d.version"
        ).fetchall()
        orphaned = after.execute("SELECT id, text FROM orphans").fetchall()
        after.close()
        assert sorted(placed + orphaned) == sorted(quotes.items())
