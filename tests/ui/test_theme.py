"""Both palettes tell a disabled control from an enabled one."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QPushButton

from ui.theme import dark_palette, light_palette


@pytest.mark.parametrize("palette", [light_palette, dark_palette], ids=["light", "dark"])
def test_a_disabled_button_reads_as_disabled(qtbot, palette) -> None:
    button = QPushButton("Resolve")
    qtbot.addWidget(button)
    button.setPalette(palette())
    enabled = button.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
    button.setEnabled(False)
    disabled = button.palette().color(QPalette.ColorGroup.Disabled,
                                      QPalette.ColorRole.ButtonText)
    # the disabled text is visibly lighter (light theme) or darker (dark theme)
    assert abs(disabled.lightness() - enabled.lightness()) >= 40
