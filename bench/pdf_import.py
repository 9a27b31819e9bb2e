"""PDF import speed in pages per second, on a 300-page report written by LibreOffice:

    python bench/pdf_import.py --pages 300 --out /tmp/pdf-bench

The report (a flat ODF file, one page break per page, about 450 words a page from the bench's
templates) is converted by `soffice --headless --convert-to pdf`, then timed twice: the text
extraction alone (`corpus.reading.parse_bytes`) and a whole `corpus-tui import` into a new
database (extraction, name index, commit). Needs LibreOffice (Debian: libreoffice-writer-nogui).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.templates import SENTENCES
from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.db import open_db
from corpus_tui.store.importer import import_paths

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles><style:style style:name="Break" style:family="paragraph">
  <style:paragraph-properties fo:break-before="page"/></style:style></office:automatic-styles>
 <office:body><office:text>
"""
_TAIL = "</office:text></office:body></office:document>\n"


_SLOTS = {
    "p": "Kim Jong-un",
    "q": "Ri Sol-ju",
    "ps": "Kim",
    "l": "Hyesan",
    "k": "Shenyang",
    "o": "Daily NK",
    "O": "Daily NK",
    "n": "24",
    "d": "3 March",
}


def paragraph(rng: random.Random, sentences: int = 6) -> str:
    """A paragraph of the bench's news sentences with their slots filled."""
    return " ".join(rng.choice(SENTENCES).format_map(_SLOTS) for _ in range(sentences))


def write_report(folder: Path, pages: int, seed: int = 7) -> Path:
    """A ``pages``-page PDF report made by LibreOffice in ``folder``; returns its path."""
    rng = random.Random(seed)
    body = []
    for page in range(pages):
        style = ' text:style-name="Break"' if page else ""
        body.append(f"<text:h{style} text:outline-level='2'>Section {page + 1}</text:h>")
        body += [f"<text:p>{escape(paragraph(rng))}</text:p>" for _ in range(4)]
    source = folder / "report.fodt"
    source.write_text(_HEAD + "\n".join(body) + _TAIL, "utf-8")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True,
        capture_output=True,
    )
    return folder / "report.pdf"


def main() -> int:
    """Make the report, time extraction and import, print pages per second."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--out", type=Path, default=Path("bench/out/pdf"))
    args = parser.parse_args()
    if shutil.which("soffice") is None:
        print("needs LibreOffice's soffice (apt-get install libreoffice-writer-nogui)")
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    pdf = write_report(args.out, args.pages)
    data = pdf.read_bytes()
    started = time.perf_counter()
    parsed = parse_bytes(data, pdf.name)
    extract = time.perf_counter() - started
    pages = len(parsed.page_starts)
    database = args.out / "bench.db"
    database.unlink(missing_ok=True)
    db = open_db(database)
    started = time.perf_counter()
    summary = import_paths(db, [str(pdf)])
    whole = time.perf_counter() - started
    db.close()
    assert summary.added, summary.rejected
    print(f"{pages} pages, {len(parsed.text):,} characters, {len(data) / 2**20:.1f} MiB PDF")
    print(f"extraction: {extract:.2f} s, {pages / extract:.0f} pages/s")
    print(f"import (extraction, name index, commit): {whole:.2f} s, {pages / whole:.0f} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
