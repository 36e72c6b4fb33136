"""Stories in and sources in: open or drop story files (imported on a worker), recent
files, fetch a story's sources, attach a saved copy of one, open an original."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from app.changes import SOURCES, STATUS, of_stories
from app.errors import CopydeskError
from ui import core_adapter
from ui.desk.context import DeskContext
from ui.desk.files import file_dialog
from ui.i18n import translator

tr = translator("Desk")


class Sources(QObject):
    story_imported = Signal(str)
    import_failed = Signal(str)
    sources_fetched = Signal(str)
    source_attached = Signal(int)
    fetch_attempted = Signal(object)  # the core's fetch report: what the network did

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        w = ctx.window
        w.source.original_requested.connect(self.open_original)
        w.source.fetch_requested.connect(lambda n: self.fetch_sources((n,)))
        w.source.attach_requested.connect(self.attach_file)
        w.files_dropped.connect(self.open_files)
        w.act_open.triggered.connect(self.choose_files)
        w.act_fetch.triggered.connect(lambda: self.fetch_sources(None))
        w.act_allow_private.setChecked(bool(ctx.settings.allow_private))
        w.act_allow_private.toggled.connect(
            lambda on: setattr(ctx.settings, "allow_private", bool(on)))
        self.rebuild_recent()

    # -- story files ------------------------------------------------------------------
    def choose_files(self) -> None:
        dialog = file_dialog(self.ctx.window, tr("Open story"), self.ctx.settings, "open",
                             QFileDialog.FileMode.ExistingFiles,
                             [tr("Stories (*.txt *.md *.markdown *.json)"), tr("All files (*)")])
        dialog.filesSelected.connect(self.open_files)
        self.ctx.open_dialog(dialog)

    def open_files(self, paths: list[str]) -> None:
        for path in paths:
            self.ctx.write(
                tr("Importing {name}…").format(name=Path(path).name), core_adapter.import_file,
                self.ctx.db_path, path, on_success=partial(self._imported, path),
                on_failure=self._import_failed)

    def _imported(self, path: str, result: Any) -> None:
        self.ctx.settings.add_recent_file(str(Path(path).resolve()))
        self.rebuild_recent()
        self.ctx.open_story(result.story_id)
        self.ctx.status(tr("{title}: {status}").format(title=result.title,
                                                      status=tr(result.status)), 5000)
        self.story_imported.emit(result.story_id)

    def _import_failed(self, error: BaseException) -> None:
        message = str(error) if isinstance(error, CopydeskError) else \
            tr("Could not import: {e}").format(e=error)
        self.ctx.show_error(message, title=tr("Cannot open story"))
        self.import_failed.emit(message)

    def rebuild_recent(self) -> None:
        menu = self.ctx.window.recent_menu
        menu.clear()
        files = self.ctx.settings.recent_files
        for path in files:
            action = menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_files([p]))
        menu.setEnabled(bool(files))

    # -- the story's sources ----------------------------------------------------------
    def fetch_sources(self, numbers: tuple[int, ...] | None = None) -> None:
        """Fetch the open story's sources that have no snapshot yet: all of them, or
        only ``numbers`` (the reference whose Fetch now was pressed)."""
        c = self.ctx.session.current
        if c is None:
            return
        story_id = c.id
        label = (tr("Fetching sources…") if numbers is None
                 else tr("Fetching [{n}]…").format(n="], [".join(map(str, numbers))))
        task = self.ctx.write(label, core_adapter.fetch_story_sources, self.ctx.db_path,
                              story_id, only=numbers,
                              allow_private=bool(self.ctx.settings.allow_private),
                              actor=self.ctx.settings.reviewer_name,
                              on_success=lambda report: self._fetched(story_id, report),
                              changes_of=lambda _r: of_stories([story_id], SOURCES, STATUS),
                              cancellable=True, long_on=story_id)
        # Each snapshot is saved as it lands: a cancelled fetch keeps what finished.
        task.cancelled.connect(lambda: self._fetch_cancelled(story_id))

    def _fetch_cancelled(self, story_id: str) -> None:
        self.ctx.announce(of_stories([story_id], SOURCES, STATUS))
        self.ctx.status(tr("Fetch cancelled; the sources fetched so far are kept."), 10_000)

    def _fetched(self, story_id: str, report: Any) -> None:
        words = {"fetched": tr("{n} fetched"), "shared": tr("{n} shared from the library"),
                 "kept": tr("{n} already kept"), "unavailable": tr("{n} unavailable"),
                 "kept after failure": tr("{n} kept after a failed refresh"),
                 "not fetched": tr("{n} not fetched")}
        parts = [text.format(n=report.count(action)) for action, text in words.items()
                 if report.count(action)]
        message = tr("Sources: {parts}.").format(parts=", ".join(parts) or tr("none to fetch"))
        failed = [o for o in report.outcomes if o.action == "unavailable"]
        if failed:
            message += " " + "; ".join(f"[{o.n}] {o.reason}" for o in failed[:3])
        self.ctx.status(message, 10_000)
        self.fetch_attempted.emit(report)
        self.sources_fetched.emit(story_id)

    def attach_file(self, n: int) -> None:
        c = self.ctx.session.current
        if c is None:
            return
        dialog = file_dialog(self.ctx.window, tr("Attach a saved copy of [{n}]").format(n=n),
                             self.ctx.settings, "attach", QFileDialog.FileMode.ExistingFile,
                             [tr("Pages and documents (*.html *.htm *.pdf *.txt)"),
                              tr("All files (*)")])
        story_id = c.id
        dialog.fileSelected.connect(lambda path: self.attach_path(story_id, n, path))
        self.ctx.open_dialog(dialog)

    def attach_path(self, story_id: str, n: int, path: str) -> None:
        self.ctx.write(
            tr("Attaching {name}…").format(name=Path(path).name), core_adapter.attach_file,
            self.ctx.db_path, story_id, n, path, actor=self.ctx.settings.reviewer_name,
            on_success=lambda result: self._attached(result),
            changes_of=lambda _r: of_stories([story_id], SOURCES, STATUS))

    def _attached(self, result: Any) -> None:
        self.ctx.status(tr("Attached to [{n}]: {chars:,} characters.").format(
            n=result.n, chars=len(result.snapshot.text)), 10_000)
        self.source_attached.emit(result.n)

    def open_original(self, url: str) -> None:
        if url.startswith(("http://", "https://")):
            QDesktopServices.openUrl(QUrl(url))
