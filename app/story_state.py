"""Where a story stands in the review workflow, read from the library and its audit log.

``story_state`` gives a story's status, revision, version and the approvals that still
count (derived from the signed audit log); ``Decision`` is what a workflow write
returns and ``ConflictError`` what it raises when another desk got there first. The
writes themselves are in ``app.workflow``; this module only reads, so both the writes
and ``app.signoff`` build on it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app import audit, rules, trust
from app.audit import Event
from app.changes import NOTHING, Changes, for_action
from app.errors import NotFoundError
from app.identity import same_reviewer
from app.library.db import Library
from app.model import Report
from app.statuses import VOIDING, WorkflowError


class ConflictError(WorkflowError):
    """Another desk changed the story since this one read it; ``state`` is how it is now."""

    def __init__(self, message: str, state: StoryState) -> None:
        super().__init__(message, state.story_id, state.status)
        self.state = state


@dataclass(frozen=True)
class Approval:
    actor: str
    revision: str
    at: str
    seq: int
    account: str = ""  # the OS account it was given from
    key_id: str = ""  # the key that signed it: one key counts once, whatever the name


def account_name(user: str, host: str) -> str:
    """One OS account on one machine; "" when the login is unknown (then nothing is
    compared)."""
    if not user or user == "unknown":
        return ""
    return f"{user} on {host}" if host else user


def _account_of(event: Event) -> str:
    # os_user is recorded when it differs from the reviewer's name; host since approvals
    # were compared by account (older events: the name alone)
    user = str(event.details.get("os_user") or event.actor)
    return account_name(user, str(event.details.get("host") or ""))


def shared_account_warning(approvals: tuple[Approval, ...]) -> str:
    """A warning when two counted approvals came from one OS account, else "".

    Reviewer names are identification, not authentication: two names typed on one
    computer account may be one person. The approvals still count (a shared newsroom
    login is real); the warning is recorded and shown wherever the approvals are.
    """
    by_account: dict[str, list[str]] = {}
    for a in approvals:
        if a.account:  # "" for an unknown login: nothing to compare
            by_account.setdefault(a.account.casefold(), []).append(a.actor)
    for account, names in by_account.items():
        if len(names) > 1:
            return (f"{' and '.join(names)} approved from one computer account ({account}); "
                    "four-eyes holds only if they are different people")
    return ""


@dataclass(frozen=True)
class StoryState:
    """Where a story stands: status, current revision, version and valid approvals."""

    story_id: str
    status: str
    revision: str
    version: int
    approvals: tuple[Approval, ...]
    approvals_required: int
    last_event: Event | None
    ignored: tuple[str, ...] = ()  # approvals that do not count, and why (unsigned...)

    @property
    def approvers(self) -> tuple[str, ...]:
        return tuple(a.actor for a in self.approvals)

    @property
    def warning(self) -> str:
        return shared_account_warning(self.approvals)

    def describe(self) -> str:
        parts = [f"{self.status}", f"revision {self.revision[:12]}", f"version {self.version}",
                 f"approvals {len(self.approvals)}/{self.approvals_required}"
                 + (f" ({', '.join(self.approvers)})" if self.approvals else "")]
        if self.last_event is not None:
            e = self.last_event
            parts.append(f"last: {e.action} by {e.actor} at {e.at}")
        if self.warning:
            parts.append(f"warning: {self.warning}")
        parts.extend(f"ignored: {why}" for why in self.ignored)
        return "; ".join(parts)


@dataclass(frozen=True)
class Decision:
    """What a workflow call did, for the UI to redraw and the CLI to print."""

    story_id: str
    action: str
    actor: str
    from_status: str
    status: str
    revision: str
    version: int
    approvals: tuple[str, ...]
    approvals_required: int
    event: Event | None
    voided: tuple[str, ...] = ()  # reviewers whose approvals this made void
    changed: bool = True
    warning: str = ""  # e.g. two counted approvals from one OS account
    # The check of the saved revision (an edit), so the desk need not check it again.
    report: Report | None = field(default=None, compare=False, repr=False)

    @property
    def changes(self) -> Changes:
        """What this call changed, for every screen to redraw from (``app.changes``)."""
        if not self.changed:
            return NOTHING
        return for_action(self.story_id, self.action,
                          self.event.seq if self.event is not None else None)


# ---------------------------------------------------------------------------------------
# Reading state


def approvals_required(library: Library) -> int:
    """The rule as the signed log has it (app/rules.py; the settings table is a copy)."""
    return rules.current_rule(library)


def current_approvals(library: Library, story_id: str, revision: str) -> tuple[Approval, ...]:
    """Distinct reviewers whose approval of ``revision`` still counts, first first."""
    return _approvals(library, story_id, revision)[0]


def _approvals(library: Library, story_id: str,
               revision: str) -> tuple[tuple[Approval, ...], tuple[str, ...]]:
    # An approval counts only with a valid signature by the actor's registered key
    # (app/trust.py); one key counts once whatever name it is given under.
    approvals: list[Approval] = []
    ignored: list[str] = []
    for e in audit.story_events(library, story_id):
        if e.action in VOIDING:
            approvals, ignored = [], []
        elif e.action == "approve" and e.revision == revision:
            problem, key_id = trust.approval_check(library, e)
            if problem:
                ignored.append(f"event {e.seq}: {problem}")
            elif not any(same_reviewer(a.actor, e.actor) or a.key_id == key_id
                         for a in approvals):
                approvals.append(Approval(e.actor, e.revision, e.at, e.seq, _account_of(e),
                                          key_id))
    return tuple(a for a in approvals if a.revision == revision), tuple(ignored)


def story_state(library: Library, story_id: str) -> StoryState:
    row = library.conn.execute(
        "SELECT status, revision, version FROM stories WHERE id = ?", [story_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"{story_id}: no such story in the library")
    status, revision, version = str(row[0]), str(row[1]), int(row[2] or 1)
    approvals, ignored = _approvals(library, story_id, revision)
    return StoryState(story_id, status, revision, version, approvals,
                      rules.rule_for_story(library, story_id),
                      audit.last_event(library, story_id), ignored)
