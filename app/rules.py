"""The four-eyes rule as the signed log has it, and which rule a story must meet.

Only an admin changes the rule, and a change is a signed ``setting`` event. The rule is
read from those events, never from the ``settings`` table alone (a sqlite3 shell can
change a table; it cannot sign). Once signing began, a change that is unsigned or not
an admin's is ignored (and ``audit verify`` reports it).

Which rule a story meets: the STRICTEST rule in force at any moment since the story
entered the library. Raising the rule applies at once to every story not yet approved;
lowering it applies only to stories imported after the change. That is what defeats
"lower the rule to 1, approve alone, export, raise it back": the lowered rule never
reaches a story that was already in the library when it was lowered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app import signing
from app.audit_chain import COLUMNS, event_from_row, has_schema, signature_of
from app.reviewers import registry

if TYPE_CHECKING:  # only annotated: the log's lower layers never load app.library
    from app.library.db import Library

RULE_KEY = "approvals_required"
DEFAULT = 1
MAXIMUM = 9


def rule_changes(library: Library) -> list[tuple[int, int]]:
    """(seq, value) of every change of the rule the log vouches for, oldest first."""
    conn = library.conn
    stamp = tuple(conn.execute("SELECT COUNT(*), MAX(seq) FROM events WHERE story_id = '' "
                               "AND action = 'setting'").fetchone())
    cached = library.__dict__.get("_rule_changes")
    if cached is not None and cached[0] == stamp:
        return list(cached[1])
    reg = registry(library)
    since = reg.signed_since
    changes: list[tuple[int, int]] = []
    for row in conn.execute(f"SELECT {COLUMNS} FROM events WHERE story_id = '' "
                            "AND action = 'setting' ORDER BY seq"):
        event = event_from_row(row)
        details = event.details
        if details.get("key") != RULE_KEY:
            continue
        try:
            value = min(max(int(details["to"]), 1), MAXIMUM)
        except (KeyError, TypeError, ValueError):
            continue
        if since and event.seq > since:
            admin = reg.get(event.actor)
            signature = signature_of(conn, event.seq) if has_schema(conn) else None
            if (admin is None or admin.role != "admin" or signature is None
                    or signature[0] != admin.key_id
                    or not signing.verify_event(event.as_dict(), signature[1],
                                                admin.public_key)):
                continue
        changes.append((event.seq, value))
    library.__dict__["_rule_changes"] = (stamp, list(changes))
    return changes


def current_rule(library: Library) -> int:
    changes = rule_changes(library)
    return changes[-1][1] if changes else DEFAULT


def rule_for_story(library: Library, story_id: str) -> int:
    """The strictest rule in force since the story's first event (see the docstring)."""
    changes = rule_changes(library)
    if not changes:
        return DEFAULT
    row = library.conn.execute("SELECT MIN(seq) FROM events WHERE story_id = ?",
                               [story_id]).fetchone()
    first = int(row[0]) if row and row[0] is not None else 1 << 62
    at_start = DEFAULT
    strictest = 0
    for seq, value in changes:
        if seq <= first:
            at_start = value
        else:
            strictest = max(strictest, value)
    return max(at_start, strictest)


def rule_history_text(library: Library) -> list[str]:
    return [f"event {seq}: {value}" for seq, value in rule_changes(library)]

