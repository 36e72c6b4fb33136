"""COPYDESK_TEST_SERVERS=0: the real WordPress and Ghost are neither installed nor
started, even under CI=true, and each of their tests says why it was skipped."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.servers.support import REPO

SERVER_TESTS = "tests/app/test_publish_servers.py"


@pytest.mark.parametrize("switch, skipped", [
    ("COPYDESK_TEST_SERVERS", ("wordpress", "ghost")),
    ("COPYDESK_TEST_WORDPRESS", ("wordpress",)),
])
def test_the_switch_leaves_the_servers_out(switch, skipped, tmp_path):
    # the switches of the session running this test must not decide for the one it starts
    outer = {k: v for k, v in os.environ.items() if not k.startswith("COPYDESK_TEST_")}
    env = {**outer, "CI": "true", switch: "0", "COPYDESK_TEST_GHOST": "0",
           "PATH": os.environ["PATH"], "QT_QPA_PLATFORM": "offscreen"}
    if switch == "COPYDESK_TEST_SERVERS":
        env.pop("COPYDESK_TEST_GHOST")  # the one switch covers Ghost too
    result = subprocess.run(
        [sys.executable, "-m", "pytest", SERVER_TESTS, "-q", "-rs", "-p", "no:cacheprovider",
         "--basetemp", str(tmp_path / "run")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-2000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert "passed" not in summary and "failed" not in summary and "skipped" in summary
    for server in skipped:
        assert f"{server}: {switch}=0" in result.stdout
    assert "wordpress ready" not in result.stdout and "ghost ready" not in result.stdout
