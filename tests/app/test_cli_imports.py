"""A command imports what it needs: ``--version`` and ``list`` answer without the HTTP
client, the scorer or the publishing code (run in a fresh interpreter each)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("httpx", "rapidfuzz", "sqlite_utils", "trafilatura", "markdown", "keyring", "nh3",
         "pypdf", "lxml", "snowballstemmer", "app.evidence", "app.workflow", "app.publish",
         "app.sources", "app.fetch")
PROBE = f"""
import json, sys
from app.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit_:
    code = exit_.code
loaded = [m for m in {HEAVY!r} if m in sys.modules]
print(json.dumps({{"code": code, "loaded": loaded}}), file=sys.stderr)
"""


def _loaded(tmp_path: Path, *args: str) -> tuple[int, list[str]]:
    """The exit code and the heavy modules loaded, on a library that exists already
    (creating one runs its migrations, which load sqlite-utils)."""
    env = {**os.environ, "COPYDESK_DB": str(tmp_path / "library.sqlite3")}
    subprocess.run([sys.executable, "-m", "app.cli", "list"], cwd=REPO, env=env,
                   capture_output=True, timeout=60, check=True)
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    last = done.stderr.strip().splitlines()[-1]
    result = json.loads(last)
    return result["code"], result["loaded"]


@pytest.mark.parametrize("args", [
    ("--version",),
    ("list",),
    ("check", str(REPO / "resources" / "samples" / "muse-spark-digest.txt")),
])
def test_quick_commands_leave_the_heavy_modules_alone(tmp_path, args) -> None:
    code, loaded = _loaded(tmp_path, *args)
    assert code in (0, 1)
    assert loaded == []


def test_checking_snapshots_loads_the_scorer_and_help_lists_every_command(tmp_path) -> None:
    code, loaded = _loaded(tmp_path, "check",
                           str(REPO / "resources" / "samples" / "starbucks-abroad.json"))
    assert code in (0, 1) and "app.evidence" in loaded and "httpx" not in loaded
    shown = subprocess.run([sys.executable, "-m", "app.cli", "--help"], cwd=REPO,
                           capture_output=True, text=True, timeout=60).stdout
    from app.commands import COMMANDS

    for command in COMMANDS:
        assert f"    {command} " in shown, command
