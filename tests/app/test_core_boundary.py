"""The core never imports Qt: the CLI and tests drive it without a display."""

import subprocess
import sys

CODE = """
import importlib, pkgutil, sys
import app
for module in pkgutil.walk_packages(app.__path__, "app."):
    importlib.import_module(module.name)
qt = sorted(name for name in sys.modules if name.startswith(("PySide6", "shiboken6")))
print(",".join(qt))
"""


def test_importing_every_core_module_loads_no_qt():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
