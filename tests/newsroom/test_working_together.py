"""Concurrent work resolved by the rules of docs/newsroom.md, and working together:
conflicting edits, superseded approvals, comment threads, assignments, who has it open."""

from __future__ import annotations

import json
import time

BODY_BEN = ("## What happened\n\nThe harbour bridge reopened on Tuesday after six weeks of "
            "repairs [1]. The work cost $14.3 million, the council said [1][2].")
BODY_CY = ("## What happened\n\nThe harbour bridge reopened on Monday after seven weeks of "
           "repairs [1]. The work cost $14.3 million, the council said [1][2].")


def newsroom_row(desk, story_id="bridge"):
    return desk.sql("SELECT status, revision, conflict, conflict_revisions FROM "
                    "newsroom_stories WHERE story_id = ?", (story_id,))[0]


def test_two_edits_of_one_revision_conflict_until_an_editor_chooses(trio):
    newsroom, ana, ben, cy = trio
    original = ana.states()["bridge"][1]
    # all three offline: two edits of the same revision, and an approval of it
    ben.import_story("bridge", body=BODY_BEN)
    cy.import_story("bridge", body=BODY_CY)
    ana.approve("bridge")
    ben.sync()
    cy_sync = json.loads(cy.sync().stdout)
    ana_sync = json.loads(ana.sync().stdout)
    assert any(o["effect"].startswith("conflict: an edit of revision " + original[:12])
               for o in cy_sync["not_applied"])
    void = [o["effect"] for o in ana_sync["not_applied"] if o["action"] == "approve"]
    assert void and void[0].startswith(f"void: approval of revision {original[:12]}, which Ben "
                                       "superseded")
    for desk in (ana, ben, cy):
        desk.sync()
    rows = {d.name: newsroom_row(d) for d in (ana, ben, cy)}
    assert len(set(rows.values())) == 1
    status, revision, conflict, both = rows["Ana"]
    assert conflict == 1 and len(json.loads(both)) == 2 and revision in json.loads(both)
    cy_revision = next(r for r in json.loads(both) if r != revision)
    assert cy.sql("SELECT body FROM revisions WHERE revision = ?", (cy_revision,)) == [
        (BODY_CY,)]
    # approvals wait for the choice
    done = json.loads(cy.approve("bridge") and cy.sync().stdout)
    assert "edit conflict" in done["not_applied"][0]["effect"]
    # a checker's choice is refused by the newsroom, an editor's applies everywhere
    cy.run("newsroom", "choose", "bridge", cy_revision[:12])
    assert "only an editor chooses" in cy.sync().stdout
    assert newsroom_row(cy)[1] == revision
    ben.run("newsroom", "choose", "bridge", cy_revision[:12])
    ben.sync()
    for desk in (ana, cy):
        desk.sync()
    for desk in (ana, ben, cy):
        assert newsroom_row(desk)[1:3] == (cy_revision, 0)
        assert desk.states()["bridge"][1] == cy_revision
        assert desk.sql("SELECT body FROM stories WHERE id = 'bridge'") == [(BODY_CY,)]


def test_comment_threads_assignments_and_who_has_the_story_open(trio):
    newsroom, ana, ben, cy = trio
    # who else has it open: an editor's lock warns the next one who means to edit
    ben.run("lock", "bridge", "--edit")
    warned = cy.run("lock", "bridge", "--edit", ok=None)
    assert warned.returncode == 1 and "Ben is editing story bridge too" in warned.stderr
    looking = cy.run("lock", "bridge")
    assert looking.stdout.startswith("Ben\tis editing it")
    ben.run("lock", "bridge", "--release")
    assert cy.run("lock", "bridge", "--edit").stdout.strip() == ""
    cy.run("lock", "bridge", "--release")
    # a lock expires on its own: Ana's, for three seconds, is seen at once, and gone
    # once the server's clock has passed it (the threads and assignments below meanwhile)
    ana.run("lock", "bridge", "--edit", "--minutes", "0.05")
    assert "Ana" in ben.run("lock", "bridge", ok=None).stdout

    # a thread on claim 0, started offline, answered and resolved on other desks
    first = cy.run("comment", "bridge", "Monday? The council says Tuesday.", "--claim", "0")
    comment_id = first.stdout.split("\t")[0]
    cy.sync()
    ana.sync()
    ana.run("comment", "bridge", "The council page says Monday.", "--claim", "0",
            "--reply-to", comment_id)
    ana.sync()
    ben.sync()
    ben.run("comment", "bridge", "--resolve", comment_id)
    for desk in (ben, cy, ana, ben):
        desk.sync()
    threads = {d.name: json.loads(d.run("comments", "bridge", "--json").stdout)
               for d in (ana, ben, cy)}
    assert all(t == threads["Ana"] for t in threads.values())
    assert [(c["author"], c["parent_id"] == comment_id, c["resolved_by"])
            for c in threads["Ana"]] == [("Cy", False, "Ben"), ("Ana", True, "")]
    assert newsroom.server("SELECT count(*), count(resolved_seq) FROM copydesk.comments") == [
        ["2", "1"]]
    # an editor assigns; a checker may take a story but not hand it to someone else
    ben.run("assign", "bridge", "Cy")
    cy.run("assign", "bridge", "Ana")
    assert "only an editor assigns" in cy.sync().stdout
    ben.sync()
    cy.sync()
    assert cy.run("assigned").stdout.startswith("bridge\t")
    assert newsroom.server("SELECT assigned_to FROM copydesk.stories") == [[cy.login]]

    holds = f"SELECT count(*) FROM copydesk.presence WHERE login = '{ana.login}' " \
            "AND expires_at > now()"
    deadline = time.monotonic() + 30
    while newsroom.server(holds) != [["0"]]:
        assert time.monotonic() < deadline, "Ana's three-second lock never expired"
        time.sleep(0.1)
    assert "Ana" not in ben.run("lock", "bridge").stdout


OVERRIDE = """
from app.library import Library
from app.workflow import override_verdict
with Library() as library:
    revision = library.conn.execute("SELECT revision FROM stories WHERE id = 'bridge'"
                                    ).fetchone()[0]
    override_verdict(library, "bridge", revision, 0, 1, "supported",
                     "read the council's page myself", "{name}")
"""


def test_an_override_made_offline_reaches_every_desk(newsroom):
    ana = newsroom.desk("Ana")
    ben = newsroom.desk("Ben", admin_desk=ana)
    ana.import_story("bridge")
    ana.sync()
    ben.sync()
    ben.script(OVERRIDE.format(name="Ben"))
    ben.sync()
    ana.sync()
    want = [(0, 1, "supported", "read the council's page myself", "Ben")]
    for desk in (ana, ben):
        assert desk.sql("SELECT claim_index, n, verdict, note, actor FROM overrides") == want
    assert newsroom.server("SELECT verdict, login FROM copydesk.overrides") == [
        ["supported", ben.login]]
