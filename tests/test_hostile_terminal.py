"""No text from a document, title, tag, note, spans file or file name reaches the terminal as a
control character (DESIGN.md, "Output paths and the terminal"): the CLI's human-readable
output and every widget of the app show stand-ins; `--json` stays JSON; offsets unchanged."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from corpus_tui.corpus.printable import BIDI_CONTROLS, visible
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import get_text, list_documents
from corpus_tui.store.highlights import add_highlight
from corpus_tui.tui.app import CorpusApp
from tests.reliability import run_cli

# Set the clipboard, retitle the window, clear the screen, reorder the line.
CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"
RETITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
RLO = "\u202e"
HOSTILE_TEXT = f"Kostrava{CLEAR} detainees {CLIPBOARD}counted{RLO} forty\u0085 near Tumen.\n"


def _unsafe(text: str) -> list[str]:
    """Characters a terminal would act on rather than show."""
    return [
        char
        for char in text
        if (unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs") and char not in "\n")
        or char in BIDI_CONTROLS
    ]


def _hostile_corpus(tmp_path: Path) -> tuple[Path, Path]:
    """A database with a hostile text file, a hostile HTML page and hostile merged spans."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "report.txt").write_text(f"Report{RETITLE}\n\n{HOSTILE_TEXT}", encoding="utf-8")
    (docs / "page.html").write_text(
        "<html><head><title>Page&#27;]0;pwned&#7;</title></head><body>"
        "<p>Kostrava &#27;[2J detainees &#x1b;]52;c;cHduZWQ=&#7; near Tumen.</p></body></html>",
        encoding="utf-8",
    )
    db_path = tmp_path / "corpus.db"
    assert run_cli("--db", str(db_path), "import", str(docs))[0] == 0
    db = open_db(db_path)
    report = next(d for d in list_documents(db) if d.source.endswith("report.txt"))
    sha = report.sha256
    db.close()
    spans = tmp_path / "spans.yaml"
    spans.write_text(
        "format: corpus-tui-spans\nversion: 1\n"
        'tags:\n  - {name: "tag\\e]52;c;eA==\\a\\u202E", color: "#3b82f6"}\n'
        "documents:\n"
        f"  - sha256: {sha}\n    spans:\n"
        '      - {start: 0, end: 8, text: "Kostrava", tags: ["tag\\e]52;c;eA==\\a\\u202E"],'
        ' note: "note\\e[2J"}\n'
        "    orphans:\n"
        '      - {id: "orphan\\e[2J", start: 0, end: 10, text: "gone\\e]0;x\\a",'
        ' tags: ["tag\\e]52;c;eA==\\a\\u202E"]}\n'
        '  - source: "elsewhere\\e]0;pwned\\a.txt"\n    spans: []\n',
        encoding="utf-8",
    )
    status, out, err = run_cli("--db", str(db_path), "merge", str(spans))
    assert status == 0, err
    assert "skipped: elsewhere\\x1b]0;pwned\\x07.txt: no such document" in out
    assert _unsafe(out) == []
    return db_path, docs


def test_cli_output_shows_stand_ins_and_json_stays_exact(tmp_path: Path) -> None:
    db_path, _ = _hostile_corpus(tmp_path)
    for command in (("docs",), ("search", "Kostrava"), ("search", "Tumen"), ("orphans",)):
        status, out, err = run_cli("--db", str(db_path), *command)
        assert status == 0, err
        assert out.strip(), command
        assert _unsafe(out) == [] and _unsafe(err) == [], (command, out)
    status, out, _ = run_cli("--db", str(db_path), "orphans")
    assert "orphan\\x1b[2J" in out and "gone\\x1b]0;x\\x07" in out
    status, out, _ = run_cli("--db", str(db_path), "search", "Tumen", "--json")
    hits = json.loads(out)
    assert any(CLEAR in hit["context"] for hit in hits)
    status, out, _ = run_cli("--db", str(db_path), "orphans", "--json")
    assert json.loads(out)[0]["text"] == "gone\x1b]0;x\x07"


def test_character_references_to_controls_are_not_stored(tmp_path: Path) -> None:
    db_path, _ = _hostile_corpus(tmp_path)
    db = open_db(db_path)
    by_source = {Path(d.source).name: d for d in list_documents(db)}
    page = by_source["page.html"]
    assert page.title == "Page]0;pwned"
    assert get_text(db, page.id) == "Kostrava [2J detainees ]52;c;cHduZWQ= near Tumen."
    # A plain text file is stored exactly, controls and all: only its display changes.
    report = by_source["report.txt"]
    assert get_text(db, report.id) == f"Report{RETITLE}\n\n{HOSTILE_TEXT}"
    db.close()


def test_visible_keeps_one_character_for_each(tmp_path: Path) -> None:
    shown = visible(HOSTILE_TEXT, keep="\n")
    assert len(shown) == len(HOSTILE_TEXT)
    assert _unsafe(shown) == []
    assert shown.startswith("Kostrava␛[2J detainees ␛]52;c;cHduZWQ=␇counted\ufffd forty")


async def test_the_app_never_draws_a_control_character(tmp_path: Path) -> None:
    db_path, _ = _hostile_corpus(tmp_path)
    db = open_db(db_path)
    report = next(d for d in list_documents(db) if d.source.endswith("report.txt"))
    start = get_text(db, report.id).index("detainees")
    add_highlight(db, report.id, start, start + 30, ["tag\x1b[31m"], "a note\x1b]52;c;eA==\x07")
    db.close()
    app = CorpusApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+d", *"report", "enter")  # typing filters the list
        await pilot.pause()
        reader = app.query_one("#reader")
        assert reader.text.startswith(f"Report{RETITLE}")  # stored and offsets unchanged
        await pilot.press("right", "right")
        await pilot.pause()
        screen = app.export_screenshot()
        assert "␛]0;pwned␇" in screen  # the title, in the document list and the reader
        assert _unsafe(screen) == []
        await pilot.press("slash", *"Tumen", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _unsafe(app.export_screenshot()) == []
