"""The user's configuration file: one TOML file with a keymap, a coder name and a theme.

`$CORPUS_TUI_CONFIG`, else `config.toml` in the platformdirs user config directory for
corpus-tui. A missing file means defaults; a broken one gives one line (``error``) and defaults.
Reading it never imports Textual, so headless commands can use the coder it names.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_path

CONFIG_ENV = "CORPUS_TUI_CONFIG"


@dataclass(frozen=True)
class Config:
    """What the config file sets; ``error`` is the one line to show when it could not be read."""

    path: Path
    keymap: dict[str, str] = field(default_factory=dict)
    coder: str | None = None
    theme: str | None = None
    error: str | None = None


def config_path() -> Path:
    """Where the config file is looked for."""
    return Path(os.environ.get(CONFIG_ENV) or user_config_path("corpus-tui") / "config.toml")


def load_config(path: Path | None = None) -> Config:
    """Read the config file at ``path`` (default: ``config_path()``); never raises."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return Config(path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Config(path, error=f"config {path} not read ({error}); using defaults")
    problems: list[str] = []
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(isinstance(keys, str) for keys in keymap.values()):
        problems.append("[keymap] must map binding ids to key strings")
        keymap = {}
    coder = _optional_text(data, "coder", problems)
    theme = _optional_text(data, "theme", problems)
    complaint = f"config {path}: {'; '.join(problems)}; using defaults there" if problems else None
    return Config(path, keymap=dict(keymap), coder=coder, theme=theme, error=complaint)


def _optional_text(data: dict, key: str, problems: list[str]) -> str | None:
    value = data.get(key)
    if value is None or (isinstance(value, str) and value.strip()):
        return value.strip() if isinstance(value, str) else None
    problems.append(f"{key} must be a non-empty string")
    return None
