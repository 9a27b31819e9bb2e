"""Shared fixtures: a fresh database per test and a folder of files the test writes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from corpus_tui.store.db import open_db
from corpus_tui.tui.cli import main


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--soak",
        action="store_true",
        help="Run the reliability battery at full strength: hundreds of kills, full-size inputs.",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "soak: a long reliability variant, run only with --soak")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--soak"):
        return
    long_ones = [item for item in items if item.get_closest_marker("soak")]
    if long_ones:
        config.hook.pytest_deselected(items=long_ones)
        items[:] = [item for item in items if not item.get_closest_marker("soak")]


@pytest.fixture(autouse=True)
def no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs without the user's own config file (keymap, theme) unless it writes one."""
    monkeypatch.setenv("CORPUS_TUI_CONFIG", str(tmp_path / "no-config.toml"))


@pytest.fixture
def soak(request: pytest.FixtureRequest) -> bool:
    """True under --soak: reliability tests then run many more rounds on bigger inputs."""
    return request.config.getoption("--soak")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database lives."""
    return tmp_path / "corpus.db"


@pytest.fixture
def db(db_path: Path) -> Database:
    """A fresh, migrated database, closed after the test."""
    database = open_db(db_path)
    yield database
    database.close()


@pytest.fixture
def write_files(tmp_path: Path):
    """Write `{relative name: str or bytes}` under a fresh folder and return the folder."""

    def write(files: dict[str, str | bytes], folder: str = "docs") -> Path:
        root = tmp_path / folder
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                path.write_text(content, encoding="utf-8", newline="")
            else:
                path.write_bytes(content)
        return root

    return write


@pytest.fixture
def run(capsys, monkeypatch, tmp_path):
    """Run `corpus-tui ARGS...`; return (exit status, stdout, stderr)."""
    monkeypatch.delenv("CORPUS_TUI_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["corpus-tui", *args])
        try:
            main()
            status = 0
        except SystemExit as exit_:
            status = exit_.code or 0
        out, err = capsys.readouterr()
        return status, out, err

    return invoke
