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


def _widths(window) -> tuple[int, int, int]:
    return (window.queue_dock.width(), window.panes_splitter.widget(0).width(),
            window.source.width())


def test_first_start_gives_the_queue_a_third_and_the_story_and_source_the_rest(qtbot,
                                                                              tmp_path):
    from app.library import list_stories
    from ui.main import Desk
    from ui.settings import DeskSettings

    settings = DeskSettings.at(str(tmp_path / "settings.ini"))
    settings.reviewer_name = "Test Reviewer"
    desk = Desk(str(tmp_path / "library.sqlite3"), settings)  # as the desk starts
    qtbot.addWidget(desk.window)
    with qtbot.waitSignal(desk.loaded, timeout=20_000):
        desk.show()
    try:
        controller = desk.controller
        qtbot.waitUntil(lambda: controller.current is not None, timeout=20_000)
        window = desk.window
        qtbot.wait(100)
        queue, story, source = _widths(window)
        assert abs(queue - window.width() / 3) < 60, (queue, story, source)
        assert abs(story - source) < 60 and source > window.width() / 4, (story, source)
        for row in list_stories(controller.library)[:3]:  # the same from story to story
            with qtbot.waitSignal(controller.story_checked, timeout=20_000):
                controller.open_story(row.id)
            assert _widths(window) == (queue, story, source)
    finally:
        desk.shutdown()


def test_findings_rows_lead_with_the_point_under_a_severity_column(qtbot):
    from app.model import Finding
    from ui.main import make_application
    from ui.views.findings import FindingsPanel

    make_application()
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    sentence = ("In May 2017, Starbucks announced it was commencing operations in Jamaica, "
                "where the first store is to open in the resort city of Montego Bay.")
    findings = (Finding("unsupported_claim", "warning", f"“{sentence}” is not backed by [1].",
                        (0, 10)),
                Finding("missing_quotation", "blocker",
                        f"Claim 2 (“{sentence[:40]}”) cites [3], which does not contain "
                        "the quotation “classic caffs”.", (0, 10)))
    panel.show_report(findings, [])
    panel.resize(420, 200)
    panel.show()
    rows = panel.topLevelItem(0)
    assert rows.child(0).text(0) == f"⚠ Not backed by [1]: “{sentence}”"
    assert rows.child(1).text(0).startswith(
        "⊗ Claim 2 cites [3], which does not contain the quotation “classic caffs”: “In May")
    assert rows.child(0).toolTip(0).startswith(findings[0].message)
    assert panel.headerItem().text(1) == "Severity or verdict"
    assert rows.text(1) == "Severity" and rows.child(0).text(1) == "warning"
    assert panel.topLevelItem(1).text(1) == "Verdict"


def test_the_edit_hint_has_a_line_of_its_own_above_the_buttons(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    desk.window.resize(1000, 700)
    desk.window.act_edit.trigger()
    editor = desk.window.editor
    qtbot.waitUntil(lambda: editor.hint.isVisible(), timeout=5000)
    hint, save = editor.hint, editor.save
    assert hint.width() > editor.width() * 0.8  # not a narrow column beside the buttons
    assert hint.mapTo(editor, hint.rect().bottomLeft()).y() <= save.mapTo(editor,
                                                                          save.rect().topLeft()).y()


def test_changes_pickers_show_their_whole_labels_in_a_narrow_pane(qtbot):
    from PySide6.QtWidgets import QWidget

    from ui.main import make_application
    from ui.views.changes import ChangesPanel

    make_application()
    pane = QWidget()  # the story pane: it gives the tab what room it has
    qtbot.addWidget(pane)
    panel = ChangesPanel(pane)
    panel.show_revisions([("a" * 40, "Original · 6f1e2d3c", "imported"),
                          ("b" * 40, "Rev. 2 · current · b233bbb4", "saved by Pat")],
                         "a" * 40, "b" * 40)
    for width in (300, 900):
        pane.resize(width, 400)
        panel.setGeometry(0, 0, width, 400)
        pane.show()
        qtbot.wait(20)
        for combo in (panel.older, panel.newer):
            text = combo.fontMetrics().horizontalAdvance(combo.currentText())
            assert combo.width() >= combo.sizeHint().width(), (width, combo.currentText())
            assert combo.width() > text + 20, (width, combo.currentText())
            assert combo.geometry().right() <= panel.width()


def test_a_row_turned_changes_requested_shows_its_whole_status(qtbot, desk, tmp_path):
    from app.workflow import request_changes

    open_bundle(qtbot, desk, tmp_path)
    table = desk.window.queue.table
    with Library(desk.db_path) as library:  # another process, the row changes in place
        request_changes(library, desk.current.id, "Pat", "cite the annual report")
    index = table.model().index(0, 0)
    qtbot.waitUntil(lambda: index.data() == "Changes requested", timeout=10_000)
    needed = table.fontMetrics().horizontalAdvance("Changes requested")
    assert table.columnWidth(0) >= needed + 16  # its cell margins and a little air


def _luminance(colour) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def _contrast(a, b) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_matched_words_stand_out_from_the_passage_in_dark_and_light(qtbot):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from ui.main import make_application
    from ui.theme import apply_palette
    from ui.views.text_panes import SourceText

    app = make_application()
    before = QApplication.palette()
    text = "Harbour report. The port of Leith handled 4.2 million tonnes of cargo in 2025."
    try:
        for dark in (True, False):
            apply_palette(app, dark)
            pane = SourceText()
            qtbot.addWidget(pane)
            pane.show_text(text, (16, len(text)), ("port", "Leith", "cargo"))
            selections = pane.extraSelections()
            passage, word = selections[0].format, selections[1].format
            ink = (word.foreground().color() if word.foreground().style() != 0
                   else pane.palette().color(QPalette.ColorRole.Text))
            # light tells them apart by saturation (yellow on pale yellow); dark cannot
            apart = _contrast(word.background().color(), passage.background().color())
            assert apart > (1.8 if dark else 1.2), (dark, apart)
            assert _contrast(word.background().color(), ink) > 4.5, dark
    finally:
        QApplication.setPalette(before)


def test_an_override_leads_and_the_score_moves_to_the_tooltip(qtbot, desk, tmp_path):
    from app.workflow import override_verdict

    open_bundle(qtbot, desk, tmp_path)
    key = (0, 1)
    desk.citations.select_citation(key)
    source = desk.window.source
    assert "score" not in source.verdict.text()
    assert "score" in source.verdict.toolTip().lower()
    automatic = desk.current.citation(key).verdict
    with Library(desk.db_path) as library:
        override_verdict(library, desk.current.id, desk.current.story.revision, key[0], key[1],
                         "unsupported", "the gazette corrected the figure", "Pat")
    qtbot.waitUntil(lambda: (c := desk.current.citation(key)) is not None
                    and c.override is not None, timeout=10_000)
    desk.citations.select_citation(key)
    plain = source.verdict.text()
    assert "Overridden to not supported by Pat</b>: the gazette corrected the figure" in plain
    assert plain.index("Overridden to") < plain.index("Automatic verdict: ")
    assert "Automatic verdict: " + {"supported": "supported", "partial": "partly supported"
                                    }.get(automatic, automatic) in plain


def test_approve_dialog_names_open_items_by_claim_and_jumps_to_them(qtbot, desk, tmp_path):
    from PySide6.QtCore import Qt

    from tests.ui.test_gate import approve_dialog

    open_bundle(qtbot, desk, tmp_path)
    desk.citations.select_citation((0, 1))
    dialog = approve_dialog(qtbot, desk)
    view = dialog.open_items
    view.expandAll()
    item = view.topLevelItem(0).child(0)
    key = _mayor(desk)
    assert item.text(1) == f"Claim {key[0] + 1} [2]"  # as the reviewer counts, from 1
    assert item.text(2) and ":" not in item.text(2)  # a kind in words, not c:2:2
    assert citation_key(*key) in item.toolTip(1)  # the key for the command line stays
    view.scrollToItem(item)
    rect = view.visualItemRect(item)
    assert rect.isValid()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert desk.selected == key


def test_the_name_dialog_says_when_a_name_is_not_a_reviewer_of_the_library(qtbot):
    from ui.main import make_application
    from ui.views.dialogs import NameDialog

    make_application()
    dialog = NameDialog("", None, reviewers=("root",))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Pat Checker")
    assert dialog.unknown.isVisible() and not dialog.ok.isEnabled()
    assert dialog.unknown.text() == ("Pat Checker is not a reviewer of this library yet; "
                                     "ask an editor to add you, or choose: root")
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Root")
    assert not dialog.unknown.isVisible() and dialog.ok.isEnabled()
    anyone = NameDialog("Pat Checker", None)  # a library with no registered reviewers
    qtbot.addWidget(anyone)
    assert anyone.ok.isEnabled() and not anyone.unknown.text()


def test_the_status_column_leaves_the_titles_room_when_no_row_needs_a_long_status(
        qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    table = desk.window.queue.table
    long_status = table.fontMetrics().horizontalAdvance("Changes requested")
    assert all(table.model().index(r, 0).data() == "New"
               for r in range(table.model().rowCount()))
    assert table.columnWidth(0) < long_status  # sized to "New", not to every status
