"""The names and places view: every capitalised name phrase of the corpus, its spelling variants
side by side, with counts and documents; places marked. Type to filter; Enter shows the mentions
of the chosen name in the search screen."""

from __future__ import annotations

from collections import defaultdict

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from corpus_tui.corpus.folding import fold
from corpus_tui.store.db import open_db
from corpus_tui.store.search import NameSummary, list_names

MAX_SHOWN = 400


def cluster_names(names: list[NameSummary]) -> list[list[NameSummary]]:
    """Names grouped by variant cluster, the most mentioned cluster first, each cluster's most
    frequent spelling first."""
    clusters: dict[str, list[NameSummary]] = defaultdict(list)
    for name in names:
        clusters[name.cluster].append(name)
    groups = [sorted(group, key=lambda n: (-n.occurrences, n.name)) for group in clusters.values()]
    return sorted(groups, key=lambda group: (-sum(n.occurrences for n in group), group[0].name))


def name_filter(query: str) -> list[str]:
    """The folded words every shown name must contain."""
    return [fold(word) for word in query.split()]


class NamesScreen(Screen):
    """Every name and place of the corpus; Enter shows a name's mentions."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the reader"),
        Binding("slash,ctrl+n", "focus_filter", "Filter", show=False),
    ]

    DEFAULT_CSS = """
    NamesScreen #names-filter { margin: 0 1; }
    NamesScreen #names-summary { height: 1; padding: 0 2; color: $text-muted; }
    NamesScreen #names { height: 1fr; border: round $panel; }
    NamesScreen #names:focus { border: round $accent; }
    """

    class Loaded(Message):
        """The names list was read (posted from the worker thread)."""

        def __init__(self, names: list[NameSummary]) -> None:
            super().__init__()
            self.names = names

    def __init__(self) -> None:
        super().__init__()
        self.names: list[NameSummary] = []
        self.folded: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder="filter names, e.g. kim or river", id="names-filter")
            yield Static("reading names…", id="names-summary", markup=False)
            yield OptionList(id="names")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#names", OptionList).border_title = "Names and places"

    def on_screen_resume(self) -> None:
        self.query_one(Input).focus()
        self._load()

    @work(thread=True, exclusive=True, group="names")
    def _load(self) -> None:
        db = open_db(self.app.db_path)
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
        options.clear_options()
        shown = 0
        for group in cluster_names(chosen):
            for position, name in enumerate(group):
                if shown >= MAX_SHOWN:
                    break
                options.add_option(Option(self._label(name, position > 0), id=str(name.id)))
                shown += 1
        if options.option_count:
            options.highlighted = 0
        more = f", first {MAX_SHOWN} shown" if len(chosen) > MAX_SHOWN else ""
        self.query_one("#names-summary", Static).update(
            f"{len(chosen)} of {len(self.names)} names{more} · variants listed under the most "
            "frequent spelling · Enter shows mentions"
        )

    @staticmethod
    def _label(name: NameSummary, variant: bool) -> Text:
        label = Text("   ↳ " if variant else "")
        label.append(name.name, style="" if variant else "bold")
        label.append(f"  {name.occurrences}× in {name.documents} doc(s)", style="dim")
        if name.place:
            label.append("  place", style="cyan")
        return label

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
