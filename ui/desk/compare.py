"""The Changes tab: a word diff between any two revisions of the story, made on a
worker when the tab is shown (the costliest part of a story), the imported original
against the current text unless the reviewer picks another pair."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from app.errors import CopydeskError
from app.library.stories import compare_revisions, list_revisions
from ui.desk.context import DeskContext
from ui.i18n import translator
from ui.render import word_diff_html
from ui.tasks import Task
from ui.theme import is_dark

tr = translator("Desk")


def diff_in_worker(before: str, after: str, dark: bool, against: str = "the imported original",
                   progress: Any = None, cancelled: Any = None) -> str:
    return word_diff_html(before, after, dark, against)


class Compare(QObject):
    changes_shown = Signal(str)

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.shown_for: tuple[str, str, str, str] | None = None  # story, revision, pair
        self.task: Task | None = None
        w = ctx.window
        w.tabs.currentChanged.connect(lambda _i: self.story_shown())
        w.changes_panel.pair_chosen.connect(lambda: self._show(w.changes_panel.pair()))
        w.act_changes.triggered.connect(lambda: w.tabs.setCurrentWidget(w.changes_panel))

    def forget(self) -> None:
        """Drawn again when next shown (a theme change)."""
        self.shown_for = None
        self.story_shown()

    def story_shown(self) -> None:
        c = self.ctx.session.current
        w = self.ctx.window
        if c is None or w.tabs.currentWidget() is not w.changes_panel:
            return
        if self.shown_for is not None and self.shown_for[:2] == (c.id, c.story.revision):
            return
        revisions = list_revisions(self.ctx.library, c.id)
        if not revisions:
            self.shown_for = (c.id, c.story.revision, "", "")
            w.changes_view.setHtml(tr("No imported original is kept for this story."))
            self.changes_shown.emit(c.id)
            return
        choices = [(r.revision, self._label(r, c.story.revision), self._tip(r))
                   for r in revisions]
        w.changes_panel.show_revisions(choices, revisions[0].revision, c.story.revision)
        self._show((revisions[0].revision, c.story.revision))

    @staticmethod
    def _label(r: Any, current: str) -> str:
        what = tr("Original") if r.seq == 1 else tr("Rev. {n}").format(n=r.seq)
        if r.revision == current:
            what += " · " + tr("current")
        return f"{what} · {r.revision[:8]}"

    @staticmethod
    def _tip(r: Any) -> str:
        who = tr("imported") if r.seq == 1 else tr("saved by {actor}").format(actor=r.actor)
        when = r.created_at.replace("T", " ").rstrip("Z")
        return f"{who}, {when}" + (f": “{r.note}”" if r.note else "")

    def _show(self, pair: tuple[str, str]) -> None:
        c = self.ctx.session.current
        if c is None:
            return
        w = self.ctx.window
        shown_for = (c.id, c.story.revision, *pair)
        self.shown_for = shown_for
        try:
            before, after = compare_revisions(self.ctx.library, c.id, *pair)
        except CopydeskError as error:
            w.changes_view.setPlainText(str(error))
            return
        original = pair[0] == w.changes_panel.older.itemData(0)
        against = (tr("the imported original") if original
                   else tr("revision {r}").format(r=pair[0][:8]))
        w.changes_view.setPlainText(tr("Comparing with the imported original…") if original
                                    else tr("Comparing the two revisions…"))
        if self.task is not None:
            self.task.cancel()

        def done(page: str) -> None:
            # Only if the story, revision and pair it was made for are still shown.
            c = self.ctx.session.current
            if self.shown_for == shown_for and c and (c.id, c.story.revision) == shown_for[:2]:
                w.changes_view.setHtml(page)
                self.changes_shown.emit(shown_for[0])

        def failed(error: BaseException) -> None:
            if self.shown_for == shown_for:
                self.shown_for = None
            self.ctx.task_failed(error)

        def cancelled() -> None:
            if self.shown_for == shown_for:
                self.shown_for = None  # made again when the tab is shown next
                w.changes_view.setPlainText(tr("Comparison cancelled."))
        task = self.ctx.runner.start(
            tr("Comparing revisions…"), diff_in_worker, before, after, is_dark(), against,
            on_success=done, on_failure=failed)
        task.cancelled.connect(cancelled)
        self.task = task
