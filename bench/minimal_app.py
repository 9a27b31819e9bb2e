"""The start-up peer: the smallest Textual app that paints one line, run like ours in a terminal."""

from textual.app import App, ComposeResult
from textual.widgets import Static

READY = "minimal textual app ready"


class MinimalApp(App[None]):
    """One line of text and nothing else."""

    def compose(self) -> ComposeResult:
        yield Static(READY)


if __name__ == "__main__":
    MinimalApp().run()
