"""The library's four-eyes rule and the sign-off record an export carries.

``set_approvals_required`` changes how many distinct reviewers must approve (an admin's
signed setting); ``export_record`` is what a manifest says about who signed off on
which revision, with the story's segment of the audit chain.
"""

from __future__ import annotations

from typing import Any

from app import audit, reviewers
from app.identity import clean_name
from app.library.db import Library
from app.library.settings import write_setting
from app.statuses import DecisionInputError
from app.story_state import approvals_required, story_state

MAX_APPROVALS_REQUIRED = 9


def set_approvals_required(library: Library, count: int, actor: str) -> int:
    """The four-eyes rule for this library: how many distinct reviewers must approve.

    Only an admin changes it (a signed event). A story meets the strictest rule in force
    since it entered the library (app/rules.py): raising applies at once, lowering only
    to stories imported afterwards; stories already approved stay so.
    """
    actor = clean_name(actor)
    if not isinstance(count, int) or not 1 <= count <= MAX_APPROVALS_REQUIRED:
        raise DecisionInputError(
            f"approvals required must be a whole number from 1 to {MAX_APPROVALS_REQUIRED}")
    with library.transaction():
        reviewers.require_admin(library, actor, "change the approval rule")
        before = approvals_required(library)
        if before == count:
            return count
        write_setting(library, "approvals_required", count, before, actor)
    return count


def export_record(library: Library, story_id: str) -> dict[str, Any]:
    """What an export manifest carries about the sign-off.

    The revision, the approvals that count for it, the rule they met, and the story's
    segment of the audit chain, which ``audit.verify_segment`` checks on its own.
    """
    state = story_state(library, story_id)
    events = audit.story_events(library, story_id)
    by_seq = {e.seq: e for e in events}
    return {
        "revision": state.revision,
        "status": state.status,
        "approvals_required": state.approvals_required,
        "approvals": [{"actor": a.actor, "at": a.at, "event": a.seq,
                       "hash": by_seq[a.seq].hash} for a in state.approvals],
        "audit": [e.as_dict() for e in events],
    }
