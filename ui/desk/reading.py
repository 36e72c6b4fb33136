"""Reading a story: open it, show it at once, check it on a worker, render the report,
the header and the history.

Reads that must be instant (the story's text) use the GUI thread's ``Library``; the
check runs on a worker. A report is kept per story for as long as its revision, its
sources and its overrides are the same (``report_key``), so reopening costs no check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.errors import CopydeskError
from app.library import load_overrides, load_story
from app.markers import strip_markers
from app.model import Claim, Override, Report, Story
from app.sentences import split_sentences
from app.workflow import story_state
from ui import core_adapter
from ui.desk.context import DeskContext, OpenStory
from ui.desk.header import header_html, history_html
from ui.i18n import translator
from ui.render import render_story
from ui.tasks import Task
from ui.theme import is_dark

REPORTS_KEPT = 64  # checked reports kept for reopening stories without a new check

tr = translator("Desk")


def claims_of(story: Story) -> tuple[Claim, ...]:
    """The story's claims without verdicts, numbered as ``check_story`` numbers them."""
    sentences = [s for s in split_sentences(story.body) if s.is_claim]
    return tuple(Claim(i, s.text, s.span, s.markers) for i, s in enumerate(sentences))


def check_in_worker(story: Story, overrides: dict[tuple[int, int], Override],
                    progress: Any = None, cancelled: Any = None) -> Report:
    """The check on plain values the GUI thread already read (they are immutable)."""
    from app.check import check_story

    return check_story(story, overrides, progress=progress, cancelled=cancelled)


def quick_report(story: Story, overrides: dict[tuple[int, int], Override]) -> Report | None:
    """The report at once when the core can make it without scoring any evidence (it
    keeps what it scored: reopening a story, an override, a waiver); None when a
    source must be read, which is work for a worker."""
    from app.check import CheckCancelled, check_story

    try:
        return check_story(story, overrides, cancelled=lambda: True)
    except CheckCancelled:
        return None


def report_key(story: Story, overrides: dict[tuple[int, int], Override]) -> tuple:
    """What a report depends on: the revision, each reference's snapshot, the overrides.
    A fetch, an attach or an override changes it, so a kept report is never stale."""
    sources = tuple((r.n, r.url, r.snapshot.sha256, r.snapshot.status, r.snapshot.fetched_at)
                    if r.snapshot else (r.n, r.url) for r in story.references)
    return (story.id, story.revision, sources,
            tuple(sorted((k, o.verdict, o.note, o.actor, o.at) for k, o in overrides.items())))


class Reading(QObject):
    story_opened = Signal(str)  # a story was put on screen (another, or the same again)
    story_shown = Signal()  # the story, its findings or its report were drawn again
    story_checked = Signal(str)

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.check_task: Task | None = None
        self.reports: dict[str, tuple[tuple, Report]] = {}  # story id -> (key, report)
        self.after_check: list[Callable[[], None]] = []
        self.check_cancelled_for: tuple[str, str] | None = None  # (story id, revision)
        # Asked before another story replaces the one shown (an unsaved edit may object):
        # ``may_switch(story_id, retry)`` is False when the switch waits for an answer.
        self.may_switch: Callable[[str, Callable[[], None]], bool] = lambda _s, _r: True

    # -- opening ----------------------------------------------------------------------
    def open_story(self, story_id: str, keep_selection: bool = False,
                   recheck: bool = False) -> None:
        """Show the story at once; its check runs on a worker unless the same revision,
        sources and overrides were checked before (then the kept report is shown)."""
        session = self.ctx.session
        shown = session.current
        if (shown is None or shown.id != story_id) and not self.may_switch(
                story_id, lambda: self.open_story(story_id, keep_selection, recheck)):
            return
        try:
            story = load_story(self.ctx.library, story_id)
        except CopydeskError as error:
            self.ctx.show_error(str(error))
            return
        overrides = load_overrides(self.ctx.library, story_id, story.revision)
        key = report_key(story, overrides)
        kept = self.reports.get(story_id)
        report = kept[1] if kept and kept[0] == key and not recheck else None
        if report is None and not recheck:  # F5 always checks on a worker
            report = quick_report(story, overrides)
            if report is not None:
                report = core_adapter.with_policy(self.ctx.library, report)
                self._remember(story_id, key, report)
        same = shown is not None and shown.id == story_id
        keep = keep_selection or (shown is not None and same
                                  and shown.story.revision == story.revision)
        claims = report.claims if report else claims_of(story)
        session.current = OpenStory(story, claims, story_state(self.ctx.library, story_id),
                                    report, core_adapter.citation_waivers(
                                        self.ctx.library, story_id, story.revision))
        if not keep:
            session.selected = None
        self.render()
        self.show_header(fresh_state=False)  # the state was read a moment ago
        self.show_history()
        if not same:
            self.ctx.window.tabs.setCurrentWidget(self.ctx.window.story_view)
        self.ctx.settings.last_story = story_id
        self.story_opened.emit(story_id)
        if report is not None:
            if self.check_task is not None:
                self.check_task.cancel()
                self.check_task = None
            # Queued, so a caller waiting on story_checked after open_story still sees it.
            QTimer.singleShot(0, lambda: self._check_done(story_id, story.revision))
        else:
            self._start_check(story, overrides, key)

    def keep_report(self, story_id: str, report: Report) -> None:
        """A report the core already made (an edit's check): kept under the key the
        story now has, so opening it again does not check it a second time."""
        story = load_story(self.ctx.library, story_id)
        if story.revision != report.story.revision:  # another save came first
            return
        key = report_key(story, load_overrides(self.ctx.library, story_id, story.revision))
        self._remember(story_id, key, core_adapter.with_policy(self.ctx.library, report))

    def forget_reports(self) -> None:
        """The policy changed: every finding's severity may have."""
        self.reports.clear()

    def recheck(self) -> None:
        if self.ctx.session.current:
            self.open_story(self.ctx.session.current.id, recheck=True)

    # -- checking ---------------------------------------------------------------------
    def _start_check(self, story: Story, overrides: dict[tuple[int, int], Override],
                     key: tuple) -> None:
        if self.check_task is not None:
            self.check_task.cancel()
        self.check_cancelled_for = None
        task = self.ctx.runner.start(tr("Checking citations…"), check_in_worker, story,
                                     overrides, on_failure=self.ctx.task_failed)
        task.succeeded.connect(lambda report, t=task: self._checked(t, key, report))
        task.cancelled.connect(lambda t=task: self._check_cancelled(t, key))
        self.check_task = task

    def _check_cancelled(self, task: Task, key: tuple) -> None:
        if task is not self.check_task:
            return  # replaced by a newer check
        self.check_task = None
        c = self.ctx.session.current
        if c is not None and (c.id, c.story.revision) == (key[0], key[1]) and c.report is None:
            self.check_cancelled_for = (key[0], key[1])
            self.show_header()
            self.ctx.status(tr("Check cancelled — F5 to check again."), 8000)

    def _checked(self, task: Task, key: tuple, report: Report) -> None:
        # Only the latest check counts: an older one (before an override, a fetch or an
        # edit) finishing late must not replace what the newer one found.
        if task is not self.check_task:
            return
        self.check_task = None
        story_id, revision = key[0], key[1]
        report = core_adapter.with_policy(self.ctx.library, report)  # its finding severities
        self._remember(story_id, key, report)
        c = self.ctx.session.current
        if c is None or c.id != story_id or c.story.revision != revision:
            return
        c.report = report
        c.claims = report.claims
        self.render()
        self.show_header()
        self._check_done(story_id, revision)

    def _remember(self, story_id: str, key: tuple, report: Report) -> None:
        self.reports.pop(story_id, None)
        self.reports[story_id] = (key, report)
        while len(self.reports) > REPORTS_KEPT:
            self.reports.pop(next(iter(self.reports)))

    def _check_done(self, story_id: str, revision: str) -> None:
        c = self.ctx.session.current
        if c is None or c.id != story_id or c.story.revision != revision:
            return
        self.story_checked.emit(story_id)
        callbacks = list(self.after_check)
        self.after_check.clear()  # the same list: others hold it to add to
        for callback in callbacks:
            callback()

    # -- drawing ----------------------------------------------------------------------
    def render(self) -> None:
        session = self.ctx.session
        c = session.current
        if c is None:
            return
        w = self.ctx.window
        rendered = render_story(c.story, c.claims, c.report, is_dark(), waived=set(c.waivers))
        session.order = list(rendered.citations)
        if session.selected not in session.order:
            session.selected = None
        w.story_view.selected = session.selected
        w.story_view.show_story(rendered.html, [claim.index for claim in c.claims])
        findings = c.report.findings if c.report else ()
        texts = {claim.index: strip_markers(claim.text) for claim in c.claims}
        rows = [(key, c.citation(key), texts.get(key[0], "")) for key in session.order]
        waived = (core_adapter.waived_findings(self.ctx.library, c.id, c.story.revision,
                                               findings, c.claims) if findings else set())
        w.findings.show_report(findings, rows, waived, c.waivers)
        w.findings.select_citation(session.selected)
        self.story_shown.emit()

    def show_header(self, fresh_state: bool = True) -> None:
        w = self.ctx.window
        c = self.ctx.session.current
        if c is None:
            w.story_status.setText("")
            return
        if fresh_state:
            c.state = story_state(self.ctx.library, c.id)
        cancelled = self.check_cancelled_for == (c.id, c.story.revision)
        w.story_status.setText(header_html(c.story, c.state, c.report, cancelled))
        w.setWindowTitle(f"{c.story.title} — Copydesk")

    def show_history(self) -> None:
        c = self.ctx.session.current
        if c is not None:
            self.ctx.window.history_view.setHtml(
                history_html(core_adapter.history(self.ctx.library, c.id)))

