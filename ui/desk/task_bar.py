"""The status bar's task line: what runs, its progress, and Cancel for that one."""

from __future__ import annotations

from PySide6.QtCore import QObject

from ui.i18n import translator
from ui.tasks import Task, TaskRunner
from ui.views.main_window import MainWindow

tr = translator("Desk")


class TaskBar(QObject):
    def __init__(self, window: MainWindow, runner: TaskRunner) -> None:
        super().__init__()
        self.window = window
        self.runner = runner
        self.shown: Task | None = None  # the task the status bar names
        self._watched: set[Task] = set()
        runner.tasks_changed.connect(self.show_tasks)
        window.task_cancel.clicked.connect(self.cancel_shown_task)

    def show_tasks(self) -> None:
        active = self.runner.active
        if not active:
            self.shown = None
            self.window.show_task(None, 0, 0)
            return
        task = active[-1]
        self.shown = task
        label = task.label + (f" (+{len(active) - 1})" if len(active) > 1 else "")
        done, total = task.done_total
        self.window.show_task(label, done, total)
        self.window.task_cancel.setEnabled(task.cancellable)
        self.window.task_cancel.setToolTip(tr("Cancel: {label}").format(label=task.label))
        for t in active:
            if t not in self._watched:
                self._watched.add(t)
                t.progressed.connect(lambda _d, _t: self.show_tasks())
                t.ended.connect(lambda t=t: self._watched.discard(t))

    def cancel_shown_task(self) -> None:
        """Cancel what the status bar names, nothing else (not a check running beside it)."""
        task = self.shown
        if task is not None and task.cancellable and task in self.runner.active:
            task.cancel()
