"""The config file: defaults when missing, one line and defaults when broken."""

from __future__ import annotations

from pathlib import Path

from corpus_tui.tui.config import load_config


def test_a_missing_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "none.toml")
    assert (config.keymap, config.coder, config.theme, config.error) == ({}, None, None, None)


def test_keymap_coder_and_theme_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('coder = "ana"\ntheme = "nord"\n[keymap]\nselect-sentence = "S"\n', "utf-8")
    config = load_config(path)
    assert (config.keymap, config.coder, config.theme) == ({"select-sentence": "S"}, "ana", "nord")
    assert config.error is None


def test_a_broken_file_is_one_line_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[keymap\nselect-sentence = S\n", "utf-8")
    config = load_config(path)
    assert config.keymap == {}
    assert config.error is not None and "\n" not in config.error and str(path) in config.error


def test_wrong_types_are_reported_and_ignored(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("coder = 3\n[keymap]\nundo = 5\n", "utf-8")
    config = load_config(path)
    assert (config.keymap, config.coder) == ({}, None)
    assert "keymap" in config.error and "coder" in config.error
