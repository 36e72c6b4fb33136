"""Run core functions on a thread pool; deliver progress and results on the GUI thread.

Core functions take ``progress(done, total)`` and ``cancelled()`` keywords. The worker
never touches a widget: it emits signals on a ``Task`` that lives in the GUI thread, and
progress is throttled so a fast loop cannot flood the event queue.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.check import CheckCancelled

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.1


class TaskCancelled(Exception):
    """Raised by a task function that noticed ``cancelled()``."""


class Task(QObject):
    """One piece of work. Its public signals are emitted on the GUI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()
    ended = Signal()  # after any of the three above

    # Emitted from the worker; queued to the GUI thread because this object lives there.
    _progress_from_worker = Signal(int, int)
    _result_from_worker = Signal(str, object)

    def __init__(self, label: str, fn: Callable[..., Any], args: tuple[Any, ...],
                 kwargs: dict[str, Any], cancellable: bool = True) -> None:
        super().__init__()
        self.label = label
        self.cancellable = cancellable
        self.done_total = (0, 0)
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._cancel = threading.Event()
        self._last_emit = 0.0
        self.finished_flag = False
        self.worker_thread: int | None = None  # threading.get_ident() of the worker that ran it
        self._progress_from_worker.connect(self._on_progress)
        self._result_from_worker.connect(self._on_result)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    # -- worker side ----------------------------------------------------------------
    def _report(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last_emit >= PROGRESS_INTERVAL_S:
            self._last_emit = now
            self._progress_from_worker.emit(done, total)

    def run_in_worker(self) -> None:
        self.worker_thread = threading.get_ident()
        try:
            result = self._fn(*self._args, progress=self._report, cancelled=self.is_cancelled,
                              **self._kwargs)
        except (TaskCancelled, CheckCancelled):
            self._result_from_worker.emit("cancelled", (None,))
        except Exception as error:  # delivered to the GUI thread, which decides what to show
            log.warning("task %r failed: %s\n%s", self.label, error, traceback.format_exc())
            self._result_from_worker.emit("failed", (error,))
        else:
            if self.is_cancelled():
                self._result_from_worker.emit("cancelled", (result,))
            else:
                self._result_from_worker.emit("succeeded", (result,))

    # -- GUI side ---------------------------------------------------------------------
    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if not self.finished_flag:
            self.done_total = (done, total)
            self.progressed.emit(done, total)

    @Slot(str, object)
    def _on_result(self, outcome: str, boxed: tuple[object]) -> None:
        # Boxed in a tuple so an outcome without a value still carries one object.
        value = boxed[0]
        self.finished_flag = True
        if self.cancellable and self.is_cancelled():
            # Cancelled after the worker finished but before the result got here: whoever
            # cancelled it no longer wants it (a stale check must not overwrite a new one).
            outcome = "cancelled"
        if outcome == "succeeded":
            self.succeeded.emit(value)
        elif outcome == "failed":
            self.failed.emit(value)
        else:
            self.cancelled.emit()
        self.ended.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self.task.run_in_worker()


class TaskRunner(QObject):
    """The one place the desk starts background work.

    Tasks run on a shared pool, or in a named ``lane``: a pool of one thread of its
    own, so its tasks run one after another and a slow one (a sender waiting on a site's
    timeout) never holds up checking or fetching."""

    tasks_changed = Signal()

    def __init__(self, max_threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.lanes: dict[str, QThreadPool] = {}
        self.active: list[Task] = []
        self.background: list[Task] = []
        self.closed = False

    def start(self, label: str, fn: Callable[..., Any], *args: Any,
              on_success: Callable[[Any], None] | None = None,
              on_failure: Callable[[BaseException], None] | None = None,
              cancellable: bool = True, background: bool = False, lane: str | None = None,
              **kwargs: Any) -> Task:
        """Run ``fn(*args, progress=..., cancelled=..., **kwargs)`` on the pool (or in
        ``lane``).

        A ``background`` task (a periodic count, say) is not shown in the status bar;
        it is still cancelled and waited for at shutdown."""
        task = Task(label, fn, args, kwargs, cancellable)
        if self.closed:  # the desk is closing: nothing new may outlive the window
            task.cancel()
            return task
        if on_success:
            task.succeeded.connect(on_success)
        if on_failure:
            task.failed.connect(on_failure)
        task.ended.connect(lambda: self._forget(task))
        if background:
            self.background.append(task)
        else:
            self.active.append(task)
            self.tasks_changed.emit()
        self._pool_for(lane).start(_Runnable(task))
        return task

    def _pool_for(self, lane: str | None) -> QThreadPool:
        if lane is None:
            return self.pool
        pool = self.lanes.get(lane)
        if pool is None:
            pool = self.lanes[lane] = QThreadPool(self)
            pool.setMaxThreadCount(1)
        return pool

    def _forget(self, task: Task) -> None:
        if task in self.background:
            self.background.remove(task)
        if task in self.active:
            self.active.remove(task)
            self.tasks_changed.emit()

    def cancel_all(self) -> None:
        for task in self.active:
            task.cancel()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel everything and wait for the workers; called when the window closes.
        Tasks started after this are not run."""
        self.closed = True
        self.cancel_all()
        for task in self.background:
            task.cancel()
        deadline = time.monotonic() + timeout_ms / 1000
        done = True
        for pool in (self.pool, *self.lanes.values()):
            left = max(0, int((deadline - time.monotonic()) * 1000))
            done = pool.waitForDone(left) and done
        return done
