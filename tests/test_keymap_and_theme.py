"""The config file in the app: `[keymap]` remaps bindings by id, `theme` picks a Textual theme, a
broken file is one line and defaults; the reader's colours follow the theme."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding

from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import highlights_for
from corpus_tui.store.tags import ensure_tag
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.keymap import SCREEN_MODULES, checked_keymap
from corpus_tui.tui.reader import Reader

TEXT = "Mr. Kim met the envoy in Tumen. The camp holds 24 defectors.\nA second paragraph.\n"
SIZE = (120, 30)
# The ids DESIGN.md promises to users' config files.
PROMISED_IDS = (
    "select-sentence",
    "select-word",
    "select-paragraph",
    "tag-picker",
    "undo",
    "redo",
    "delete-highlight",
    "edit-note",
    "search",
)


@pytest.fixture
def doc(db_path: Path) -> str:
    db = open_db(db_path)
    document_id = add_document(db, parse_bytes(TEXT.encode(), "a.txt"), "a.txt").document_id
    ensure_tag(db, "place")
    db.close()
    return document_id


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write the config file the app reads ($CORPUS_TUI_CONFIG) and return its path."""

    def write(text: str) -> Path:
        path = tmp_path / "config.toml"
        path.write_text(text, "utf-8")
        monkeypatch.setenv("CORPUS_TUI_CONFIG", str(path))
        return path

    return write


def stored(db_path: Path, document_id: str) -> list[tuple[int, int, tuple[str, ...]]]:
    db = open_db(db_path)
    try:
        return [(h.start, h.end, h.tags) for h in highlights_for(db, document_id)]
    finally:
        db.close()


def toasts(app: CorpusApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def _all_binding_classes() -> list[type]:
    from importlib import import_module

    import corpus_tui.tui.app as app_module
    import corpus_tui.tui.widgets.cursor_list as cursor_list
    import corpus_tui.tui.widgets.document_list as document_list
    import corpus_tui.tui.widgets.highlight_list as highlight_list
    import corpus_tui.tui.widgets.tag_panel as tag_panel
    import corpus_tui.tui.workspace as workspace

    modules = [app_module, workspace, cursor_list, document_list, highlight_list, tag_panel]
    modules += [import_module(name) for name in SCREEN_MODULES]
    modules.append(import_module("corpus_tui.tui.reader"))
    return [
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type)
        and value.__module__ == module.__name__
        and "BINDINGS" in vars(value)
    ]


def test_every_binding_has_an_id_and_the_promised_ones_exist() -> None:
    ids = set()
    for owner in _all_binding_classes():
        for binding in Binding.make_bindings(owner.BINDINGS):
            assert binding.id, f"{owner.__name__}: {binding.key} -> {binding.action} has no id"
            ids.add(binding.id)
    assert set(PROMISED_IDS) <= ids
    bound_keys = {"start-left", "start-right", "start-word-left", "start-word-right"}
    bound_keys |= {"end-left", "end-right", "end-word-left", "end-word-right"}
    assert bound_keys <= ids


async def test_a_keymap_entry_makes_its_key_do_the_action(db_path, doc, config):
    config('[keymap]\nselect-sentence = "S"\n')
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        await pilot.press("s")  # no longer bound: the default key is replaced
        assert reader.selection is None
        await pilot.press("S")
        assert reader.selection == (0, TEXT.index(" The camp"))
        await pilot.press("1")
        await pilot.pause()
        assert toasts(app) == []
    assert stored(db_path, doc) == [(0, TEXT.index(" The camp"), ("place",))]


async def test_the_bound_keys_move_to_other_keys(db_path, doc, config):
    config('[keymap]\nend-word-right = "alt+e,greater_than_sign"\nstart-right = "alt+s"\n')
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        await pilot.press("w")  # "Mr"
        await pilot.press("plus")  # unbound now
        assert reader.selection == (0, 2)
        await pilot.press("alt+e")  # end one word right: "Mr. Kim"
        assert reader.selection == (0, TEXT.index(" met"))
        await pilot.press("alt+s", "greater_than_sign")
        assert reader.selection == (1, TEXT.index(" the"))


async def test_help_shows_the_keys_in_force_and_the_config_path(db_path, doc, config):
    path = config('[keymap]\nselect-sentence = "S"\nundo = "ctrl+u"\n')
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        keys = {entry.binding_id: entry.keys for entry in app.screen.entries}
        assert app.screen.entries[0].binding_id == "select-sentence"
        assert (keys["select-sentence"], keys["undo"]) == (("S",), ("^u",))
        shown = app.export_screenshot().replace("&#160;", " ")
        assert "Sentence" in shown and "u, ^z" not in shown
        assert str(path) in str(app.screen.query_one("#help-config").render())


async def test_a_broken_config_is_one_line_and_defaults(db_path, doc, config):
    config("[keymap\nselect-sentence = S\n")
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        (message,) = toasts(app)
        assert "\n" not in message.strip() and "defaults" in message
        await pilot.press("s")
        assert app.query_one(Reader).selection is not None


async def test_unknown_ids_and_themes_are_reported_and_the_rest_applies(db_path, doc, config):
    config('theme = "no-such-theme"\n[keymap]\nsing-a-song = "z"\nselect-word = "W"\n')
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        (message,) = toasts(app)
        assert "sing-a-song" in message and "no-such-theme" in message
        await pilot.press("W")
        assert app.query_one(Reader).selection == (0, 2)
        assert app.theme == "textual-dark"


def test_ctrl_q_always_quits() -> None:
    known = {"quit", "undo"}
    keymap, problems = checked_keymap({"undo": "ctrl+q,z", "quit": "q"}, known)
    assert keymap == {"undo": "z", "quit": "q,ctrl+q"}
    assert len(problems) == 1 and "ctrl+q" in problems[0]


async def test_ctrl_q_quits_whatever_the_keymap_says(db_path, doc, config):
    config('[keymap]\nundo = "ctrl+q"\nquit = "f10"\n')
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_the_theme_named_in_the_config_restyles_the_reader(db_path, doc, config):
    config('theme = "solarized-light"\n')
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "solarized-light"
        reader = app.query_one(Reader)
        await pilot.press("w")
        await pilot.pause()
        light = [segment.style.bgcolor for segment in reader.render_line(0)]
        app.theme = "textual-dark"
        await pilot.pause()
        dark = [segment.style.bgcolor for segment in reader.render_line(0)]
        # The selection ("Mr") and the text after it take each theme's colours.
        assert light[0] != dark[0]
        assert light[-1] != dark[-1]


async def test_themes_are_in_the_command_palette(db_path, doc):
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert any("theme" in title.lower() for title in titles)
