"""The search screen (`/`): every mention of a name or place, as you type.

Each search runs in a worker thread with its own database connection, a moment after the last
key; a newer search cancels the older one, whose results are then dropped. Mentions are grouped
by the spelling found: a spelling can be dropped (a close spelling may be another person), the
rest checked one by one or all at once, and every checked mention tagged in one undoable step.

The screen changes nothing itself: opening a mention and tagging checked ones are messages the
app applies through its one write path.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.input import Selection
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from corpus_tui.corpus import printable
from corpus_tui.corpus.printable import one_line
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import get_document
from corpus_tui.store.search import SearchHit, lexicon_for, search
from corpus_tui.store.search_index import index_is_current
from corpus_tui.store.tags import list_tags
from corpus_tui.tui.failures import worker_failed
from corpus_tui.tui.screens.tag_picker import TagPicker

if TYPE_CHECKING:
    from corpus_tui.tui.app import CorpusApp

FIRST_PAGE = 50
MAX_MENTIONS = 1000
CONTEXT_SIDE = 30
RANK_STYLE = {"exact": "green", "variant": "yellow", "typo": "red"}

Mention = tuple[str, int, int]


def _key(hit: SearchHit) -> Mention:
    return (hit.doc, hit.start, hit.end)


@dataclass(frozen=True, slots=True)
class Results:
    """One finished search: the query and scope it answered, and its hits."""

    query: str
    document_id: str | None
    hits: list[SearchHit]
    complete: bool = True
    """False for a first page that more hits will follow."""


def warm_up(db_path: Path) -> bool:
    """Load what a first search needs (the index's vocabulary), so that it answers as fast as
    later ones; whether the index is current. Safe in any thread."""
    db = open_db(db_path)
    try:
        current = index_is_current(db)
        lexicon_for(db)
    finally:
        db.close()
    return current


class VariantList(OptionList):
    """The spellings found, with counts; space keeps or drops one."""

    BINDINGS = [
        Binding(
            "space",
            "screen.toggle_variant",
            "Keep/drop",
            tooltip="Keep or drop a spelling",
            id="keep-spelling",
        )
    ]


class MentionList(OptionList):
    """The mentions of the kept spellings, document by document; space checks one."""

    BINDINGS = [
        Binding(
            "space",
            "screen.toggle_check",
            "Check",
            tooltip="Check or uncheck a mention",
            id="check-mention",
        ),
        Binding(
            "a",
            "screen.check_all",
            "Check all",
            tooltip="Check every mention shown",
            id="check-all-mentions",
        ),
    ]


class SearchScreen(Screen):
    """Type a name; see, check, open and tag its mentions across the corpus."""

    DEBOUNCE = 0.15

    BINDINGS = [
        # Priority: handled before the next key is read, so `/` typed right after goes to
        # the main screen, which opens this one again.
        Binding("escape", "close", "Back", tooltip="Back to the reader", id="back", priority=True),
        Binding("slash", "focus_query", "Edit query", show=False, id="edit-query"),
        Binding(
            "ctrl+o",
            "toggle_scope",
            "Scope",
            tooltip="All documents, or the open one",
            id="search-scope",
        ),
        Binding(
            "ctrl+t",
            "tag_checked",
            "Tag checked",
            tooltip="Tag every checked mention",
            id="tag-checked",
        ),
        Binding("ctrl+l", "check_all", "Check all", show=False, id="check-all"),
    ]

    CSS_PATH = "search.tcss"

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker_failed(self, event)

    class Done(Message):
        """A search finished (posted from the worker thread)."""

        def __init__(self, results: Results) -> None:
            super().__init__()
            self.results = results

    class OpenMention(Message):
        """Show this mention, selected, in the reader."""

        def __init__(self, document_id: str, start: int, end: int) -> None:
            super().__init__()
            self.document_id = document_id
            self.start = start
            self.end = end

    class TagMentions(Message):
        """Put ``tag`` on these (document, start, end) mentions as one undoable change;
        ``done(tagged)`` is called with how many were tagged once it is saved."""

        def __init__(
            self,
            mentions: list[Mention],
            tag: str,
            done: Callable[[int], None],
            texts: dict[Mention, str] | None = None,
        ) -> None:
            super().__init__()
            self.mentions = mentions
            self.tag = tag
            self.done = done
            self.texts = texts  # each mention's text when found: not tagged if it changed

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []
        self.dropped: set[str] = set()
        self.checked: set[Mention] = set()
        self.scope_document: str | None = None
        self.query_text = ""
        self.pending_query: str | None = None  # see search_for
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            with Horizontal(id="search-line"):
                yield Static(id="search-scope", markup=False)
                yield Input(
                    placeholder='a name or place (kim jong un), a "phrase" or a word beginning*',
                    id="search-query",
                )
                yield Static(id="search-busy", markup=False)
            yield Static(id="search-summary", markup=False)
            with Horizontal():
                yield VariantList(id="variants")
                yield MentionList(id="mentions")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VariantList).border_title = "Spellings"
        self.query_one(MentionList).border_title = "Mentions"
        self._summarise()
        self._warm_up()

    @work(thread=True, group="search-warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        """Load the vocabulary while the user types the first letters."""
        if not warm_up(cast("CorpusApp", self.app).db_path):
            message = "The search index is from an older release: run 'corpus-tui reindex'"
            self.app.call_from_thread(self.notify, message, severity="warning")

    def ready_for_typing(self) -> None:
        """Make the query input take the next key: focused, the previous query selected so
        typing replaces it, and the scope back to every document.

        Called by the app right after pushing this screen, before it reads the next key.
        """
        query = self.query_one(Input)
        self.set_focus(query)
        query.selection = Selection(0, len(query.value))
        if self.scope_document is not None:
            self.scope_document = None
            self._summarise()
            if self.query_text.strip():
                self._start(self.query_text)

    def search_for(self, query: str) -> None:
        """Search for ``query`` when this screen is next shown (the names view asks this)."""
        self.pending_query = query

    def on_screen_resume(self) -> None:
        self.query_one(Input).focus()
        if self.pending_query is not None:
            query, self.pending_query = self.pending_query, None
            self.query_one(Input).value = query
            self._start(query)

    # ---- searching ---------------------------------------------------------------------------

    @on(Input.Changed, "#search-query")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.DEBOUNCE, lambda: self._start(event.value))

    @on(Input.Submitted, "#search-query")
    def _submitted(self, event: Input.Submitted) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._start(event.value)
        self.query_one(MentionList).focus()

    def _start(self, query: str) -> None:
        self.query_text = query
        self._busy(bool(query.strip()))
        self._search(query, self.scope_document)

    def _busy(self, busy: bool) -> None:
        self.query_one("#search-busy", Static).update("searching…" if busy else "")

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: str, document_id: str | None) -> None:
        worker = get_current_worker()
        if not query.strip():
            self.post_message(self.Done(Results(query, document_id, [])))
            return
        db = open_db(cast("CorpusApp", self.app).db_path)
        try:
            # The best mentions first, at once; then, unless a newer search began, the rest.
            for limit in (FIRST_PAGE, MAX_MENTIONS):
                hits = search(db, query, limit=limit, document_id=document_id)
                if worker.is_cancelled:
                    return
                complete = len(hits) < limit or limit == MAX_MENTIONS
                self.post_message(self.Done(Results(query, document_id, hits, complete)))
                if complete:
                    return
        finally:
            db.close()

    @on(Done)
    def _show(self, event: Done) -> None:
        results = event.results
        if (results.query, results.document_id) != (self.query_text, self.scope_document):
            return  # a newer search is under way
        if results.complete:
            self._busy(False)
        self.hits = results.hits
        self.checked &= {_key(hit) for hit in self.hits}
        self._fill_variants()
        self._fill_mentions()

    # ---- drawing -----------------------------------------------------------------------------

    def _fill_variants(self) -> None:
        counts: Counter[str] = Counter(hit.variant for hit in self.hits)
        documents: dict[str, set[str]] = defaultdict(set)
        first: dict[str, SearchHit] = {}
        for hit in self.hits:
            documents[hit.variant].add(hit.doc)
            first.setdefault(hit.variant, hit)
        variants = self.query_one(VariantList)
        highlighted = variants.highlighted
        variants.clear_options()
        options = []
        for variant, hit in first.items():
            label = Text()
            label.append("  " if variant in self.dropped else "✓ ", style="bold")
            dropped = variant in self.dropped
            label.append(printable.visible(variant), style="strike dim" if dropped else "bold")
            label.append(f"  {hit.match}", style=RANK_STYLE[hit.match])
            if hit.place:
                label.append(" place", style="cyan")
            label.append(f"\n    {counts[variant]} in {len(documents[variant])} doc(s)", "dim")
            options.append(Option(label, id=variant))
        variants.add_options(options)  # at once: one refresh, not one per row
        if variants.option_count:
            variants.highlighted = min(highlighted or 0, variants.option_count - 1)

    def _visible(self) -> list[SearchHit]:
        return [hit for hit in self.hits if hit.variant not in self.dropped]

    def _fill_mentions(self) -> None:
        mentions = self.query_one(MentionList)
        highlighted = mentions.highlighted
        mentions.clear_options()
        visible = self._visible()
        by_document: dict[str, list[SearchHit]] = defaultdict(list)
        for hit in visible:
            by_document[hit.doc].append(hit)
        options = []
        for document_id, hits in by_document.items():
            title = printable.visible(hits[0].title)
            header = Text(f"{title}  ({len(hits)})", style="bold underline")
            options.append(Option(header, id=f"doc:{document_id}", disabled=True))
            for hit in hits:
                options.append(Option(self._mention_label(hit), id=self._option_id(hit)))
        mentions.add_options(options)
        if mentions.option_count:
            index = min(highlighted or 1, mentions.option_count - 1)
            mentions.highlighted = index
        self._summarise()

    def _mention_label(self, hit: SearchHit) -> Text:
        """One line: check box, then the mention highlighted in the words around it, in
        keyword-in-context form (the mentions line up under each other)."""
        begin = hit.start - hit.context_start
        before = hit.context[:begin][-CONTEXT_SIDE:].rjust(CONTEXT_SIDE)
        after = hit.context[begin + len(hit.text) :][:CONTEXT_SIDE]
        label = Text("☑ " if _key(hit) in self.checked else "☐ ")
        label.append(printable.visible(before.replace("\n", " ")))
        mention = printable.visible(hit.text.replace("\n", " "))
        label.append(mention, style=f"bold reverse {RANK_STYLE[hit.match]}")
        label.append(printable.visible(after.replace("\n", " ")))
        return label

    @staticmethod
    def _option_id(hit: SearchHit) -> str:
        return f"{hit.doc}:{hit.start}:{hit.end}"

    def _summarise(self) -> None:
        visible = self._visible()
        scope = "all documents" if self.scope_document is None else "the open document"
        self.query_one("#search-scope", Static).update(self._scope_label())
        more = "+" if len(self.hits) >= MAX_MENTIONS else ""
        documents = len({hit.doc for hit in visible})
        self.query_one("#search-summary", Static).update(
            f"{len(visible)}{more} mentions in {documents} document(s) · {len(self.checked)} "
            f"checked · {scope} (ctrl+o) · Enter opens · space checks · ctrl+t tags checked"
        )

    def _scope_label(self) -> str:
        if self.scope_document is None:
            return "All documents ›"
        info = get_document(self.app.db, self.scope_document)  # type: ignore[attr-defined]
        title = one_line(info.title) if info else "the open document"
        if len(title) > 30:
            title = title[:29] + "…"
        return f"Only “{title}” ›"

    def _hit_at(self, index: int | None) -> SearchHit | None:
        mentions = self.query_one(MentionList)
        if index is None or index >= mentions.option_count:
            return None
        option_id = mentions.get_option_at_index(index).id or ""
        for hit in self._visible():
            if self._option_id(hit) == option_id:
                return hit
        return None

    # ---- actions -----------------------------------------------------------------------------

    def action_toggle_variant(self) -> None:
        """Keep or drop the highlighted spelling."""
        variants = self.query_one(VariantList)
        if variants.highlighted is None:
            return
        variant = variants.get_option_at_index(variants.highlighted).id or ""
        self.dropped ^= {variant}
        if variant in self.dropped:
            self.checked -= {_key(hit) for hit in self.hits if hit.variant == variant}
        self._fill_variants()
        self._fill_mentions()

    def action_toggle_check(self) -> None:
        """Check or uncheck the highlighted mention, then move to the next one."""
        mentions = self.query_one(MentionList)
        index = mentions.highlighted
        hit = self._hit_at(index)
        if index is None or hit is None:
            return
        self.checked ^= {_key(hit)}
        mentions.replace_option_prompt_at_index(index, self._mention_label(hit))
        mentions.action_cursor_down()
        self._summarise()

    def action_check_all(self) -> None:
        """Check every mention of the kept spellings (or uncheck them all if all are checked)."""
        visible = {_key(hit) for hit in self._visible()}
        self.checked = set() if visible <= self.checked else visible
        self._fill_mentions()

    def action_toggle_scope(self) -> None:
        """Search every document, or only the one open in the reader."""
        if self.scope_document is None:
            document_id = cast("CorpusApp", self.app).open_document_id
            if document_id is None:
                self.notify("No document is open", severity="warning")
                return
            self.scope_document = document_id
        else:
            self.scope_document = None
        self._summarise()
        self._start(self.query_text)

    @on(OptionList.OptionSelected, "#mentions")
    def _open(self, event: OptionList.OptionSelected) -> None:
        hit = self._hit_at(event.option_index)
        if hit is None:
            return
        self.app.pop_screen()
        self.post_message(self.OpenMention(hit.doc, hit.start, hit.end))

    def action_tag_checked(self) -> None:
        """Choose a tag and put it on every checked mention, as one undoable step."""
        if not self.checked:
            self.notify("Check some mentions first (space)", severity="warning")
            return
        mentions = sorted(self.checked)
        texts = {_key(hit): hit.text for hit in self.hits if _key(hit) in self.checked}

        def chosen(name: str | None) -> None:
            if name:
                self.post_message(self.TagMentions(mentions, name, partial(tagged, name), texts))

        def tagged(name: str, count: int) -> None:
            skipped = len(mentions) - count
            note = f" ({skipped} already tagged or changed since)" if skipped else ""
            self.notify(f"Tagged {count} mention(s) “{name}”{note}")
            self.checked -= set(mentions)
            self._fill_mentions()

        self.app.push_screen(TagPicker(list_tags(cast("CorpusApp", self.app).db)), chosen)

    def action_focus_query(self) -> None:
        """Go back to the query to change it."""
        self.query_one(Input).focus()

    def action_close(self) -> None:
        """Back to the reader."""
        self.app.pop_screen()
