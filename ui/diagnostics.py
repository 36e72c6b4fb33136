"""Logging, the exception hook and Qt's message handler, installed when the desk starts."""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, QtMsgType, Signal, Slot, qInstallMessageHandler

if TYPE_CHECKING:  # QtWidgets is imported only when a dialog is first shown
    from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger("copydesk.ui")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

ErrorSink = Callable[[str], None]
_sink: ErrorSink | None = None


class _Relay(QObject):
    """Carries an error message to the GUI thread: a worker (an exception escaping a
    QRunnable) must not build the dialog itself."""

    raised = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.raised.connect(self.deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(str)
    def deliver(self, message: str) -> None:
        if _sink is not None:
            with contextlib.suppress(Exception):  # the sink must never take the desk down
                _sink(message)


_relay: _Relay | None = None


def log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir("copydesk", appauthor=False))


def install_logging(to_file: bool = True) -> None:
    root = logging.getLogger()
    if getattr(root, "_copydesk_installed", False):
        return
    root.setLevel(logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    stream = logging.StreamHandler(sys.stderr)
    stream.setLevel(logging.WARNING)
    stream.setFormatter(fmt)
    root.addHandler(stream)
    if to_file:
        from logging.handlers import RotatingFileHandler  # pulls in socket and pickle

        try:
            folder = log_dir()
            folder.mkdir(parents=True, exist_ok=True)
            handler = RotatingFileHandler(folder / "desk.log", maxBytes=1_000_000,
                                          backupCount=3, encoding="utf-8")
            handler.setFormatter(fmt)
            root.addHandler(handler)
        except OSError:
            log.warning("cannot write the log file; logging to stderr only")
    root._copydesk_installed = True  # type: ignore[attr-defined]


def _qt_message(mode: QtMsgType, context: object, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(mode, logging.INFO), message)


def _excepthook(kind: type[BaseException], value: BaseException,
                tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
    message = f"{kind.__name__}: {value}"
    if _relay is None:
        return
    if QThread.currentThread() is _relay.thread():
        _relay.deliver(message)
    else:
        _relay.raised.emit(message)  # queued: shown by the GUI thread


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    _excepthook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)


def install_exception_hook(sink: ErrorSink | None = None) -> None:
    """Log unhandled errors (a slot raising must not kill the desk) and tell the user."""
    global _sink, _relay
    _sink = sink
    if _relay is None or _relay.thread() is not QThread.currentThread():
        _relay = _Relay()  # lives in the thread that installs the hook: the GUI thread
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    qInstallMessageHandler(_qt_message)


class ErrorDialog:
    """Show an unexpected error in one dialog, pointing at the log file.

    Errors arriving while the dialog is open are counted into it rather than stacking
    dialogs: one broken slot firing in a loop must not bury the desk.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        self._parent = parent
        self._box: QMessageBox | None = None
        self._extra = 0

    def __call__(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        from ui.i18n import tr

        if self._box is not None and self._box.isVisible():
            self._extra += 1
            self._box.setInformativeText(
                tr("{n} more error(s) since. Details are in {log}.").format(
                    n=self._extra, log=log_dir() / "desk.log"))
            return
        self._extra = 0
        box = QMessageBox(QMessageBox.Icon.Critical, tr("Copydesk: unexpected error"),
                          tr("Something went wrong: {m}").format(m=message),
                          QMessageBox.StandardButton.Ok, self._parent)
        box.setInformativeText(
            tr("Your work is saved. Details are in {log}.").format(log=log_dir() / "desk.log"))
        box.setObjectName("unexpected-error")
        box.open()  # not exec(): the event loop keeps running
        self._box = box

