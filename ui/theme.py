"""Verdict colours and symbols for light and dark palettes, and the desk's palette.

Colour is never the only cue: every verdict also has a symbol, and the legend names it.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QColor, QGuiApplication, QPalette

VERDICT_SYMBOL = {
    "supported": "✓",
    "partial": "~",
    "contradicted": "≠",
    "unsupported": "✗",
    "unavailable": "?",
    "dangling": "!",
    "pending": "…",
}
OVERRIDE_SYMBOL = "✎"
SEVERITY_SYMBOL = {"blocker": "⊗", "warning": "⚠", "info": "ℹ"}


class Swatch(NamedTuple):  # not a dataclass: ``dataclasses`` would load before the paint
    background: str
    foreground: str


# Chosen so that text on the chip keeps a contrast ratio above 4.5:1 in both schemes.
_LIGHT = {
    "supported": Swatch("#c8ebcf", "#14532d"),
    "partial": Swatch("#fde7a7", "#713f12"),
    "contradicted": Swatch("#f9b4a6", "#7c1d0e"),
    "unsupported": Swatch("#fbc9c9", "#7f1d1d"),
    "unavailable": Swatch("#dfe3ea", "#334155"),
    "dangling": Swatch("#f2c8ee", "#701a75"),
    "pending": Swatch("#eceff3", "#475569"),
}
_DARK = {
    "supported": Swatch("#1f4d2e", "#bbf7d0"),
    "partial": Swatch("#5a4510", "#fde68a"),
    "contradicted": Swatch("#7a2614", "#fed7cc"),
    "unsupported": Swatch("#6b1f1f", "#fecaca"),
    "unavailable": Swatch("#364152", "#e2e8f0"),
    "dangling": Swatch("#5b1f5a", "#f5d0fe"),
    "pending": Swatch("#2f3640", "#cbd5e1"),
}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def swatch(verdict: str, dark: bool | None = None) -> Swatch:
    dark = is_dark() if dark is None else dark
    table = _DARK if dark else _LIGHT
    return table.get(verdict, table["pending"])


def claim_tint(dark: bool | None = None) -> QColor:
    dark = is_dark() if dark is None else dark
    return QColor("#3b4a6b") if dark else QColor("#dbe7ff")


def evidence_tint(dark: bool | None = None) -> QColor:
    dark = is_dark() if dark is None else dark
    return QColor("#6b5a12") if dark else QColor("#fff0a6")


def matched_word_tint(dark: bool | None = None) -> QColor:
    """Behind the claim's matched words inside the evidence: a deeper shade of it."""
    dark = is_dark() if dark is None else dark
    # Dark: a bright amber under dark text, a step well apart from the passage's dim
    # olive (#9c7f0c on #6b5a12 barely showed).
    return QColor("#e3b52a") if dark else QColor("#ffd24d")


def matched_word_text(dark: bool | None = None) -> QColor | None:
    """The matched words' text colour where the palette's own would not read on
    ``matched_word_tint`` (dark); None keeps the palette's."""
    dark = is_dark() if dark is None else dark
    return QColor("#1d1a0c") if dark else None


def system_prefers_dark() -> bool:
    """The system's light/dark setting where Qt knows it (Qt 6.5+), else the palette.

    Not before the first paint: the answer is a ``Qt.ColorScheme``, and PySide6 creates
    the Python enums of the whole ``Qt`` namespace (93 of them, ~20 ms) on its first use.
    """
    from PySide6.QtCore import Qt

    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    if scheme is not None:
        value = scheme()
        if value == Qt.ColorScheme.Dark:
            return True
        if value == Qt.ColorScheme.Light:
            return False
    return is_dark()


def dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor("#1e2127"), QColor("#16181d"), QColor("#e6e8eb")
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor("#1c1f25"),
        QPalette.ColorRole.ToolTipBase: QColor("#2a2e36"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor("#2a2e36"),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ff6b6b"),
        QPalette.ColorRole.Link: QColor("#7fb2ff"),
        QPalette.ColorRole.Highlight: QColor("#3d6fb6"),
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.PlaceholderText: QColor("#8a919c"),
    }
    for role, color in roles.items():
        p.setColor(role, color)
    disabled = QColor("#7a808a")
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def light_palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: QColor("#f4f5f7"),
        QPalette.ColorRole.WindowText: QColor("#1d2330"),
        QPalette.ColorRole.Base: QColor("#ffffff"),
        QPalette.ColorRole.AlternateBase: QColor("#f6f8fa"),
        QPalette.ColorRole.ToolTipBase: QColor("#ffffe8"),
        QPalette.ColorRole.ToolTipText: QColor("#1d2330"),
        QPalette.ColorRole.Text: QColor("#1d2330"),
        QPalette.ColorRole.Button: QColor("#eceef2"),
        QPalette.ColorRole.ButtonText: QColor("#1d2330"),
        QPalette.ColorRole.Link: QColor("#1d5fbf"),
        QPalette.ColorRole.Highlight: QColor("#2f6fd0"),
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.PlaceholderText: QColor("#6b7280"),
    }
    for role, color in roles.items():
        p.setColor(role, color)
    # setColor(role, ...) paints every group alike: without this a disabled button
    # (Resolve with no thread chosen, Send with nothing queued) looks pressable
    disabled = QColor("#9aa1ab")
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def apply_palette(app: object, dark: bool) -> None:
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    app.setPalette(dark_palette() if dark else light_palette())
