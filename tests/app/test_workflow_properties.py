"""Property tests: any sequence of actions keeps the library in step with a plain model.

The model below is the workflow as docs/workflow.md states it, written out
independently of ``app.workflow.TRANSITIONS``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from app import audit, workflow
from app.library import Library, import_story
from app.parse import parse_story
from app.workflow import ConflictError, WorkflowError

STORY = """# Council approves budget

The council approved a budget of 5 million euros [1]. The mayor said it was fair [2].

## References

[1] City Gazette — Budget passed — https://example.org/budget
[2] Town Times — Mayor speaks — https://example.org/mayor
"""

REVIEWERS = st.sampled_from(["ana", "bo", "cy", "ANA"])
EXPORT = {
    "queue": ({"approved", "export_failed", "published"}, "queued"),
    "publish": ({"queued"}, "published"),
    "export_failed": ({"queued"}, "export_failed"),
    "cancel_export": ({"queued", "export_failed"}, "approved"),
}
EDITABLE = {"new", "in_review", "approved", "changes_requested", "export_failed", "published"}


class WorkflowMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.library = Library(":memory:")
        self.story_id = import_story(self.library, parse_story(STORY, "s.md"), "s.md",
                                     actor="importer").story_id
        self.status = "new"
        self.approvers: list[str] = []
        self.required = 1
        self.edits = 0

    def teardown(self) -> None:
        report = audit.verify_chain(self.library)
        assert report.ok, report.broken
        self.library.close()

    # --- helpers ---------------------------------------------------------------------

    def _counts(self) -> tuple[int, int]:
        state = workflow.story_state(self.library, self.story_id)
        return state.version, audit.event_count(self.library)

    def _refused(self, call, *fragments: str) -> None:
        before = self._counts()
        with pytest.raises(WorkflowError) as info:
            call()
        assert any(f in str(info.value) for f in fragments), str(info.value)
        assert self._counts() == before  # a refusal changes nothing, logs nothing

    # --- rules -----------------------------------------------------------------------

    @initialize(count=st.integers(min_value=1, max_value=3))
    def four_eyes(self, count: int) -> None:
        self.set_rule(count)

    @rule(actor=REVIEWERS)
    def approve(self, actor: str) -> None:
        call = lambda: workflow.approve(self.library, self.story_id, actor)  # noqa: E731
        # an approved story whose rule was raised since takes the approvals it now lacks
        short = self.status == "approved" and len(self.approvers) < self.required
        if self.status not in ("new", "in_review") and not short:
            self._refused(call, f"is {self.status}")
        elif actor.casefold() in self.approvers and len(self.approvers) < self.required:
            self._refused(call, "already approved")
        else:
            decision = call()
            if actor.casefold() not in self.approvers:
                self.approvers.append(actor.casefold())
            self.status = "approved" if len(self.approvers) >= self.required else "in_review"
            assert decision.status == self.status
            assert len(decision.approvals) == len(self.approvers)

    @rule(action=st.sampled_from(["request_changes", "reject", "reopen", "start_review"]),
          actor=REVIEWERS)
    def decide(self, action: str, actor: str) -> None:
        allowed = {
            "request_changes": ({"new", "in_review", "approved"}, "changes_requested"),
            "reject": ({"new", "in_review", "approved", "changes_requested"}, "rejected"),
            "reopen": ({"rejected", "changes_requested"}, "in_review"),
            "start_review": ({"new"}, "in_review"),
        }[action]
        call = lambda: workflow.decide(  # noqa: E731
            self.library, self.story_id, action, actor, "because")
        if self.status not in allowed[0]:
            self._refused(call, f"is {self.status}")
            return
        assert call().status == allowed[1]
        self.status = allowed[1]
        if action != "start_review":
            self.approvers = []

    @rule(actor=REVIEWERS)
    def edit(self, actor: str) -> None:
        state = workflow.story_state(self.library, self.story_id)
        row = self.library.conn.execute(
            "SELECT title, dek, body FROM stories WHERE id = ?", [self.story_id]).fetchone()
        self.edits += 1
        call = lambda: workflow.save_edit(  # noqa: E731
            self.library, self.story_id, row[0], row[1], row[2] + f" Edit {self.edits}.",
            actor, state.version)
        if self.status not in EDITABLE:
            self._refused(call, f"is {self.status}")
            return
        decision = call()
        assert decision.revision != state.revision
        self.status = "new" if self.status == "new" else "in_review"
        self.approvers = []
        assert decision.status == self.status

    @rule(action=st.sampled_from(sorted(EXPORT)))
    def export_step(self, action: str) -> None:
        sources, target = EXPORT[action]
        functions = {
            "queue": lambda: workflow.mark_queued(self.library, self.story_id, "export"),
            "publish": lambda: workflow.mark_published(self.library, self.story_id, "export"),
            "export_failed": lambda: workflow.mark_export_failed(
                self.library, self.story_id, "export", "503 from server"),
            "cancel_export": lambda: workflow.cancel_export(self.library, self.story_id, "ed"),
        }
        if self.status not in sources:
            self._refused(functions[action], f"is {self.status}")
            return
        assert functions[action]().status == target
        self.status = target

    @precondition(lambda self: self.status in ("approved", "queued"))
    @rule(outcome=st.sampled_from(["publish", "export_failed"]))
    def ship(self, outcome: str) -> None:
        """Reach the export states often enough, not only by chance."""
        if self.status == "approved":
            self.export_step("queue")
        self.export_step(outcome)

    @rule(count=st.integers(min_value=1, max_value=3))
    def set_rule(self, count: int) -> None:
        workflow.set_approvals_required(self.library, count, "admin")
        # the story was imported before: a lowered rule never reaches it (app/rules.py)
        self.required = max(self.required, count)

    @precondition(lambda self: self._counts()[0] > 1)
    @rule(actor=REVIEWERS)
    def stale_desk(self, actor: str) -> None:
        version, events = self._counts()
        with pytest.raises(ConflictError) as info:
            workflow.reject(self.library, self.story_id, actor, "late",
                            expected_version=version - 1)
        assert info.value.state.status == self.status
        assert self._counts() == (version, events)

    # --- invariants --------------------------------------------------------------------

    @invariant()
    def library_matches_model(self) -> None:
        state = workflow.story_state(self.library, self.story_id)
        assert state.status == self.status
        assert [a.casefold() for a in state.approvers] == self.approvers
        assert len(audit.story_events(self.library, self.story_id)) == state.version
        last = state.last_event
        assert last is not None and last.details["to"] == state.status
        event(f"status {state.status}")


WorkflowMachine.TestCase.settings = settings(
    max_examples=50, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestWorkflowMachine = WorkflowMachine.TestCase


@pytest.mark.parametrize("status", workflow.STATUSES)
@pytest.mark.parametrize("action", sorted(workflow.TRANSITIONS))
def test_next_status_is_a_status_or_a_refusal_naming_the_state(status, action):
    try:
        after = workflow.next_status(status, action, approvals=1, story_id="s1")
    except WorkflowError as error:
        assert f"story s1 is {status}" in str(error)
        assert error.status == status
    else:
        assert after in workflow.STATUSES
        if after == "published":
            assert status == "queued"  # nothing is published except through the outbox
        if after == "approved":
            assert action in ("approve", "cancel_export")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 9), st.integers(1, 9), st.sampled_from(["new", "in_review"]))
def test_approve_counts_against_the_rule(approvals: int, required: int, status: str) -> None:
    after = workflow.next_status(status, "approve", approvals=approvals, required=required)
    assert after == ("approved" if approvals >= required else "in_review")
