"""The agreement screen: how far two coders agree, and the passages where they differ.

Figures per tag and over all (``*``) come from ``store.agreement``; below them, every passage
where the two coders' tags differ, in document order. Enter goes to a passage in the reader
(showing every coder's layer); ``a`` or ``b`` makes the other coder's coding of the passage
what A's or B's is (one undo step); ``c`` / ``C`` change coder B / A.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from corpus_tui.corpus.printable import one_line
from corpus_tui.store.agreement import (
    Disagreement,
    adopt_version,
    coder_agreement,
    disagreements,
    list_coders,
)
from corpus_tui.tui.layers import ALL_LAYERS
from corpus_tui.tui.workspace import Workspace


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


class AgreementScreen(ModalScreen[None]):
    """Two coders compared; Enter goes to a passage, a / b adopt one version of it."""

    CSS_PATH = "agreement.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", id="close"),
        Binding(
            "a",
            "adopt('a')",
            "Adopt A's",
            tooltip="Make B's coding here what A's is",
            id="adopt-a",
        ),
        Binding(
            "b",
            "adopt('b')",
            "Adopt B's",
            tooltip="Make A's coding here what B's is",
            id="adopt-b",
        ),
        Binding("c", "other_coder('b')", "Next coder B", show=False, id="next-coder-b"),
        Binding("C", "other_coder('a')", "Next coder A", show=False, id="next-coder-a"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.db = workspace.db
        self.coders = list_coders(self.db)
        me = workspace.coder
        first = me if me in self.coders else (self.coders[0] if self.coders else None)
        others = [coder for coder in self.coders if coder != first]
        self.coder_a = first
        self.coder_b = others[0] if others else None
        self.passages: list[Disagreement] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="figures", markup=False)
            yield OptionList(id="passages")
            yield Static(
                "Enter: go to the passage · a / b: adopt A's / B's version · c / C: change "
                "coder B / A · Esc: close",
                classes="hint",
            )

    def on_mount(self) -> None:
        self._fill(self.workspace.disagreement_index)
        self.query_one("#passages", OptionList).focus()

    def _fill(self, keep: int = 0) -> None:
        figures = self.query_one("#figures", Static)
        passages = self.query_one("#passages", OptionList)
        passages.clear_options()
        if self.coder_a is None or self.coder_b is None:
            names = ", ".join(self.coders) or "none"
            figures.update(f"Agreement needs two coders with highlights here (coders: {names}).")
            self.passages = []
            return
        results = coder_agreement(self.db, self.coder_a, self.coder_b)
        self.passages = disagreements(self.db, self.coder_a, self.coder_b)
        lines = [
            f"A: {one_line(self.coder_a)}   B: {one_line(self.coder_b)}",
            f"{'TAG':<24} {'CHARS':>9} {'PERCENT':>8} {'KAPPA':>7} {'ALPHA':>7}",
        ]
        for result in results:
            percent = "—" if result.percent is None else f"{100 * result.percent:.1f}%"
            lines.append(
                f"{one_line(result.tag)[:24]:<24} {result.chars:>9} {percent:>8} "
                f"{_figure(result.kappa):>7} {_figure(result.alpha):>7}"
            )
        lines.append(f"{len(self.passages)} passages where they differ:")
        figures.update("\n".join(lines))
        passages.add_options(self._option(index, d) for index, d in enumerate(self.passages))
        if self.passages:
            passages.highlighted = min(keep, len(self.passages) - 1)

    def _option(self, index: int, passage: Disagreement) -> Option:
        label = Text()
        quote = one_line(" ".join(passage.text.split()))
        label.append(quote[:40] + ("…" if len(quote) > 40 else ""), style="bold")
        label.append(f"  A: {', '.join(passage.tags_a) or '—'}", style="green")
        label.append(f"  B: {', '.join(passage.tags_b) or '—'}", style="magenta")
        label.append(f"  {one_line(passage.title)[:16]} {passage.start}-{passage.end}", style="dim")
        return Option(label, id=str(index))

    def _current(self) -> tuple[int, Disagreement] | None:
        index = self.query_one("#passages", OptionList).highlighted
        if index is None or not self.passages:
            return None
        return index, self.passages[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        current = self._current()
        if current is None:
            return
        index, passage = current
        workspace = self.workspace
        workspace.disagreement_index = index + 1
        workspace.coder_layer = ALL_LAYERS
        workspace.open_document(passage.document_id, top=passage.start, cursor=passage.start)
        self.dismiss(None)

    def action_adopt(self, which: str) -> None:
        """Make the other coder's coding of the passage what ``which`` coder's is."""
        current = self._current()
        if current is None or self.coder_a is None or self.coder_b is None:
            return
        index, passage = current
        source, target = (
            (self.coder_a, self.coder_b) if which == "a" else (self.coder_b, self.coder_a)
        )

        def adopted(_result: object) -> None:
            self.notify(f"{target}'s coding of the passage is now {source}'s (u undoes it)")
            self._fill(index)

        # The Workspace's one write path: undoable, and it waits out another program's lock.
        self.workspace.changes.change(
            f"adopt {source}'s version",
            lambda: adopt_version(
                self.db, passage.document_id, passage.start, passage.end, source, target
            ),
            adopted,
        )

    def action_other_coder(self, which: str) -> None:
        """Compare with the next coder, as A or as B."""
        if len(self.coders) < 2:
            return
        if which == "b":
            choices = [c for c in self.coders if c != self.coder_a]
            position = choices.index(self.coder_b) if self.coder_b in choices else -1
            self.coder_b = choices[(position + 1) % len(choices)]
        else:
            choices = [c for c in self.coders if c != self.coder_b]
            position = choices.index(self.coder_a) if self.coder_a in choices else -1
            self.coder_a = choices[(position + 1) % len(choices)]
        self._fill()
