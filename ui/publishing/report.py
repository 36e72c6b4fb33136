"""The fact-check report: HTML built on a worker (it checks the story), laid out as a
PDF on the GUI thread, both written to the folder the reviewer picks."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from ui import core_adapter
from ui.desk.context import DeskContext
from ui.desk.files import file_dialog
from ui.i18n import translator

tr = translator("Publishing")


class Reports(QObject):
    report_written = Signal(list)  # [html path, pdf path]

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.window.act_report.triggered.connect(self.choose_report_folder)

    def choose_report_folder(self) -> None:
        c = self.ctx.session.current
        if c is None:
            return
        story_id = c.id
        dialog = file_dialog(self.ctx.window, tr("Folder for the fact-check report"),
                             self.ctx.settings, "report", QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(lambda folder: self.write_report(story_id, folder))
        self.ctx.open_dialog(dialog)

    def write_report(self, story_id: str, folder: str) -> None:
        """The HTML is built on a worker (it checks the story); Qt lays it out as PDF on
        this thread, which takes tens of milliseconds."""
        title = self.ctx.session.current.story.title if self.ctx.session.current else story_id
        stem = (re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or story_id) \
            + "-fact-check"
        self.ctx.runner.start(
            tr("Writing the fact-check report…"), core_adapter.fact_check_report,
            self.ctx.db_path, story_id,
            on_success=lambda text: self._report_ready(Path(folder), stem, text),
            on_failure=self.ctx.task_failed, cancellable=False)

    def _report_ready(self, folder: Path, stem: str, text: str) -> None:
        from ui.report_pdf import write_report_pdf

        html_path, pdf_path = folder / f"{stem}.html", folder / f"{stem}.pdf"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temporary = html_path.with_name(html_path.name + ".tmp")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(html_path)
            write_report_pdf(text, pdf_path)
        except OSError as error:
            self.ctx.show_error(tr("Could not write the report to {f}: {e}").format(
                f=folder, e=error.strerror or error), title=tr("Fact-check report"))
            return
        self.ctx.status(
            tr("Fact-check report written: {h} and {p}").format(h=html_path, p=pdf_path),
            10_000)
        self.report_written.emit([str(html_path), str(pdf_path)])

