"""Every coded passage across the corpus, for the coded passages view: loaded once, filtered
in memory (by tags, document attributes and text), drawn in keyword-in-context form.

Loading reads the highlights and their tag links only, never document text, so the view opens
at once on 100,000 highlights; the passage texts a text filter needs are read once, on first
use, and the context of a row is read when the row is drawn.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from sqlite_utils import Database

from corpus_tui.corpus.attribute_values import AttributeFilter
from corpus_tui.store.documents import get_text

TEXT_CACHE = 64


@dataclass(frozen=True, slots=True)
class Passage:
    """One highlight as the view lists it; ``tags`` in tag order."""

    id: str
    document_id: str
    start: int
    end: int
    tags: tuple[str, ...]
    coder: str | None
    has_note: bool


@dataclass(frozen=True, slots=True)
class PassageFilter:
    """Which passages to show: tags (any of, all of, none of), attributes, text (case-blind)."""

    any_of: tuple[str, ...] = ()
    all_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    attributes: tuple[AttributeFilter, ...] = ()
    text: str = ""

    @property
    def tag_names(self) -> set[str]:
        """Every tag this filter names."""
        return {*self.any_of, *self.all_of, *self.none_of}


@dataclass
class Passages:
    """The corpus's highlights in document order, with their documents' titles."""

    passages: list[Passage]
    titles: dict[str, str]
    texts: dict[str, str] | None = None
    _documents: OrderedDict[str, str] = field(default_factory=OrderedDict)
    _attributes: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    _matching: dict[tuple[AttributeFilter, ...], set[str]] = field(default_factory=dict)
    _attributes_loaded: bool = False

    def documents_matching(self, db: Database, filters: Iterable[AttributeFilter]) -> set[str]:
        """Ids of the documents with passages that pass every attribute filter; each
        attribute's values are read once and kept, and so is each filter's result (the other
        inputs re-filter on every key)."""
        filters = tuple(filters)
        known = self._matching.get(filters)
        if known is not None:
            return known
        passing = set(self.titles)
        for item in filters:
            values = self._attributes.get(item.key)
            if values is None and self._attributes_loaded:
                values = {}
            if values is None:
                values = self._attributes[item.key] = {
                    document_id: (value, kind)
                    for document_id, value, kind in db.execute(
                        "SELECT document_id, value, kind FROM document_attributes WHERE key = ?",
                        [item.key],
                    )
                }
            passing = {
                document_id
                for document_id in passing
                if item.matches(*values.get(document_id, (None, None)))
            }
        self._matching[filters] = passing
        return passing

    def load_attributes(self, db: Database) -> None:
        """Read every attribute of the documents with passages at once (in the background),
        so the first attribute filter does not wait for them."""
        found: dict[str, dict[str, tuple[str, str]]] = {}
        for document_id, key, value, kind in db.execute(
            "SELECT document_id, key, value, kind FROM document_attributes "
            "WHERE document_id IN (SELECT document_id FROM highlights)"
        ):
            found.setdefault(key, {})[document_id] = (value, kind)
        self._attributes = found
        self._attributes_loaded = True

    def attribute(self, document_id: str, key: str) -> str:
        """A document's value of ``key`` once attributes are loaded ("" until then, or none)."""
        return self._attributes.get(key, {}).get(document_id, ("", ""))[0]

    def attribute_keys(self) -> list[str]:
        """The attribute names the loaded documents use, sorted."""
        return sorted(self._attributes)

    def forget_attributes(self) -> None:
        """Read attribute values again on the next filter (after they were edited)."""
        self._attributes.clear()
        self._attributes_loaded = False
        self._matching.clear()

    def select(self, db: Database, wanted: PassageFilter) -> list[int]:
        """Indexes of the passages ``wanted`` keeps, in list order."""
        any_of, all_of, none_of = set(wanted.any_of), set(wanted.all_of), set(wanted.none_of)
        documents = self.documents_matching(db, wanted.attributes) if wanted.attributes else None
        needle = wanted.text.casefold()
        if needle and self.texts is None:
            self.load_texts(db)
        texts = self.texts or {}
        kept = []
        for index, passage in enumerate(self.passages):
            tags = passage.tags
            if any_of and any_of.isdisjoint(tags):
                continue
            if all_of and not all_of.issubset(tags):
                continue
            if none_of and not none_of.isdisjoint(tags):
                continue
            if documents is not None and passage.document_id not in documents:
                continue
            if needle and needle not in texts.get(passage.id, ""):
                continue
            kept.append(index)
        return kept

    def load_texts(self, db: Database) -> None:
        """Read every passage's text, case-folded (for text filters), once."""
        self.texts = {
            span_id: text.casefold()
            for span_id, text in db.execute(
                'SELECT h.id, substr(v.text, h.start + 1, h."end" - h.start) FROM highlights h '
                "JOIN documents d ON d.id = h.document_id "
                "JOIN document_versions v ON v.document_id = d.id AND v.version = d.version"
            )
        }

    def document_text(self, db: Database, document_id: str) -> str:
        """A document's text, from a small cache of the ones drawn last."""
        cache = self._documents
        if document_id in cache:
            cache.move_to_end(document_id)
            return cache[document_id]
        text = get_text(db, document_id)
        cache[document_id] = text
        if len(cache) > TEXT_CACHE:
            cache.popitem(last=False)
        return text

    def refresh(self, db: Database, passage_id: str) -> Passage | None:
        """Re-read one passage after a change; None (and gone from the list) once deleted."""
        for index, passage in enumerate(self.passages):
            if passage.id == passage_id:
                fresh = _read(db, "WHERE h.id = ?", [passage_id])
                if not fresh:
                    del self.passages[index]
                    return None
                self.passages[index] = fresh[0]
                if self.texts is not None:
                    self.texts.pop(passage_id, None)
                    self.texts[passage_id] = self.passage_text(db, fresh[0]).casefold()
                return fresh[0]
        return None

    def passage_text(self, db: Database, passage: Passage) -> str:
        """The highlighted text of one passage."""
        return self.document_text(db, passage.document_id)[passage.start : passage.end]


def _read(
    db: Database, where: str = "", params: Iterable[object] = (), limit: int | None = None
) -> list[Passage]:
    names = {tag_id: name for tag_id, name in db.execute("SELECT id, name FROM tags")}
    order = {
        name: position
        for position, (name,) in enumerate(
            db.execute("SELECT name FROM tags ORDER BY position, id")
        )
    }
    rows = db.execute(
        'SELECT h.id, h.document_id, h.start, h."end", h.coder, h.note IS NOT NULL, '
        "(SELECT group_concat(tag_id) FROM highlight_tags WHERE highlight_id = h.id) "
        # Driven by the documents' order (an index), so the first rows come without a sort.
        f"FROM documents d JOIN highlights h ON h.document_id = d.id {where} "
        'ORDER BY d.seq, h.start, h."end", h.id' + (f" LIMIT {int(limit)}" if limit else ""),
        list(params),
    ).fetchall()
    passages = []
    cache: dict[str, tuple[str, ...]] = {}
    for span_id, document_id, start, end, coder, has_note, tag_ids in rows:
        tags = cache.get(tag_ids) if tag_ids else ()
        if tags is None:
            found = [names[int(tag_id)] for tag_id in tag_ids.split(",")]
            tags = cache[tag_ids] = tuple(sorted(found, key=order.__getitem__))
        passages.append(Passage(span_id, document_id, start, end, tags, coder, bool(has_note)))
    return passages


def load_passages(db: Database, limit: int | None = None) -> Passages:
    """Every highlight of the corpus (or the first ``limit``: a screenful to show at once), in
    document order, with the titles of their documents."""
    passages = _read(db, limit=limit)
    wanted = {passage.document_id for passage in passages}
    if limit is None:
        rows = db.execute(
            "SELECT id, title FROM documents "
            "WHERE id IN (SELECT DISTINCT document_id FROM highlights)"
        )
    else:
        marks = ",".join("?" * len(wanted))
        rows = db.execute(f"SELECT id, title FROM documents WHERE id IN ({marks})", list(wanted))
    return Passages(passages, dict(rows))


def count_passages(db: Database) -> int:
    """How many highlights the corpus has."""
    return db.execute("SELECT count(*) FROM highlights").fetchone()[0]


def keyword_in_context(
    text: str, start: int, end: int, left: int, middle: int, right: int
) -> tuple[str, str, str]:
    """(left context, passage, right context) on one line each, at most the given lengths.

    White space runs (newlines included) become one space; a passage longer than ``middle``
    keeps its start and end around an ellipsis.
    """
    # A space on either side of the passage (in the text or at its own edge) stays a space.
    before = " ".join(text[max(0, start - left * 2) : start].split())
    if before and (text[start - 1].isspace() or text[start:end][:1].isspace()):
        before += " "
    passage = " ".join(text[start:end].split())
    after = " ".join(text[end : end + right * 2].split())
    if after and (text[end].isspace() or (end > start and text[end - 1].isspace())):
        after = " " + after
    if len(passage) > middle:
        half = max(1, (middle - 1) // 2)
        passage = passage[:half] + "…" + passage[len(passage) - (middle - 1 - half) :]
    return before[-left:] if left else "", passage, after[:right]


def with_tags(passage: Passage, tags: tuple[str, ...]) -> Passage:
    """The passage carrying ``tags`` instead."""
    return replace(passage, tags=tags)
