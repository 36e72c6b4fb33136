"""Start the desk: logging, the QApplication, the palette, the controller and window."""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.library import default_library_path
from ui.diagnostics import install_exception_hook, install_logging
from ui.settings import DeskSettings
from ui.theme import apply_palette, system_prefers_dark


def make_application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setOrganizationName("copydesk")
    QCoreApplication.setApplicationName("Copydesk")
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    return app


def follow_color_scheme(app: QApplication, on_change=None) -> None:
    """Use a light or dark palette as the system says, now and when it changes."""
    forced = os.environ.get("COPYDESK_THEME", "").lower()

    def apply() -> None:
        dark = forced == "dark" or (forced != "light" and system_prefers_dark())
        apply_palette(app, dark)
        if on_change:
            on_change()

    apply()
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "colorSchemeChanged") and not forced:
        hints.colorSchemeChanged.connect(lambda _s: apply())


def build_desk(db_path: str | None, settings: DeskSettings | None = None):
    """The controller with its window, not yet shown; used by run_desk and the tools."""
    from ui.controller import DeskController

    app = make_application()
    path = str(db_path) if db_path else str(default_library_path())
    controller = DeskController(path, settings or DeskSettings())
    follow_color_scheme(app, controller.refresh_theme)
    return controller


def run_desk(db_path: str | None, file: str | None) -> int:
    install_logging()
    app = make_application()
    controller = build_desk(db_path)
    install_exception_hook(
        lambda message: controller.window.statusBar().showMessage(
            QCoreApplication.translate("Desk", "Unexpected error (see the log): {m}")
            .format(m=message), 10_000))
    controller.restore()
    controller.window.show()
    controller.start(file)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    code = app.exec()
    controller.shutdown()  # settings synced, workers cancelled and waited for
    # PySide6 6.12 can crash while the interpreter finalises after many redraws (a
    # reference-count bug in its item wrappers); everything is saved by now, so end here.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
