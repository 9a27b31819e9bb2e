"""The names and places view: every capitalised name phrase of the corpus, its spelling variants
side by side, with counts and documents; places and adjectives marked. Type to filter; Enter
shows the mentions of the chosen name in the search screen. In the list, the researcher curates
it: x says a phrase is not a name, space marks names and = says the marked ones are the same,
and - splits a spelling from its group (store/names_index.py keeps it; search uses it)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from rich.text import Text
from sqlite_utils import Database
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from corpus_tui.corpus.folding import fold
from corpus_tui.corpus.printable import visible
from corpus_tui.store.db import open_db
from corpus_tui.store.names_index import NameSummary, curate, list_names, uncurate
from corpus_tui.tui.failures import worker_failed
from corpus_tui.tui.workspace import Workspace

if TYPE_CHECKING:
    from corpus_tui.tui.app import CorpusApp

MAX_SHOWN = 400


def cluster_names(names: list[NameSummary]) -> list[list[NameSummary]]:
    """Names grouped by variant cluster, the most mentioned cluster first, each cluster's most
    frequent spelling first."""
    clusters: dict[str, list[NameSummary]] = defaultdict(list)
    for name in names:
        clusters[name.cluster].append(name)
    groups = [
        sorted(group, key=lambda n: (n.adjective, -n.occurrences, n.name))
        for group in clusters.values()
    ]
    return sorted(groups, key=lambda group: (-sum(n.occurrences for n in group), group[0].name))


def name_filter(query: str) -> list[str]:
    """The folded words every shown name must contain."""
    return [fold(word) for word in query.split()]


class NamesList(OptionList):
    """The names, grouped; keys that curate the index."""

    BINDINGS = [
        Binding(
            "x", "screen.not_name", "Not a name", tooltip="Leave this phrase out", id="not-a-name"
        ),
        Binding("space", "screen.mark", "Mark", tooltip="Mark names to join", id="mark-name"),
        Binding(
            "equals_sign",
            "screen.same",
            "Same",
            tooltip="The marked names are the same",
            id="same-names",
        ),
        Binding(
            "minus", "screen.split", "Split", tooltip="Not a variant of its group", id="split-name"
        ),
    ]


class NamesScreen(Screen):
    """Every name and place of the corpus; Enter shows a name's mentions."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the reader", id="back"),
        Binding("slash,ctrl+n", "focus_filter", "Filter", show=False, id="names-filter"),
    ]

    CSS_PATH = "names.tcss"

    class Loaded(Message):
        """The names list was read (posted from the worker thread)."""

        def __init__(self, names: list[NameSummary]) -> None:
            super().__init__()
            self.names = names

    def __init__(self) -> None:
        super().__init__()
        self.names: list[NameSummary] = []
        self.folded: list[str] = []
        self.marked: set[str] = set()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder="filter names, e.g. kim or river", id="names-filter")
            yield Static("reading names…", id="names-summary", markup=False)
            yield NamesList(id="names")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#names", OptionList).border_title = "Names and places"

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker_failed(self, event)

    def on_screen_resume(self) -> None:
        self.query_one(Input).focus()
        self._load()

    @work(thread=True, exclusive=True, group="names", exit_on_error=False)
    def _load(self) -> None:
        db = open_db(cast("CorpusApp", self.app).db_path)
        try:
            names = list_names(db)
        finally:
            db.close()
        self.post_message(self.Loaded(names))

    def action_focus_filter(self) -> None:
        """Go back to the filter to change it."""
        self.query_one(Input).focus()

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.names = event.names
        self.folded = [" ".join(fold(word) for word in n.name.split()) for n in self.names]
        self._fill(self.query_one(Input).value)

    @on(Input.Changed, "#names-filter")
    def _filtered(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#names-filter")
    def _submitted(self) -> None:
        self.query_one("#names", OptionList).focus()

    def _fill(self, query: str) -> None:
        words = name_filter(query)
        chosen = [
            name
            for name, folded in zip(self.names, self.folded, strict=True)
            if all(word in folded for word in words)
        ]
        options = self.query_one("#names", OptionList)
        previous = options.highlighted
        options.clear_options()
        shown = 0
        for group in cluster_names(chosen):
            for position, name in enumerate(group):
                if shown >= MAX_SHOWN:
                    break
                options.add_option(Option(self._label(name, position > 0), id=str(name.id)))
                shown += 1
        if options.option_count:
            options.highlighted = min(previous or 0, options.option_count - 1)
        more = f", first {MAX_SHOWN} shown" if len(chosen) > MAX_SHOWN else ""
        self.query_one("#names-summary", Static).update(
            f"{len(chosen)} of {len(self.names)} names{more} · variants listed under the most "
            "frequent spelling · Enter shows mentions"
        )

    def _label(self, name: NameSummary, variant: bool) -> Text:
        label = Text("• " if name.name in self.marked else "")
        label.append("   ↳ " if variant else "")
        label.append(visible(name.name), style="" if variant else "bold")
        label.append(f"  {name.occurrences}× in {name.documents} doc(s)", style="dim")
        if name.adjective:
            label.append("  adjective", style="magenta")
        elif name.place:
            label.append("  place", style="cyan")
        if name.curation:
            label.append(f"  [{name.curation.replace('_', ' ')}]", style="yellow")
        return label

    # ---- curation ----------------------------------------------------------------------------

    def _highlighted(self) -> NameSummary | None:
        options = self.query_one("#names", OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        option_id = options.get_option_at_index(options.highlighted).id
        return next((n for n in self.names if str(n.id) == option_id), None)

    def _curate(self, change: Callable[[Database], None]) -> None:
        # Through the reader's own connection: a write from another one reads as another
        # program's change.
        workspace = next(
            (found.first() for s in self.app.screen_stack if (found := s.query(Workspace))), None
        )
        if workspace is not None:
            change(workspace.db)
        else:
            db = open_db(cast("CorpusApp", self.app).db_path)
            try:
                change(db)
            finally:
                db.close()
        self._load()

    def action_not_name(self) -> None:
        """Say the highlighted phrase is not a name (again: it is one after all)."""
        name = self._highlighted()
        if name is None:
            return
        if name.curation == "not_name":
            self._curate(lambda db: uncurate(db, name.name, "not_name"))
        else:
            self._curate(lambda db: curate(db, name.name, "not_name"))
            self.notify(f"“{name.name}” is no longer listed or searched as a name")

    def action_mark(self) -> None:
        """Mark or unmark the highlighted name, to join marked names with =."""
        name = self._highlighted()
        if name is None:
            return
        self.marked ^= {name.name}
        self._fill(self.query_one(Input).value)

    def action_same(self) -> None:
        """Say the marked names (and the highlighted one) are the same."""
        name = self._highlighted()
        chosen = sorted(self.marked | ({name.name} if name else set()))
        if len(chosen) < 2:
            self.notify("Mark two names or more first (space)", severity="warning")
            return
        by_name = {n.name: n for n in self.names}
        chosen.sort(key=lambda text: -by_name[text].occurrences if text in by_name else 0)
        head, *others = chosen  # the others join the most frequent

        def join(db: Database) -> None:
            for other in others:
                uncurate(db, other, "split")
                curate(db, other, "same", head)

        self.marked.clear()
        self._curate(join)
        self.notify(f"{len(chosen)} names are now one")

    def action_split(self) -> None:
        """Take the highlighted spelling out of its group (again: put it back)."""
        name = self._highlighted()
        if name is None:
            return
        if name.curation == "split":
            self._curate(lambda db: uncurate(db, name.name, "split"))
        else:

            def split(db: Database) -> None:
                uncurate(db, name.name, "same")
                curate(db, name.name, "split")

            self._curate(split)
            self.notify(f"“{name.name}” now stands alone")

    class ShowMentions(Message):
        """Show the mentions of this name (the app opens the search screen on it)."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    @on(OptionList.OptionSelected, "#names")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        chosen = next((n for n in self.names if str(n.id) == event.option.id), None)
        if chosen is not None:
            self.post_message(self.ShowMentions(chosen.name))
