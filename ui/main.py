"""Start the desk: logging, the QApplication, the palette, the window, then the core.

The window's frame (the menu bar's titles, the status bar) is built from ``ui.views``
alone and shown first. Its docks and panes, and the core (the library, the evidence
scorer, Markdown), which takes longer to import than the window takes to build, follow
on the event loop's turn after that first paint; until then the status bar says the
library is opening.

Nothing before the first paint touches PySide6's ``Qt`` namespace (``Qt.AlignmentFlag``,
``Qt.DockWidgetArea``…, or a call that returns one of its values): its first use creates
the Python enums of all 93 of its types, about 20 ms, which the bare window never pays.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from ui.compat import guard_singletons
from ui.i18n import translator
from ui.settings import DeskSettings
from ui.theme import apply_palette, is_dark, system_prefers_dark

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
    # Fusion by name on the command line rather than ``app.setStyle("Fusion")``, whose
    # returned QStyle would make PySide6 create QStyle's 11 enums (~5 ms) before the paint.
    app = QApplication([*sys.argv[:1], "-style", "Fusion"])
    return app


def show_menu_icons(app: QApplication) -> None:
    """Menus show their actions' icons; set with the actions (after the first paint),
    as the attribute is one of the ``Qt`` namespace's enums."""
    from PySide6.QtCore import Qt

    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)


def _forced_theme() -> str:
    return os.environ.get("COPYDESK_THEME", "").lower()


def first_frame_dark() -> bool:
    """Dark or light for the first frame: as forced, else as the platform's own palette,
    which Qt (6.5+) makes dark when the system's colour scheme is. The scheme itself is
    asked on the next turn (``follow_color_scheme``; see the module's docstring)."""
    forced = _forced_theme()
    return forced == "dark" or (forced != "light" and is_dark())


def follow_color_scheme(app: QApplication, on_change=None,
                        applied: bool | None = None) -> None:
    """Use a light or dark palette as the system says, now and when it changes.
    ``applied``: whether the palette already set is the dark one (the first frame's);
    it stays when the system agrees, so nothing is repolished for nothing."""
    forced = _forced_theme()
    state = {"dark": applied}

    def apply() -> None:
        dark = forced == "dark" or (forced != "light" and system_prefers_dark())
        if dark != state["dark"]:
            apply_palette(app, dark)
            state["dark"] = dark
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
    show_menu_icons(app)
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
        # The frame first (menu titles, status bar); docks and panes after the first paint.
        self.window: MainWindow = MainWindow(panes=False)
        self._dark = first_frame_dark()
        apply_palette(app, self._dark)
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

        app = make_application()
        # Before the panes, so they are built in the palette they keep.
        follow_color_scheme(app, self._theme_changed, applied=self._dark)
        show_menu_icons(app)
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
