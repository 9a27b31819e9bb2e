"""Exporting highlights as W3C Web Annotations: one JSON-LD ``AnnotationCollection`` whose
annotations are in one ``AnnotationPage`` (https://www.w3.org/TR/annotation-model/).

Each annotation targets its document (``urn:corpus-tui:document:ID``) with a
``TextPositionSelector`` (code points, end exclusive: the model's own rule and ours) and a
``TextQuoteSelector`` (``exact``, ``prefix``, ``suffix``); the target's ``id`` is the document
with an RFC 5147 ``#char=start,end`` fragment. Tags are ``TextualBody``s with ``"purpose":
"tagging"``, the note one with ``"purpose": "commenting"``, the coder the ``creator`` (an IRI,
``urn:corpus-tui:coder:NAME``, as the model wants agents named by IRI). Orphans have no position
in the text and are left out, as in the QDPX export.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from sqlite_utils import Database

from corpus_tui.corpus.spans_format import SpanRecord
from corpus_tui.store.clock import utc_now
from corpus_tui.store.spans_export import collect_spans

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def document_iri(document_id: str) -> str:
    """The IRI an annotation's target names a document by."""
    return f"urn:corpus-tui:document:{quote(document_id, safe='')}"


def coder_iri(name: str) -> str:
    """The IRI a coder is named by, as ``creator``."""
    return f"urn:corpus-tui:coder:{quote(name, safe='')}"


def _annotation_id(span_id: str | None) -> str:
    if span_id and re.fullmatch(r"[0-9a-f]{32}", span_id):
        hexa = span_id
        return f"urn:uuid:{hexa[:8]}-{hexa[8:12]}-{hexa[12:16]}-{hexa[16:20]}-{hexa[20:]}"
    return f"urn:corpus-tui:span:{quote(span_id or '', safe='')}"


def annotation(document_id: str, span: SpanRecord) -> dict[str, Any]:
    """One highlight as a Web Annotation."""
    body: list[dict[str, str]] = [
        {"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in span.tags
    ]
    if span.note:
        body.append({"type": "TextualBody", "value": span.note, "purpose": "commenting"})
    source = document_iri(document_id)
    record: dict[str, Any] = {
        "@context": CONTEXT,
        "id": _annotation_id(span.id),
        "type": "Annotation",
    }
    if span.coder:
        record["creator"] = coder_iri(span.coder)
    if span.created_at:
        record["created"] = span.created_at
    if span.updated_at:
        record["modified"] = span.updated_at
    if body:
        record["body"] = body
    record["target"] = {
        "id": f"{source}#char={span.start},{span.end}",
        "source": source,
        "selector": [
            {"type": "TextPositionSelector", "start": span.start, "end": span.end},
            {
                "type": "TextQuoteSelector",
                "exact": span.text,
                "prefix": span.prefix,
                "suffix": span.suffix,
            },
        ],
    }
    return record


def export_w3c(
    db: Database,
    *,
    tags: Iterable[str] = (),
    documents: Iterable[str] = (),
    coders: Iterable[str] = (),
    exported_at: str | None = None,
) -> str:
    """The highlights (filtered as the YAML export filters) as a JSON-LD AnnotationCollection.

    Raises ValueError naming an unknown tag or document.
    """
    stamp = exported_at or utc_now()
    spans = collect_spans(db, tags=tags, documents=documents, coders=coders, exported_at=stamp)
    items = [
        annotation(record.id or "", span) for record in spans.documents for span in record.spans
    ]
    collection_id = f"urn:corpus-tui:export:{quote(stamp, safe='')}"
    collection = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "corpus-tui highlights",
        "generated": stamp,
        "total": len(items),
        "first": {
            "id": f"{collection_id}#page-1",
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": items,
        },
    }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"
