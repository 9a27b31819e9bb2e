"""Reading files into documents: decoding, normalisation, HTML, titles, rejections."""

from __future__ import annotations

import codecs
import hashlib

import pytest

from corpus_tui.corpus.reading import RejectedFile, parse_bytes


def test_utf8_text_is_stored_as_is_and_hashed_in_utf8() -> None:
    raw = "Kim Jong-un met 김정은’s envoy — “quietly”.\n\nSecond paragraph.\n".encode()
    document = parse_bytes(raw, "a.txt")
    assert document.text == raw.decode()
    assert document.sha256 == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize(
    "raw",
    [
        codecs.BOM_UTF8 + "caf\u00e9\r\nline two\rline three".encode(),
        codecs.BOM_UTF16_LE + "caf\u00e9\r\nline two\rline three".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "caf\u00e9\r\nline two\rline three".encode("utf-16-be"),
    ],
    ids=["utf8-bom", "utf16-le", "utf16-be"],
)
def test_bom_removed_and_line_ends_become_lf(raw: bytes) -> None:
    assert parse_bytes(raw, "a.txt").text == "caf\u00e9\nline two\nline three"


def test_latin1_file_keeps_its_accents() -> None:
    text = "Où est le café? Ça coûte très cher à Paris, l'été. Garçon, un crème!"
    assert parse_bytes(text.encode("latin-1"), "fr.txt").text == text


def test_cp1252_curly_quotes_are_read() -> None:
    text = "He said “no” – twice, naïvely."
    assert parse_bytes(text.encode("cp1252"), "q.txt").text == text


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "only white space"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"abc\x00def", "NUL byte at offset 3"),
        ("Kim Jong-un 김정은 ".encode() + b"\xff\xfe bad" + " 더".encode(), "damaged UTF-8"),
        (bytes(range(1, 9)) * 40, "control characters"),
    ],
    ids=["empty", "blank", "png", "pdf", "nul", "damaged-utf8", "controls"],
)
def test_bad_input_is_rejected_with_a_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(RejectedFile, match=reason):
        parse_bytes(raw, "bad.txt")


def test_damaged_utf8_names_the_byte_offset() -> None:
    raw = "première ligne\n".encode() + b"\xe9t\xe9 " + "deuxième".encode()
    with pytest.raises(RejectedFile, match="offset 16"):
        parse_bytes(raw, "x.txt")


def test_html_keeps_what_a_reader_sees() -> None:
    html = (
        "<html><head><title>Page  title</title><style>p {color: red}</style>"
        "<script>var hidden = 1;</script></head><body><h1>Head</h1>"
        "<p>First <b>para</b>graph\n &amp; more.</p><p>Second.</p></body></html>"
    )
    document = parse_bytes(html.encode(), "page.html")
    assert document.title == "Page title"
    assert document.text == "Head\n\nFirst paragraph & more.\n\nSecond."
    assert "hidden" not in document.text and "color" not in document.text


def test_html_without_text_is_rejected() -> None:
    with pytest.raises(RejectedFile, match="no text"):
        parse_bytes(b"<html><body><script>x()</script></body></html>", "empty.html")


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("# The *Heading*\n\nbody", "a.md", "The *Heading*"),
        ("intro line\n\n## Later heading\n", "b.md", "Later heading"),
        (
            "≡ Menu\n\nGo to contents\n\nChina sends back North Korean defectors\n\nBody.",
            "c.txt",
            "China sends back North Korean defectors",
        ),
        ("Only a sentence here.\n", "d.txt", "Only a sentence here."),
        ("x" * 300, "e.txt", "x" * 119 + "…"),
    ],
)
def test_titles(text: str, name: str, title: str) -> None:
    assert parse_bytes(text.encode(), name).title == title
