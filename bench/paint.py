"""Start-up to first paint, and peak memory, of a terminal app run in a pseudo-terminal.

The app is started as a user starts it (a new process, interpreter start-up and imports
included) on a pty of a fixed size. The clock stops when ``marker`` appears in what the app has
written, escape sequences removed: the moment the user could read it. The app is then left
until its output has been quiet for a moment, its peak resident memory read (``VmHWM`` in
/proc: ``ru_maxrss`` would count the forking parent's memory too, as it survives exec), and
sent ctrl+q.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from dataclasses import dataclass
from pathlib import Path

# CSI sequences, OSC/DCS/APC strings and two-byte escapes: what a terminal does not print.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]P_^].*?(?:\x07|\x1b\\)|\x1b[@-Z\\-_]", re.S)
CTRL_Q = b"\x11"
QUIET_SECONDS = 0.5
EXIT_SECONDS = 10.0


class PaintTimeout(Exception):
    """The marker never appeared."""


@dataclass(frozen=True)
class PaintRun:
    """Seconds from launch to the marker on screen, and the process's peak memory in MB."""

    seconds: float
    peak_mb: float


def visible_text(raw: bytes) -> str:
    """What a terminal would print of ``raw``, without its escape sequences."""
    return _ESCAPES.sub("", raw.decode("utf-8", errors="replace"))


def first_paint(
    argv: list[str],
    marker: str,
    *,
    env: dict[str, str] | None = None,
    rows: int = 40,
    columns: int = 120,
    timeout: float = 300.0,
) -> PaintRun:
    """Run ``argv`` in a ``rows`` x ``columns`` pty; time until ``marker`` is on screen."""
    env = {**os.environ, "TERM": "xterm-256color", **(env or {})}
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: size its terminal before the app asks, then become the app
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        os.execvpe(argv[0], argv, env)
    try:
        painted = _read_until(fd, marker, started, timeout)
        if painted is None:
            raise PaintTimeout(f"{marker!r} not on screen after {timeout:.0f} s: {argv}")
        _drain(fd, until_quiet=QUIET_SECONDS)
        peak_kb = peak_memory_kb(pid)
        os.write(fd, CTRL_Q)
        _drain(fd, until_quiet=EXIT_SECONDS)
    finally:
        _reap(pid)
        os.close(fd)
    return PaintRun(painted, peak_kb / 1024)


def peak_memory_kb(pid: int) -> int:
    """The peak resident memory of a running process, in KiB (Linux)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1))


def _read(fd: int, wait: float) -> bytes | None:
    """Up to 64 KiB the app wrote within ``wait`` seconds; b"" if none; None once it closed."""
    ready, _, _ = select.select([fd], [], [], wait)
    if not ready:
        return b""
    try:
        return os.read(fd, 65536) or None
    except OSError:  # EIO: the app exited and closed the terminal
        return None


def _read_until(fd: int, marker: str, started: float, timeout: float) -> float | None:
    raw = bytearray()
    while time.perf_counter() - started < timeout:
        chunk = _read(fd, 0.05)
        if chunk is None:
            return None
        if chunk:
            raw += chunk
            if marker in visible_text(bytes(raw)):
                return time.perf_counter() - started
    return None


def _drain(fd: int, *, until_quiet: float) -> None:
    """Read and discard output until none came for ``until_quiet`` seconds or the app closed."""
    while True:
        chunk = _read(fd, until_quiet)
        if not chunk:
            return


def _reap(pid: int) -> None:
    """Wait for the app to exit, stopping it if it did not quit."""
    deadline = time.monotonic() + EXIT_SECONDS
    while time.monotonic() < deadline:
        if os.waitpid(pid, os.WNOHANG)[0]:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
