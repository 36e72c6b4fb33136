"""A story's statuses and the transitions between them: the workflow's pure state
machine, with no library in it.

``app.workflow`` (decisions) and ``app.library.stories`` (a re-import is an edit) both
ask it; it imports neither, so the two no longer import each other.
"""

from __future__ import annotations

from app.errors import CopydeskError

STATUSES = ("new", "in_review", "approved", "changes_requested", "rejected",
            "queued", "published", "export_failed")

# action -> {from status: to status}. "approve" reaches "approved" only once enough
# distinct reviewers approved the current revision; until then it stays "in_review".
TRANSITIONS: dict[str, dict[str, str]] = {
    "start_review": {"new": "in_review"},
    "approve": {"new": "approved", "in_review": "approved"},
    "request_changes": {s: "changes_requested" for s in ("new", "in_review", "approved")},
    "reject": {s: "rejected" for s in ("new", "in_review", "approved", "changes_requested")},
    "reopen": {"rejected": "in_review", "changes_requested": "in_review"},
    "edit": {"new": "new", "in_review": "in_review", "approved": "in_review",
             "changes_requested": "in_review", "export_failed": "in_review",
             "published": "in_review"},
    "override": {"new": "in_review", "in_review": "in_review",
                 "changes_requested": "changes_requested"},
    "queue": {"approved": "queued", "export_failed": "queued", "published": "queued"},
    "publish": {"queued": "published"},
    "export_failed": {"queued": "export_failed"},
    "cancel_export": {"queued": "approved", "export_failed": "approved"},
}
DECISIONS = ("approve", "request_changes", "reject", "reopen", "start_review")
NOTE_REQUIRED = frozenset({"request_changes", "reject", "reopen", "override", "export_failed"})
# After these, earlier approvals no longer count (they stay in the log).
VOIDING = frozenset({"import", "edit", "request_changes", "reject", "reopen"})

HINTS: dict[tuple[str, str], str] = {
    ("approve", "approved"): "it is already approved",
    ("approve", "changes_requested"): "edit it, or reopen it, first",
    ("approve", "rejected"): "reopen it first",
    ("request_changes", "changes_requested"): "changes are already requested",
    ("reject", "rejected"): "it is already rejected",
    ("edit", "rejected"): "reopen it first",
    ("edit", "queued"): "it is waiting to be exported; cancel the export first",
    ("override", "approved"): "request changes first",
    ("override", "rejected"): "reopen it first",
    ("reopen", "in_review"): "it is already open for review",
    ("reopen", "new"): "it is already open for review",
}

DEFAULT_APPROVALS_REQUIRED = 1


class WorkflowError(CopydeskError):
    """A decision the workflow refuses: an illegal transition or a broken rule."""

    def __init__(self, message: str, story_id: str = "", status: str = "") -> None:
        super().__init__(message)
        self.story_id = story_id
        self.status = status


class DecisionInputError(CopydeskError):
    """A decision that is missing something it needs (a note, a known verdict...)."""


def next_status(
    status: str,
    action: str,
    *,
    approvals: int = 0,
    required: int = DEFAULT_APPROVALS_REQUIRED,
    story_id: str = "",
) -> str:
    """The status after ``action``; ``approvals`` counts distinct approvers including
    this one. Raises ``WorkflowError`` naming the current status when not allowed."""
    if status not in STATUSES:
        raise WorkflowError(f"story {story_id} has an unknown status {status!r}",
                            story_id, status)
    table = TRANSITIONS.get(action)
    if table is None:
        raise DecisionInputError(f"unknown action {action!r}")
    target = table.get(status)
    if target is None:
        hint = HINTS.get((action, status))
        label = action.replace("_", " ")
        who = f"story {story_id}" if story_id else "the story"
        raise WorkflowError(
            f"cannot {label}: {who} is {status}" + (f" ({hint})" if hint else ""),
            story_id, status,
        )
    if action == "approve" and approvals < required:
        return "in_review"
    return target


def allowed_actions(status: str) -> tuple[str, ...]:
    """Actions the workflow accepts in this status, for enabling buttons."""
    return tuple(action for action, table in TRANSITIONS.items() if status in table)
