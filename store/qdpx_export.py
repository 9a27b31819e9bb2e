"""Exporting the corpus as a REFI-QDA project (``.qdpx``): what NVivo, ATLAS.ti, MAXQDA and
QualCoder exchange.

A zip holding ``project.qde`` (QDA-XML, valid against the REFI-QDA ``Project.xsd`` 1.0) and
every source as UTF-8 plain text under ``sources/``. Highlights are ``PlainTextSelection``s
(positions in code points, 0-based, end exclusive, as QualCoder and others write them), each tag
a ``Coding`` of the ``Code`` the tag became; coders are ``User``s; highlight notes and document
memos are ``Note``s; document attributes are ``Variable``s with a value on each source.

GUIDs are derived from our ids, so the same data always exports to the same project: a span id
that is a 32-digit hex number (as ours are) is its GUID, anything else gets a name-based UUID.
Orphans have no place in the text, so they are not exported (the summary counts them).
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from sqlite_utils import Database

from corpus_tui.store.clock import utc_now
from corpus_tui.store.tags import list_tags

NAMESPACE = "urn:QDA-XML:project:1.0"
_NS = uuid.UUID("0c7b64f6-3d0e-4a39-9f0c-6a3b1c2e9d51")
# XML 1.0 cannot hold these characters at all, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_INTEGER = re.compile(r"-?\d+\Z")
_DECIMAL = re.compile(r"-?(\d+(\.\d*)?|\.\d+)\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


@dataclass
class QdpxExport:
    """The project's bytes and what did not fit in it."""

    data: bytes
    documents: int = 0
    spans: int = 0
    orphans_left_out: int = 0
    characters_replaced: int = 0
    """Control characters in names or notes, which XML cannot hold, written as U+FFFD."""


@lru_cache(maxsize=4096)
def guid(kind: str, key: str) -> str:
    """A stable GUID for one of our records (a 32-hex-digit id is used as it is)."""
    if kind == "span" and re.fullmatch(r"[0-9a-f]{32}", key):
        return str(uuid.UUID(hex=key)).upper()
    return str(uuid.uuid5(_NS, f"{kind}:{key}")).upper()


class _Builder:
    """Builds the QDA-XML tree, counting the characters XML cannot hold."""

    def __init__(self) -> None:
        self.replaced = 0

    def clean(self, text: str) -> str:
        cleaned, count = _NOT_XML.subn("\ufffd", text)
        self.replaced += count
        return cleaned

    def element(self, parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
        # Only names can hold what XML cannot; GUIDs, numbers and timestamps are ours.
        if "name" in attributes:
            attributes["name"] = self.clean(attributes["name"])
        return etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attributes)

    def text_element(self, parent: etree._Element, tag: str, text: str) -> etree._Element:
        node = self.element(parent, tag)
        node.text = self.clean(text)
        return node


def export_qdpx(
    db: Database,
    *,
    tags: Iterable[str] = (),
    documents: Iterable[str] = (),
    coders: Iterable[str] = (),
    project_name: str = "corpus-tui",
    exported_at: str | None = None,
) -> QdpxExport:
    """Return the corpus (or the given documents) as a ``.qdpx`` zip, with the spans that
    carry any of ``tags`` and are by any of ``coders`` (all when none given).

    Raises ValueError naming a document id or tag that does not exist.
    """
    tag_filter, document_filter, coder_filter = (
        set(tags),
        list(dict.fromkeys(documents)),
        set(coders),
    )
    all_tags = list_tags(db)
    for name in sorted(tag_filter - {tag.name for tag in all_tags}):
        raise ValueError(f"no tag named {name!r}")
    for document_id in document_filter:
        if not db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone():
            raise ValueError(f"no document with id {document_id!r} (see 'corpus-tui docs')")
    stamp = exported_at or utc_now()
    build = _Builder()
    project = etree.Element(
        f"{{{NAMESPACE}}}Project",
        {
            "name": build.clean(project_name),
            "origin": "corpus-tui",
            "creationDateTime": stamp,
        },
        # None is lxml's key for the default namespace; lxml-stubs types the keys as str only.
        nsmap={None: NAMESPACE},  # type: ignore[dict-item]
    )
    spans_by_document = _spans(db)
    wanted_documents = set(document_filter)
    rows = [
        row
        for row in db.execute("SELECT id, title, source, memo FROM documents ORDER BY seq")
        if not wanted_documents or row[0] in wanted_documents
    ]
    exported: dict[str, list[tuple]] = {}
    used_coders: set[str] = set()
    for document_id, *_ in rows:
        kept = [
            span
            for span in spans_by_document.get(document_id, [])
            if (not tag_filter or tag_filter & set(span[5]))
            and (not coder_filter or span[7] in coder_filter)
        ]
        exported[document_id] = kept
        used_coders.update(span[7] for span in kept if span[7])
    if used_coders:
        users = build.element(project, "Users")
        for coder in sorted(used_coders):
            build.element(users, "User", guid=guid("coder", coder), name=coder)
    if all_tags:
        codes = build.element(build.element(project, "CodeBook"), "Codes")
        for tag in all_tags:
            code = build.element(
                codes, "Code", guid=guid("tag", tag.name), name=tag.name, isCodable="true"
            )
            if re.fullmatch(r"#[0-9A-Fa-f]{6}|#[0-9A-Fa-f]{3}", tag.color or ""):
                code.set("color", tag.color)
            if tag.description:
                build.text_element(code, "Description", tag.description)
    attributes = _attributes(db)
    variables = _variables(attributes)
    if variables:
        parent = build.element(project, "Variables")
        for key, kind in variables.items():
            build.element(
                parent, "Variable", guid=guid("variable", key), name=key, typeOfVariable=kind
            )
    notes: list[tuple[str, str, str]] = []
    files: dict[str, str] = {}
    span_count = 0
    if rows:
        sources = build.element(project, "Sources")
        for document_id, title, source, memo in rows:
            source_guid = guid("document", document_id)
            node = build.element(
                sources,
                "TextSource",
                guid=source_guid,
                name=title or source,
                plainTextPath=f"internal://{source_guid}.txt",
            )
            build.text_element(
                node, "Description", f"corpus-tui document {document_id} from {source}"
            )
            files[f"sources/{source_guid}.txt"] = document_id
            for span in exported[document_id]:
                _selection(build, node, span, notes)
                span_count += 1
            if memo:
                note_guid = guid("memo", document_id)
                notes.append((note_guid, f"Memo: {title}", memo))
                build.element(node, "NoteRef", targetGUID=note_guid)
            for key, value, _kind in attributes.get(document_id, []):
                _variable_value(build, node, key, value, variables[key])
    if notes:
        parent = build.element(project, "Notes")
        for note_guid, name, text in notes:
            note = build.element(parent, "Note", guid=note_guid, name=name)
            build.text_element(note, "PlainTextContent", text)
    xml = etree.tostring(project, xml_declaration=True, encoding="utf-8", pretty_print=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_entry("project.qde"), xml)
        for path, document_id in files.items():
            (text,) = db.execute(
                "SELECT v.text FROM document_versions v JOIN documents d "
                "ON d.id = v.document_id AND d.version = v.version WHERE d.id = ?",
                [document_id],
            ).fetchone()
            archive.writestr(_entry(path), text.encode("utf-8"))
    orphans = db.execute("SELECT count(*) FROM orphans").fetchone()[0]
    return QdpxExport(buffer.getvalue(), len(rows), span_count, orphans, build.replaced)


def _entry(name: str) -> zipfile.ZipInfo:
    # A fixed date: the same data gives the same bytes.
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _spans(db: Database) -> dict[str, list[tuple]]:
    """Every highlight by document, each (id, start, end, note, created, tags, updated, coder)."""
    tags: dict[str, list[str]] = defaultdict(list)
    for span_id, name in db.execute(
        "SELECT ht.highlight_id, t.name FROM highlight_tags ht JOIN tags t ON t.id = ht.tag_id "
        "ORDER BY ht.highlight_id, t.position, t.id"
    ):
        tags[span_id].append(name)
    found: dict[str, list[tuple]] = defaultdict(list)
    for document_id, span_id, start, end, note, created, updated, coder in db.execute(
        'SELECT document_id, id, start, "end", note, created_at, updated_at, coder '
        'FROM highlights ORDER BY document_id, start, "end", id'
    ):
        found[document_id].append(
            (span_id, start, end, note, created, tuple(tags.get(span_id, ())), updated, coder)
        )
    return found


def _selection(
    build: _Builder, parent: etree._Element, span: tuple, notes: list[tuple[str, str, str]]
) -> None:
    span_id, start, end, note, created, tags, updated, coder = span
    attributes = {
        "guid": guid("span", span_id),
        "startPosition": str(start),
        "endPosition": str(end),
    }
    if coder:
        attributes["creatingUser"] = guid("coder", coder)
    if _is_datetime(created):
        attributes["creationDateTime"] = created
    if _is_datetime(updated):
        attributes["modifiedDateTime"] = updated
    selection = build.element(parent, "PlainTextSelection", **attributes)
    for name in tags:
        coding = {"guid": guid("coding", f"{span_id}:{name}")}
        if coder:
            coding["creatingUser"] = guid("coder", coder)
        node = build.element(selection, "Coding", **coding)
        build.element(node, "CodeRef", targetGUID=guid("tag", name))
    if note:
        note_guid = guid("note", span_id)
        notes.append((note_guid, f"Note on {span_id}", note))
        build.element(selection, "NoteRef", targetGUID=note_guid)


_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?\Z")


def _is_datetime(value: str | None) -> bool:
    return bool(value and _DATETIME.match(value))


def _attributes(db: Database) -> dict[str, list[tuple[str, str, str]]]:
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for document_id, key, value, kind in db.execute(
        "SELECT document_id, key, value, kind FROM document_attributes ORDER BY document_id, key"
    ):
        found[document_id].append((key, value, kind))
    return found


def _variables(attributes: dict[str, list[tuple[str, str, str]]]) -> dict[str, str]:
    """Each attribute key's REFI-QDA type: from the kind stored with its values, where every
    value is written as that XML type needs (else Text, which holds anything)."""
    values: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for triples in attributes.values():
        for key, value, kind in triples:
            values[key].append((value, kind))
    kinds = {}
    for key in sorted(values):
        pairs = values[key]
        if all(kind == "number" and _INTEGER.match(v) for v, kind in pairs):
            kinds[key] = "Integer"
        elif all(kind == "number" and _DECIMAL.match(v) for v, kind in pairs):
            kinds[key] = "Float"
        elif all(kind == "date" and _DATE.match(v) for v, kind in pairs):
            kinds[key] = "Date"
        else:
            kinds[key] = "Text"
    return kinds


def _variable_value(
    build: _Builder, parent: etree._Element, key: str, value: str, kind: str
) -> None:
    node = build.element(parent, "VariableValue")
    build.element(node, "VariableRef", targetGUID=guid("variable", key))
    build.text_element(node, f"{kind}Value", value)
