"""The bundled demo corpus: shipped as package data, importable, coded on first look."""

from __future__ import annotations

from pathlib import Path

from corpus_tui.store.demo import create_demo_db
from corpus_tui.store.documents import get_text, list_documents
from corpus_tui.store.highlights import highlights_for


def test_demo_database_has_every_article_and_exact_highlights(tmp_path: Path) -> None:
    db = create_demo_db(tmp_path / "demo.db")
    documents = list_documents(db)
    assert 6 <= len(documents) <= 10
    assert all(d.source.startswith("demo/") for d in documents)
    assert any("한" in get_text(db, d.id) or "리" in get_text(db, d.id) for d in documents)
    first = documents[0]
    text = get_text(db, first.id)
    highlights = highlights_for(db, first.id)
    assert {text[h.start : h.end] for h in highlights} >= {
        "Kostrava",
        "우리는 여러분을 잊지 않았습니다.",
    }
    assert first.spans == len(highlights) == 7
