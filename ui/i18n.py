"""``tr()``: every user-facing string goes through Qt's translator (context "Desk")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def tr(text: str) -> str:
    return QCoreApplication.translate("Desk", text)
