"""A guard for a reference-counting bug in the Qt binding the desk may run on.

PySide6 6.12.0 hands ``None`` back from every wrapped method that returns nothing
(``setText``, ``setHtml``, ``QTimer.singleShot``…) without a reference of its own, and
``SignalInstance.emit``/``connect``/``disconnect`` return ``True`` the same way. Each
call therefore takes one reference away from ``None`` or ``True``. On CPython 3.12+ the
two are immortal and nothing happens; on CPython 3.11 their count reaches zero after a
few thousand calls and the interpreter aborts ("Fatal Python error: none_dealloc:
deallocating None", or ``bool_dealloc``) — in a long session, or while it finalises.

Where the probe below sees the bug, the desk gives ``None``, ``True`` and ``False`` what
CPython 3.12 gives them: a reference count too large for any session to use up.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)

# Far beyond what any session can drop (one per Qt call), far below overflow.
IMMORTAL_REFCOUNT = 1 << 48
_PROBE_CALLS = 8

_guarded = False


def binding_drops_references() -> bool:
    """Does a void PySide6 call take a reference from None? (Costs ``_PROBE_CALLS``.)"""
    from PySide6.QtCore import QByteArray

    data = QByteArray(b"probe")
    before = sys.getrefcount(None)
    for _ in range(_PROBE_CALLS):
        data.clear()
    return sys.getrefcount(None) <= before - _PROBE_CALLS // 2


def guard_singletons() -> bool:
    """Make None, True and False immortal when the binding would free them; idempotent.

    Returns whether the guard is in place. Only CPython before 3.12 needs it (3.12
    made these objects immortal itself) and only a binding that shows the bug gets it.
    """
    global _guarded
    if _guarded:
        return True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    if not binding_drops_references():
        return False
    import ctypes  # only for a binding that shows the bug: not on every start

    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in a release build of CPython.
        ctypes.c_ssize_t.from_address(id(singleton)).value = IMMORTAL_REFCOUNT
    _guarded = True
    log.info("PySide6 drops references to None/True on this interpreter; "
             "None, True and False made immortal (as on CPython 3.12)")
    return True
