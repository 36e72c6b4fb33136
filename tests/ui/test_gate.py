"""The pre-publish gate in the desk: the approve dialog lists what is open, approving
despite it is confirmed, and Settings › Pre-publish policy… changes what blocks."""

from __future__ import annotations

from app import audit
from app.library import Library
from app.policy import Policy, load_policy, set_policy
from app.publish import check_gate
from ui.views.gate import ApproveDialog, ConfirmOpenItemsBox, PolicyDialog

from .helpers import open_approvable, open_bundle

STORY = "harbour-1"


def approve_dialog(qtbot, desk) -> ApproveDialog:
    with qtbot.waitSignal(desk.gate.approval_asked, timeout=5000):
        desk.window.act_approve.trigger()
    dialog = desk.active_dialog
    assert isinstance(dialog, ApproveDialog) and dialog.isVisible()
    return dialog


def approvals(desk) -> list[str]:
    with Library(desk.db_path) as library:
        return [e.actor for e in audit.story_events(library, STORY) if e.action == "approve"]


def test_the_approve_dialog_lists_open_items_and_approving_despite_them_is_confirmed(
        qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)  # its [2] has no snapshot
    dialog = approve_dialog(qtbot, desk)
    assert "1 unchecked citation (source never checked)" in dialog.open_summary.text()
    assert dialog.open_items.branch_texts() == ["1 unchecked citation (source never checked)"]
    child = dialog.open_items.topLevelItem(0).child(0)
    assert child.text(1) == "Claim 3 [2]" and "never checked" in child.text(0)
    assert "c:2:2" in child.toolTip(1)  # the key `copydesk gate --waive` takes
    # the desk asks the same gate as `copydesk gate` and the export
    with Library(desk.db_path) as library:
        assert dialog.gate.open == check_gate(library, STORY).open

    qtbot.keyClicks(dialog.note, "Mayor's line confirmed by phone.")
    dialog.ok.click()
    qtbot.waitUntil(lambda: isinstance(desk.active_dialog, ConfirmOpenItemsBox), timeout=5000)
    box = desk.active_dialog
    assert box.windowTitle() == "Approve with open items?"
    assert "still has 1 open item(s)" in box.text()
    assert "• 1 unchecked citation (source never checked)" in box.text()
    assert box.defaultButton() is not box.approve  # Enter does not approve by accident
    box.button(box.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: desk.active_dialog is None, timeout=5000)
    assert approvals(desk) == []  # cancelled: nothing recorded

    dialog = approve_dialog(qtbot, desk)
    dialog.ok.click()
    qtbot.waitUntil(lambda: isinstance(desk.active_dialog, ConfirmOpenItemsBox), timeout=5000)
    with qtbot.waitSignal(desk.decision_recorded, timeout=10_000) as recorded:
        desk.active_dialog.approve.click()
    assert recorded.args == ["approved"] and approvals(desk) == ["Test Reviewer"]
    with Library(desk.db_path) as library:
        (event,) = [e for e in audit.story_events(library, STORY) if e.action == "approve"]
    assert event.details["open_items"] == {"unchecked_citation": 1}  # what was approved


def test_nothing_open_means_no_second_question(qtbot, desk, tmp_path):
    open_approvable(qtbot, desk, tmp_path)
    dialog = approve_dialog(qtbot, desk)
    assert dialog.open_summary.text().startswith("Nothing is open under the pre-publish policy")
    assert dialog.open_items.isHidden() and not dialog.needs_confirmation
    with qtbot.waitSignal(desk.decision_recorded, timeout=10_000):
        dialog.ok.click()
    assert not isinstance(desk.active_dialog, ConfirmOpenItemsBox)
    with Library(desk.db_path) as library:
        (event,) = [e for e in audit.story_events(library, STORY) if e.action == "approve"]
    assert "open_items" not in event.details


def open_policy(qtbot, desk) -> PolicyDialog:
    with qtbot.waitSignal(desk.gate.policy_loaded, timeout=10_000):
        desk.window.act_policy.trigger()
    dialog = desk.active_dialog
    assert isinstance(dialog, PolicyDialog) and dialog.isEnabled()
    return dialog


def test_the_policy_dialog_shows_the_defaults_and_saves_a_change(qtbot, desk, tmp_path):
    open_bundle(qtbot, desk, tmp_path)
    dialog = open_policy(qtbot, desk)
    assert {n for n, box in dialog.verdicts.items() if box.isChecked()} == {
        "contradicted", "unsupported", "unavailable", "dangling"}
    assert {n: box.isChecked() for n, box in dialog.checks.items()} == {
        "missing_quotation": True, "misquotation": True, "missing_number": False}
    assert all(combo.currentData() == "" for combo in dialog.severities.values())
    assert "nobody has changed" in dialog.message.text()

    # a newsroom that publishes before every source is snapshotted, but wants the
    # unavailable source named as a blocker finding
    dialog.verdicts["unavailable"].setChecked(False)
    dialog.checks["missing_number"].setChecked(True)
    combo = dialog.severities["source_unavailable"]
    combo.setCurrentIndex(combo.findData("blocker"))
    with qtbot.waitSignal(desk.gate.policy_saved, timeout=10_000), \
            qtbot.waitSignal(desk.story_checked, timeout=10_000):
        dialog.save.click()
    assert "Last changed by Test Reviewer" in dialog.message.text()
    with Library(desk.db_path) as library:
        policy = load_policy(library)
        (event,) = [e for e in audit.story_events(library, "") if e.action == "setting"]
    assert policy == Policy().with_changes(block=["missing_number"], allow=["unavailable"],
                                           severities={"source_unavailable": "blocker"})
    assert event.actor == "Test Reviewer" and event.details["key"] == "policy"

    # the desk follows it: the finding is a blocker (and can be waived), the citation is
    # no longer open, and the approve dialog lists what the new policy finds
    panel = desk.window.findings
    blockers = [desk.current.report.findings[i] for i in panel.blocker_indices]
    assert [f.kind for f in blockers] == ["source_unavailable"]
    dialog.reject()
    qtbot.waitUntil(lambda: desk.active_dialog is None, timeout=5000)
    approve = approve_dialog(qtbot, desk)
    assert approve.open_items.branch_texts() == ["1 blocker finding"]


def test_defaults_fill_the_form_and_save_puts_them_back(qtbot, desk, tmp_path):
    open_approvable(qtbot, desk, tmp_path)
    with Library(desk.db_path) as library:
        set_policy(library, Policy().with_changes(block=["partial"],
                                                  severities={"title_mismatch": "info"}), "ed")
    dialog = open_policy(qtbot, desk)
    assert dialog.verdicts["partial"].isChecked()
    assert dialog.severities["title_mismatch"].currentData() == "info"
    assert "Last changed by ed" in dialog.message.text()
    dialog.defaults.click()
    assert not dialog.verdicts["partial"].isChecked()
    assert dialog.severities["title_mismatch"].currentData() == ""
    with Library(desk.db_path) as library:
        assert not load_policy(library).is_default  # filled in, not saved yet
    with qtbot.waitSignal(desk.gate.policy_saved, timeout=10_000):
        dialog.save.click()
    with Library(desk.db_path) as library:
        assert load_policy(library).is_default


def test_waiving_what_a_citation_raised_waives_that_citation(qtbot, desk):
    from pathlib import Path

    from ui.views.dialogs import NoteDialog

    sample = (Path(__file__).resolve().parents[2] / "resources" / "samples"
              / "britain-cafe-culture.json")
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.sources.open_files([str(sample)])
    story_id = desk.current.id
    panel = desk.window.findings
    findings = desk.current.report.findings
    (i,) = [j for j in panel.blocker_indices if findings[j].kind == "missing_quotation"]
    panel._request(("waive", i))
    dialog = desk.active_dialog
    assert isinstance(dialog, NoteDialog) and dialog.objectName() == "waiveDialog"
    qtbot.keyClicks(dialog.note, "the author confirmed the quotation")
    with qtbot.waitSignal(desk.finding_waived, timeout=10_000):
        dialog.ok.click()
    with Library(desk.db_path) as library:
        (event,) = [e for e in audit.story_events(library, story_id)
                    if e.action == "waive_citation"]
        gate = check_gate(library, story_id)
    key = event.details["citation"]
    assert "missing_quotation" in event.details["kinds"]
    assert not [item for item in gate.open if item.key == key]  # all of that citation
    qtbot.waitUntil(lambda: i in panel.waived_indices, timeout=10_000)
    assert "waived" in panel.topLevelItem(0).child(i).text(1)
