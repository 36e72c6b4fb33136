"""Start the desk: the QApplication, the library, first-run samples, the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from app.library import Library, list_stories
from app.samples import import_samples_if_empty


def run_desk(db_path: str | None, open_file: str | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    library = Library(db_path)
    import_samples_if_empty(library)
    window = QMainWindow()
    window.setWindowTitle("Copydesk")
    titles = "\n".join(f"{r.status:10} {r.title}" for r in list_stories(library, limit=50))
    window.setCentralWidget(QLabel(titles or "The library is empty."))
    window.resize(900, 600)
    window.show()
    return app.exec()
