"""``tr()``: every user-facing string goes through Qt's translator.

Each module takes a translator for its own context (``tr = translator("Outbox")``),
as Qt groups translations by the class or area a string belongs to.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication


def translator(context: str) -> Callable[[str], str]:
    def tr(text: str) -> str:
        return QCoreApplication.translate(context, text)

    tr.__doc__ = f"Translate a user-facing string in the {context!r} context."
    return tr


tr = translator("Desk")
