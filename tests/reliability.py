"""Helpers for the reliability battery: child writers killed at random, soundness checks,
and running code as a user whom file permissions apply to."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from corpus_tui.store.db import open_db

DRIVER = Path(__file__).with_name("crash_driver.py")
# Up to this many seconds between the last line read and the kill, so kills land anywhere in
# the child's next transaction rather than just after a report.
KILL_JITTER = 0.02
# The user whom a root test process becomes to be refused by file permissions.
NOBODY = 65534
# Modules the command line loads only when needed, loaded before becoming that user, who may
# not be able to read the interpreter's own library.
LAZY_MODULES = (
    *(
        "rich.progress",
        "corpus_tui.store.importer",
        "corpus_tui.store.spans_export",
        "corpus_tui.store.spans_merge",
    ),
    *("queue", "termios", "tty"),  # the app's terminal driver
)


def start_driver(*args: str | os.PathLike[str]) -> subprocess.Popen[str]:
    """Start `crash_driver.py` with these arguments, its stdout and stderr piped."""
    return subprocess.Popen(
        [sys.executable, str(DRIVER), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def kill_at_random(
    process: subprocess.Popen[str], rng: random.Random, lines: int, jitter: float = KILL_JITTER
) -> list[Any]:
    """Let the child report `lines` lines, SIGKILL it up to `jitter` seconds later, and return
    every complete report it printed (a report cut short by the kill was not confirmed)."""
    seen: list[str] = []
    while len(seen) < lines:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
    time.sleep(rng.random() * jitter)
    process.send_signal(signal.SIGKILL)
    seen.extend(process.stdout.read().splitlines(keepends=True))
    errors = process.stderr.read()
    process.wait()
    assert process.returncode in (0, -signal.SIGKILL), errors
    return [json.loads(line) for line in seen if line.endswith("\n")]


def finish(process: subprocess.Popen[str]) -> list[Any]:
    """Wait for a child to end by itself; assert it succeeded and said nothing on stderr."""
    out, errors = process.communicate()
    assert process.returncode == 0, errors
    assert errors == ""
    return [json.loads(line) for line in out.splitlines()]


def open_sound(path: Path) -> Database:
    """Open a database as the next start of the app would, and assert SQLite finds it whole."""
    db = open_db(path)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    return db


def dump(path: Path) -> str:
    """Every row and schema statement of a database, for before/after comparisons."""
    db = open_db(path)
    try:
        return "\n".join(db.conn.iterdump())
    finally:
        db.close()


@contextlib.contextmanager
def public_folder() -> Iterator[Path]:
    """A scratch folder that anybody may enter and write, removed afterwards.

    SQLite opens files by absolute path, so a user dropped to by `run_unprivileged` must be able
    to reach the folder from the root: pytest's private tmp_path is out of reach.
    """
    folder = Path(tempfile.mkdtemp(prefix="corpus-tui-test-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def run_unprivileged(function: Callable[..., Any], *args: Any, cwd: Path) -> Any:
    """Call `function(*args)` in a forked child working in `cwd`, as a user to whom file
    permissions apply (root drops to nobody, since root reads a chmod 000 file), and return
    what it returned. `cwd` must let that user in; the other folders above it need not."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(reader)
            os.chdir(cwd)
            for module in LAZY_MODULES:
                importlib.import_module(module)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            outcome = ("returned", function(*args))
        except BaseException as error:
            outcome = ("raised", f"{type(error).__name__}: {error}")
        with os.fdopen(writer, "wb") as pipe:
            pickle.dump(outcome, pipe)
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        kind, value = pickle.load(pipe)
    os.waitpid(pid, 0)
    assert kind == "returned", value
    return value


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run `corpus-tui ARGS...` in this process; return (exit status, stdout, stderr)."""
    from corpus_tui.tui.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["corpus-tui", *args]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
        status = 0
    except SystemExit as exit_:
        status = exit_.code or 0
    finally:
        sys.argv = argv
    return status, out.getvalue(), err.getvalue()
