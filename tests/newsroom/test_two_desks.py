"""Two desks, two library files, one newsroom: offline work meets on the server."""

from __future__ import annotations

import json


def test_two_desks_share_one_queue_after_working_offline(newsroom):
    ana = newsroom.desk("Ana", cli=True)  # copydesk newsroom init
    ben = newsroom.desk("Ben", role="editor", admin_desk=ana, cli=True)  # add-reviewer, join
    ana.import_story("bridge")
    assert json.loads(ana.sync().stdout)["pushed"] >= 1
    ben.sync()
    assert ben.states() == ana.states()
    # Ben works offline (no sync) while Ana approves; then both sync.
    ben.approve("bridge")
    ana.approve("bridge")
    ben.sync()
    ana.sync()
    ben.sync()
    assert ana.states() == ben.states()
    assert ana.head() == ben.head()
    counted = newsroom.server("SELECT login FROM copydesk.approvals ORDER BY login")
    assert [r[0] for r in counted] == sorted([ana.login, ben.login])
    # every event either desk saved is on the server exactly once
    for desk in (ana, ben):
        ids = desk.saved_event_ids()
        rows = newsroom.server("SELECT event_id, count(*) FROM copydesk.events GROUP BY 1")
        on_server = {r[0]: int(r[1]) for r in rows}
        assert all(on_server.get(i) == 1 for i in ids)


def test_the_password_stays_out_of_the_url_and_the_library(newsroom):
    ana = newsroom.desk("Ana")
    url_with_secret = ana.url.replace("@", ":hunter2@")
    other = newsroom.root / "other"
    other.mkdir()
    from tests.newsroom.desks import Desk

    fresh = Desk("Ana", ana.login, ana.password, other, url_with_secret)
    done = fresh.run("newsroom", "join", url_with_secret, "--as", "Ana", "--password-stdin",
                     stdin="hunter2\n", ok=None)
    assert done.returncode == 2
    assert "carries a password" in done.stderr and "hunter2" not in done.stderr
    assert not fresh.db.exists() or fresh.sql("SELECT COUNT(*) FROM newsroom_desk") == [(0,)]
    # the joined desk: the URL has no secret, the keyring has the password, the file not
    assert ana.password.encode() not in ana.db.read_bytes()
    keyring = json.loads((ana.home / "keyring.json").read_text())
    assert keyring[f"copydesk/newsroom:{ana.url}"] == ana.password


def test_a_wrong_password_or_name_is_refused_and_nothing_is_kept(newsroom):
    ana = newsroom.desk("Ana")
    ben = newsroom.desk("Ben", admin_desk=ana)
    wrong = ben.run("newsroom", "join", ben.url, "--as", "Ben", "--password-stdin",
                    stdin="not-it\n", ok=None)
    assert wrong.returncode == 2 and "wrong password" in wrong.stderr
    named = ben.run("newsroom", "join", ben.url, "--as", "Mallory", "--password-stdin",
                    stdin=ben.password + "\n", ok=None)
    assert named.returncode == 2 and "as reviewer 'Ben', not 'Mallory'" in named.stderr


def test_status_says_who_is_connected_what_is_pending_and_the_last_sync(newsroom):
    ana = newsroom.desk("Ana")
    ben = newsroom.desk("Ben", admin_desk=ana)
    ana.import_story("bridge")
    before = json.loads(ana.run("newsroom", "status", "--json").stdout)
    assert before["pending"] >= 1 and before["last_sync_at"] == ""
    ana.sync()
    ben.sync()
    status = json.loads(ana.run("newsroom", "status", "--json").stdout)
    assert status["pending"] == 0 and status["last_sync_result"].startswith("ok")
    assert status["server"] == "online"
    assert {d["name"] for d in status["desks"]} == {"Ana", "Ben"}
    assert status["head_seq"] == status["server_seq"]
    newsroom.postgres.stop()
    try:
        offline = ana.run("newsroom", "status")
        assert "server\tunreachable" in offline.stdout
        assert "pending\t0 event(s)" in offline.stdout
        failed = ana.run("sync", ok=None)
        assert failed.returncode == 1 and "offline" in failed.stderr
    finally:
        newsroom.postgres.start()


def test_without_a_newsroom_nothing_changes(tmp_path):
    from tests.newsroom.desks import Desk

    alone = Desk("Solo", "", "", tmp_path, "")
    alone.import_story("bridge")
    alone.approve("bridge")
    assert alone.states()["bridge"][0] == "approved"
    assert alone.sql("SELECT COUNT(*) FROM newsroom_outbox") == [(0,)]
    done = alone.run("sync", ok=None)
    assert done.returncode == 2 and "has not joined a newsroom" in done.stderr


def test_a_signed_decision_reaches_the_newsroom_with_its_signature(newsroom):
    ana = newsroom.desk("Ana")
    ana.import_story("bridge")
    ana.approve("bridge")
    ana.sync()
    extra = newsroom.server("SELECT extra FROM copydesk.events WHERE action = 'approve'")
    signature = json.loads(extra[0][0])["signature"]
    local = ana.sql("SELECT key_id, signature FROM event_signatures WHERE seq = ?",
                    (signature["seq"],))
    assert local == [(signature["key_id"], signature["signature"])]


def test_a_desks_copy_of_the_newsroom_log_edited_by_hand_is_reported(newsroom):
    ana = newsroom.desk("Ana")
    ana.import_story("bridge")
    ana.approve("bridge")
    ana.sync()
    fine = ana.run("newsroom", "status").stdout
    assert "event(s) checked" in fine
    import sqlite3

    with sqlite3.connect(ana.db) as conn:  # as someone with a sqlite3 shell would
        conn.execute("UPDATE newsroom_log SET actor = 'Mallory' WHERE action = 'approve'")
    broken = ana.run("newsroom", "status").stdout
    assert "BROKEN: newsroom event" in broken and "this desk's copy was altered" in broken


def test_an_approval_forged_in_the_desks_file_counts_as_its_login_once(newsroom):
    ana = newsroom.desk("Ana")
    ben = newsroom.desk("Ben", admin_desk=ana)
    ana.import_story("bridge")
    ana.sync()
    ben.sync()
    ben.approve("bridge")
    revision = ben.states()["bridge"][1]
    import sqlite3

    with sqlite3.connect(ben.db) as conn:  # a sqlite3 shell: "Carol approved too"
        seq, prev = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC").fetchone()
        conn.execute(
            "INSERT INTO events (seq, story_id, revision, actor, action, note, at, data, "
            "prev_hash, story_prev_hash, hash) VALUES (?, 'bridge', ?, 'Carol', 'approve', "
            "'', '2026-12-02T00:00:00Z', '{}', ?, ?, ?)",
            (seq + 1, revision, prev, prev, "c" * 64))
    done = json.loads(ben.sync().stdout)
    assert [o["effect"] for o in done["not_applied"]] == [
        "void: Ben has already approved this revision; a reviewer counts once"]
    assert newsroom.server("SELECT actor, claimed_actor FROM copydesk.events "
                           "WHERE action = 'approve' ORDER BY server_seq") == [
        ["Ben", "Ben"], ["Ben", "Carol"]]
    assert newsroom.server("SELECT count(*) FROM copydesk.approvals") == [["1"]]
