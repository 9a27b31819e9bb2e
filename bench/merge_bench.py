"""Merging spans files, and refusing malformed ones: `corpus-tui merge` as a user runs it.

    python bench/merge_bench.py bench/out/run-100000/ours.db --spans 100000 1000000

For each size, writes a spans file of that many spans over the database's documents (word runs
of 1 to 4 words, ten to a document, each written with ``start``, ``end`` and ``text`` as a
colleague's minimal file would be: 1,000,000 spans make about 63 MB), then runs `corpus-tui
merge` on a copy of the database in a new process: wall time and peak memory (the child's
``ru_maxrss``). Then the same file made malformed near its end, twice: one offset that is not a
number (still our layout: the fast reader) and a line cut short (not valid YAML: the reader of
libyaml's events); each must be refused, and the time to refusal is measured.

The peer is PyYAML's `CSafeLoader` loading the same file (``yaml.load``, nothing checked or
written), the obvious way to read it, timed in a new process too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEED = 20261201
# PyYAML's loader needs about 5 GB and minutes for 1,000,000 spans: the peer stops here.
PEER_UP_TO = 100_000
SPANS_PER_DOCUMENT = 10
WORDS = re.compile(r"\w+(?:\W+\w+){0,3}")


def write_spans_file(db_path: Path, spans: int, out: Path) -> int:
    """Write ``spans`` minimal spans over the documents of ``db_path`` to ``out``; its bytes."""
    import sqlite3

    from corpus_tui.corpus.spans_yaml import scalar

    rng = random.Random(SEED)
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    rows = connection.execute(
        "SELECT d.sha256, v.text FROM documents d JOIN document_versions v "
        "ON v.document_id = d.id AND v.sha256 = d.sha256 ORDER BY d.seq"
    )
    written = 0
    with out.open("w", encoding="utf-8") as file:
        file.write("format: corpus-tui-spans\nversion: 1\ndocuments:\n")
        for sha256, text in rows:
            if written >= spans:
                break
            lines = [f"  - sha256: {scalar(sha256)}\n    spans:\n"]
            for _ in range(min(SPANS_PER_DOCUMENT, spans - written)):
                at = rng.randrange(max(len(text) - 40, 1))
                found = WORDS.search(text, at)
                if found is None:
                    continue
                lines.append(
                    f"      - start: {found.start()}\n        end: {found.end()}\n"
                    f"        text: {scalar(found.group())}\n"
                )
                written += 1
            if len(lines) > 1:
                file.write("".join(lines))
    connection.close()
    return out.stat().st_size


def malformed(source: Path, out: Path, how: str) -> None:
    """``source`` with its last offset not a number (``value``) or its last line cut (``cut``)."""
    text = source.read_text("utf-8")
    at = text.rindex("        end: ")
    if how == "value":
        end = text.index("\n", at)
        text = text[:at] + "        end: twelve" + text[end:]
    else:
        text = text[: at + len("        end")]
        text += ': "12\n'
    out.write_text(text, "utf-8")


@dataclass(frozen=True)
class Run:
    """One child process: wall and CPU seconds, peak memory (MB), exit status, stderr."""

    wall: float
    cpu: float
    peak_mb: float
    status: int
    error: str


def _peak_child(argv: list[str]) -> Run:
    """Run ``argv`` as a new process, through GNU time when installed.

    The peak memory must be the child's own: a forked child's ``ru_maxrss`` starts at its
    parent's size (it survives exec), so GNU time, itself small, forks it; without GNU time the
    figure is wait4's, an upper bound.
    """
    gnu_time = shutil.which("time") and Path("/usr/bin/time")
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        prefix = [str(gnu_time), "-o", report.name, "-f", "%M %U %S"] if gnu_time else []
        started = time.perf_counter()
        child = subprocess.Popen(
            [*prefix, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        assert child.stderr is not None
        error = child.stderr.read().decode("utf-8", "replace")
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        peak_kb, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        if gnu_time:
            fields = report.read().split()
            peak_kb, cpu = int(fields[-3]), float(fields[-2]) + float(fields[-1])
    return Run(elapsed, cpu, peak_kb / 1024, os.waitstatus_to_exitcode(status), error)


def measure_merge(db_path: Path, sizes: list[int], work: Path, *, peer: bool = True) -> dict:
    """``{name: {"ours", "peer", "unit", "target", "peer_tool"}}`` for each size."""
    app = str(Path(sys.executable).with_name("corpus-tui"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    for spans in sizes:
        label = f"{spans // 1000}k"
        spans_file = work / f"spans-{label}.yaml"
        size = write_spans_file(db_path, spans, spans_file)
        copy = work / "merge-target.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(db_path, copy)
        run = _peak_child([app, "--db", str(copy), "merge", str(spans_file)])
        if run.status != 0:
            raise RuntimeError(f"merge of {spans_file} failed: {run.error.strip()}")
        loaded = None
        if peer and spans <= PEER_UP_TO:
            load = "import sys, yaml; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)"
            loaded = _peak_child([sys.executable, "-c", load, str(spans_file)])
        target = "< 10 s" if spans <= 100_000 else "< 90 s"
        tool = "PyYAML CSafeLoader load" if loaded else ""
        results[f"merge_{label}_spans"] = {
            "ours": round(run.wall, 1),
            "peer": round(loaded.wall, 1) if loaded else None,
            "unit": "s",
            "target": f"{target} ({size / 1e6:.0f} MB file)",
            "peer_tool": tool,
        }
        results[f"merge_{label}_spans_cpu"] = {
            "ours": round(run.cpu, 1),
            "peer": round(loaded.cpu, 1) if loaded else None,
            "unit": "CPU s",
            "peer_tool": tool,
        }
        results[f"merge_{label}_spans_memory"] = {
            "ours": round(run.peak_mb),
            "peer": round(loaded.peak_mb) if loaded else None,
            "unit": "MB",
            "target": "< 1 GB" if spans > 100_000 else "",
            "peer_tool": tool,
        }
        for how in ("value", "cut"):
            bad = work / f"spans-{label}-bad-{how}.yaml"
            malformed(spans_file, bad, how)
            run = _peak_child([app, "--db", str(copy), "merge", str(bad)])
            if run.status != 1:
                raise RuntimeError(f"malformed {bad} was not refused ({run.status}): {run.error}")
            results[f"reject_{label}_{how}"] = {
                "ours": round(run.wall, 1),
                "peer": None,
                "unit": "s",
                "target": "< 10 s" if spans >= 1_000_000 else "",
            }
            results[f"reject_{label}_{how}_cpu"] = {"ours": round(run.cpu, 1), "unit": "CPU s"}
            bad.unlink()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return results


def main(argv: list[str] | None = None) -> int:
    """Measure and print the results as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path, help="a database of imported documents (no spans)")
    parser.add_argument("--spans", type=int, nargs="+", default=[100_000])
    parser.add_argument("--work", type=Path, default=Path("bench/out/merge"))
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args(argv)
    print(
        json.dumps(measure_merge(args.db, args.spans, args.work, peer=not args.no_peer), indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
