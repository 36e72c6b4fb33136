"""The desk driven like a reviewer would: real widgets, offscreen, waiting on signals."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app import workflow
from app.library import Library, count_stories, load_overrides, load_story
from ui.desk.controller import DeskController
from ui.main import make_application
from ui.settings import DeskSettings

from .helpers import SNAPSHOT_TEXT, approve_despite_open_items, bundle, open_bundle


def test_first_run_imports_samples_and_opens_the_first(qtbot, tmp_path):
    make_application()
    settings = DeskSettings.at(str(tmp_path / "s.ini"))
    desk = DeskController(str(tmp_path / "lib.sqlite3"), settings)
    qtbot.addWidget(desk.window)
    with qtbot.waitSignal(desk.story_checked, timeout=15_000):
        desk.start(None)
    assert desk.current is not None
    assert desk.model.total >= 1
    assert desk.window.story_view.toPlainText().strip()
    assert desk.window.findings.topLevelItemCount() == 2
    desk.shutdown()


def test_selecting_a_citation_shows_its_source_with_evidence(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    assert desk.current.id == "harbour-1"
    assert desk.order[0] == (0, 1)
    with qtbot.waitSignal(desk.citation_selected):
        desk.window.story_view.citation_clicked.emit((0, 1))
    source = desk.window.source
    assert source.stack.currentWidget() is source.text
    assert "Harbour Gazette" in source.header.text()
    assert "gazette.example/leith" in source.header.text()
    assert source.text.toPlainText() == SNAPSHOT_TEXT
    marked = source.text.highlighted_text()
    assert marked and marked in SNAPSHOT_TEXT
    start, end = source.text.evidence
    assert SNAPSHOT_TEXT[start:end] == marked
    # the words the scorer matched are shaded inside the passage, and named above it
    citation = desk.current.report.claims[0].citations[0]
    bold = source.text.matched_words_shown()
    assert bold and all(w.casefold() in marked.casefold() for w in bold)
    matched = " ".join(citation.matched).casefold()
    assert all(w.casefold()[:4] in matched for w in bold), (bold, citation.matched)
    assert "Found in the passage (shaded):" in source.verdict.text()
    # the claim's sentence is tinted in the story pane, the chip highlighted
    story = desk.window.story_view
    tinted = [s.cursor.selectedText() for s in story.extraSelections()]
    assert any("4.2 million tonnes" in t for t in tinted)
    # a citation without a snapshot says why and offers to fetch or attach
    desk.citations.select_citation((2, 2))
    assert source.stack.currentWidget() is source.missing
    assert not source.fetch_button.isHidden() and not source.attach_button.isHidden()
    assert "City Times" in source.header.text()


def test_keyboard_walks_citations_and_problems(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    desk.window.story_view.setFocus()
    qtbot.keyClick(desk.window, Qt.Key.Key_J)
    assert desk.selected == desk.order[0]
    qtbot.keyClick(desk.window, Qt.Key.Key_J)
    assert desk.selected == desk.order[1]
    qtbot.keyClick(desk.window, Qt.Key.Key_K)
    assert desk.selected == desk.order[0]
    qtbot.keyClick(desk.window, Qt.Key.Key_K)
    assert desk.selected == desk.order[-1]  # wraps around
    desk.citations.select_citation(desk.order[0])
    qtbot.keyClick(desk.window, Qt.Key.Key_N)
    problem = desk.current.citation(desk.selected)
    assert problem.effective_verdict != "supported"
    # the findings panel follows the selection
    item = desk.window.findings.currentItem()
    assert item.text(0).startswith(f"[{desk.selected[1]}]")


def test_override_with_note_is_kept_and_shown(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    desk.citations.select_citation((2, 2))
    desk.window.act_override.trigger()
    dialog = desk.active_dialog
    assert dialog is not None and not dialog.ok.isEnabled()  # a note is required
    dialog.verdict.setCurrentIndex(dialog.verdict.findData("supported"))
    qtbot.keyClicks(dialog.note, "Mayor said so on the radio, checked the tape.")
    assert dialog.ok.isEnabled()
    with qtbot.waitSignal(desk.verdict_overridden, timeout=10_000):
        dialog.ok.click()
    citation = desk.current.citation((2, 2))
    assert citation.effective_verdict == "supported" and citation.verdict == "unavailable"
    shown = desk.window.source.verdict.text()
    # the reviewer's word leads, the scorer's verdict follows as the automatic one
    assert "Overridden to supported by Test Reviewer</b>: Mayor said so" in shown
    assert shown.index("Overridden to") < shown.index("Automatic verdict: source unavailable")
    assert "✎" in desk.window.story_view.toPlainText()
    with Library(desk.db_path) as library:
        story = load_story(library, "harbour-1")
        kept = load_overrides(library, "harbour-1", story.revision)
    assert kept[(2, 2)].note.startswith("Mayor said so")


def test_edit_and_save_makes_a_revision_and_the_diff_shows_it(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    before = desk.current.story.revision
    desk.window.act_edit.trigger()
    editor = desk.window.editor
    assert desk.window.tabs.currentWidget() is editor
    text = editor.body.toPlainText().replace("historic day", "remarkable day")
    editor.body.setPlainText(text)
    with qtbot.waitSignal(desk.revision_saved, timeout=10_000) as saved, \
            qtbot.waitSignal(desk.changes_shown, timeout=10_000):
        desk.window.act_save.trigger()
    assert saved.args[0] != before
    assert desk.current.story.revision == saved.args[0]
    with Library(desk.db_path) as library:
        revisions = library.conn.execute(
            "SELECT COUNT(*) FROM revisions WHERE story_id='harbour-1'").fetchone()[0]
    assert revisions == 2
    diff = desk.window.changes_view.toHtml()
    assert "remarkable" in diff and "historic" in diff
    assert "1 change" in desk.window.changes_view.toPlainText()


def test_approve_reaches_the_database(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    desk.window.act_approve.trigger()
    dialog = desk.active_dialog
    assert dialog.ok.isEnabled()  # the note is optional for approval
    # [2] has no snapshot: the default policy counts it open, and the dialog says so
    assert dialog.open_items.branch_texts() == ["1 unchecked citation (source never checked)"]
    qtbot.keyClicks(dialog.note, "Looks right.")
    with qtbot.waitSignal(desk.decision_recorded, timeout=10_000):
        dialog.ok.click()
        approve_despite_open_items(qtbot, desk)
    with Library(desk.db_path) as library:
        status = library.conn.execute(
            "SELECT status FROM stories WHERE id='harbour-1'").fetchone()[0]
        events = [r[0] for r in library.conn.execute(
            "SELECT actor FROM events WHERE story_id='harbour-1' AND action='approve'")]
    assert status == "approved"
    assert events == ["Test Reviewer"]
    assert "Approved" in desk.window.story_status.text()
    assert "Looks right." in desk.window.history_view.toPlainText()


def test_a_second_approval_from_the_same_login_is_flagged_in_the_desk(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    with Library(desk.db_path) as library:
        workflow.set_approvals_required(library, 2, "admin")
        workflow.approve(library, "harbour-1", "Someone Else")  # from this same login
    desk.open_story("harbour-1")
    desk.window.act_approve.trigger()
    with qtbot.waitSignal(desk.decision_recorded, timeout=10_000) as recorded:
        desk.active_dialog.ok.click()
        approve_despite_open_items(qtbot, desk)
    assert recorded.args == ["approved"]
    message = desk.window.statusBar().currentMessage()
    assert "Warning:" in message and "one computer account" in message
    assert "one computer account" in desk.window.story_status.text()


def test_reject_needs_a_note(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    desk.window.act_reject.trigger()
    dialog = desk.active_dialog
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.note, "Invented quote.")
    with qtbot.waitSignal(desk.decision_recorded, timeout=10_000) as recorded:
        dialog.ok.click()
    assert recorded.args == ["rejected"]


def test_bad_file_shows_an_error_and_leaves_the_library_alone(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    with Library(desk.db_path) as library:
        before = count_stories(library)
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "copydesk.story/1", "title": "x"', encoding="utf-8")
    with qtbot.waitSignal(desk.import_failed, timeout=10_000) as failed:
        desk.sources.open_files([str(bad)])
    assert "broken.json" in failed.args[0] and "JSON" in failed.args[0]
    box = desk.active_dialog
    assert isinstance(box, QMessageBox) and "broken.json" in box.text()
    with Library(desk.db_path) as library:
        assert count_stories(library) == before
    assert desk.current.id == "harbour-1"  # the open story stays open


def test_search_filters_the_queue(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    desk.window.act_search.trigger()
    assert desk.window.queue.search.hasFocus()
    qtbot.keyClicks(desk.window.queue.search, "zzzz")
    qtbot.waitUntil(lambda: desk.model.total == 0, timeout=3000)
    desk.window.queue.search.clear()
    qtbot.keyClicks(desk.window.queue.search, "Leith")
    qtbot.waitUntil(lambda: desk.model.total == 1, timeout=3000)


def test_window_layout_and_last_story_are_restored(qtbot, tmp_path):
    make_application()
    settings = DeskSettings.at(str(tmp_path / "s.ini"))
    first = DeskController(str(tmp_path / "lib.sqlite3"), settings)
    qtbot.addWidget(first.window)
    with qtbot.waitSignal(first.story_checked, timeout=10_000):
        first.sources.open_files([str(bundle(tmp_path))])
    first.window.panes_splitter.setSizes([300, 700])
    sizes = first.window.panes_splitter.sizes()
    first.window.close()
    first.library.close()
    second = DeskController(str(tmp_path / "lib.sqlite3"), settings)
    qtbot.addWidget(second.window)
    second.restore()
    with qtbot.waitSignal(second.story_checked, timeout=10_000):
        second.start(None)
    assert second.current.id == "harbour-1"
    assert second.window.panes_splitter.sizes() == sizes
    second.shutdown()


def test_a_decision_keeps_the_queue_loaded_and_the_story_selected(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    with Library(desk.db_path) as library, library.transaction() as conn:
        conn.executemany(
            "INSERT INTO stories (id, title, dek, body, status, revision, updated_at, summary) "
            "VALUES (?, ?, '', 'body', 'new', ?, ?, '{}')",
            [(f"s{i:04d}", f"Story {i}", f"r{i}",
              ("2099", "2010", "2000")[i % 3] + f"-01-01T00:00:{i % 60:02d}Z")
             for i in range(450)])
        conn.execute("UPDATE stories SET updated_at='2001-01-01T00:00:00Z' "
                     "WHERE id='harbour-1'")
    desk.model.reload()
    while desk.model.canFetchMore():
        desk.model.fetchMore()
    desk.queue.select_current()
    row = desk.model.row_of("harbour-1")
    assert row > 200 and desk.window.queue.table.currentIndex().row() == row
    resets = []
    desk.model.modelReset.connect(lambda: resets.append(1))
    desk.window.act_approve.trigger()
    with qtbot.waitSignal(desk.decision_recorded, timeout=10_000):
        desk.active_dialog.ok.click()
        approve_despite_open_items(qtbot, desk)
    assert resets == []
    assert desk.model.rowCount() == 451
    table = desk.window.queue.table
    assert desk.model.story_at(table.currentIndex().row()).id == "harbour-1"
    # newer now than the 2010 stories, but it stays where the reviewer is looking
    assert desk.model.row_of("harbour-1") == row
    assert desk.model.story_at(row).status == "approved"


def test_the_first_citation_shown_has_its_evidence_in_view(qtbot, desk):
    # the Starbucks sample's [2] is backed by a passage far down a long page; the source
    # pane's text is shown for the first time, so it has no real size when it fills
    from pathlib import Path

    from PySide6.QtGui import QTextCursor

    sample = Path(__file__).resolve().parents[2] / "resources" / "samples" / "starbucks-abroad.json"
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.sources.open_files([str(sample)])
    desk.citations.select_citation((1, 2))
    text = desk.window.source.text
    start, _end = text.evidence
    assert start > 1000  # far enough down that the top of the page does not show it
    verdict = desk.window.source.verdict.text()
    assert "Port Baku Mall" in verdict and "Words the source never uses:" in verdict

    def evidence_in_view() -> bool:
        cursor = QTextCursor(text.document())
        cursor.setPosition(start)
        rect = text.cursorRect(cursor)
        return rect.top() >= 0 and rect.bottom() <= text.viewport().height()

    qtbot.waitUntil(evidence_in_view, timeout=3000)


def test_the_reviewer_name_is_suggested_as_the_command_line_would_record_it(
        qtbot, desk, tmp_path, monkeypatch):
    open_bundle(qtbot, desk, tmp_path)
    monkeypatch.setenv("COPYDESK_REVIEWER", "Night Desk Editor")
    desk.settings.reviewer_name = ""
    desk.window.act_approve.trigger()
    dialog = desk.active_dialog
    assert dialog.value() == "Night Desk Editor"


def test_no_login_name_leaves_the_reviewer_name_for_the_reviewer_to_type(monkeypatch):
    from app import identity
    from ui.settings import suggested_reviewer

    monkeypatch.delenv("COPYDESK_REVIEWER", raising=False)
    monkeypatch.setattr(identity, "configured_name", lambda path=None: None)
    monkeypatch.setattr(identity, "os_user", lambda: "unknown")
    assert suggested_reviewer() == ""
    monkeypatch.setenv("COPYDESK_REVIEWER", "x" * 200)  # unusable: what comes after it
    monkeypatch.setattr(identity, "os_user", lambda: "ana")
    assert suggested_reviewer() == "ana"


def test_a_refused_override_keeps_the_reviewers_note(qtbot, desk, tmp_path):
    # the library has a reviewer, and it is not the desk's: the core refuses the write
    from app import reviewers

    open_bundle(qtbot, desk, tmp_path)
    reviewers.enrol_every_name(False)  # the real rule: only registered reviewers decide
    with Library(desk.db_path) as library:
        reviewers.add_reviewer(library, "Pat Editor", "admin", "Pat Editor")
    desk.citations.select_citation((2, 2))
    desk.window.act_override.trigger()
    dialog = desk.active_dialog
    dialog.verdict.setCurrentIndex(dialog.verdict.findData("supported"))
    note = "Mayor said so on the radio, checked the tape."
    qtbot.keyClicks(dialog.note, note)
    dialog.ok.click()
    # the refusal is shown; the desk then asks for a name the library knows and comes
    # back to the override with what was typed
    qtbot.waitUntil(lambda: desk.active_dialog is not None and desk.active_dialog is not dialog
                    and hasattr(desk.active_dialog, "verdict"), timeout=10_000)
    again = desk.active_dialog
    assert again.text() == note and again.chosen() == "supported"
    assert desk.current.citation((2, 2)).override is None


def test_the_source_pane_names_each_missing_word_once(qtbot, desk):
    # [1] of the "sources before printing" sample: its reason already says which words
    # the source never says; the pane does not list them a second time
    from pathlib import Path

    sample = (Path(__file__).resolve().parents[2] / "resources" / "samples"
              / "sources-before-printing.json")
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.sources.open_files([str(sample)])
    desk.citations.select_citation((0, 1))
    verdict = desk.window.source.verdict.text()
    assert "never says" in verdict and "“story”" in verdict
    assert "Words the source never uses:" not in verdict
