"""Importing a REFI-QDA project (``.qdpx``): sources become documents, codes tags, selections
highlights with their coders, notes notes; everything that has no place here is named.

What real exporters do, and how it is read:

- The project file is ``project.qde``, or (ATLAS.ti) named after the project: the one ``.qde``
  at the top of the zip.
- A source's text is ``PlainTextContent`` or a ``plainTextPath`` (``internal://NAME`` is
  ``sources/NAME`` in the zip). A byte-order mark (QualCoder writes one) is not text, and CRLF
  or CR line ends become LF, as for any imported file. Positions are code points of that text:
  a CRLF is one position, as ATLAS.ti counts it. A source whose selections only fit when CRLF
  counts as two (a tool counting the raw file) is read that way instead, and said so.
- Selections are ``PlainTextSelection``s; each coder's codings of one selection become one
  highlight by that coder (``creatingUser`` of the coding, else of the selection).

All of one project is written in one transaction, or nothing.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from lxml import etree
from sqlite_utils import Database

from corpus_tui.corpus.reading import ParsedDocument, text_sha256
from corpus_tui.corpus.titles import shorten
from corpus_tui.store.clock import utc_now
from corpus_tui.store.db import write
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import insert_highlight_rows, new_span_id
from corpus_tui.store.import_summary import ImportSummary, Rejection
from corpus_tui.store.tags import MAX_TAG_NAME, clean_tag_name, ensure_tag, get_tag

# A project file this big is not a project: refuse it rather than read it into memory.
MAX_MEMBER_BYTES = 2 * 1024**3
_KNOWN = {
    "Users",
    "CodeBook",
    "Variables",
    "Sources",
    "Notes",
    "Cases",
    "Links",
    "Sets",
    "Graphs",
    "Description",
    "NoteRef",
}


class InvalidProject(ValueError):
    """A file that cannot be read as a REFI-QDA project; the message says why."""


@dataclass
class ProjectImport:
    """What importing a project did, and everything it dropped."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    spans: int = 0
    spans_unchanged: int = 0
    tags_created: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child) == name]


def _child(element: etree._Element, name: str) -> etree._Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _guid(value: str | None) -> str:
    return (value or "").strip("{}").lower()


def _span_id(selection_guid: str, taken: set[str]) -> str:
    """A selection's GUID as our span id (32 hex digits, as ours are), else a fresh one."""
    try:
        candidate = uuid.UUID(selection_guid).hex
    except ValueError:
        candidate = new_span_id()
    if candidate in taken:
        candidate = new_span_id()
    taken.add(candidate)
    return candidate


def _normalise(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _raw_to_normal(raw: str) -> list[int]:
    """Where each position of ``raw`` (BOM removed, CRLF two positions) lands in the
    normalised text; one entry more than ``raw`` has characters."""
    mapping = []
    position = 0
    for index, char in enumerate(raw):
        mapping.append(position)
        if not (char == "\r" and raw[index + 1 : index + 2] == "\n"):
            position += 1
    mapping.append(position)
    return mapping


def read_project(path: str) -> tuple[etree._Element, zipfile.ZipFile]:
    """Open a ``.qdpx`` and parse its project file; raises InvalidProject saying why."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise InvalidProject(f"not a REFI-QDA project (a .qdpx is a zip file): {error}") from None
    names = [name for name in archive.namelist() if "/" not in name.strip("/")]
    projects = [name for name in names if name.lower().endswith(".qde")]
    if "project.qde" in projects:
        chosen = "project.qde"
    elif len(projects) == 1:
        chosen = projects[0]  # ATLAS.ti names it after the project
    else:
        raise InvalidProject(
            f"no single project file (.qde) at the top of the zip (found {len(projects)})"
        )
    if archive.getinfo(chosen).file_size > MAX_MEMBER_BYTES:
        raise InvalidProject(f"{chosen} is too large to be a project file")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        root = etree.fromstring(archive.read(chosen), parser)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError) as error:
        raise InvalidProject(f"{chosen} is not readable XML: {error}") from None
    if _local(root) != "Project":
        raise InvalidProject(f"{chosen} is not a REFI-QDA project (root is {_local(root)!r})")
    return root, archive


def import_qdpx(db: Database, path: str, source_prefix: str) -> ProjectImport:
    """Import the project at ``path``; documents' sources are ``source_prefix/NAME``.

    Raises InvalidProject (nothing written) for a file that is not a readable project.
    """
    root, archive = read_project(path)
    with archive:
        return _Importer(db, archive, source_prefix).run(root)


class _Importer:
    def __init__(self, db: Database, archive: zipfile.ZipFile, prefix: str) -> None:
        self.db = db
        self.archive = archive
        self.prefix = prefix
        self.report = ProjectImport()
        self.users: dict[str, str] = {}
        self.codes: dict[str, str] = {}
        self.variables: dict[str, tuple[str, str]] = {}
        self.notes: dict[str, str] = {}
        self.used_notes: set[str] = set()
        self.span_ids: set[str] = set()
        self.sources_seen: set[str] = set()
        self.known_ids = {row[0] for row in db.execute("SELECT id FROM highlights")}
        self.existing: set[tuple] = set()
        self.tag_ids: dict[str, int] = {}
        self.rows: list[tuple] = []
        self.links: list[tuple[str, int]] = []
        self.now = utc_now()

    def drop(self, what: str) -> None:
        self.report.dropped.append(what)

    def run(self, root: etree._Element) -> ProjectImport:
        for child in root:
            name = _local(child)
            if name and name not in _KNOWN:
                self.drop(f"unknown element {name}")
        for user in root.iter("{*}User"):
            self.users[_guid(user.get("guid"))] = user.get("name") or user.get("id") or ""
        notes = _child(root, "Notes")
        for note in _children(notes, "Note") if notes is not None else ():
            self.notes[_guid(note.get("guid"))] = self._note_text(note)
        for variable in root.iter("{*}Variable"):
            self.variables[_guid(variable.get("guid"))] = (
                variable.get("name") or "",
                variable.get("typeOfVariable") or "Text",
            )
        for name in ("Cases", "Links", "Sets", "Graphs"):
            element = _child(root, name)
            if element is not None and len(element):
                self.drop(f"{name}: {len(element)} (corpus-tui has no {name.lower()})")
        if _child(root, "Description") is not None or _children(root, "NoteRef"):
            self.drop("the project's own description and notes")
        with write(self.db):
            tags_before = {row[0] for row in self.db.execute("SELECT name FROM tags")}
            codebook = _child(root, "CodeBook")
            codes = _child(codebook, "Codes") if codebook is not None else None
            if codes is not None:
                for code in _children(codes, "Code"):
                    self._code(code, parent=None)
            sources = _child(root, "Sources")
            for source in sources if sources is not None else ():
                kind = _local(source)
                if kind == "TextSource":
                    self._source(source)
                elif kind:
                    self.drop(f"{kind} {source.get('name')!r}: corpus-tui reads text sources only")
            self.report.tags_created = [
                row[0]
                for row in self.db.execute("SELECT name FROM tags ORDER BY position, id")
                if row[0] not in tags_before
            ]
        unused = [guid for guid in self.notes if guid not in self.used_notes]
        if unused:
            self.drop(f"{len(unused)} notes not on a source or selection")
        return self.report

    def _note_text(self, note: etree._Element) -> str:
        content = _child(note, "PlainTextContent")
        if content is not None and content.text:
            return content.text
        path = note.get("plainTextPath")
        text = self._read_internal(path) if path else None
        return _normalise(text) if text else (note.get("name") or "")

    def _code(self, code: etree._Element, parent: str | None) -> None:
        name = (code.get("name") or "").strip()[:MAX_TAG_NAME] or "unnamed code"
        name = clean_tag_name(name)
        description_node = _child(code, "Description")
        description = (description_node.text or "") if description_node is not None else ""
        color = code.get("color")
        if color and not re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
            color = None  # a 3-digit colour or none: the tag gets one of ours
        tag = get_tag(self.db, name) or ensure_tag(self.db, name, color, description)
        if parent is not None:
            self.drop(f"code hierarchy: {name!r} was under {parent!r} (tags are flat)")
        self.codes[_guid(code.get("guid"))] = name
        self.tag_ids[name] = tag.id
        for child in _children(code, "Code"):
            self._code(child, parent=name)

    def _read_internal(self, path: str) -> str | None:
        if not path.startswith("internal://"):
            return None
        member = f"sources/{path.removeprefix('internal://')}"
        try:
            data = self.archive.read(member)
        except KeyError:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def _source(self, source: etree._Element) -> None:
        name = source.get("name") or _guid(source.get("guid"))
        content = _child(source, "PlainTextContent")
        path = source.get("plainTextPath")
        raw: str | None
        if content is not None and content.text is not None:
            raw = content.text
        elif path:
            raw = self._read_internal(path)
        else:
            raw = None
        if raw is None:
            where = path or "no text"
            self.drop(f"source {name!r}: its text ({where}) is not in the project as UTF-8")
            return
        raw = raw.removeprefix("\ufeff")
        text = _normalise(raw)
        selections = _children(source, "PlainTextSelection")
        mapping = self._position_map(name, raw, text, selections)
        source_name = f"{self.prefix}/{name}"
        if source_name in self.sources_seen:
            source_name = f"{source_name} ({_guid(source.get('guid'))})"
        self.sources_seen.add(source_name)
        title = shorten(name) if name.strip() else source_name
        parsed = ParsedDocument(title, text, text_sha256(text), format="qdpx")
        result = add_document(self.db, parsed, source_name)
        if result.outcome == "added":
            self.report.added.append(source_name)
        else:
            self.report.unchanged.append(source_name)
        document_id = result.document_id
        self.existing = set() if result.outcome == "added" else self._existing(document_id)
        for selection in selections:
            self._selection(document_id, name, text, selection, mapping)
        for kind in ("PictureSelection", "PDFSelection", "AudioSelection", "VideoSelection"):
            others = _children(source, kind)
            if others:
                self.drop(f"source {name!r}: {len(others)} {kind}s")
        codings = _children(source, "Coding")
        if codings:
            self._highlight(document_id, 0, len(text), codings, None, source, name)
        self._flush()
        memo = self._notes_of(source)
        if memo:
            self._set_memo(document_id, name, memo)
        for value in _children(source, "VariableValue"):
            self._attribute(document_id, name, value)

    def _position_map(
        self, name: str, raw: str, text: str, selections: list[etree._Element]
    ) -> list[int] | None:
        if raw == text:
            return None
        ends = [_integer(s.get("endPosition")) for s in selections]
        if any(end is not None and len(text) < end <= len(raw) for end in ends):
            self.drop(f"source {name!r}: positions count CRLF as two characters; read that way")
            return _raw_to_normal(raw)
        return None

    def _notes_of(self, element: etree._Element) -> str | None:
        texts = []
        for ref in _children(element, "NoteRef"):
            target = _guid(ref.get("targetGUID"))
            if target in self.notes:
                self.used_notes.add(target)
                texts.append(self.notes[target])
        description = _child(element, "Description")
        if _local(element) == "PlainTextSelection" and description is not None and description.text:
            texts.append(description.text)
        return "\n\n".join(texts) if texts else None

    def _selection(
        self,
        document_id: str,
        name: str,
        text: str,
        selection: etree._Element,
        mapping: list[int] | None,
    ) -> None:
        start = _integer(selection.get("startPosition"))
        end = _integer(selection.get("endPosition"))
        limit = len(mapping) - 1 if mapping else len(text)
        if start is None or end is None or not 0 <= start <= end <= limit:
            self.drop(
                f"source {name!r}: selection {selection.get('guid')} at "
                f"{selection.get('startPosition')}-{selection.get('endPosition')} is outside "
                f"its text ({len(text)} characters)"
            )
            return
        if mapping:
            start, end = mapping[start], mapping[end]
        codings = _children(selection, "Coding")
        self._highlight(document_id, start, end, codings, selection, selection, name)

    def _highlight(
        self,
        document_id: str,
        start: int,
        end: int,
        codings: list[etree._Element],
        selection: etree._Element | None,
        owner: etree._Element,
        name: str,
    ) -> None:
        by_coder: dict[str | None, list[str]] = defaultdict(list)
        default_user = owner.get("creatingUser")
        for coding in codings:
            ref = _child(coding, "CodeRef")
            target = _guid(ref.get("targetGUID")) if ref is not None else ""
            if target not in self.codes:
                self.drop(f"source {name!r}: a coding with an unknown code {target!r}")
                continue
            user = coding.get("creatingUser") or default_user
            by_coder[self._user(user)].append(self.codes[target])
        if selection is not None and not by_coder:
            by_coder[self._user(default_user)] = []
        note = self._notes_of(selection) if selection is not None else None
        created = _stamp(owner.get("creationDateTime"))
        updated = _stamp(owner.get("modifiedDateTime")) or created
        guid = _guid(owner.get("guid")) if selection is not None else ""
        now = created or self.now
        for index, (coder, tags) in enumerate(sorted(by_coder.items(), key=_coder_order)):
            span_id = _span_id(guid, self.span_ids) if index == 0 and guid else new_span_id()
            names = tuple(dict.fromkeys(tags))
            key = (start, end, coder, frozenset(names))
            if span_id in self.known_ids or key in self.existing:
                self.report.spans_unchanged += 1
                continue
            self.rows.append(
                (
                    span_id,
                    document_id,
                    start,
                    end,
                    note if index == 0 else None,
                    now,
                    updated or now,
                    coder,
                )
            )
            self.links.extend((span_id, self.tag_ids[tag]) for tag in names)
            self.report.spans += 1

    def _flush(self) -> None:
        """Write the highlights gathered so far (plain SQL: one statement per table)."""
        insert_highlight_rows(self.db, self.rows, self.links)
        self.rows.clear()
        self.links.clear()

    def _user(self, guid: str | None) -> str | None:
        if not guid:
            return None
        key = _guid(guid)
        if key not in self.users:
            self.drop(f"user {guid}: not in the project's users; coded as unknown")
            self.users[key] = ""
        return self.users[key] or None

    def _existing(self, document_id: str) -> set[tuple]:
        """The spans a document already has, as (start, end, coder, tags): importing the same
        project twice adds nothing."""
        found: dict[str, tuple[int, int, str | None, list[str]]] = {}
        for span_id, start, end, coder, name in self.db.execute(
            'SELECT h.id, h.start, h."end", h.coder, t.name FROM highlights h '
            "LEFT JOIN highlight_tags ht ON ht.highlight_id = h.id "
            "LEFT JOIN tags t ON t.id = ht.tag_id WHERE h.document_id = ?",
            [document_id],
        ):
            entry = found.setdefault(span_id, (start, end, coder, []))
            if name is not None:
                entry[3].append(name)
        return {(s, e, c, frozenset(names)) for s, e, c, names in found.values()}

    def _set_memo(self, document_id: str, name: str, memo: str) -> None:
        (current,) = self.db.execute(
            "SELECT memo FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        if current is None:
            self.db.execute("UPDATE documents SET memo = ? WHERE id = ?", [memo, document_id])
        elif current != memo:
            self.drop(f"source {name!r}: its memo (the document has another; kept)")

    def _attribute(self, document_id: str, name: str, value: etree._Element) -> None:
        ref = _child(value, "VariableRef")
        target = _guid(ref.get("targetGUID")) if ref is not None else ""
        if target not in self.variables:
            self.drop(f"source {name!r}: a value of an unknown variable")
            return
        key, kind = self.variables[target]
        values = [child for child in value if _local(child).endswith("Value")]
        if not values or values[0].text is None:
            return
        stored_kind = {"Integer": "number", "Float": "number", "Date": "date"}.get(kind, "text")
        self.db.execute(
            "INSERT INTO document_attributes (document_id, key, value, kind) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (document_id, key) DO UPDATE SET value = excluded.value, "
            "kind = excluded.kind",
            [document_id, key, values[0].text.strip(), stored_kind],
        )


def _coder_order(item: tuple[str | None, list[str]]) -> str:
    return item[0] or ""


def _integer(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _stamp(value: str | None) -> str | None:
    return value if value and re.match(r"\d{4}-\d{2}-\d{2}T", value) else None


def project_name(path: str) -> str:
    """The name documents of a project are listed under: its file name."""
    return PurePosixPath(path.replace("\\", "/")).name


def import_projects(db: Database, projects: list[tuple[str, str]], summary: ImportSummary) -> None:
    """Import each (path, source name) project into an import's ``summary``: its documents as
    added or unchanged, the project rejected when it cannot be read, and what it dropped. One
    bad project never stops the others."""
    for path, source in projects:
        try:
            report = import_qdpx(db, path, source)
        except InvalidProject as error:
            summary.rejected.append(Rejection(source, str(error)))
            continue
        summary.added.extend(report.added)
        summary.unchanged.extend(report.unchanged)
        summary.dropped.extend(f"{source}: {line}" for line in report.dropped)
        summary.projects.append(
            f"{source}: {report.spans} highlights imported, {report.spans_unchanged} already "
            f"there, {len(report.tags_created)} tags created"
        )
