"""Who is coding: resolved once at start-up, recorded on every highlight made.

``--coder``, else ``$CORPUS_TUI_CODER``, else the config's ``coder``, else the operating-system
user name. Never imports Textual, so headless commands can use it.
"""

from __future__ import annotations

import getpass
import os

from corpus_tui.tui.config import Config, load_config

CODER_ENV = "CORPUS_TUI_CODER"


def resolve_coder(option: str | None = None, config: Config | None = None) -> str | None:
    """The coder's name, from the first of: ``option``, the environment, the config, the OS.

    None only when the operating system cannot name the user either (then highlights are
    recorded as by an unknown coder, as before coders were recorded).
    """
    for candidate in (option, os.environ.get(CODER_ENV)):
        if candidate and candidate.strip():
            return candidate.strip()
    configured = (config or load_config()).coder
    if configured:
        return configured
    try:
        return getpass.getuser() or None
    except (OSError, KeyError, ImportError):
        return None
