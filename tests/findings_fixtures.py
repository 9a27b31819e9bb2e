"""A small coded corpus for the findings tests: three documents with attributes, highlights
with several tags, a coder, notes, and passages holding quotes, commas and line breaks."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from corpus_tui.store.attributes import set_attributes
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import list_documents
from corpus_tui.store.highlights import add_highlight
from corpus_tui.store.importer import import_paths

FILES = {
    "a.md": (
        "---\ntitle: Raids at the border\nauthor: Mina Cho\ndate: 2012-02-15\n"
        "outlet: Daily NK\n---\n# Raids\n\n24 defectors were held at Tumen.\n"
        'A source said, "they are, for now, safe".\nOfficials declined to comment.\n'
    ),
    "b.html": (
        '<html><head><title>Camp report</title><meta property="og:site_name" content="RFA">'
        '<meta property="article:published_time" content="2019-08-08T10:00:00Z">'
        '<meta name="author" content="Kim"></head><body><p>About 60 people were detained '
        "in Liaoning.</p><p>The ministry said nothing.</p></body></html>"
    ),
    "c.txt": "No codes in this one, only text about Sinuiju.\n",
}


def find(text: str, needle: str) -> tuple[int, int]:
    """The span of the first ``needle`` in ``text``."""
    start = text.index(needle)
    return start, start + len(needle)


def build(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Write and import the corpus, code it; return the database path and ids by file name."""
    root = tmp_path / "docs"
    root.mkdir()
    for name, content in FILES.items():
        (root / name).write_text(content, encoding="utf-8", newline="")
    path = tmp_path / "corpus.db"
    db = open_db(path)
    import_paths(db, [str(root)])
    ids = {Path(doc.source).name: doc.id for doc in list_documents(db)}
    code(db, ids)
    db.close()
    return path, ids


def code(db: Database, ids: dict[str, str]) -> None:
    """Highlights: a's with place/detention count/source, b's with place and a coder."""
    from corpus_tui.store.documents import get_text

    a, b = get_text(db, ids["a.md"]), get_text(db, ids["b.html"])
    add_highlight(db, ids["a.md"], *find(a, "24 defectors"), ["detention count", "place"])
    add_highlight(db, ids["a.md"], *find(a, "Tumen"), ["place"], note="the camp")
    quote_start = a.index('A source said, "they')
    add_highlight(  # two lines, quotes and commas
        db, ids["a.md"], quote_start, a.index("comment.") + 8, ["source"]
    )
    add_highlight(db, ids["b.html"], *find(b, "60 people"), ["detention count"])
    add_highlight(db, ids["b.html"], *find(b, "Liaoning"), ["place"])
    db.execute("UPDATE highlights SET coder = 'ana' WHERE document_id = ?", [ids["b.html"]])
    db.conn.commit()
    set_attributes(db, ids["c.txt"], {"outlet": "Yonhap", "date": "2009"})
