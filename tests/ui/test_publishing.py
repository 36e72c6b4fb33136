"""Publishing from the desk: the sender, the Outbox dock, the targets dialog, waivers
and the fact-check report. Real widgets, a temporary library, secrets in a
``MemorySecretStore``, a folder target and a webhook on loopback (pytest-httpserver)."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytest_httpserver import HTTPServer

from app import workflow
from app.library import Library, load_story
from app.publish import (
    MemorySecretStore,
    OutboxRow,
    SecretStoreError,
    SendReport,
    TargetConfig,
    check_gate,
    credentials,
    enqueue_export,
    get_target,
    list_targets,
    outbox_rows,
    save_target,
)
from app.publish.secrets import SETUP_HELP
from ui import core_adapter
from ui.outbox_model import OutboxModel
from ui.views.dialogs import NoteDialog, OverrideDialog

from .helpers import bundle, open_approvable

STORY = "harbour-1"


def approve(desk, story_id: str = STORY) -> None:
    with Library(desk.db_path) as library:
        workflow.decide(library, story_id, "approve", "Editor One", "fine")
    desk.open_story(story_id)


def add_target(desk, config: TargetConfig, secret: str | None = None) -> None:
    credentials.store(desk.publishing.secrets, config, secret)  # as the settings dialog does
    with Library(desk.db_path) as library:
        save_target(library, config)


def queue(desk, target: str, story_id: str = STORY):
    with Library(desk.db_path) as library:
        return enqueue_export(library, story_id, target, "Editor One").row


def rows(desk) -> dict[str, OutboxRow]:
    with Library(desk.db_path) as library:
        return {r.target: r for r in outbox_rows(library)}


def send(qtbot, desk):
    with qtbot.waitSignal(desk.publishing.outbox.outbox_sent, timeout=20_000) as sent:
        desk.publishing.outbox.send_now("test")
    return sent.args[0]


def show_outbox(qtbot, desk) -> OutboxModel:
    with qtbot.waitSignal(desk.publishing.outbox.outbox_listed, timeout=10_000,
                          check_params_cb=lambda s: bool(s.rows)):
        desk.window.act_outbox.trigger()
    assert desk.window.outbox_dock.isVisible()
    return desk.publishing.outbox.model


def model_row(model: OutboxModel, target: str) -> int:
    for i in range(model.rowCount()):
        if model.row_at(i).target == target:
            return i
    raise AssertionError(f"no row for {target}")


# -- the sender ---------------------------------------------------------------------------


def test_export_from_the_desk_then_the_sender_delivers_to_the_folder(qtbot, desk, tmp_path):
    out = tmp_path / "out"
    add_target(desk, TargetConfig("site", "folder", str(out)))
    open_approvable(qtbot, desk, tmp_path)
    approve(desk)
    desk.window.act_export.trigger()
    qtbot.waitUntil(lambda: desk.active_dialog is not None
                    and hasattr(desk.active_dialog, "targets"), timeout=10_000)
    with qtbot.waitSignal(desk.publishing.outbox.outbox_sent, timeout=20_000) as sent:
        with qtbot.waitSignal(desk.story_exported, timeout=10_000) as exported:
            desk.active_dialog.ok.click()
        assert "queued for site" in exported.args[0]
        # the sender shows in the status bar like fetching, with Cancel
        assert desk.window.task_label.text().startswith("Sending exports")
        assert desk.window.task_cancel.isVisible()
    report = sent.args[0]
    assert report.sent == 1
    # it ran on a worker of the task helper, never on the GUI thread
    worker = desk.publishing.outbox.last_sender.worker_thread
    assert worker is not None and worker != threading.get_ident()
    folders = [p for p in out.iterdir() if p.is_dir()]
    assert len(folders) == 1
    files = {p.name for p in folders[0].iterdir()}
    assert {"story.md", "story.html", "manifest.json"} <= files
    assert "Leith" in (folders[0] / "story.html").read_text(encoding="utf-8")
    assert rows(desk)["site"].state == "sent"
    # the count follows each run: nothing waits now, so the status bar hides it
    qtbot.waitUntil(lambda: desk.publishing.outbox.waiting == 0
                    and desk.publishing.outbox._listing is None, timeout=10_000)
    assert not desk.window.outbox_label.isVisibleTo(desk.window)
    qtbot.waitUntil(lambda: "Published" in desk.window.story_status.text(), timeout=5000)
    assert "Outbox: 1 sent" in desk.window.statusBar().currentMessage()


def test_one_sender_at_a_time_and_never_on_the_gui_thread(qtbot, desk, monkeypatch):
    gui = threading.get_ident()
    lock = threading.Lock()
    seen = {"running": 0, "most": 0, "threads": []}

    def slow_sender(db_path, secrets, progress=None, cancelled=None):
        with lock:
            seen["running"] += 1
            seen["most"] = max(seen["most"], seen["running"])
            seen["threads"].append(threading.get_ident())
        time.sleep(0.3)
        with lock:
            seen["running"] -= 1
        return SendReport()

    monkeypatch.setattr(core_adapter, "send_outbox", slow_sender)
    first = desk.publishing.outbox.send_now("test")
    assert desk.publishing.outbox.send_now("again") is first  # not a second sender
    assert desk.publishing.outbox.send_now("and again") is first
    qtbot.waitUntil(lambda: desk.publishing.outbox.sender_runs == 2
                    and desk.publishing.outbox.sender_task is None, timeout=10_000)
    assert seen["most"] == 1
    assert len(seen["threads"]) == 2  # the one running, then once more for the requests
    assert gui not in seen["threads"]


def test_the_sender_runs_when_the_network_comes_back(qtbot, desk, tmp_path, monkeypatch):
    calls = []

    def sender(*_args, progress=None, cancelled=None):
        calls.append(threading.get_ident())
        return SendReport()

    monkeypatch.setattr(core_adapter, "send_outbox", sender)
    desk.publishing.outbox.started = True
    desk.publishing.outbox.waiting = 2
    desk.publishing.outbox.network = "online"
    desk.publishing.outbox.network_changed("online")
    assert desk.publishing.outbox.sender_task is None  # no change: nothing to do
    desk.publishing.outbox.network_changed("offline")
    desk.publishing.outbox.network_changed("online")
    assert desk.publishing.outbox.sender_task is not None
    qtbot.waitUntil(lambda: bool(calls) and desk.publishing.outbox.sender_task is None,
                    timeout=10_000)
    assert calls[0] != threading.get_ident()


def test_start_up_recovers_a_dead_senders_row_and_sends_it(qtbot, desk, tmp_path):
    out = tmp_path / "out"
    add_target(desk, TargetConfig("site", "folder", str(out)))
    open_approvable(qtbot, desk, tmp_path)
    approve(desk)
    row = queue(desk, "site")
    with Library(desk.db_path) as library, library.transaction() as conn:
        # a sender on this host that died (no such pid) while it held the row
        conn.execute("UPDATE outbox SET state = 'sending', attempts = 1, claimed_by = ?, "
                     "claimed_at = ? WHERE id = ?",
                     [f"{socket.gethostname()}:999999999:dead", time.time(),
                      row.id])
    with qtbot.waitSignal(desk.publishing.outbox.outbox_sent, timeout=20_000) as sent:
        desk.publishing.outbox.start_up()
    assert sent.args[0].sent == 1
    assert rows(desk)["site"].state == "sent"
    assert any(p.is_dir() for p in out.iterdir())


# -- the Outbox dock ------------------------------------------------------------------------


@pytest.fixture
def two_targets(qtbot, desk, tmp_path, httpserver: HTTPServer):
    """The story queued for a folder (delivers) and a webhook that refuses it (422)."""
    httpserver.expect_request("/hook", method="POST").respond_with_json(
        {"message": "a post with this slug exists", "code": "duplicate_slug"}, status=422)
    add_target(desk, TargetConfig("site", "folder", str(tmp_path / "out")))
    add_target(desk, TargetConfig("hook", "webhook", httpserver.url_for("/hook")), "k3y")
    open_approvable(qtbot, desk, tmp_path)
    approve(desk)
    queue(desk, "site")
    queue(desk, "hook")
    report = send(qtbot, desk)
    assert (report.sent, report.failed) == (1, 1)
    return httpserver


def test_outbox_shows_published_and_failed_with_the_servers_message(qtbot, desk,
                                                                    two_targets, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    model = show_outbox(qtbot, desk)
    table = desk.window.outbox.table
    site, hook = model_row(model, "site"), model_row(model, "hook")
    state = OutboxModel.COLUMNS.index("state")
    assert model.index(site, state).data() == "published ↗"
    assert model.index(site, 0).data() == "Leith port sets a cargo record"
    assert model.index(site, 2).data() == rows(desk)["site"].revision[:8]
    failed = model.index(hook, state).data()
    assert failed.startswith("failed: ") and "a post with this slug exists" in failed
    assert "422" in failed
    assert model.index(hook, OutboxModel.COLUMNS.index("attempts")).data() == "1"
    # selecting shows the detail and never opens anything
    table.selectRow(hook)
    assert "a post with this slug exists" in desk.window.outbox.detail.text()
    assert desk.window.outbox.retry.isEnabled() and desk.window.outbox.cancel.isEnabled()
    table.selectRow(site)
    assert not desk.window.outbox.retry.isEnabled()
    assert not opened
    # a click on the published cell opens the address, through QDesktopServices only
    rect = table.visualRect(model.index(site, state))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [rows(desk)["site"].remote_url]
    assert opened[0].startswith("file://")
    # and from the keyboard: Enter on the published row, wherever the cursor is in it
    table.setFocus()
    table.setCurrentIndex(model.index(site, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened == [rows(desk)["site"].remote_url] * 2
    table.setCurrentIndex(model.index(hook, 0))  # a failed export has no page to open
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert len(opened) == 2
    assert "1 need attention" in desk.window.outbox_label.text()


def test_a_long_outbox_lists_its_newest_rows_and_says_so(qtbot, desk, two_targets,
                                                         monkeypatch):
    monkeypatch.setattr(core_adapter, "OUTBOX_ROWS_SHOWN", 1)
    model = show_outbox(qtbot, desk)
    assert model.rowCount() == 1
    assert model.row_at(0).target == "hook"  # the newest export
    summary = desk.window.outbox.summary.text()
    assert "showing the newest 1 of 2" in summary and "1 need attention" in summary


def test_outbox_model_passes_the_model_tester(qtmodeltester, desk, two_targets):
    model = OutboxModel()
    with Library(desk.db_path) as library:
        model.set_rows(outbox_rows(library))
    assert model.rowCount() == 2
    qtmodeltester.check(model, force_py=True)
    row = model.row_at(0)
    with pytest.raises(AttributeError):  # the rows are the core's frozen dataclasses
        row.state = "sent"
    assert model.data(model.index(0, 0), OutboxModel.RowIdRole) == row.id


def test_retry_from_the_outbox_sends_again(qtbot, desk, two_targets):
    httpserver = two_targets
    httpserver.clear_all_handlers()
    httpserver.expect_request("/hook", method="POST").respond_with_json(
        {"id": "post-7", "url": "https://site.example/leith"})
    model = show_outbox(qtbot, desk)
    desk.window.outbox.table.selectRow(model_row(model, "hook"))
    with qtbot.waitSignal(desk.publishing.outbox.outbox_sent, timeout=20_000) as sent, \
            qtbot.waitSignal(desk.publishing.outbox.export_retried, timeout=10_000):
        qtbot.mouseClick(desk.window.outbox.retry, Qt.MouseButton.LeftButton)
    assert sent.args[0].sent == 1
    assert rows(desk)["hook"].state == "sent"
    assert rows(desk)["hook"].remote_url == "https://site.example/leith"
    qtbot.waitUntil(lambda: model.index(model_row(model, "hook"), 3).data() == "published ↗",
                    timeout=10_000)
    with Library(desk.db_path) as library:
        assert workflow.story_state(library, STORY).status == "published"


def test_cancel_from_the_outbox(qtbot, desk, two_targets):
    model = show_outbox(qtbot, desk)
    desk.window.outbox.table.selectRow(model_row(model, "hook"))
    with qtbot.waitSignal(desk.publishing.outbox.export_cancelled, timeout=10_000):
        desk.window.outbox.cancel.click()
    assert rows(desk)["hook"].state == "cancelled"
    qtbot.waitUntil(lambda: model.index(model_row(model, "hook"), 3).data() == "cancelled",
                    timeout=10_000)
    assert not desk.window.outbox.cancel.isEnabled()
    assert desk.window.outbox.retry.isEnabled()  # a cancelled export can be queued again


# -- targets ---------------------------------------------------------------------------------


def open_targets(qtbot, desk):
    desk.window.act_targets.trigger()
    dialog = desk.publishing.targets.targets_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_targets_dialog_adds_a_target_and_the_secret_goes_to_the_store(qtbot, desk,
                                                                       httpserver: HTTPServer):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    dialog = open_targets(qtbot, desk)
    assert dialog.secret.echoMode() == QLineEdit.EchoMode.Password
    dialog.kind.setCurrentIndex(dialog.kind.findData("webhook"))
    qtbot.keyClicks(dialog.name, "newsroom")
    qtbot.keyClicks(dialog.url, httpserver.url_for("/hook"))
    assert not dialog.user.isEnabled()  # a webhook has no user
    qtbot.keyClicks(dialog.secret, "s3cret-Signing-Key")
    with qtbot.waitSignal(desk.publishing.targets.target_saved, timeout=10_000):
        qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert desk.publishing.secrets.get("newsroom") == "s3cret-Signing-Key"
    assert dialog.secret.text() == ""  # not kept in the dialog
    assert "keyring" in dialog.message.text()
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=10_000)
    assert dialog.list.item(0).text().startswith("newsroom — webhook")
    assert "whole URL" in dialog.message.text()
    with Library(desk.db_path) as library:
        (config,) = list_targets(library)
    # the webhook URL may carry a token: the library shows its origin only
    assert (config.kind, config.url) == ("webhook", httpserver.url_for("/…"))
    assert desk.publishing.secrets.get("newsroom#url") == httpserver.url_for("/hook")
    desk.library.conn.execute("PRAGMA wal_checkpoint(FULL)")
    for path in (Path(desk.db_path), Path(desk.db_path + "-wal")):
        if path.exists():
            assert b"s3cret-Signing-Key" not in path.read_bytes()
    # Test connection, on a worker, against the loopback receiver
    qtbot.waitUntil(lambda: dialog.test.isEnabled(), timeout=5000)
    with qtbot.waitSignal(desk.publishing.targets.target_tested, timeout=10_000) as tested:
        dialog.test.click()
    assert tested.args[1] is True and "answered 200" in tested.args[0]
    assert httpserver.log and httpserver.log[-1][0].headers.get("webhook-signature")


def test_a_wordpress_target_keeps_user_and_status(qtbot, desk):
    dialog = open_targets(qtbot, desk)
    dialog.kind.setCurrentIndex(dialog.kind.findData("wordpress"))
    assert dialog.user.isEnabled() and dialog.status.isEnabled()
    assert [dialog.status.itemData(i) for i in range(dialog.status.count())] == \
        ["draft", "publish", "pending", "private"]
    dialog.name.setText("wp")
    dialog.url.setText("https://news.example/")
    dialog.user.setText("editor")
    dialog.status.setCurrentIndex(dialog.status.findData("publish"))
    dialog.secret.setText("abcd efgh ijkl")
    with qtbot.waitSignal(desk.publishing.targets.target_saved, timeout=10_000):
        dialog.save.click()
    with Library(desk.db_path) as library:
        config = get_target(library, "wp")
    assert (config.user, config.options, config.url) == ("editor", {"status": "publish"},
                                                         "https://news.example")
    # a site target without its password is refused, in the core's words
    dialog.new_target()
    dialog.kind.setCurrentIndex(dialog.kind.findData("ghost"))
    dialog.name.setText("ghost")
    dialog.url.setText("https://ghost.example")
    with qtbot.waitSignal(desk.publishing.targets.target_failed, timeout=10_000) as failed:
        dialog.save.click()
    assert "password or key" in failed.args[0]
    assert desk.publishing.secrets.get("ghost") is None


class NoKeyring(MemorySecretStore):
    def set(self, target: str, secret: str) -> None:
        raise SecretStoreError(SETUP_HELP)


def test_an_unusable_keyring_is_explained_and_nothing_is_saved(qtbot, desk, tmp_path):
    desk.publishing.secrets = NoKeyring()
    dialog = open_targets(qtbot, desk)
    dialog.kind.setCurrentIndex(dialog.kind.findData("webhook"))
    dialog.name.setText("hook")
    dialog.url.setText("https://hooks.example/in")
    dialog.secret.setText("k")
    with qtbot.waitSignal(desk.publishing.targets.target_failed, timeout=10_000) as failed:
        dialog.save.click()
    assert "no usable keyring" in failed.args[0] and "keyrings.alt" in failed.args[0]
    assert "no usable keyring" in dialog.message.text()
    with Library(desk.db_path) as library:
        assert library.conn.execute("SELECT COUNT(*) FROM targets").fetchone()[0] == 0


def test_saving_credentials_resumes_parked_exports(qtbot, desk, tmp_path,
                                                   httpserver: HTTPServer):
    httpserver.expect_request("/hook", method="POST").respond_with_json({"id": "1"})
    add_target(desk, TargetConfig("hook", "webhook", httpserver.url_for("/hook")))  # no secret
    open_approvable(qtbot, desk, tmp_path)
    approve(desk)
    queue(desk, "hook")
    report = send(qtbot, desk)
    assert report.needs_credentials == 1 and not httpserver.log
    model = show_outbox(qtbot, desk)
    assert model.index(0, 3).data().startswith("needs credentials: ")
    dialog = open_targets(qtbot, desk)
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=10_000)
    dialog.list.setCurrentRow(0)
    assert dialog.name.text() == "hook"
    dialog.secret.setText("right-key")
    with qtbot.waitSignal(desk.publishing.outbox.outbox_sent, timeout=20_000) as sent, \
            qtbot.waitSignal(desk.publishing.targets.target_saved, timeout=10_000):
        dialog.save.click()
    assert sent.args[0].sent == 1
    assert "1 export(s) waiting for credentials are queued again" in dialog.message.text()
    assert rows(desk)["hook"].state == "sent" and len(httpserver.log) == 1


def test_removing_a_target_deletes_its_secret(qtbot, desk):
    add_target(desk, TargetConfig("hook", "webhook", "https://hooks.example/in"), "k")
    dialog = open_targets(qtbot, desk)
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=10_000)
    dialog.list.setCurrentRow(0)
    dialog.remove.click()
    box = desk.publishing.targets.confirm_box
    assert isinstance(box, QMessageBox) and "hook" in box.text()
    with qtbot.waitSignal(desk.publishing.targets.target_removed, timeout=10_000):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert desk.publishing.secrets.get("hook") is None
    qtbot.waitUntil(lambda: dialog.list.count() == 0, timeout=10_000)


# -- the gate ---------------------------------------------------------------------------------


def open_with_blocker(qtbot, desk, tmp_path) -> None:
    """The harbour story citing a [9] that is not in its references: a blocker."""
    path = bundle(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["body"] += " Two ships were delayed by weather in March [9]."
    path.write_text(json.dumps(data), encoding="utf-8")
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.sources.open_files([str(path)])


def test_waive_a_blocker_from_the_findings_context_menu(qtbot, desk, tmp_path):
    open_with_blocker(qtbot, desk, tmp_path)
    panel = desk.window.findings
    assert panel.blocker_indices
    i = min(panel.blocker_indices)
    item = panel.topLevelItem(0).child(i)
    (label, request), = panel.context_actions(item)
    assert "Waive" in label and request == ("waive", i)
    panel._request(request)  # what the menu entry does
    dialog = desk.active_dialog
    assert isinstance(dialog, NoteDialog) and dialog.objectName() == "waiveDialog"
    assert not dialog.ok.isEnabled()  # the note is required
    qtbot.keyClicks(dialog.note, "the [9] is a typo for [1], fixed on the site")
    with qtbot.waitSignal(desk.finding_waived, timeout=10_000):
        dialog.ok.click()
    with Library(desk.db_path) as library:
        gate = check_gate(library, STORY)
    assert not [o for o in gate.open if o.key.startswith("f:")]
    assert gate.waived and gate.waived[0][1] == "Test Reviewer"
    qtbot.waitUntil(lambda: i in panel.waived_indices, timeout=10_000)
    assert "waived" in panel.topLevelItem(0).child(i).text(1)
    assert panel.context_actions(panel.topLevelItem(0).child(i)) == []


def test_a_citation_offers_the_override_dialog(qtbot, desk, tmp_path):
    open_with_blocker(qtbot, desk, tmp_path)
    panel = desk.window.findings
    key = next(iter(panel.citation_items))
    (label, request), = panel.context_actions(panel.citation_items[key])
    assert "Override" in label
    panel._request(request)
    assert desk.selected == key
    assert isinstance(desk.active_dialog, OverrideDialog)


def test_the_context_menu_opens_on_a_right_click(qtbot, desk, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMenu

    shown = []
    monkeypatch.setattr(QMenu, "popup", lambda self, pos, at=None: shown.append(
        [a.text() for a in self.actions()]))
    open_with_blocker(qtbot, desk, tmp_path)
    panel = desk.window.findings
    item = panel.topLevelItem(0).child(min(panel.blocker_indices))
    panel.customContextMenuRequested.emit(panel.visualItemRect(item).center())
    assert shown and "Waive" in shown[0][0]
    panel.customContextMenuRequested.emit(QPoint(-5, -5))  # nowhere: no menu
    assert len(shown) == 1


# -- the fact-check report ---------------------------------------------------------------------


def test_fact_check_report_writes_html_and_pdf(qtbot, desk, tmp_path):
    open_approvable(qtbot, desk, tmp_path)
    folder = tmp_path / "reports"
    with qtbot.waitSignal(desk.publishing.reports.report_written, timeout=20_000) as written:
        desk.publishing.reports.write_report(STORY, str(folder))
    html_path, pdf_path = written.args[0]
    text = Path(html_path).read_text(encoding="utf-8")
    assert "Leith" in text and "<script" not in text
    assert Path(pdf_path).read_bytes()[:5] == b"%PDF-"
    assert html_path.endswith("leith-port-sets-a-cargo-record-fact-check.html")
    assert "Fact-check report written" in desk.window.statusBar().currentMessage()
    assert desk.window.act_report.isEnabled()
    with Library(desk.db_path) as library:
        assert load_story(library, STORY).title in text


def test_without_a_given_store_the_sender_uses_the_os_keyring(qtbot, desk, tmp_path,
                                                              monkeypatch):
    import keyring
    from keyring.backends import fail

    from app.publish import KeyringSecretStore

    assert isinstance(core_adapter.secret_store(None), KeyringSecretStore)
    add_target(desk, TargetConfig("hook", "webhook", "https://hooks.example/in"))
    open_approvable(qtbot, desk, tmp_path)
    approve(desk)
    queue(desk, "hook")
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # a headless machine without a keyring
    try:
        report = core_adapter.send_outbox(desk.db_path, None)
    finally:
        keyring.set_keyring(before)
    assert report.needs_credentials == 1
    assert "no usable keyring" in rows(desk)["hook"].last_error


def test_waive_has_a_keyboard_route_from_the_review_menu(qtbot, desk, tmp_path):
    open_with_blocker(qtbot, desk, tmp_path)
    panel = desk.window.findings
    review = next(a.menu() for a in desk.window.menuBar().actions()
                  if a.text() == "&Review")
    assert desk.window.act_waive in review.actions()
    panel.setFocus()
    qtbot.keyClick(desk.window, Qt.Key.Key_W)
    dialog = desk.active_dialog
    assert isinstance(dialog, NoteDialog) and dialog.objectName() == "waiveDialog"
    qtbot.keyClicks(dialog.note, "typo on the site")
    with qtbot.waitSignal(desk.finding_waived, timeout=10_000):
        dialog.ok.click()
    qtbot.waitUntil(lambda: panel.waived_indices == panel.blocker_indices, timeout=10_000)


def test_outbox_button_mnemonics_do_not_clash_with_the_menus(desk):
    def mnemonic(text):
        i = text.find("&")
        return text[i + 1].lower() if 0 <= i < len(text) - 1 else None
    menus = {mnemonic(a.text()) for a in desk.window.menuBar().actions()}
    panel = desk.window.outbox
    buttons = [mnemonic(b.text()) for b in (panel.retry, panel.cancel, panel.send_now,
                                             panel.targets)]
    assert None not in buttons and len(set(buttons)) == len(buttons)
    assert not menus & set(buttons), menus & set(buttons)
