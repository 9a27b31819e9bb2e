"""The coding loop beside other programs and before any passage: keys pressed through Pilot,
then the database checked.

Another program is played by a second SQLite connection of the test's own: holding
`BEGIN IMMEDIATE` is another program holding the write lock, and the test releases it itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import corpus_tui.tui.changes
from corpus_tui.corpus.reading import parse_bytes
from corpus_tui.store.db import open_db
from corpus_tui.store.documents import add_document
from corpus_tui.store.highlights import add_highlight, highlights_for
from corpus_tui.store.orphans import list_orphans, orphan_highlight
from corpus_tui.store.tags import ensure_tag, list_tags
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.keys import palette_commands
from corpus_tui.tui.reader import Reader
from corpus_tui.tui.screens.dialogs import Confirm, Prompt
from corpus_tui.tui.screens.tag_picker import TagPicker
from corpus_tui.tui.widgets.tag_panel import FIRST_TAG_HINT, TagList

TEXT = (
    "Mr. Kim met the U.N. envoy in Tumen. The camp holds 24 defectors.\n"
    "A second paragraph here. It ends.\n"
)
SIZE = (120, 40)


def _document(db_path: Path, text: str = TEXT, source: str = "a.txt", *tags: str) -> str:
    db = open_db(db_path)
    try:
        document_id = add_document(db, parse_bytes(text.encode(), source), source).document_id
        for tag in tags:
            ensure_tag(db, tag)
        return document_id
    finally:
        db.close()


def _stored(db_path: Path, document_id: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each highlight as (its text, its tags)."""
    db = open_db(db_path)
    try:
        from corpus_tui.store.documents import get_text

        text = get_text(db, document_id)
        return [(text[h.start : h.end], h.tags) for h in highlights_for(db, document_id)]
    finally:
        db.close()


def _tag_names(db_path: Path) -> list[str]:
    db = open_db(db_path)
    try:
        return [tag.name for tag in list_tags(db)]
    finally:
        db.close()


def _notes(app: CorpusApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


@contextmanager
def _other_program_writing(db_path: Path) -> Iterator[sqlite3.Connection]:
    """Another program holding the database's write lock until the block ends."""
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


async def _settle(pilot) -> None:
    """Let queued work finish: workers (the wait for the lock) and the messages they post."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _wait_line(app: CorpusApp) -> str:
    wait = app.query_one("#db-wait")
    return str(wait.render()) if wait.has_class("-waiting") else ""


# ---- item 4: tags before passages -------------------------------------------------------------


async def test_t_with_nothing_selected_makes_the_tag_typed(db_path: Path) -> None:
    document_id = _document(db_path)
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        assert isinstance(app.screen, TagPicker)
        await pilot.press(*"witness", "enter")
        await pilot.pause()
        assert any("New tag “witness”" in note for note in _notes(app))
        # The tag's quick key works at once on a selection.
        await pilot.press("s", "1")
        await pilot.pause()
    assert _tag_names(db_path) == ["witness"]
    assert _stored(db_path, document_id) == [("Mr. Kim met the U.N. envoy in Tumen.", ("witness",))]


async def test_the_empty_tag_panel_says_how_and_new_tag_makes_one(db_path: Path) -> None:
    _document(db_path)
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tag_list = app.query_one(TagList)
        shown = [str(tag_list.get_option_at_index(i).prompt) for i in range(tag_list.option_count)]
        assert shown == [FIRST_TAG_HINT, "+ New tag (T)"]
        await pilot.press("ctrl+t")  # to the tag panel; Enter on "+ New tag"
        await pilot.press("enter")
        assert isinstance(app.screen, Prompt)
        await pilot.press(*"place", "enter")
        await pilot.pause()
        shown = [str(tag_list.get_option_at_index(i).prompt) for i in range(tag_list.option_count)]
        assert shown[0].startswith("██ place") and FIRST_TAG_HINT not in shown
        # From anywhere: T, and the same command in the palette.
        app.query_one(Reader).focus()
        await pilot.press("T")
        await pilot.press(*"person", "enter")
        await pilot.pause()
        titles = [command.title for command in palette_commands(app.screen)]
        assert any(title.startswith("New tag") for title in titles), titles
        # A name taken already: one warning, nothing added.
        await pilot.press("T", *"place", "enter")
        await pilot.pause()
        assert any("exists already" in note for note in _notes(app))
    assert _tag_names(db_path) == ["place", "person"]


async def test_undo_takes_back_a_new_tag(db_path: Path) -> None:
    _document(db_path)
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("T", *"place", "enter")
        await pilot.pause()
        assert _tag_names(db_path) == ["place"]
        await pilot.press("u")
        await pilot.pause()
    assert _tag_names(db_path) == []


# ---- item 8: another program holding the write lock ------------------------------------------


async def test_a_change_waits_for_another_programs_lock_without_freezing(db_path: Path) -> None:
    document_id = _document(db_path, TEXT, "a.txt", "place")
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        with _other_program_writing(db_path):
            await pilot.press("s", "1")
            await pilot.pause()
            assert "waiting for the database…" in _wait_line(app)
            # The app keeps answering keys meanwhile, and a second change queues behind.
            await pilot.press("right_parenthesis", "s")
            assert reader.selection == (37, 65)
            await pilot.press("1")
            await pilot.pause()
            assert "2 changes" in _wait_line(app)
            assert _stored(db_path, document_id) == []
        await _settle(pilot)
        assert _wait_line(app) == ""
        assert app.is_running
    assert _stored(db_path, document_id) == [
        ("Mr. Kim met the U.N. envoy in Tumen.", ("place",)),
        ("The camp holds 24 defectors.", ("place",)),
    ]


async def test_a_change_is_given_up_when_the_lock_is_held_too_long(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus_tui.tui.changes, "PATIENCE", 0.3)
    document_id = _document(db_path, TEXT, "a.txt", "place")
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        with _other_program_writing(db_path):
            await pilot.press("s", "1")
            await _settle(pilot)  # the wait runs out while the lock is still held
            assert _wait_line(app) == ""
            assert any("not saved" in note and "tag place" in note for note in _notes(app))
        # Nothing half-done, the selection is still there, and the app goes on: 1 now saves.
        assert _stored(db_path, document_id) == []
        assert app.query_one(Reader).selection == (0, 36)
        await pilot.press("1")
        await pilot.pause()
        assert app.is_running
    assert _stored(db_path, document_id) == [("Mr. Kim met the U.N. envoy in Tumen.", ("place",))]


async def test_undo_waits_for_the_lock_and_keeps_its_step(db_path: Path) -> None:
    document_id = _document(db_path, TEXT, "a.txt", "place")
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "1")
        await pilot.pause()
        with _other_program_writing(db_path):
            await pilot.press("u")
            await pilot.pause()
            assert "waiting for the database…" in _wait_line(app)
        await _settle(pilot)
        assert _stored(db_path, document_id) == []
        await pilot.press("U")  # the step went to the redo list, not lost
        await pilot.pause()
    assert _stored(db_path, document_id) == [("Mr. Kim met the U.N. envoy in Tumen.", ("place",))]


# ---- item 8: another program changing what the user sees --------------------------------------


async def test_redo_after_a_merge_recreated_the_span_is_skipped(db_path: Path) -> None:
    document_id = _document(db_path, TEXT, "a.txt", "place")
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "1")
        await pilot.pause()
        [made] = highlights_for(app.db, document_id)
        await pilot.press("u")
        await pilot.pause()
        # A colleague's file merged by another program brings the same span back.
        other = open_db(db_path)
        add_highlight(other, document_id, made.start, made.end, ["place"], span_id=made.id)
        other.close()
        await pilot.press("U")
        await pilot.pause()
        assert any("could not redo" in note for note in _notes(app))
        assert app.is_running
        await pilot.press("U")  # the step is gone, not tried again
        await pilot.pause()
        # Not necessarily the last note: the app may also say another program wrote.
        assert "Nothing to redo" in _notes(app)
    assert _stored(db_path, document_id) == [("Mr. Kim met the U.N. envoy in Tumen.", ("place",))]


NEW_VERSION = "Editor's note: updated on Monday.\n\n" + TEXT


async def test_a_selection_made_before_a_new_version_tags_the_text_the_user_saw(
    db_path: Path,
) -> None:
    document_id = _document(db_path, TEXT, "a.txt", "place")
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_parenthesis", "right_parenthesis", "s")
        assert app.query_one(Reader).selection == (37, 65)
        # Another program re-imports the file: a paragraph was added above.
        assert _document(db_path, NEW_VERSION, "a.txt") == document_id
        await pilot.press("1")
        await pilot.pause()
        assert app.workspace.text == NEW_VERSION  # the new version is shown now
        assert any("new version" in note for note in _notes(app))
    assert _stored(db_path, document_id) == [("The camp holds 24 defectors.", ("place",))]


async def test_a_selection_whose_text_left_the_new_version_is_refused(db_path: Path) -> None:
    document_id = _document(db_path, TEXT, "a.txt", "place")
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_parenthesis", "right_parenthesis", "s")
        _document(db_path, "Mr. Kim met the U.N. envoy in Tumen.\nA second paragraph.\n", "a.txt")
        await pilot.press("1")
        await pilot.pause()
        assert any("without the selected text" in note for note in _notes(app))
        assert app.is_running
    assert _stored(db_path, document_id) == []


async def test_moving_a_bound_after_a_new_version_is_refused_not_misplaced(db_path: Path) -> None:
    document_id = _document(db_path, TEXT, "a.txt", "place")
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "1")
        await pilot.pause()
        _document(db_path, NEW_VERSION, "a.txt")
        await pilot.press("equals_sign")  # end one character right, worked out on old text
        await pilot.pause()
        assert any("new version" in note for note in _notes(app))
    assert _stored(db_path, document_id) == [("Mr. Kim met the U.N. envoy in Tumen.", ("place",))]


# ---- item 8: one write path for every screen, on a database that refuses writes ----------------


def _refuse_writes(app: CorpusApp) -> None:
    """The app's database turns read-only under it (as a file made read-only would)."""
    app.db.execute("PRAGMA query_only = ON")


async def test_tagging_checked_mentions_on_a_read_only_database_warns(db_path: Path) -> None:
    document_id = _document(db_path, TEXT, "a.txt", "place")
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"tumen", "enter")
        await _settle(pilot)
        _refuse_writes(app)
        await pilot.press("a", "ctrl+t", *"place", "enter")
        await pilot.pause()
        assert any("read-only" in note for note in _notes(app))
        assert app.is_running and app.return_code is None
    assert _stored(db_path, document_id) == []


async def test_tagging_checked_mentions_is_one_undoable_change(db_path: Path) -> None:
    document_id = _document(db_path, TEXT, "a.txt", "place")
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"tumen", "enter")
        await _settle(pilot)
        await pilot.press("a", "ctrl+t", *"place", "enter")
        await pilot.pause()
        assert _stored(db_path, document_id) == [("Tumen", ("place",))]
        assert any("Tagged 1 mention" in note for note in _notes(app))
        await pilot.press("escape", "u")
        await pilot.pause()
    assert _stored(db_path, document_id) == []


def _orphaned(db_path: Path) -> str:
    document_id = _document(db_path, TEXT, "a.txt", "place")
    db = open_db(db_path)
    highlight = add_highlight(db, document_id, 30, 35, ["place"])
    orphan_highlight(db, highlight, TEXT, "test")
    db.close()
    return document_id


async def test_reattaching_an_orphan_on_a_read_only_database_warns(db_path: Path) -> None:
    document_id = _orphaned(db_path)
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w")
        _refuse_writes(app)
        await pilot.press("f7", "enter")
        await pilot.pause()
        assert any("read-only" in note for note in _notes(app))
        assert app.is_running
    db = open_db(db_path)
    assert len(list_orphans(db)) == 1
    db.close()
    assert _stored(db_path, document_id) == []


async def test_reattaching_an_orphan_is_undoable(db_path: Path) -> None:
    document_id = _orphaned(db_path)
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w", "f7", "enter")
        await pilot.pause()
        assert _stored(db_path, document_id) == [("Mr", ("place",))]
        await pilot.press("u")
        await pilot.pause()
    assert _stored(db_path, document_id) == []


async def test_tag_administration_on_a_read_only_database_warns(db_path: Path) -> None:
    _document(db_path, TEXT, "a.txt", "place")
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _refuse_writes(app)
        await pilot.press("ctrl+t", "R", "ctrl+u", *"site", "enter")
        await pilot.pause()
        assert any("read-only" in note for note in _notes(app))
        assert app.is_running
    assert _tag_names(db_path) == ["place"]


# ---- item 8: what the user wrote is never markup ----------------------------------------------

ODD_NAMES = ["quote [unclear]", "a[/b"]


def _static_texts(app: CorpusApp) -> list[str]:
    from textual.widgets import Static

    return [str(static.render()) for static in app.screen.query(Static)]


@pytest.mark.parametrize("name", ODD_NAMES)
async def test_tag_names_with_brackets_show_as_written(db_path: Path, name: str) -> None:
    _document(db_path, TEXT, "a.txt", "place")
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("T", *name, "enter")
        await pilot.pause()
        assert f"New tag “{name}”: select a passage and press 2 to tag it" in _notes(app)
        tag_list = app.query_one(TagList)
        assert str(tag_list.get_option_at_index(1).prompt).startswith(f"██ {name}")
        # Merge it into "place": the picker's title and the question quote it exactly.
        await pilot.press("ctrl+t", "down", "M")
        assert isinstance(app.screen, TagPicker)
        assert f"Merge “{name}” into…" in _static_texts(app)
        await pilot.press("enter")
        assert isinstance(app.screen, Confirm)
        assert any(f"Merge “{name}” into “place”?" in text for text in _static_texts(app))
        await pilot.press("y")
        await pilot.pause()
        assert app.is_running
    assert _tag_names(db_path) == ["place"]


async def test_a_tag_with_brackets_tags_and_untags_a_passage(db_path: Path) -> None:
    document_id = _document(db_path, TEXT, "a.txt", *ODD_NAMES)
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "1", "2")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert "Undid: tag a[/b" in _notes(app)
    assert _stored(db_path, document_id) == [
        ("Mr. Kim met the U.N. envoy in Tumen.", ("quote [unclear]",))
    ]


def test_helpers_refuse_nothing_they_should_not(db_path: Path) -> None:
    """The simulated other program really holds the lock: a normal write is refused."""
    _document(db_path)
    with _other_program_writing(db_path):
        probe = sqlite3.connect(db_path, timeout=0)
        with pytest.raises(sqlite3.OperationalError):
            probe.execute("BEGIN IMMEDIATE")
        probe.close()


async def test_quitting_saves_a_waiting_change_once_the_lock_is_free(db_path: Path) -> None:
    document_id = _document(db_path, TEXT, "a.txt", "place")
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        with _other_program_writing(db_path):
            await pilot.press("s", "1")
            await pilot.pause()
            assert app.workspace.changes.waiting == 1
        # The lock is free, and the app closes before its waiting worker reports back.
    assert _stored(db_path, document_id) == [("Mr. Kim met the U.N. envoy in Tumen.", ("place",))]


async def test_reattaching_an_orphan_a_merge_brought_back_is_refused(db_path: Path) -> None:
    document_id = _orphaned(db_path)
    db = open_db(db_path)
    [orphan] = list_orphans(db)
    db.close()
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Another program's merge places the same span (same id) before the user re-attaches.
        other = open_db(db_path)
        add_highlight(other, document_id, 30, 35, ["place"], span_id=orphan.id)
        other.close()
        await pilot.press("w", "f7", "enter")
        await pilot.pause()
        assert any("was not saved" in note for note in _notes(app))
        assert app.is_running
    assert _stored(db_path, document_id) == [("Tumen", ("place",))]


async def test_checked_mentions_whose_document_changed_since_are_not_tagged(db_path: Path) -> None:
    document_id = _document(db_path, TEXT, "a.txt", "place")
    app = CorpusApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"tumen", "enter")
        await _settle(pilot)
        await pilot.press("a")
        # Another program imports a new version: the mention's offsets now point elsewhere.
        _document(db_path, NEW_VERSION, "a.txt")
        await pilot.press("ctrl+t", *"place", "enter")
        await pilot.pause()
        assert any("Tagged 0 mention(s)" in note for note in _notes(app))
    assert _stored(db_path, document_id) == []
