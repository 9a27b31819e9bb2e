"""Tag colours: the one form accepted (``#rrggbb``) and what is shown for anything else."""

from __future__ import annotations

import re

_COLOR = re.compile(r"#[0-9a-fA-F]{6}\Z")
# Shown for a tag whose stored colour is unusable (written by another program or release).
FALLBACK_COLOR = "#6b7280"


def is_color(value: object) -> bool:
    """Whether ``value`` is a colour as tags store it: ``#`` and six hexadecimal digits."""
    return isinstance(value, str) and _COLOR.match(value) is not None
