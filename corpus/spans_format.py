"""The spans file, format version 1: its records, how they are written and how they are checked.

The field names are a contract with users' scripts (see DESIGN.md, "Spans YAML, format version
1"): fields may be added, never renamed. Reading validates the whole file first and reports every
error with its place in the file (``documents[2].spans[5].end``).
"""

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import yaml

from corpus_tui.corpus.colors import is_color
from corpus_tui.corpus.spans_events import AliasedCollection, check_syntax
from corpus_tui.corpus.spans_events import read_documents as read_any_documents
from corpus_tui.corpus.spans_lines import NotOurLayout, read_documents
from corpus_tui.corpus.spans_yaml import NestedTooDeeply, dump_yaml

FORMAT_NAME = "corpus-tui-spans"
FORMAT_VERSION = 1

_SHA256 = re.compile(r"[0-9a-f]{64}\Z")

# Limits on what a spans file may bring (README, "Your data"): far above what the app makes,
# low enough that a hostile file cannot exhaust memory or hang the app that shows it.
MAX_SPANS_FILE_BYTES = 128 * 2**20
MAX_OFFSET = 2**31 - 1
MAX_SPAN_CHARS = 16 * 2**20
MAX_CONTEXT_CHARS = 1_000
MAX_NOTE_CHARS = 100_000
MAX_FIELD_CHARS = 4_096
"""Ids, titles, sources (a path), descriptions: one line each."""
MAX_ERRORS_LISTED = 100


@dataclass(frozen=True)
class SpanRecord:
    """One span (or orphan) of a spans file; ``text`` is the highlighted passage."""

    start: int
    end: int
    text: str
    prefix: str = ""
    suffix: str = ""
    tags: tuple[str, ...] = ()
    note: str | None = None
    id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    coder: str | None = None
    """Who made the span; None (or absent in the file) means unknown."""
    # The 1-based page of ``start`` in a paged document (PDF); None for unpaged text.
    page: int | None = None


@dataclass(frozen=True)
class DocumentRecord:
    """A document of a spans file and its spans; ``place`` names it in the file."""

    id: str | None
    title: str | None
    source: str | None
    sha256: str | None
    spans: tuple[SpanRecord, ...] = ()
    orphans: tuple[SpanRecord, ...] = ()
    place: str = ""
    # Second round: the document's attributes (names to strings or numbers) and memo.
    attributes: dict[str, str | int | float] = field(default_factory=dict)
    memo: str | None = None


@dataclass(frozen=True)
class TagRecord:
    """A tag declared in a spans file; ``spans`` counts the spans carrying it."""

    name: str
    color: str | None = None
    description: str = ""
    spans: int = 0


@dataclass(frozen=True)
class SpansFile:
    """A whole spans file."""

    tags: tuple[TagRecord, ...]
    documents: tuple[DocumentRecord, ...]
    exported_at: str | None = None


@dataclass(frozen=True)
class SpansHeader:
    """A spans file's fields other than its documents; ``our_layout`` says which reader read it
    (``spans_lines`` for our own emitter's layout, else the YAML library), for reading it again."""

    tags: tuple[TagRecord, ...]
    exported_at: str | None
    our_layout: bool


@dataclass
class InvalidSpansFile(ValueError):
    """A spans file that cannot be read; ``errors`` are one line each, place first."""

    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        """Return every error, one a line."""
        return "\n".join(self.errors)


class UnreadableSpansFile(ValueError):
    """A spans file too large to read, or not UTF-8; the message follows the file's name."""


def render_spans_file(spans_file: SpansFile) -> str:
    """Return the YAML text of ``spans_file``, field by field in the contract's order."""
    return dump_yaml(spans_file_tree(spans_file))


def spans_file_tree(spans_file: SpansFile) -> dict[str, Any]:
    """Return ``spans_file`` as plain mappings and lists, in the contract's field order."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": spans_file.exported_at,
        "tags": [
            {
                "name": tag.name,
                "color": tag.color,
                "description": tag.description,
                "spans": tag.spans,
            }
            for tag in spans_file.tags
        ],
        "documents": [_document_tree(document) for document in spans_file.documents],
    }


def read_spans_text(path: str | os.PathLike[str]) -> str:
    """Read a spans file's text (UTF-8, a BOM allowed), at most MAX_SPANS_FILE_BYTES of it.

    Raises UnreadableSpansFile, having read no more than the limit, for a larger file (or an
    endless one: ``/dev/zero``, a pipe) and for bytes that are not UTF-8.
    """
    with open(path, "rb") as file:
        data = file.read(MAX_SPANS_FILE_BYTES + 1)
    if len(data) > MAX_SPANS_FILE_BYTES:
        raise UnreadableSpansFile(
            f"is larger than {MAX_SPANS_FILE_BYTES // 2**20} MiB (split it: export --doc)"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableSpansFile(f"is not UTF-8 text (byte {error.start})") from None


def parse_spans_file(text: str) -> SpansFile:
    """Read and validate a spans file; raises InvalidSpansFile listing every error."""
    documents: list[DocumentRecord] = []

    def keep(record: DocumentRecord) -> list[str]:
        documents.append(record)
        return []

    def start() -> Callable[[DocumentRecord], list[str]]:
        documents.clear()
        return keep

    header = check_spans_file(text, start)
    return SpansFile(header.tags, tuple(documents), header.exported_at)


def check_spans_file(
    text: str, start: Callable[[], Callable[[DocumentRecord], list[str]]]
) -> SpansHeader:
    """Validate a whole spans file, one document at a time; raises InvalidSpansFile listing
    every error.

    ``start()`` gives the function each valid document is passed to, in file order, which
    returns more errors of its own (a caller's checks against its database). It is called
    again, and the file read again from its beginning, when the file turns out not to be in
    our own layout half-way through. Memory stays at about one document of the file when it
    is in our emitter's layout (``spans_lines``); other YAML is loaded whole.
    """
    for our_layout in (True, False):
        checker = _Checker()
        errors: list[str] = []
        visit = _collecting(start(), errors)
        try:
            header = _read(text, our_layout, checker, visit)
        except NotOurLayout:
            continue
        errors = checker.errors + errors
        if errors:
            raise InvalidSpansFile(_listed(errors))
        return header
    raise AssertionError("the YAML library reads every layout")  # pragma: no cover


def _listed(errors: list[str]) -> list[str]:
    """The first MAX_ERRORS_LISTED errors, and how many more there are."""
    if len(errors) <= MAX_ERRORS_LISTED:
        return errors
    return [*errors[:MAX_ERRORS_LISTED], f"… and {len(errors) - MAX_ERRORS_LISTED} more errors"]


def _collecting(
    visit: Callable[[DocumentRecord], list[str]], errors: list[str]
) -> Callable[[DocumentRecord], None]:
    return lambda record: errors.extend(visit(record))


def spans_file_documents(text: str, header: SpansHeader) -> Iterator[DocumentRecord]:
    """The documents of a spans file that ``check_spans_file`` found valid, read again."""
    checker = _Checker()
    read = read_documents if header.our_layout else read_any_documents
    top: dict[str, Any] = {}
    for index, item in enumerate(read(text, top)):
        record = checker.document(item, f"documents[{index}]")
        if record is not None:
            yield record


def _read(
    text: str,
    our_layout: bool,
    checker: "_Checker",
    visit: Callable[[DocumentRecord], object],
) -> SpansHeader:
    """Read ``text`` with one reader, checking each document and passing it to ``visit``."""
    read = read_documents if our_layout else read_any_documents
    top: dict[Any, Any] = {}
    try:
        if not our_layout:
            check_syntax(text)  # a cut or mistyped line: refused before the slower full read
        for index, item in enumerate(read(text, top)):
            record = checker.document(item, f"documents[{index}]")
            if record is not None:
                visit(record)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(error, "problem", None) or str(error)
        raise InvalidSpansFile([f"{where}: not valid YAML: {problem}"]) from None
    except NestedTooDeeply as error:
        raise InvalidSpansFile([f"file: not a spans file: {error}"]) from None
    except AliasedCollection:
        raise InvalidSpansFile(
            ["file: uses YAML aliases of lists or mappings (*name); a spans file has none"]
        ) from None
    # The fields before the documents, as they come first in the file and in the error list.
    header_checker = _Checker()
    tags, exported_at = header_checker.header(top.get(None, top))
    checker.errors[:0] = header_checker.errors
    return SpansHeader(tags, exported_at, our_layout)


def _document_tree(document: DocumentRecord) -> dict[str, Any]:
    tree: dict[str, Any] = {
        "id": document.id,
        "title": document.title,
        "source": document.source,
        "sha256": document.sha256,
    }
    # Written only when there is something, so files without them keep their bytes.
    if document.attributes:
        tree["attributes"] = dict(document.attributes)
    if document.memo is not None:
        tree["memo"] = document.memo
    tree["spans"] = [_span_tree(span) for span in document.spans]
    tree["orphans"] = [_span_tree(span) for span in document.orphans]
    return tree


def _span_tree(span: SpanRecord) -> dict[str, Any]:
    return {
        "id": span.id,
        "start": span.start,
        "end": span.end,
        **({"page": span.page} if span.page is not None else {}),
        "text": span.text,
        "prefix": span.prefix,
        "suffix": span.suffix,
        "tags": list(span.tags),
        "note": span.note,
        "coder": span.coder,
        "created_at": span.created_at,
        "updated_at": span.updated_at,
    }


class _Checker:
    """Collects every error of a loaded spans file while building its records."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self._span_ids: dict[str, str] = {}

    def fail(self, place: str, message: str) -> None:
        self.errors.append(f"{place}: {message}")

    def header(self, data: Any) -> tuple[tuple[TagRecord, ...], str | None]:
        """Check the fields other than the documents' items; return the tags and export time."""
        if not isinstance(data, dict):
            self.fail("file", "expected a mapping with format, version and documents")
            return (), None
        if data.get("format") != FORMAT_NAME:
            self.fail("format", f"expected {FORMAT_NAME!r}, found {data.get('format')!r}")
        version = data.get("version")
        if version != FORMAT_VERSION or isinstance(version, bool):
            self.fail("version", f"expected {FORMAT_VERSION}, found {version!r}")
        exported_at = self.timestamp(data, "exported_at", "exported_at")
        tags = tuple(
            tag
            for index, item in enumerate(self.sequence(data, "tags", "tags"))
            if (tag := self.tag(item, f"tags[{index}]")) is not None
        )
        if "documents" not in data:
            self.fail("documents", "missing")
        else:
            self.sequence(data, "documents", "documents")
        return tags, exported_at

    def tag(self, item: Any, place: str) -> TagRecord | None:
        if not isinstance(item, dict):
            self.fail(place, "expected a mapping with a name")
            return None
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            self.fail(f"{place}.name", "expected a non-empty string")
        color = self.color(item, place)
        description = self.optional_string(item, "description", place) or ""
        return TagRecord(name, color, description) if isinstance(name, str) else None

    def document(self, item: Any, place: str) -> DocumentRecord | None:
        if not isinstance(item, dict):
            self.fail(place, "expected a mapping")
            return None
        sha256 = self.optional_string(item, "sha256", place)
        if sha256 is not None and not _SHA256.match(sha256):
            self.fail(f"{place}.sha256", "expected 64 lowercase hexadecimal digits")
        source = self.optional_string(item, "source", place)
        if sha256 is None and source is None:
            self.fail(place, "needs a sha256 or a source to find its document")
        spans = self.spans(item, "spans", place)
        orphans = self.spans(item, "orphans", place)
        return DocumentRecord(
            id=self.optional_string(item, "id", place),
            title=self.optional_string(item, "title", place),
            source=source,
            sha256=sha256,
            spans=spans,
            orphans=orphans,
            place=place,
            attributes=self.attributes(item, place),
            memo=self.optional_string(item, "memo", place),
        )

    def attributes(self, item: dict[str, Any], place: str) -> dict[str, str | int | float]:
        value = item.get("attributes")
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(f"{place}.attributes", "expected a mapping of names to strings or numbers")
            return {}
        found: dict[str, str | int | float] = {}
        for key, entry in value.items():
            if not isinstance(key, str) or not key.strip():
                self.fail(f"{place}.attributes", f"expected names as strings, found {key!r}")
            elif isinstance(entry, bool) or not isinstance(entry, str | int | float):
                self.fail(
                    f"{place}.attributes.{key}", f"expected a string or number, found {entry!r}"
                )
            else:
                found[key] = entry
        return found

    def spans(self, item: dict[str, Any], key: str, place: str) -> tuple[SpanRecord, ...]:
        records = []
        for index, span in enumerate(self.sequence(item, key, f"{place}.{key}")):
            record = self.span(span, f"{place}.{key}[{index}]")
            if record is not None:
                records.append(record)
        return tuple(records)

    def span(self, item: Any, place: str) -> SpanRecord | None:
        if not isinstance(item, dict):
            self.fail(place, "expected a mapping with start, end and text")
            return None
        start = self.offset(item, "start", place)
        end = self.offset(item, "end", place)
        text = item.get("text")
        if not isinstance(text, str):
            self.fail(f"{place}.text", "expected a string" if "text" in item else "missing")
        if start is not None and end is not None and end < start:
            self.fail(f"{place}.end", f"{end} is before start {start}")
        elif start is not None and start == end:
            self.fail(
                f"{place}.end",
                "equals start: a span of no characters cannot be shown or removed",
            )
        elif (
            start is not None
            and end is not None
            and isinstance(text, str)
            and len(text) != end - start
        ):
            self.fail(
                f"{place}.text", f"has {len(text)} code points but end - start is {end - start}"
            )
        span_id = self.optional_string(item, "id", place)
        if span_id is not None:
            if span_id in self._span_ids:
                self.fail(f"{place}.id", f"{span_id!r} is also used by {self._span_ids[span_id]}")
            self._span_ids.setdefault(span_id, place)
        if isinstance(text, str):
            self.within(text, MAX_SPAN_CHARS, f"{place}.text")
        tags = self.tag_names(item, place)
        return SpanRecord(
            start=start or 0,
            end=end or 0,
            text=text if isinstance(text, str) else "",
            prefix=self.optional_string(item, "prefix", place, MAX_CONTEXT_CHARS) or "",
            suffix=self.optional_string(item, "suffix", place, MAX_CONTEXT_CHARS) or "",
            tags=tags,
            note=self.optional_string(item, "note", place, MAX_NOTE_CHARS),
            id=span_id,
            created_at=self.timestamp(item, "created_at", f"{place}.created_at"),
            updated_at=self.timestamp(item, "updated_at", f"{place}.updated_at"),
            coder=self.optional_string(item, "coder", place),
        )

    def tag_names(self, item: dict[str, Any], place: str) -> tuple[str, ...]:
        names = []
        for index, name in enumerate(self.sequence(item, "tags", f"{place}.tags")):
            if isinstance(name, str) and name.strip():
                names.append(name)
            else:
                self.fail(f"{place}.tags[{index}]", "expected a non-empty tag name")
        return tuple(names)

    def offset(self, item: dict[str, Any], key: str, place: str) -> int | None:
        value = item.get(key)
        if key not in item:
            self.fail(f"{place}.{key}", "missing")
        elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.fail(f"{place}.{key}", f"expected a whole number >= 0, found {_short(value)}")
        elif value > MAX_OFFSET:
            self.fail(f"{place}.{key}", f"{value} is past any document (at most {MAX_OFFSET})")
        else:
            return value
        return None

    def sequence(self, item: dict[str, Any], key: str, place: str) -> list[Any]:
        value = item.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(place, "expected a list")
            return []
        return value

    def optional_string(
        self, item: dict[str, Any], key: str, place: str, limit: int = MAX_FIELD_CHARS
    ) -> str | None:
        value = item.get(key)
        if value is None:
            return value
        if isinstance(value, str):
            return value if self.within(value, limit, f"{place}.{key}") else None
        self.fail(f"{place}.{key}", f"expected a string, found {_short(value)}")
        return None

    def within(self, value: str, limit: int, place: str) -> bool:
        """Whether ``value`` has at most ``limit`` characters; an error if not."""
        if len(value) <= limit:
            return True
        self.fail(place, f"{len(value):,} characters; at most {limit:,} are accepted")
        return False

    def color(self, item: dict[str, Any], place: str) -> str | None:
        """A tag colour: ``#rrggbb``, or none (the database then picks one)."""
        value = item.get("color")
        if value is None or is_color(value):
            return value
        self.fail(f"{place}.color", f"expected #rrggbb, found {_short(value)}")
        return None

    def timestamp(self, item: dict[str, Any], key: str, place: str) -> str | None:
        """Return a timestamp as text; an unquoted one (read as a datetime) is written in UTC."""
        value = item.get(key)
        if value is None:
            return value
        if isinstance(value, str):
            if len(value) <= 64 and _real_moment(value):
                return value
            self.fail(place, f"expected an ISO 8601 date and time, found {_short(value)}")
            return None
        if isinstance(value, datetime):
            moment = value if value.tzinfo else value.replace(tzinfo=UTC)
            return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
        if isinstance(value, date):
            return value.isoformat()
        self.fail(place, f"expected a timestamp string, found {_short(value)}")
        return None


def _real_moment(value: str) -> bool:
    """Whether ``value`` is an ISO 8601 date or date and time that exists on a calendar."""
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _short(value: Any) -> str:
    """A value for an error line: its repr, cut to keep the line short."""
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."
