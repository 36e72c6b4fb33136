"""Fixtures for the desk: a temporary library and settings file per test."""

from __future__ import annotations

import pytest

from ui.main import make_application
from ui.settings import DeskSettings


@pytest.fixture
def desk(qtbot, tmp_path):
    """A desk on an empty temporary library (no samples), reviewer already named; target
    secrets in memory, never the machine's keyring."""
    from app.publish import MemorySecretStore
    from ui.desk.controller import DeskController

    make_application()
    settings = DeskSettings.at(str(tmp_path / "settings.ini"))
    settings.reviewer_name = "Test Reviewer"
    controller = DeskController(str(tmp_path / "library.sqlite3"), settings,
                                secrets=MemorySecretStore())
    qtbot.addWidget(controller.window)
    controller.window.show()
    yield controller
    controller.shutdown()
    controller.library.close()
