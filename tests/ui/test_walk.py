"""What a new user's walk of the desk found: a waiver shown where it applies, the first
layout, the findings rows, the tabs' controls, the dialogs' wording."""

from __future__ import annotations

from app.library import Library
from app.publish.gate import citation_key, waive_items
from tests.ui.helpers import open_bundle


def _mayor(desk) -> tuple[int, int]:
    return next(k for k in desk.order if k[1] == 2)  # [2] has no snapshot: open for the gate


def test_a_waiver_from_the_command_line_shows_in_the_story_findings_and_source(qtbot, desk,
                                                                                tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    key = _mayor(desk)
    with Library(desk.db_path) as library:  # as `copydesk gate ID --waive KEY --note …`
        waive_items(library, desk.current.id, [citation_key(*key)],
                    "the mayor's office confirmed it by phone", "Pat")
    qtbot.waitUntil(lambda: key in desk.current.waivers, timeout=10_000)
    desk.citations.select_citation(key)
    source = desk.window.source.verdict.text()
    assert "waived by Pat</b>: the mayor&#x27;s office confirmed it by phone" in source \
        or "waived by Pat</b>: the mayor's office confirmed it by phone" in source
    item = desk.window.findings.citation_items[key]
    assert "waived by Pat" in item.text(1)
    assert "confirmed it by phone" in item.toolTip(1)
    assert "✎" in desk.window.story_view.toPlainText().split("[2]")[1][:3]
    assert "waived by Pat" in desk.citations.citation_tooltip(key)
