"""File dialogs that start where the reviewer keeps files: the folder last used for
the same purpose (remembered in the settings), else the Documents folder; never the
program's own folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from ui.settings import DeskSettings

PURPOSES = ("open", "attach", "report")


def documents_folder() -> str:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return found if found and Path(found).is_dir() else str(Path.home())


def start_folder(settings: DeskSettings, purpose: str) -> str:
    last = str(getattr(settings, f"{purpose}_folder") or "")
    return last if last and Path(last).is_dir() else documents_folder()


def remember_folder(settings: DeskSettings, purpose: str, chosen: str) -> None:
    path = Path(chosen)
    folder = path if purpose == "report" or path.is_dir() else path.parent
    setattr(settings, f"{purpose}_folder", str(folder))


def file_dialog(parent: QWidget, title: str, settings: DeskSettings, purpose: str,
                mode: QFileDialog.FileMode, filters: list[str] | None = None) -> QFileDialog:
    """A non-native-blocking dialog (opened with ``open()``) in the right folder, which
    remembers the folder chosen."""
    assert purpose in PURPOSES
    dialog = QFileDialog(parent, title, start_folder(settings, purpose))
    dialog.setFileMode(mode)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if filters:
        dialog.setNameFilters(filters)
    def remember(chosen: str) -> None:
        remember_folder(settings, purpose, chosen)
    dialog.fileSelected.connect(remember)
    dialog.filesSelected.connect(lambda chosen: remember(chosen[0]) if chosen else None)
    return dialog
