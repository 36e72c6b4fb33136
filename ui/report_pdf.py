"""Print a fact-check report (HTML from ``app.publish.report``) to PDF with Qt.

The core builds the HTML and never imports Qt; this helper is the only place that
turns it into a PDF. Works offscreen (``QT_QPA_PLATFORM=offscreen``) for the CLI.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import (
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
    QTextOption,
)

SCREEN_DPI = 96  # Qt's logical resolution for text documents


def write_report_pdf(html: str, path: str | os.PathLike[str]) -> Path:
    """Lay out ``html`` on A4 pages and write the PDF to ``path`` (atomically)."""
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Kept on the function so it outlives this call; Qt needs one per process.
        write_report_pdf._app = QGuiApplication([])  # type: ignore[attr-defined]
    target = Path(path)
    temporary = target.with_name(target.name + ".tmp")
    writer = QPdfWriter(str(temporary))
    writer.setTitle("Fact-check report")
    writer.setCreator("Copydesk")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    # A URL or hash longer than its column breaks inside the word rather than pushing
    # the table past the page edge.
    wrapping = QTextOption()
    wrapping.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(wrapping)
    document.setHtml(html)
    # The page in the document's own units (96 per inch, which its point sizes assume):
    # print_() scales that up to the writer's resolution. Sized in the writer's 1,200
    # dots per inch, the report filled a small corner of the sheet.
    rect = writer.pageLayout().paintRectPixels(SCREEN_DPI)
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    document.print_(writer)
    del writer  # closes the file
    os.replace(temporary, target)
    return target
