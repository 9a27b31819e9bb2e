"""The app's last guard between stored text and the terminal: no control character gets out.

Widgets show text through `corpus.printable.visible`, which keeps widths right; this line
filter, applied by Textual to every line of every widget, catches whatever a widget missed (a
title in a notification, a note in an editor), so an ESC sequence from a document can never
set the clipboard, retitle the window or clear the screen.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from corpus_tui.corpus.printable import UNSAFE, visible


class VisibleControls(LineFilter):
    """Shows control, bidi and separator characters in segment text as visible stand-ins."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """Return ``segments`` with unsafe characters in their text replaced."""
        if not any(UNSAFE.search(segment.text) for segment in segments if not segment.control):
            return segments
        return [
            segment
            if segment.control or not UNSAFE.search(segment.text)
            else Segment(visible(segment.text), segment.style)
            for segment in segments
        ]
