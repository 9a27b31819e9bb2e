"""Bytes to text: BOMs, UTF-8, UTF-16/32, legacy encodings by detection, binary rejection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Signatures of common binary formats, so the rejection can name what the file is.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/ODT/XLSX)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"),
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Encodings that read Western European text; charset-normalizer can rank cp1250 or cp1257 above
# them on short texts although they are far more common, so they win ties.
_WESTERN = ("cp1252", "latin_1", "iso8859_15")

# Control characters other than tab, line feed, form feed and carriage return: plenty of them
# means the bytes are not prose, whatever encoding happens to accept them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_VALID_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


class UndecodableError(ValueError):
    """The bytes are not text this program can read; the message says why."""


def decode_bytes(data: bytes) -> str:
    """Decode a file's bytes to text, with any byte-order mark removed.

    Raises `UndecodableError` for empty, binary, damaged-UTF-8 or undetectable input.
    """
    if not data.strip():
        raise UndecodableError("empty file" if not data else "file holds only white space")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise UndecodableError(f"binary file ({kind})")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise UndecodableError(f"binary file (NUL byte at offset {nul})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        text = _legacy(data, error)
    _reject_control_heavy(text)
    return text


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UndecodableError(
            f"invalid {encoding.upper()} at byte offset {error.start} (after the byte-order mark)"
        ) from None


def _legacy(data: bytes, utf8_error: UnicodeDecodeError) -> str:
    """Decode bytes that are not valid UTF-8, unless they are damaged UTF-8."""
    valid_multibyte = len(_VALID_UTF8_MULTIBYTE.findall(data))
    # Legacy 8-bit text almost never forms valid UTF-8 sequences by accident; when many do, the
    # file is UTF-8 with damage (or a mix of encodings), and guessing another encoding would
    # silently corrupt every non-ASCII character in it.
    invalid = len(data.decode("utf-8", errors="replace").split("\ufffd")) - 1
    if valid_multibyte and valid_multibyte * 4 >= invalid:
        raise UndecodableError(
            f"damaged UTF-8: invalid byte at offset {utf8_error.start} "
            f"({invalid} invalid, {valid_multibyte} valid multi-byte sequences)"
        )
    matches = list(from_bytes(data))
    if not matches:
        raise UndecodableError("unknown text encoding (no encoding reads it cleanly)")
    best = matches[0]
    if best.encoding not in _WESTERN:
        for match in matches:
            if match.encoding in _WESTERN and match.chaos <= best.chaos:
                best = match
                break
    return str(best)


def _reject_control_heavy(text: str) -> None:
    controls = len(_CONTROL.findall(text, 0, 65536))
    if controls > max(8, min(len(text), 65536) // 100):
        raise UndecodableError("binary file (control characters throughout)")


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR line ends into LF."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
