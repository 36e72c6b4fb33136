"""The pre-publish gate: nothing leaves while a blocker or an unsupported citation is open.

Open means: a blocker finding on the approved revision that no reviewer waived with a
note, or a citation whose verdict (after any override) is ``unsupported``. A citation
is settled by overriding its verdict with a note (``workflow.override_verdict``); a
finding by waiving it with a note (``waive_finding`` here). Both are recorded on one
revision only, and both are audit events: a waiver is derived from the log, like an
approval, so there is no second table that could drift from it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from app import audit, workflow
from app.check import check_story
from app.errors import CopydeskError
from app.identity import clean_name
from app.library import Library, load_overrides, load_story
from app.markers import strip_markers
from app.model import Finding, Report

WAIVE_ACTION = "waive_finding"


@dataclass(frozen=True)
class OpenItem:
    """One thing that stops an export, with the key to settle it by."""

    key: str  # "f:<hash>" for a finding, "c:<claim>:<n>" for a citation
    kind: str  # the finding's kind, or "unsupported_citation"
    message: str
    claim_index: int | None = None
    n: int | None = None

    def describe(self) -> str:
        return f"{self.key}  {self.message}"


@dataclass(frozen=True)
class GateResult:
    story_id: str
    revision: str
    open: tuple[OpenItem, ...]
    waived: tuple[tuple[str, str, str], ...] = ()  # (key, actor, note)

    @property
    def passed(self) -> bool:
        return not self.open

    def describe(self) -> str:
        if self.passed:
            return f"story {self.story_id}: nothing open, ready to export"
        lines = [f"story {self.story_id} cannot be exported: {len(self.open)} open item(s) "
                 f"on revision {self.revision[:12]} (override each citation, or waive each "
                 "finding, with a note; or edit the story):"]
        lines += ["  " + item.describe() for item in self.open]
        return "\n".join(lines)


class GateRefused(CopydeskError):
    def __init__(self, result: GateResult) -> None:
        super().__init__(result.describe())
        self.result = result


def finding_key(finding: Finding) -> str:
    text = f"{finding.kind}\n{finding.message}\n{finding.location}"
    return "f:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def waivers(library: Library, story_id: str, revision: str) -> dict[str, tuple[str, str]]:
    """Finding keys waived on ``revision``: key -> (actor, note)."""
    found: dict[str, tuple[str, str]] = {}
    for event in audit.story_events(library, story_id):
        if event.action == WAIVE_ACTION and event.revision == revision:
            key = str(event.details.get("finding", ""))
            if key:
                found[key] = (event.actor, event.note)
    return found


def evaluate(report: Report, waived: dict[str, tuple[str, str]]) -> tuple[OpenItem, ...]:
    items: list[OpenItem] = []
    for finding in report.findings:
        if finding.severity != "blocker":
            continue
        key = finding_key(finding)
        if key not in waived:
            items.append(OpenItem(key, finding.kind, f"blocker: {finding.message}"))
    for claim in report.claims:
        for citation in claim.citations:
            if citation.effective_verdict == "unsupported":
                text = strip_markers(claim.text)
                shown = text if len(text) <= 100 else text[:97] + "..."
                items.append(OpenItem(
                    f"c:{claim.index}:{citation.n}", "unsupported_citation",
                    f"claim {claim.index} cites [{citation.n}], which does not support it: "
                    f"“{shown}”",
                    claim.index, citation.n,
                ))
    return tuple(items)


def check_gate(library: Library, story_id: str) -> GateResult:
    """What stands between the story's current revision and an export."""
    story = load_story(library, story_id)
    revision = story.revision
    report = check_story(story, load_overrides(library, story_id, revision))
    waived = waivers(library, story_id, revision)
    return GateResult(story_id, revision, evaluate(report, waived),
                      tuple((k, a, n) for k, (a, n) in waived.items()))


def waive_finding(library: Library, story_id: str, key: str, note: str, actor: str) -> GateResult:
    """Accept a blocker finding on the current revision, with the reviewer's reason.

    Allowed where overriding a verdict is (before approval); an edit makes a new
    revision, on which the finding is open again.
    """
    actor = clean_name(actor)
    note = (note or "").strip()
    if not note:
        raise workflow.DecisionInputError("waiving a finding needs a note saying why")
    result = check_gate(library, story_id)
    item = next((i for i in result.open if i.key == key), None)
    if item is None:
        raise workflow.DecisionInputError(
            f"story {story_id} has no open finding {key} on its current revision")
    if key.startswith("c:"):
        raise workflow.DecisionInputError(
            f"{key} is a citation: override its verdict with a note instead")
    with library.transaction():
        state = workflow.story_state(library, story_id)
        if "override" not in workflow.allowed_actions(state.status):
            raise workflow.WorkflowError(
                f"cannot waive a finding: story {story_id} is {state.status} "
                "(request changes first)", story_id, state.status)
        if state.revision != result.revision:
            raise workflow.WorkflowError(
                f"story {story_id} changed meanwhile; check it again", story_id, state.status)
        audit.append_event(library, story_id=story_id, revision=state.revision, actor=actor,
                           action=WAIVE_ACTION, note=note,
                           data={"finding": key, "kind": item.kind})
    return check_gate(library, story_id)
