"""The review workflow: transitions, notes, revisions voiding approvals, four-eyes."""

from __future__ import annotations

import pytest

from app import audit, workflow
from app.identity import (
    IdentityError,
    clean_name,
    configured_name,
    reviewer_name,
    set_reviewer_name,
)
from app.library import Library, import_story, load_overrides
from app.parse import parse_story
from app.workflow import (
    ConflictError,
    DecisionInputError,
    WorkflowError,
    approve,
    story_state,
)

STORY = """# Council approves budget

The council approved a budget of 5 million euros [1]. The mayor said it was fair [2].

## References

[1] City Gazette — Budget passed — https://example.org/budget
[2] Town Times — Mayor speaks — https://example.org/mayor
"""


@pytest.fixture
def library(tmp_path):
    with Library(tmp_path / "library.sqlite3") as lib:
        yield lib


@pytest.fixture
def story_id(library):
    return import_story(library, parse_story(STORY, "budget.md"), "budget.md",
                        actor="importer").story_id


def edit(library, story_id, actor="writer", words="5.5 million euros"):
    body = story_state(library, story_id)
    current = library.conn.execute("SELECT title, dek, body FROM stories WHERE id = ?",
                                   [story_id]).fetchone()
    return workflow.save_edit(library, story_id, current[0], current[1],
                              current[2].replace("5 million euros", words), actor,
                              body.version)


def test_import_is_the_first_event(library, story_id):
    events = audit.story_events(library, story_id)
    assert [e.action for e in events] == ["import"]
    assert events[0].actor == "importer"
    assert events[0].details == {"to": "new", "version": 1, "source": "budget.md"}


def test_approving_a_new_story_passes_through_review(library, story_id):
    decision = approve(library, story_id, "alice")
    assert (decision.from_status, decision.status) == ("new", "approved")
    assert decision.approvals == ("alice",)
    state = story_state(library, story_id)
    assert state.status == "approved" and state.version == 2
    assert state.approvers == ("alice",)


@pytest.mark.parametrize("decide", [workflow.request_changes, workflow.reject])
def test_sending_back_or_rejecting_needs_a_note(library, story_id, decide):
    with pytest.raises(DecisionInputError, match="needs a note"):
        decide(library, story_id, "alice", "  ")
    assert story_state(library, story_id).status == "new"
    assert len(audit.story_events(library, story_id)) == 1


def test_illegal_transition_names_the_current_state(library, story_id):
    workflow.reject(library, story_id, "alice", "not a story")
    with pytest.raises(WorkflowError, match=r"cannot approve: story \w+ is rejected") as info:
        approve(library, story_id, "bob")
    assert info.value.status == "rejected"
    with pytest.raises(WorkflowError, match="is rejected"):
        edit(library, story_id)
    reopened = workflow.reopen(library, story_id, "editor", "second look")
    assert reopened.status == "in_review"
    assert approve(library, story_id, "bob").status == "approved"


def test_edit_after_approval_voids_it_and_keeps_it_in_history(library, story_id):
    approved = approve(library, story_id, "alice")
    edited = edit(library, story_id)
    assert edited.status == "in_review"
    assert edited.revision != approved.revision
    assert edited.voided == ("alice",)
    state = story_state(library, story_id)
    assert state.approvals == () and state.revision == edited.revision
    actions = [(e.action, e.revision) for e in audit.story_events(library, story_id)]
    assert ("approve", approved.revision) in actions
    # approving the new text is a fresh approval of that exact text
    assert approve(library, story_id, "alice").revision == edited.revision


def test_editing_back_to_approved_text_does_not_revive_the_old_approval(library, story_id):
    approve(library, story_id, "alice")
    edit(library, story_id, words="6 million euros")
    edit(library, story_id, words="5 million euros")  # same text as the approved revision
    state = story_state(library, story_id)
    assert state.status == "in_review" and state.approvals == ()


def test_saving_the_same_text_changes_nothing(library, story_id):
    current = library.conn.execute("SELECT title, dek, body FROM stories").fetchone()
    decision = workflow.save_edit(library, story_id, *current, "writer", 1)
    assert not decision.changed and decision.event is None
    assert story_state(library, story_id).version == 1


def test_edit_records_a_revision_and_refreshes_the_summary(library, story_id):
    decision = edit(library, story_id)
    row = library.conn.execute(
        "SELECT seq, actor FROM revisions WHERE story_id = ? AND revision = ?",
        [story_id, decision.revision]).fetchone()
    assert row == (2, "writer")
    assert library.conn.execute(
        "SELECT revision FROM stories").fetchone()[0] == decision.revision


def test_an_edit_can_carry_a_note_into_the_audit_log(library, story_id):
    current = library.conn.execute("SELECT title, dek, body FROM stories").fetchone()
    decision = workflow.save_edit(library, story_id, current[0], current[1],
                                  current[2].replace("5 million", "6 million"), "writer", 1,
                                  note="  figure corrected from the ministry's release ")
    assert decision.event is not None
    assert decision.event.note == "figure corrected from the ministry's release"
    assert audit.story_events(library, story_id)[-1].note == decision.event.note
    assert library.conn.execute(
        "SELECT note FROM revisions WHERE revision = ?", [decision.revision]
    ).fetchone()[0] == decision.event.note


def test_four_eyes_needs_two_distinct_reviewers_on_the_same_revision(library, story_id):
    workflow.set_approvals_required(library, 2, "admin")
    first = approve(library, story_id, "alice")
    assert first.status == "in_review" and first.approvals == ("alice",)
    with pytest.raises(WorkflowError, match="already approved"):
        approve(library, story_id, "alice")
    with pytest.raises(WorkflowError, match="already approved"):
        approve(library, story_id, " ALICE ")  # the same person, typed differently
    assert story_state(library, story_id).status == "in_review"
    second = approve(library, story_id, "bob")
    assert second.status == "approved" and second.approvals == ("alice", "bob")


def test_two_approvals_from_one_computer_account_count_but_are_flagged(
        library, story_id, monkeypatch):
    workflow.set_approvals_required(library, 2, "admin")
    monkeypatch.setattr(workflow, "os_user", lambda: "newsdesk")
    approve(library, story_id, "alice")
    second = approve(library, story_id, "bob")  # typed on the same login
    assert second.status == "approved"
    assert "alice and bob" in second.warning and "newsdesk" in second.warning
    state = story_state(library, story_id)
    assert state.warning == second.warning and "warning:" in state.describe()
    event = audit.last_event(library, story_id)
    assert event is not None and event.details["warning"] == second.warning


def test_approvals_from_two_accounts_raise_no_warning(library, story_id, monkeypatch):
    workflow.set_approvals_required(library, 2, "admin")
    monkeypatch.setattr(workflow, "os_user", lambda: "alice")
    approve(library, story_id, "Alice")
    monkeypatch.setattr(workflow, "os_user", lambda: "bob")
    second = approve(library, story_id, "Bob")
    assert second.status == "approved" and second.warning == ""
    assert story_state(library, story_id).warning == ""


def test_the_os_account_comes_from_the_user_database_not_the_environment(monkeypatch):
    pwd = pytest.importorskip("pwd")
    import os

    from app.identity import os_user

    monkeypatch.setenv("USER", "somebody-else")
    monkeypatch.setenv("LOGNAME", "somebody-else")
    assert os_user() == pwd.getpwuid(os.getuid()).pw_name


def test_lowering_the_rule_never_reaches_a_story_already_in_the_library(library, story_id):
    """Lower to 1, approve alone, raise back: the story still needs two reviewers."""
    workflow.set_approvals_required(library, 2, "admin")
    assert approve(library, story_id, "alice").status == "in_review"
    workflow.set_approvals_required(library, 1, "admin")
    with pytest.raises(WorkflowError, match="1 more approval"):
        approve(library, story_id, "alice")
    assert story_state(library, story_id).approvals_required == 2
    later = import_story(library, parse_story(STORY.replace("5 million", "6 million"),
                                              "later.md")).story_id
    assert approve(library, later, "alice").status == "approved"  # imported after: 1


def test_raising_the_rule_applies_at_once_to_stories_not_yet_approved(library, story_id):
    workflow.set_approvals_required(library, 3, "admin")
    assert approve(library, story_id, "alice").status == "in_review"
    assert approve(library, story_id, "bob").status == "in_review"
    assert approve(library, story_id, "carol").status == "approved"


def test_four_eyes_approvals_of_an_earlier_revision_do_not_add_up(library, story_id):
    workflow.set_approvals_required(library, 2, "admin")
    approve(library, story_id, "alice")
    edit(library, story_id)
    assert approve(library, story_id, "bob").status == "in_review"
    assert approve(library, story_id, "alice").status == "approved"


def test_setting_the_rule_is_audited(library):
    assert workflow.approvals_required(library) == 1
    workflow.set_approvals_required(library, 3, "admin")
    assert workflow.approvals_required(library) == 3
    with pytest.raises(DecisionInputError):
        workflow.set_approvals_required(library, 0, "admin")
    row = library.conn.execute(
        "SELECT actor, action, data FROM events WHERE action = 'setting'").fetchone()
    assert row[0] == "admin" and '"to":3' in row[2]


def test_export_states(library, story_id):
    approve(library, story_id, "alice")
    revision = story_state(library, story_id).revision
    assert workflow.mark_queued(library, story_id, "export", revision=revision,
                                target="site").status == "queued"
    with pytest.raises(DecisionInputError):
        workflow.mark_export_failed(library, story_id, "export", "")
    failed = workflow.mark_export_failed(library, story_id, "export", "401 bad password")
    assert failed.status == "export_failed"
    assert workflow.mark_queued(library, story_id, "export").status == "queued"  # retry
    with pytest.raises(WorkflowError, match="queued"):
        edit(library, story_id)
    published = workflow.mark_published(library, story_id, "export", revision=revision,
                                        url="https://example.org/p/1")
    assert published.status == "published"
    assert story_state(library, story_id).approvers == ("alice",)  # export keeps approvals
    with pytest.raises(WorkflowError, match="is published"):
        workflow.mark_published(library, story_id, "export")
    assert edit(library, story_id).status == "in_review"  # a correction needs review again


def test_export_of_a_stale_revision_is_a_conflict(library, story_id):
    approve(library, story_id, "alice")
    with pytest.raises(ConflictError, match="no longer revision"):
        workflow.mark_queued(library, story_id, "export", revision="0" * 64)


def test_queue_needs_an_approved_story(library, story_id):
    with pytest.raises(WorkflowError, match="cannot queue: story .* is new"):
        workflow.mark_queued(library, story_id, "export")


def test_stale_version_is_refused_with_the_current_state(library, story_id):
    approve(library, story_id, "alice", expected_version=1)
    with pytest.raises(ConflictError) as info:
        workflow.request_changes(library, story_id, "bob", "numbers", expected_version=1)
    message = str(info.value)
    assert "changed by another desk" in message and "approved" in message
    assert "alice" in message
    assert info.value.state.status == "approved" and info.value.state.version == 2
    assert story_state(library, story_id).status == "approved"


def test_override_belongs_to_a_revision_and_is_audited(library, story_id):
    revision = story_state(library, story_id).revision
    with pytest.raises(DecisionInputError, match="note"):
        workflow.override_verdict(library, story_id, revision, 0, 1, "supported", "", "alice")
    with pytest.raises(DecisionInputError, match="unknown verdict"):
        workflow.override_verdict(library, story_id, revision, 0, 1, "great", "n", "alice")
    with pytest.raises(DecisionInputError, match="does not cite"):
        workflow.override_verdict(library, story_id, revision, 0, 2, "supported", "n", "alice")
    decision = workflow.override_verdict(library, story_id, revision, 0, 1, "supported",
                                         "checked the PDF", "alice")
    assert decision.status == "in_review"
    assert load_overrides(library, story_id, revision)[(0, 1)].note == "checked the PDF"
    event = audit.last_event(library, story_id)
    assert event is not None and event.action == "override" and event.note == "checked the PDF"
    assert event.details["verdict"] == "supported"
    edited = edit(library, story_id)
    assert load_overrides(library, story_id, edited.revision) == {}
    assert (0, 1) in load_overrides(library, story_id, revision)  # kept with its revision
    with pytest.raises(ConflictError, match="no longer revision"):
        workflow.override_verdict(library, story_id, revision, 0, 1, "partial", "n", "alice")


def test_allowed_actions_match_next_status():
    for status in workflow.STATUSES:
        for action in workflow.TRANSITIONS:
            if action in workflow.allowed_actions(status):
                workflow.next_status(status, action, approvals=1)
            else:
                with pytest.raises(WorkflowError, match=f"is {status}"):
                    workflow.next_status(status, action, approvals=1)


def test_reviewer_identity(tmp_path, monkeypatch):
    monkeypatch.delenv("COPYDESK_REVIEWER", raising=False)
    path = tmp_path / "reviewer.json"
    assert configured_name(path) is None
    assert reviewer_name(path=path)  # the OS user
    assert set_reviewer_name("  Ana   Lima ", path) == "Ana Lima"
    assert reviewer_name(path=path) == "Ana Lima"
    assert reviewer_name("Bo", path=path) == "Bo"
    monkeypatch.setenv("COPYDESK_REVIEWER", "Desk 2")
    assert reviewer_name(path=path) == "Desk 2"
    for bad in ("", "   ", "a\x00b", "x" * 81):
        with pytest.raises(IdentityError):
            clean_name(bad)


def test_events_carry_the_os_user_when_acting_under_another_name(library, story_id):
    approve(library, story_id, "someone-else-entirely")
    event = audit.last_event(library, story_id)
    assert event is not None and "os_user" in event.details


def test_a_lowered_rule_does_not_complete_shared_account_approvals(
        library, story_id, monkeypatch):
    workflow.set_approvals_required(library, 3, "admin")
    monkeypatch.setattr(workflow, "os_user", lambda: "newsdesk")
    approve(library, story_id, "alice")
    approve(library, story_id, "bob")
    workflow.set_approvals_required(library, 2, "admin")
    with pytest.raises(WorkflowError, match="1 more approval"):
        approve(library, story_id, "alice")
    decision = approve(library, story_id, "carol")
    assert decision.status == "approved" and "alice and bob and carol" in decision.warning


def test_one_login_name_on_two_machines_is_two_accounts(library, story_id, monkeypatch):
    workflow.set_approvals_required(library, 2, "admin")
    monkeypatch.setattr(workflow, "os_user", lambda: "editor")
    monkeypatch.setattr(workflow.socket, "gethostname", lambda: "desk-a")
    approve(library, story_id, "alice")
    monkeypatch.setattr(workflow.socket, "gethostname", lambda: "desk-b")
    assert approve(library, story_id, "bob").warning == ""


def test_an_unknown_login_is_not_compared(library, story_id, monkeypatch):
    workflow.set_approvals_required(library, 2, "admin")
    monkeypatch.setattr(workflow, "os_user", lambda: "unknown")
    approve(library, story_id, "alice")
    assert approve(library, story_id, "bob").warning == ""


def test_an_override_on_an_older_revision_says_the_story_moved_on(library, story_id):
    old = story_state(library, story_id).revision
    story = library.conn.execute("SELECT title, dek, body FROM stories WHERE id = ?",
                                 [story_id]).fetchone()
    # the new text drops claim 1's citation of [2]: the old claim 1 cited it
    workflow.save_edit(library, story_id, story[0], story[1],
                       story[2].replace(" [2].", "."), "writer",
                       story_state(library, story_id).version)
    with pytest.raises(ConflictError, match="no longer revision"):
        workflow.override_verdict(library, story_id, old, 1, 2, "supported", "n", "alice")
