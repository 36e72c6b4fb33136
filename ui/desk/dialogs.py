"""The desk's dialogs: one open at a time (window-modal, never a nested loop), errors
in the reviewer's words, the reviewer's name, the list of shortcuts."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMenu, QMessageBox

from ui.i18n import translator
from ui.settings import DeskSettings, suggested_reviewer
from ui.views.dialogs import NameDialog
from ui.views.main_window import MainWindow

log = logging.getLogger(__name__)
tr = translator("Desk")


class DeskDialogs(QObject):
    error_shown = Signal(str)

    def __init__(self, window: MainWindow, settings: DeskSettings,
                 closing: Callable[[], bool],
                 reviewers: Callable[[], tuple[str, ...]] = tuple) -> None:
        """``reviewers()``: the library's registered reviewers' names (none: anyone)."""
        super().__init__()
        self.reviewers = reviewers
        self.window = window
        self.settings = settings
        self.closing = closing
        self.active: Any = None
        window.act_name.triggered.connect(lambda: self.ask_reviewer(None, force=True))
        window.act_keys.triggered.connect(self.show_shortcuts)

    def open(self, dialog: Any) -> None:
        self.active = dialog
        dialog.finished.connect(self._closed)
        dialog.open()

    def _closed(self, _result: int) -> None:
        self.active = None
        # Give the keyboard back to the desk, so J, K and the shortcuts work at once
        # (without a window manager, X leaves the focus nowhere).
        self.window.activateWindow()

    def show_error(self, message: str, title: str | None = None) -> None:
        log.info("shown to the user: %s", message)
        self.window.statusBar().showMessage(message, 10_000)
        if not self.closing():
            box = QMessageBox(QMessageBox.Icon.Warning, title or tr("Copydesk"), message,
                              QMessageBox.StandardButton.Ok, self.window)
            box.setObjectName("errorBox")
            box.setTextFormat(Qt.TextFormat.PlainText)  # may quote a site or a file
            self.open(box)
        self.error_shown.emit(message)

    def ask_reviewer(self, then: Callable[[str], object] | None, force: bool = False) -> None:
        name = self.settings.reviewer_name
        if name and not force:
            if then:
                then(name)
            return
        dialog = NameDialog(name or suggested_reviewer(), self.window, self.reviewers())

        def accepted() -> None:
            self.settings.reviewer_name = dialog.value()
            if then:
                then(dialog.value())
        dialog.accepted.connect(accepted)
        self.open(dialog)

    def show_shortcuts(self) -> None:
        rows = []
        for menu_action in self.window.menuBar().actions():
            menu = menu_action.menu()  # typed QObject in the stubs: a menu bar's are QMenus
            if not isinstance(menu, QMenu):
                continue
            for action in menu.actions():
                if action.shortcut().isEmpty():
                    continue
                rows.append(f"<tr><td>{html.escape(action.text().replace('&', ''))}</td>"
                            f"<td><b>{action.shortcut().toString()}</b></td></tr>")
        box = QMessageBox(QMessageBox.Icon.NoIcon, tr("Keyboard shortcuts"),
                          "<table cellspacing=6>" + "".join(rows) + "</table>",
                          QMessageBox.StandardButton.Ok, self.window)
        self.open(box)
