"""What the newsroom refused or another desk decided, as each desk shows it after a sync:
the server's state, the server's words, and every decision in the story's history."""

from __future__ import annotations

import json


def history(desk, story_id="bridge"):
    """The story's history as ``copydesk audit show --json`` gives it (the audit log the
    desk's History tab reads)."""
    return json.loads(desk.run("audit", "show", story_id, "--json").stdout)["events"]


def test_a_refused_decision_leaves_the_desk_on_the_newsrooms_state_and_says_why(trio):
    newsroom, ana, ben, cy = trio
    assert cy.states()["bridge"][0] == "new"
    cy.run("review", "bridge", "--reject", "--note", "made up")
    assert cy.states()["bridge"][0] == "rejected"  # saved here first, offline as always
    done = cy.run("sync")  # the text output
    assert "reject on bridge: refused: only an editor rejects a story (Cy is checker)" \
        in done.stderr
    assert newsroom.server("SELECT status FROM copydesk.stories") == [["new"]]
    assert cy.states()["bridge"][0] == "new"
    assert cy.sql("SELECT status FROM newsroom_stories") == [("new",)]
    refusals = [e for e in history(cy) if e["action"] == "newsroom_refused"]
    assert len(refusals) == 1 and refusals[0]["actor"] == "Cy"
    assert "refused: only an editor rejects a story (Cy is checker)" in refusals[0]["note"]
    # a second sync says nothing new and writes no second line
    assert "refused" not in cy.run("sync").stderr
    assert len([e for e in history(cy) if e["action"] == "newsroom_refused"]) == 1
    # a desk left on a refused state by an older Copydesk's sync is put right too
    cy.sql("UPDATE stories SET status = 'rejected' WHERE id = 'bridge'")
    cy.sync()
    assert cy.states()["bridge"][0] == "new"


def test_a_refused_assignment_leaves_the_desk_with_the_newsrooms_assignments(trio):
    newsroom, ana, ben, cy = trio
    cy.run("assign", "bridge", "Ana")  # a checker may only take a story itself
    assert cy.run("assigned", "--to", "Ana").stdout.startswith("bridge\t")
    assert "only an editor assigns" in cy.sync().stdout
    assert newsroom.server("SELECT assigned_to = '' FROM copydesk.stories") == [["t"]]
    assert cy.run("assigned", "--to", "Ana").stdout == ""
    assert cy.sql("SELECT * FROM assignments") == []
    # an editor's assignment of the same story then reaches every desk, the checker's too
    ben.run("assign", "bridge", "Ana")
    ben.sync()
    cy.sync()
    for desk in (ana, ben, cy):
        desk.sync()
        assert desk.run("assigned", "--to", "Ana").stdout.startswith("bridge\t")
        assert desk.sql("SELECT assignee, assigned_by FROM assignments") == [("Ana", "Ben")]


def test_decisions_from_other_desks_appear_in_the_storys_history(trio):
    newsroom, ana, ben, cy = trio
    ana.approve("bridge")
    ana.sync()
    ben.run("review", "bridge", "--request-changes", "--note", "the date is wrong")
    ben.sync()
    cy.sync()
    ana.sync()
    at = {e["action"]: e["at"] for e in history(ana) if e["actor"] == "Ana"}
    lines = [(e["action"], e["actor"], e["note"]) for e in history(cy)
             if e["action"].startswith("newsroom_")]
    assert lines == [("newsroom_approve", "Ana", ""),
                     ("newsroom_request_changes", "Ben", "the date is wrong")]
    pulled = next(e for e in history(cy) if e["action"] == "newsroom_approve")
    assert pulled["at"] == at["approve"]  # when Ana decided, not when Cy pulled it
    assert json.loads(pulled["data"])["effect"] == "applied"
    # the desk that made a decision keeps its own signed line, not a copy of it
    assert not [e for e in history(ana) if e["action"] == "newsroom_approve"]
    assert [e["actor"] for e in history(ana) if e["action"] == "newsroom_request_changes"] \
        == ["Ben"]
    for desk in (ana, ben, cy):
        assert desk.states()["bridge"][0] == "changes_requested"
        verified = desk.run("audit", "verify")
        assert verified.returncode == 0, verified.stderr
