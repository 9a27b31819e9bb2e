"""The headless commands never load Textual, and tui/ runs no SQL of its own.

The import-linter contracts in pyproject.toml read the static import graph, so they cannot tell
a module-level import from one deferred into the function that needs it. These tests run the
real command in a fresh interpreter and look at `sys.modules`, the only way to prove that a
deferral defers (harlequin's tests/unit_tests/test_import_hygiene.py does the same).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_tui.store.demo import create_demo_db

TUI = Path(__file__).resolve().parent.parent / "tui"

# Runs each `corpus-tui ARGS` in turn as the console script does, in one fresh interpreter, and
# reports after each which modules of Textual and of tui/ (besides the CLI) are loaded. Modules
# only ever get added, so a command that loads one is caught, whichever ran before it.
_PROGRAM = """
import json, sys
from corpus_tui.tui.cli import main
reports = []
for args in json.loads(sys.argv[1]):
    sys.argv = ["corpus-tui", *args]
    try:
        main()
    except SystemExit as exit:
        status = exit.code or 0
    else:
        status = 0
    reports.append({
        "args": args,
        "status": status,
        "textual": sorted(m for m in sys.modules if m.split(".")[0] == "textual"),
        "tui": sorted(
            m for m in sys.modules
            if m.startswith("corpus_tui.tui.") and m != "corpus_tui.tui.cli"
        ),
    })
print(json.dumps(reports), file=sys.stderr)
"""


def _run_cli(commands: list[list[str]], db: Path, program: str = _PROGRAM) -> list[dict]:
    """Run the commands in one fresh interpreter on database ``db``; one report per command."""
    proc = subprocess.run(
        [sys.executable, "-c", program, json.dumps(commands)],
        capture_output=True,
        text=True,
        check=False,
        env={"CORPUS_TUI_DB": str(db), "PATH": "/usr/bin:/bin", "HOME": str(db.parent)},
        timeout=120,
    )
    return json.loads(proc.stderr.strip().splitlines()[-1])


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """The demo corpus (eight documents, a few highlights) in a fresh database."""
    path = tmp_path / "demo.db"
    create_demo_db(path).close()
    return path


def test_headless_commands_do_not_import_textual(demo_db: Path, tmp_path: Path) -> None:
    spans = tmp_path / "spans.yaml"
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(b"format: corpus-tui-spans\nversion: 1\ntitle: caf\xe9\n")
    commands = [
        ["--help"],
        ["docs"],
        ["docs", "--json"],
        ["search", "Kostrava"],
        ["search", "Kostrava", "--json"],
        ["export"],
        ["export", "-o", str(spans)],
        ["merge", str(spans)],
        ["merge", str(broken)],
        ["orphans", "--json"],
        ["text", "no-such-document"],
    ]
    reports = _run_cli(commands, demo_db)
    assert [report["status"] for report in reports] == [0] * 8 + [1, 0, 1]
    assert spans.read_text(encoding="utf-8").startswith("format: corpus-tui-spans")
    assert reports[-1]["textual"] == []
    assert reports[-1]["tui"] == []


def test_the_probe_sees_textual_when_the_app_loads(demo_db: Path) -> None:
    """The probe above can fail: a command that loads the app is seen."""
    program = _PROGRAM.replace(
        "from corpus_tui.tui.cli import main",
        "from corpus_tui.tui.cli import main\nimport corpus_tui.tui.app",
    )
    [report] = _run_cli([["docs"]], demo_db, program)
    assert report["status"] == 0
    assert "textual.app" in report["textual"]
    assert "corpus_tui.tui.app" in report["tui"]


def _sql_calls(path: Path) -> list[str]:
    """Calls of `.execute`, `.executemany` or `.conn` and `db[...]` table access in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in {"execute", "executemany", "conn"}:
            found.append(f"{path.name}:{node.lineno}: .{node.attr}")
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute | ast.Name)
            and getattr(node.value, "attr", getattr(node.value, "id", None)) == "db"
        ):
            found.append(f"{path.name}:{node.lineno}: db[...]")
    return found


def test_tui_runs_no_sql_of_its_own() -> None:
    """Queries live in store/: tui/ calls store functions, so one place owns the SQL."""
    found = [call for path in sorted(TUI.rglob("*.py")) for call in _sql_calls(path)]
    assert found == []


def test_the_sql_probe_finds_a_query(tmp_path: Path) -> None:
    module = tmp_path / "screen.py"
    module.write_text('def f(self):\n    return self.db.execute("SELECT 1")\n')
    assert _sql_calls(module) == ["screen.py:2: .execute"]
