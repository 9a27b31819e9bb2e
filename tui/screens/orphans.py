"""The orphans screen: highlights that lost their place, and re-attaching one by hand.

Select the passage where an orphan belongs in the reader, open this screen and press Enter on
the orphan: it becomes a highlight there again, with its id, tags and note (one undo step).
Without a selection, Enter opens the orphan's document near where it was. The screen changes
nothing itself: it returns the choice, which the app applies through its one write path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.text import Text
from sqlite_utils import Database
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from corpus_tui.corpus.printable import visible
from corpus_tui.store.documents import get_document
from corpus_tui.store.orphans import Orphan, list_orphans


@dataclass(frozen=True, slots=True)
class OrphanChoice:
    """What the user chose: re-attach ``orphan`` at the reader's selection, or open its
    document near where it was (``near``)."""

    orphan: Orphan
    action: Literal["reattach", "open"]
    near: int = 0


class OrphansScreen(ModalScreen[OrphanChoice | None]):
    """Every orphan of the corpus; Enter re-attaches one at the reader's selection."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="close")]
    CSS_PATH = "dialogs.tcss"

    def __init__(self, db: Database, selected_in: str | None) -> None:
        """``selected_in``: the document where the reader has a selection, if it has one."""
        super().__init__()
        self.db = db
        self.selected_in = selected_in
        self.orphans = list_orphans(db)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"{len(self.orphans)} orphans: highlights whose text was not found", markup=False
            )
            yield OptionList(*(self._option(orphan) for orphan in self.orphans), id="orphans")
            yield Static(
                "Enter: re-attach at the reader's selection (or open its document) · Esc: close",
                classes="hint",
            )

    def _option(self, orphan: Orphan) -> Option:
        document = get_document(self.db, orphan.document_id)
        title = document.title if document else orphan.document_id
        label = Text()
        label.append(visible(" ".join(orphan.text.split())[:80]), style="bold")
        label.append(visible(f"  [{', '.join(orphan.tags)}]  {title}"), style="dim")
        return Option(label, id=orphan.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        orphan = next(o for o in self.orphans if o.id == event.option.id)
        if self.selected_in == orphan.document_id:
            self.dismiss(OrphanChoice(orphan, "reattach"))
            return
        document = get_document(self.db, orphan.document_id)
        self.dismiss(
            OrphanChoice(orphan, "open", min(orphan.start, document.chars if document else 0))
        )
