"""What a write changed, so every screen redraws from one value (Anki's ``OpChanges``).

Each core write says which stories it touched and what kind of change it made; the
desk redraws rows, the header, the history and the counts from that alone. A write
made by another process is read back from the audit log's new events
(``app.library.watch``), which map to the same value through ``for_action``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# The kinds of change, by what a reader must look at again.
STATUS = "status"  # status, version, approvals, the history: a row and the header
TEXT = "text"  # a new revision: the story must be rendered and checked again
VERDICTS = "verdicts"  # overrides and waivers: the check's outcome changed
SOURCES = "sources"  # a snapshot fetched or attached: the check's evidence changed
STORIES = "stories"  # stories came or went: the queue's rows and count
OUTBOX = "outbox"  # an export queued, sent, failed or cancelled
POLICY = "policy"  # library-wide settings: the gate, severities, approvals required
KINDS = (STATUS, TEXT, VERDICTS, SOURCES, STORIES, OUTBOX, POLICY)

# Each audit event's action, as the kinds of change it records.
_ACTION_KINDS: dict[str, frozenset[str]] = {
    "import": frozenset({STORIES, TEXT, STATUS}),
    "edit": frozenset({TEXT, STATUS}),
    "override": frozenset({VERDICTS, STATUS}),
    "waive_finding": frozenset({VERDICTS, STATUS}),
    "waive_citation": frozenset({VERDICTS, STATUS}),
    "snapshot": frozenset({SOURCES, STATUS}),
    "attach": frozenset({SOURCES, STATUS}),
    "queue": frozenset({OUTBOX, STATUS}),
    "publish": frozenset({OUTBOX, STATUS}),
    "delivered": frozenset({OUTBOX, STATUS}),
    "delivery_failed": frozenset({OUTBOX, STATUS}),
    "export_failed": frozenset({OUTBOX, STATUS}),
    "cancel_export": frozenset({OUTBOX, STATUS}),
    "setting": frozenset({POLICY}),
}
_DEFAULT_KINDS = frozenset({STATUS})  # a decision, or an action added after this table


@dataclass(frozen=True)
class Changes:
    """Stories touched and kinds of change; ``events`` are the audit events written
    (their ``seq``), so a watcher that reads them back does not apply them twice."""

    story_ids: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    events: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.story_ids or self.kinds)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.story_ids | other.story_ids, self.kinds | other.kinds,
                       self.events | other.events)

    def touches(self, story_id: str) -> bool:
        return story_id in self.story_ids or POLICY in self.kinds

    def has(self, *kinds: str) -> bool:
        return any(kind in self.kinds for kind in kinds)


NOTHING = Changes()


def for_action(story_id: str, action: str, seq: int | None = None) -> Changes:
    """The change one audit event records (``story_id`` empty: library-wide)."""
    kinds = _ACTION_KINDS.get(action, _DEFAULT_KINDS)
    return Changes(frozenset({story_id}) if story_id else frozenset(), kinds,
                   frozenset({seq}) if seq is not None else frozenset())


def of_events(events: Iterable[tuple[int, str, str]]) -> Changes:
    """The changes that ``(seq, story_id, action)`` rows of the audit log record."""
    total = NOTHING
    for seq, story_id, action in events:
        total = total | for_action(story_id, action, seq)
    return total


def of_stories(story_ids: Iterable[str], *kinds: str) -> Changes:
    """A change the core made without saying so itself (e.g. a fetch's snapshots)."""
    return Changes(frozenset(story_ids), frozenset(kinds or (STATUS,)))
