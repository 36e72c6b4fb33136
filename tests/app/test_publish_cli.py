"""``copydesk target / export / outbox / gate / report`` end to end, in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from app.library import Library
from tests.servers.support import REPO, WebhookReceiver, approved_story

SECRET = "cli-hook-secret-93"
URL_TOKEN = "tok-7Qx9mB2"


@pytest.fixture()
def env(tmp_path):
    return {**os.environ, "PYTHONPATH": str(REPO), "COPYDESK_DB": str(tmp_path / "lib.db"),
            "PYTHON_KEYRING_BACKEND": "tests.servers.support.FileKeyring",
            "COPYDESK_TEST_KEYRING": str(tmp_path / "keyring.json"),
            "COPYDESK_REVIEWER": "ana", "QT_QPA_PLATFORM": "offscreen"}


def desk_keyring(env):
    """Keys made in this process where the commands run by ``run`` find them."""
    import keyring

    from tests.servers.support import FileKeyring

    keyring.set_keyring(FileKeyring(env["COPYDESK_TEST_KEYRING"]))  # the fixture restores


def run(env, *args, stdin=None):
    return subprocess.run([sys.executable, "-m", "app.cli", *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_target_secret_comes_from_stdin_and_lands_only_in_the_keyring(env, tmp_path):
    with WebhookReceiver() as receiver:
        receiver.state.behaviour.secret = SECRET
        # a webhook URL with its token in the path and the query, as many services issue
        url = receiver.url + "/T0B0/" + URL_TOKEN + "?token=" + URL_TOKEN
        added = run(env, "target", "add", "hook", "--kind", "webhook", "--url", url,
                    "--password-stdin", stdin=SECRET + "\n")
        assert added.returncode == 0, added.stderr
        assert SECRET not in added.stdout + added.stderr
        assert URL_TOKEN not in added.stdout + added.stderr
        assert json.loads((tmp_path / "keyring.json").read_text()) == {
            "copydesk/hook": SECRET, "copydesk/hook#url": url}
        listed = run(env, "target", "list", "--json")
        shown = json.loads(listed.stdout)[0]
        assert shown["name"] == "hook" and shown["url"].endswith("/…")
        assert SECRET not in listed.stdout and URL_TOKEN not in listed.stdout
        tested = run(env, "target", "test", "hook")
        assert tested.returncode == 0 and URL_TOKEN not in tested.stdout

        with Library(env["COPYDESK_DB"]) as library:
            story_id = approved_story(library)
        queued = run(env, "export", story_id, "--target", "hook")
        assert queued.returncode == 0 and "queued for hook" in queued.stdout
        sent = run(env, "outbox", "--send")
        assert sent.returncode == 0, sent.stderr
        assert "\tsent\t1\t" in sent.stdout and "1 sent" in sent.stderr
        assert receiver.state.stories == 1
        for stored in tmp_path.glob("lib.db*"):
            assert SECRET.encode() not in stored.read_bytes()
            assert URL_TOKEN.encode() not in stored.read_bytes()

    removed = run(env, "target", "remove", "hook")
    assert removed.returncode == 0, removed.stderr
    # the desk's audit anchor stays (service copydesk-audit-anchor); no target secret does
    assert {k: v for k, v in json.loads((tmp_path / "keyring.json").read_text()).items()
            if k.startswith("copydesk/")} == {}


def test_no_secret_on_the_command_line_and_no_terminal_means_stdin(env):
    refused = run(env, "target", "add", "wp", "--kind", "wordpress", "--url",
                  "http://127.0.0.1:9", "--user", "ed", stdin="")
    assert refused.returncode == 2 and "--password-stdin" in refused.stderr
    no_flag = run(env, "target", "add", "wp", "--kind", "wordpress", "--url",
                  "http://127.0.0.1:9", "--user", "ed", "--password", "x")
    assert no_flag.returncode == 2  # there is no such option


def test_no_usable_keyring_is_explained(env):
    env = {**env, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = run(env, "target", "add", "wp", "--kind", "wordpress", "--url",
                 "http://127.0.0.1:9", "--user", "ed", "--password-stdin", stdin="pw-123\n")
    assert result.returncode == 1
    assert "keyring" in result.stderr and "keyrings.alt" in result.stderr
    assert "pw-123" not in result.stderr
    assert run(env, "target", "list").stdout == ""  # not saved without its secret


def test_export_of_an_unapproved_story_is_refused(env, tmp_path):
    assert run(env, "target", "add", "drop", "--kind", "folder", "--url",
               str(tmp_path / "out")).returncode == 0
    imported = run(env, "import", str(REPO / "resources" / "samples" / "britain-cafe-culture.json"))
    story_id = imported.stdout.split("\t")[0]
    result = run(env, "export", story_id, "--target", "drop")
    assert result.returncode == 1 and "only an approved revision" in result.stderr
    refused = run(env, "review", story_id, "--approve")  # no terminal to ask: refused
    assert refused.returncode == 1 and "--despite-open" in refused.stderr
    assert "open item(s) that stop its export" in refused.stderr and "c:" in refused.stderr
    assert run(env, "review", story_id, "--approve", "--despite-open").returncode == 0
    gated = run(env, "export", story_id, "--target", "drop")
    assert gated.returncode == 1 and "cannot be exported" in gated.stderr and "c:" in gated.stderr
    gate = run(env, "gate", story_id)
    assert gate.returncode == 1 and "open item" in gate.stdout
    assert run(env, "outbox").stdout == ""


def test_report_html_and_pdf(env, tmp_path):
    with Library(env["COPYDESK_DB"]) as library:
        story_id = approved_story(library)
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    result = run(env, "report", story_id, "--html", str(html), "--pdf", str(pdf))
    assert result.returncode == 0, result.stderr
    text = html.read_text()
    assert "Fact-check report" in text and "Harbour bridge" in text and "approve" in text
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_gate_and_export_agree_on_a_story_sent_back(env, tmp_path):
    desk_keyring(env)
    assert run(env, "target", "add", "drop", "--kind", "folder", "--url",
               str(tmp_path / "out")).returncode == 0
    with Library(env["COPYDESK_DB"]) as library:
        story_id = approved_story(library)  # every open item waived, then approved
    sent_back = run(env, "review", story_id, "--request-changes", "--note", "tighten the dek")
    assert sent_back.returncode == 0, sent_back.stderr

    gate = run(env, "gate", story_id)
    export = run(env, "export", story_id, "--target", "drop")
    assert export.returncode == 1 and gate.returncode == 1
    reason = "is changes requested; only an approved revision can be exported"
    assert reason in export.stderr
    assert reason in gate.stdout and "ready to export" not in gate.stdout

    assert run(env, "review", story_id, "--reopen", "--note", "dek fixed").returncode == 0
    assert run(env, "review", story_id, "--approve").returncode == 0
    gate = run(env, "gate", story_id)
    assert gate.returncode == 0 and "nothing open, ready to export" in gate.stdout
    export = run(env, "export", story_id, "--target", "drop")
    assert export.returncode == 0 and "queued for drop" in export.stdout, export.stderr


def test_gate_names_missing_approvals_as_export_does(env, tmp_path):
    desk_keyring(env)
    assert run(env, "target", "add", "drop", "--kind", "folder", "--url",
               str(tmp_path / "out")).returncode == 0
    with Library(env["COPYDESK_DB"]) as library:
        story_id = approved_story(library)
    assert run(env, "rules", "--approvals-required", "2").returncode == 0
    gate = run(env, "gate", story_id)
    export = run(env, "export", story_id, "--target", "drop")
    assert gate.returncode == export.returncode == 1
    assert "has 1 of 2 approvals" in gate.stdout and "has 1 of 2 approvals" in export.stderr
