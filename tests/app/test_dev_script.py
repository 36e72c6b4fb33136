"""``packaging/dev``: it installs only when pyproject.toml (or the venv's Python)
changed since the last install, and a checkout without a stamp installs everything.

The script runs for real (bash) in a copy of the checkout's layout whose ``.venv``
holds stand-ins for ``python`` and ``copydesk`` that log how they were called, and
with a ``dpkg-query`` that says every system package is there: what is under test
is the script's decision to install, not pip.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LOGGER = '#!/bin/sh\necho "{name} $*" >>"$DEV_LOG"\n'
ALL_INSTALLED = ('#!/bin/sh\nfor a in "$@"; do case "$a" in -*) ;; *) '
                 'echo "$a install ok installed";; esac; done\n')


def executable(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture()
def checkout(tmp_path: Path) -> Path:
    root = tmp_path / "clone"
    (root / "packaging").mkdir(parents=True)
    shutil.copy(REPO / "packaging" / "dev", root / "packaging" / "dev")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.11.7\n")
    executable(bin_dir / "python", LOGGER.format(name="python"))
    executable(bin_dir / "copydesk", LOGGER.format(name="copydesk"))
    tools = tmp_path / "tools"
    tools.mkdir()
    executable(tools / "dpkg-query", ALL_INSTALLED)
    return root


def dev(checkout: Path, *args: str) -> list[str]:
    """Run packaging/dev; the calls it made to the venv's python and copydesk."""
    log = checkout.parent / "calls.log"
    log.write_text("")
    # a desktop session (its own keyring): the script starts the desk directly
    env = {**os.environ, "DEV_LOG": str(log), "DBUS_SESSION_BUS_ADDRESS": "unix:path=/dev/null",
           "PATH": f"{checkout.parent / 'tools'}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", str(checkout / "packaging" / "dev"), *args], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return log.read_text().splitlines()


def installs(calls: list[str]) -> list[str]:
    return [c for c in calls if c.startswith("python -m pip install")]


def test_second_run_starts_without_installing(checkout):
    first = dev(checkout, "run", "--version")
    assert len(installs(first)) == 1 and installs(first)[0].endswith(f"-e {checkout}")
    assert first[-1] == "copydesk --version"
    second = dev(checkout, "run", "--version")
    assert installs(second) == [] and second == ["copydesk --version"]


def test_a_changed_pyproject_installs_again(checkout):
    dev(checkout, "run")
    pyproject = checkout / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "\n# a new dependency\n")
    assert len(installs(dev(checkout, "run"))) == 1
    assert installs(dev(checkout, "run")) == []


def test_another_python_installs_again(checkout):
    dev(checkout, "run")
    (checkout / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.12.1\n")
    assert len(installs(dev(checkout, "run"))) == 1


def test_tests_install_their_extras_once_and_then_run_at_once(checkout):
    dev(checkout, "run")
    first = dev(checkout, "test", "-q")
    assert installs(first) == [f"python -m pip install -q --disable-pip-version-check "
                               f"-e {checkout}[test]"]
    assert first[-1] == "python -m pytest -q"
    assert dev(checkout, "test", "-q") == ["python -m pytest -q"]
    assert installs(dev(checkout, "run")) == []  # the tests' install has the program too


def test_a_venv_without_a_stamp_installs_everything(checkout):
    # a fresh clone (CI), or a .venv made before the stamp existed
    assert len(installs(dev(checkout, "test"))) == 1
    (checkout / ".venv" / ".copydesk-installed").unlink()
    assert len(installs(dev(checkout, "test"))) == 1
