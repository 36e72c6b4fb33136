"""Comment threads on the selected citation's claim, under its source: read them, add
one, reply to a thread, resolve it. Only in a desk that joined a newsroom.

Comments are saved in the library first (``app.newsroom.collab``), so they work
offline, and travel with the next sync; each write goes through ``DeskContext.write``
and is redrawn from the one change signal (``changes_applied``), like a comment
pulled from another desk.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QTreeWidgetItem

from app.changes import STATUS, Changes, of_stories
from app.markers import strip_markers
from app.newsroom.collab import Comment, add_comment, comments, resolve_comment
from app.newsroom.desk import desk_config
from ui.desk.context import DeskContext, in_library
from ui.i18n import translator
from ui.views.newsroom import CommentsPanel, place_beside

tr = translator("Desk")

CLAIM_SHOWN = 70  # characters of the claim in the panel's title

IdRole = Qt.ItemDataRole.UserRole + 1  # the thread's first comment, on every line of it
ResolvedRole = Qt.ItemDataRole.UserRole + 2


def when(stamp: str) -> str:
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    today = datetime.now().astimezone().date()
    return moment.strftime("%H:%M" if moment.date() == today else "%d %b %H:%M")


def threads_of(found: list[Comment]) -> list[tuple[Comment, list[Comment]]]:
    """(the first comment, its replies) for each thread, oldest first; a reply to a
    reply belongs to the same thread."""
    by_id = {c.id: c for c in found}

    def root(c: Comment) -> Comment:
        seen = set()
        while c.parent_id in by_id and c.id not in seen:
            seen.add(c.id)
            c = by_id[c.parent_id]
        return c
    threads: dict[str, tuple[Comment, list[Comment]]] = {}
    for c in found:
        top = root(c)
        thread = threads.setdefault(top.id, (top, []))
        if c is not top:
            thread[1].append(c)
    return list(threads.values())


class Comments(QObject):
    comment_added = Signal(str)  # the new comment's id
    thread_resolved = Signal(str)  # the thread's first comment's id

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.joined = desk_config(ctx.library) is not None
        self.claim: int | None = None  # the claim whose threads are shown
        if not self.joined:
            return
        self.panel = CommentsPanel()
        place_beside(ctx.window.source.stack, self.panel, after=True)  # under the passage
        p = self.panel
        p.add.clicked.connect(lambda: self._write(reply=False))
        p.reply.clicked.connect(lambda: self._write(reply=True))
        p.resolve.clicked.connect(self._resolve)
        p.text.returnPressed.connect(lambda: self._write(reply=False))
        p.text.textChanged.connect(lambda _t: self._enable())
        p.threads.currentItemChanged.connect(lambda _a, _b: self._enable())
        self.show()

    def changes_applied(self, changes: Changes) -> None:
        c = self.ctx.session.current
        if self.joined and c is not None and (changes.touches(c.id) or not changes.story_ids):
            self.show()

    def show(self, *_: Any) -> None:
        """The threads on the claim of the citation selected (none selected: a hint)."""
        if not self.joined:
            return
        p = self.panel
        c, key = self.ctx.session.current, self.ctx.session.selected
        chosen = self._chosen_thread()
        p.threads.clear()
        if c is None or key is None:
            self.claim = None
            p.title.setText(tr("Comments: select a citation to see the threads on its claim."))
            self._enable()
            return
        self.claim = key[0]
        claim = next((strip_markers(cl.text) for cl in c.claims if cl.index == key[0]), "")
        if len(claim) > CLAIM_SHOWN:
            claim = claim[:CLAIM_SHOWN - 1].rstrip() + "…"
        found = [x for x in comments(self.ctx.library, c.id) if x.claim_index == key[0]]
        threads = threads_of(found)
        open_n = sum(1 for top, _ in threads if not top.resolved_by)
        p.title.setText(tr("Comments on “{claim}” — {n} open, {r} resolved").format(
            claim=claim, n=open_n, r=len(threads) - open_n) if threads
            else tr("No comments on “{claim}” yet.").format(claim=claim))
        # (the light palette's disabled text is its normal text: the placeholder's grey)
        muted = QBrush(p.palette().color(QPalette.ColorRole.PlaceholderText))
        for top, replies in threads:
            item = QTreeWidgetItem([self._line(top, c.story.revision)])
            item.setData(0, IdRole, top.id)
            item.setData(0, ResolvedRole, bool(top.resolved_by))
            if top.resolved_by:
                item.setText(0, "✓ " + item.text(0) + "\n" + tr("Resolved by {who}").format(
                    who=top.resolved_by))
                item.setForeground(0, muted)
            for reply in replies:
                child = QTreeWidgetItem([self._line(reply, c.story.revision)])
                child.setData(0, IdRole, top.id)
                child.setData(0, ResolvedRole, bool(top.resolved_by))
                if top.resolved_by:
                    child.setForeground(0, muted)
                item.addChild(child)
            p.threads.addTopLevelItem(item)
            item.setExpanded(True)
            if top.id == chosen:
                p.threads.setCurrentItem(item)
        self._enable()

    @staticmethod
    def _line(c: Comment, revision: str) -> str:
        older = "" if c.revision == revision else " " + tr("(on revision {r})").format(
            r=c.revision[:8])
        return f"{c.author} · {when(c.at)}{older}\n{c.body}"

    def _chosen_thread(self) -> str:
        item = self.panel.threads.currentItem()
        return str(item.data(0, IdRole)) if item is not None else ""

    def _thread_open(self) -> bool:
        item = self.panel.threads.currentItem()
        return item is not None and not item.data(0, ResolvedRole)

    def _enable(self) -> None:
        p = self.panel
        has_claim = self.claim is not None
        typed = bool(p.text.text().strip())
        p.text.setEnabled(has_claim)
        p.add.setEnabled(has_claim and typed)
        p.reply.setEnabled(has_claim and typed and bool(self._chosen_thread()))
        p.resolve.setEnabled(has_claim and self._thread_open())

    def _write(self, reply: bool) -> None:
        c, claim, text = self.ctx.session.current, self.claim, self.panel.text.text().strip()
        if c is None or claim is None or not text:
            return
        parent = self._chosen_thread() if reply else ""
        if reply and not parent:
            return
        story_id = c.id

        def saved(comment: Comment) -> None:
            self.panel.text.clear()
            self.ctx.status(tr("Comment saved."), 4000)  # the sync label says where it is
            self.comment_added.emit(comment.id)
        self.ctx.ask_reviewer(lambda actor: self.ctx.write(
            tr("Saving comment…"), in_library(add_comment), self.ctx.db_path, story_id,
            claim, text, actor, parent, on_success=saved,
            changes_of=lambda _c: of_stories([story_id], STATUS)))

    def _resolve(self) -> None:
        c, thread = self.ctx.session.current, self._chosen_thread()
        if c is None or not thread or not self._thread_open():
            return
        story_id = c.id

        def resolved(comment: Comment) -> None:
            self.ctx.status(tr("Thread resolved."), 4000)
            self.thread_resolved.emit(comment.id)
        self.ctx.ask_reviewer(lambda actor: self.ctx.write(
            tr("Resolving thread…"), in_library(resolve_comment), self.ctx.db_path, thread,
            actor, on_success=resolved, changes_of=lambda _c: of_stories([story_id], STATUS)))
