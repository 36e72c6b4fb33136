"""The desk in a newsroom: background sync and its state in the status bar, the
"Assigned to me" filter, and who else has the story open.

Without a newsroom (the library never joined one) nothing of this is built: no label,
no timer, no worker. With one, the desk syncs on a worker of its own (a lane, so a
slow server never holds up a check) a moment after it starts, every 30 s, and right
after a write of the desk's own queued something for the newsroom. A sync is a desk
write like any other (``DeskContext.write``): what it pulled is announced through
the one change signal, so rows, the header and the open story redraw as for a
decision made here.

Who has a story open is an advisory lock on the server (``copydesk lock``): taken
when a story is opened, released when another replaces it or the desk closes,
renewed with every sync. When the server cannot be asked, the desk says nothing
about others rather than guess.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QMessageBox

from app.changes import Changes
from app.errors import CopydeskError
from app.library import Library
from app.newsroom.desk import desk_config
from app.newsroom.desk_view import (
    Presence,
    assignee_of,
    move_presence,
    queued_work,
    sync_desk,
)
from ui.desk.context import DeskContext
from ui.i18n import translator
from ui.tasks import Task
from ui.theme import is_dark
from ui.views.newsroom import NewsroomBar, SyncLabel, place_beside

log = logging.getLogger(__name__)
tr = translator("Desk")

SYNC_INTERVAL_MS = 30_000
START_DELAY_MS = 1000  # the first sync waits for the first story to be on screen
AFTER_WRITE_MS = 300  # an override and then a decision go in one sync


def sync_job(db_path: str, progress: Any = None, cancelled: Any = None) -> Any:
    with Library(db_path) as library:
        return sync_desk(library, cancelled=cancelled)


def presence_job(db_path: str, take: str, release: str, editing: bool,
                 progress: Any = None, cancelled: Any = None) -> list[Presence] | None:
    with Library(db_path) as library:
        return move_presence(library, take, release, editing=editing)


def clock(when: datetime) -> str:
    return when.astimezone().strftime("%H:%M")


def presence_text(holders: list[Presence]) -> str:
    """"Dana has this story open (since 12:01)"; "" for nobody."""
    parts = []
    for i, h in enumerate(holders):
        if h.editing:
            what = tr("is editing this story") if i == 0 else tr("is editing it")
        else:
            what = tr("has this story open") if i == 0 else tr("has it open")
        parts.append(tr("{name} {what} (since {at})").format(name=h.name, what=what,
                                                            at=clock(h.since)))
    return "; ".join(parts)


def queued_text(n: int) -> str:
    return tr("1 decision queued") if n == 1 else tr("{n} decisions queued").format(n=n)


class Newsroom(QObject):
    synced = Signal(object)  # the SyncReport of a sync that reached the newsroom
    sync_failed = Signal(str)  # why it did not
    presence_shown = Signal(list)  # who else has the story shown open (Presence rows)
    queue_filter_changed = Signal()

    def __init__(self, ctx: DeskContext, is_editing: Callable[[str], bool]) -> None:
        """``is_editing(story_id)``: is this desk's editor on that story now (the lock
        says so to the others)."""
        super().__init__()
        self.ctx = ctx
        self.is_editing = is_editing
        self.config = desk_config(ctx.library)
        self.joined = self.config is not None
        self.state = ""  # "syncing", "synced", "offline" or "failed"
        self.pending = 0
        self.holders: list[Presence] | None = None  # None: cannot tell
        self.lock_story = ""  # the story this desk holds a lock on
        self.sync_task: Task | None = None
        self._again = False
        self.last_sync = datetime.now()
        self.last_result = self.last_error = ""
        if not self.joined:
            return
        w = ctx.window
        self.label = SyncLabel()
        self.label.clicked.connect(self.sync_now)
        w.statusBar().addPermanentWidget(self.label)
        self.bar = NewsroomBar()
        place_beside(w.tabs, self.bar)  # under the header and the legend
        self.assigned = QCheckBox(tr("Assigned to me"))
        self.assigned.setObjectName("assignedToMe")
        self.assigned.setToolTip(tr("Only the stories the newsroom assigned to {name}")
                                 .format(name=self.reviewer))
        self.assigned.toggled.connect(lambda _on: self.queue_filter_changed.emit())
        place_beside(w.queue.table, self.assigned)
        self.timer = QTimer(self)
        self.timer.setInterval(SYNC_INTERVAL_MS)
        self.timer.timeout.connect(self.sync_now)
        self.timer.start()
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(AFTER_WRITE_MS)
        self.soon.timeout.connect(self.sync_now)
        self.pending = queued_work(ctx.library)
        self.show_state("syncing")
        QTimer.singleShot(START_DELAY_MS, self.sync_now)

    @property
    def reviewer(self) -> str:
        return self.config.reviewer if self.config else ""

    def assignee_filter(self) -> str | None:
        """The queue's assignee filter: this reviewer while "Assigned to me" is on."""
        return self.reviewer if self.joined and self.assigned.isChecked() else None

    # -- sync -------------------------------------------------------------------------
    def sync_now(self) -> None:
        if not self.joined or self.ctx.closing():
            return
        if self.sync_task is not None:  # one at a time; the next starts when it ends
            self._again = True
            return
        self.soon.stop()
        self.show_state("syncing")
        task = self.ctx.write(tr("Syncing with the newsroom…"), sync_job, self.ctx.db_path,
                              on_success=self._synced, on_failure=self._sync_failed,
                              changes_of=lambda result: result.changes, background=True,
                              lane="newsroom")
        task.ended.connect(self._sync_ended)
        self.sync_task = task

    def _synced(self, result: Any) -> None:
        report = result.report
        if report is None:  # offline; what it pulled before that is drawn already
            self._not_synced(result.offline, "offline")
            return
        self.pending = queued_work(self.ctx.library)
        self.last_sync = datetime.now()
        self.last_result = report.describe()
        self.show_state("synced")
        if report.outcomes:  # decisions of this desk the newsroom did not apply
            first, more = report.outcomes[0], len(report.outcomes) - 1
            message = tr("The newsroom did not apply your {action} on {story}: {effect}").format(
                action=first.action.replace("_", " "),
                story=first.story_id or tr("the newsroom"), effect=first.effect)
            if more:
                message += " " + tr("(and {n} more: copydesk newsroom status lists them)"
                                    ).format(n=more)
            self.ctx.status(message, 15_000)
        self.refresh_presence()
        self.synced.emit(report)

    def _sync_failed(self, error: BaseException) -> None:
        """Not the network: a refused login, a broken log, a keyring that cannot be
        read. Said in the status bar (and its tooltip), not in a dialog every 30 s."""
        self._not_synced(str(error) if isinstance(error, CopydeskError)
                         else f"{type(error).__name__}: {error}", "failed")

    def _not_synced(self, why: str, state: str) -> None:
        self.pending = queued_work(self.ctx.library)
        self.last_error = why
        self.show_state(state)
        self._presence_unknown()
        self.sync_failed.emit(why)

    def _sync_ended(self) -> None:
        self.sync_task = None
        if self._again:
            self._again = False
            self.sync_now()

    def changes_applied(self, changes: Changes) -> None:
        """After every redraw: a write of this desk's own may have queued events (sync
        them soon), and the story shown may have a new assignee."""
        if not self.joined:
            return
        pending = queued_work(self.ctx.library)
        if pending > self.pending:
            self.soon.start()
        if pending != self.pending:
            self.pending = pending
            if self.state in ("offline", "failed"):
                self.show_state(self.state)
        c = self.ctx.session.current
        if c is not None and (changes.touches(c.id) or not changes.story_ids):
            self.show_assignee(c.id)

    def show_state(self, state: str) -> None:
        self.state = state
        host = self.config.url.split("@")[-1] if self.config else ""
        click = tr("Click to sync now.")
        if state == "syncing":
            text, tip = tr("Newsroom: syncing…"), tr("Syncing with {host}…").format(host=host)
        elif state == "synced":
            text = tr("Newsroom: synced {at} · {n} pending").format(at=clock(self.last_sync),
                                                                    n=self.pending)
            tip = tr("{host}: {result}. The desk syncs every 30 seconds and after each "
                     "decision. {click}").format(host=host, result=self.last_result,
                                                 click=click)
        else:
            what = tr("offline") if state == "offline" else tr("sync failed")
            text = tr("Newsroom: {what} — {queued}").format(what=what,
                                                            queued=queued_text(self.pending))
            tip = tr("{error}\nYour work is kept on this desk and goes to the newsroom with "
                     "the next sync. {click}").format(error=self.last_error, click=click)
        self.label.setText(text)
        self.label.setToolTip(tip)

    # -- the story shown: its assignee, who else has it open ----------------------------
    def story_opened(self, story_id: str) -> None:
        if not self.joined or story_id == self.lock_story:
            return  # the same story drawn again: its lock stands
        self.show_assignee(story_id)
        self._presence_unknown()  # the last story's holders are not this one's
        self._move_presence(story_id, release=self.lock_story)

    def show_assignee(self, story_id: str) -> None:
        name = assignee_of(self.ctx.library, story_id)
        text = ("" if not name else tr("Assigned to you") if name.casefold()
                == self.reviewer.casefold() else tr("Assigned to {name}").format(name=name))
        self.bar.assignee.setText(text)
        self._show_bar()

    def refresh_presence(self) -> None:
        """Renew the lock on the story shown (editing or not) and ask who else has it."""
        c = self.ctx.session.current
        if self.joined and c is not None:
            self._move_presence(c.id, editing=self.is_editing(c.id))

    def _move_presence(self, take: str, release: str = "", editing: bool = False) -> None:
        self.lock_story = take
        self.ctx.runner.start(
            tr("Asking who else has the story open…"), presence_job, self.ctx.db_path, take,
            release, editing, on_success=partial(self._presence, take),
            on_failure=partial(self._presence_failed, take),
            cancellable=False, background=True, lane="newsroom-presence")

    def _presence(self, story_id: str, holders: list[Presence] | None) -> None:
        if not self.ctx.session.is_open(story_id):
            return  # another story was opened meanwhile; its own answer follows
        if holders is None:  # the newsroom is out of reach: say nothing
            self._presence_unknown()
            return
        self.holders = holders
        self.bar.show_presence(presence_text(holders), is_dark())
        self._show_bar()
        self.presence_shown.emit(holders)

    def _presence_failed(self, story_id: str, error: BaseException) -> None:
        log.info("who has %s open: cannot tell (%s)", story_id, error)
        if self.ctx.session.is_open(story_id):
            self._presence_unknown()

    def _presence_unknown(self) -> None:
        self.holders = None
        self.bar.show_presence("", is_dark())
        self._show_bar()

    def _show_bar(self) -> None:
        self.bar.setVisible(bool(self.bar.assignee.text() or self.bar.presence.text()))

    def before_edit(self, start: Callable[[], None]) -> None:
        """Ctrl+E: when someone else has the story open, ask first; either way the lock
        then says this desk is editing it."""
        c = self.ctx.session.current
        if not self.joined or c is None:
            start()
            return
        story_id = c.id
        if not self.holders or self.is_editing(story_id):
            self._move_presence(story_id, editing=True)
            start()
            return
        box = QMessageBox(QMessageBox.Icon.Question, tr("Someone else has this story open"),
                          tr("{who}. Edit it anyway?\n\nIf you both save an edit of the same "
                             "revision, both texts are kept and the story waits for an editor "
                             "to choose one.").format(who=presence_text(self.holders)),
                          QMessageBox.StandardButton.Cancel, self.ctx.window)
        box.setObjectName("presenceEditBox")
        box.setTextFormat(Qt.TextFormat.PlainText)  # names are typed text
        edit = box.addButton(tr("Edit anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered(_result: int) -> None:
            if box.clickedButton() is edit and self.ctx.session.is_open(story_id):
                self._move_presence(story_id, editing=True)
                start()
        box.finished.connect(answered)
        self.ctx.open_dialog(box)

    def shutdown(self) -> None:
        """The desk closes: no more syncs; the lock goes (it would expire anyway), unless
        the newsroom is out of reach, which would only hold up the closing."""
        if not self.joined:
            return
        self.timer.stop()
        self.soon.stop()
        if self.lock_story and self.state not in ("offline", "failed"):
            self.ctx.runner.start(tr("Closing the story in the newsroom…"), presence_job,
                                  self.ctx.db_path, "", self.lock_story, False,
                                  cancellable=False, background=True, lane="newsroom-presence")
            self.lock_story = ""
