"""Start the desk: logging, the QApplication, the palette, the window, then the core.

The window's frame (menus, docks, status bar) is built from ``ui.views`` alone and
shown first. Its panes, and the core (the library, the evidence scorer, Markdown),
which takes longer to import than the window takes to build, follow on the event
loop's turn after that first paint; until then the status bar says the library is
opening.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from ui.compat import guard_singletons
from ui.i18n import translator
from ui.settings import DeskSettings
from ui.theme import apply_palette, system_prefers_dark

if TYPE_CHECKING:
    from ui.desk.controller import DeskController
    from ui.views.main_window import MainWindow


tr = translator("Desk")


def make_application() -> QApplication:
    guard_singletons()  # before the first Qt call that could drop a reference
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setOrganizationName("copydesk")
    QCoreApplication.setApplicationName("Copydesk")
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
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


def library_path(db_path: str | None) -> str:
    from app.library import default_library_path

    return str(db_path) if db_path else str(default_library_path())


def build_desk(db_path: str | None, settings: DeskSettings | None = None) -> DeskController:
    """The controller with its window, not yet shown, loaded at once (for the tools)."""
    from ui.desk.controller import DeskController

    app = make_application()
    controller = DeskController(library_path(db_path), settings or DeskSettings())
    follow_color_scheme(app, controller.refresh_theme)
    return controller


class Desk(QObject):
    """The desk as it starts: the window now, the library and controller after its
    first paint. ``loaded`` is emitted once the controller has taken over."""

    loaded = Signal()

    def __init__(self, db_path: str | None, settings: DeskSettings,
                 open_file: str | None = None) -> None:
        super().__init__()
        from ui.views.main_window import MainWindow

        app = make_application()
        self.db_path = db_path
        self.settings = settings
        self.open_file = open_file
        self.controller: DeskController | None = None
        # The frame first (menus, docks, status bar); its panes after the first paint.
        self.window: MainWindow = MainWindow(panes=False)
        follow_color_scheme(app, self._theme_changed)
        self.window.restore_layout(settings.geometry, settings.window_state,
                                   settings.main_splitter, settings.panes_splitter)
        self.window.show_task(tr("Opening the library…"), 0, 0)
        self.window.task_cancel.hide()
        self.window.first_painted.connect(self._load)

    def show(self) -> None:
        self.window.show()

    def _theme_changed(self) -> None:
        if self.controller is not None:
            self.controller.refresh_theme()

    def _load(self) -> None:
        if self.controller is not None or not self.window.isVisible():
            return
        from ui.desk.controller import DeskController

        self.window.build_panes()
        self.controller = DeskController(library_path(self.db_path), self.settings,
                                         self.window)
        self.controller.restore_filter()
        self.controller.start(self.open_file)
        self.loaded.emit()

    def shutdown(self) -> None:
        if self.controller is not None:
            self.controller.shutdown()
            self.controller.library.close()


def run_desk(db_path: str | None, file: str | None) -> int:
    from ui.diagnostics import ErrorDialog, install_exception_hook, install_logging

    install_logging()
    app = make_application()
    desk = Desk(db_path, DeskSettings(), file)
    install_exception_hook(ErrorDialog(desk.window))
    desk.show()
    code = app.exec()
    desk.shutdown()  # settings synced, workers cancelled and waited for, library closed
    return int(code)
