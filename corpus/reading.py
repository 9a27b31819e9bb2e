"""Read one file into a document: decoded, normalised text, a title and its sha256."""

from __future__ import annotations

import hashlib
import stat
from dataclasses import dataclass
from pathlib import Path

from corpus_tui.corpus.decoding import UndecodableError, decode_bytes, normalize_newlines
from corpus_tui.corpus.html_text import html_document
from corpus_tui.corpus.metadata import front_matter
from corpus_tui.corpus.titles import shorten, title_from_text

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
# A document is read whole into memory and held by the reader; past this a file is better split.
MAX_FILE_BYTES = 64 * 1024 * 1024


class RejectedFile(Exception):
    """A file that cannot become a document; the message is the reason, for the user."""


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A file's stored text (never altered after this point), its title and digest."""

    title: str
    text: str
    sha256: str
    # (name, value) pairs found in the file's metadata: front matter, HTML <meta>.
    attributes: tuple[tuple[str, str], ...] = ()


def text_sha256(text: str) -> str:
    """The sha256 of text in UTF-8, as hex: the identity of a stored text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_document(path: Path) -> ParsedDocument:
    """Read, decode and normalise one file. Raises `RejectedFile` with the reason."""
    try:
        status = path.stat()
        # Reading a pipe or a device could block forever or never end.
        if not stat.S_ISREG(status.st_mode):
            raise RejectedFile("not a regular file (a pipe, socket or device)")
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise RejectedFile(
                f"too large ({size / 2**20:.0f} MiB; the limit is "
                f"{MAX_FILE_BYTES // 2**20} MiB): split it into parts"
            )
        data = path.read_bytes()
    except OSError as error:
        raise RejectedFile(f"cannot read: {error.strerror or error}") from None
    return parse_bytes(data, path.name)


def parse_bytes(data: bytes, name: str) -> ParsedDocument:
    """Turn a file's bytes into a document; `name` decides the format and the fallback title."""
    try:
        text = decode_bytes(data)
    except UndecodableError as error:
        raise RejectedFile(str(error)) from None
    text = normalize_newlines(text)
    suffix = Path(name).suffix.lower()
    stem = shorten(Path(name).stem) or name
    attributes: list[tuple[str, str]] = []
    if suffix in HTML_SUFFIXES:
        text, html_title, attributes = html_document(text)
        title = html_title or title_from_text(text, stem)
    else:
        markdown = suffix in MARKDOWN_SUFFIXES
        if markdown:
            attributes = front_matter(text)
        declared = dict(attributes).get("title")
        title = shorten(declared) if declared else title_from_text(text, stem, markdown=markdown)
    if not text.strip():
        raise RejectedFile("no text in it")
    return ParsedDocument(
        title=title, text=text, sha256=text_sha256(text), attributes=tuple(attributes)
    )
