"""The pre-publish gate: nothing leaves while the library's policy finds something open.

What blocks is the policy's call (``app.policy``): by default every contradicted,
unsupported, dangling or never-checked (``unavailable``) citation, every quotation the
source lacks, every misquotation, and every blocker finding (at the severity the
policy gives its kind). Each open item has a key: ``f:<hash>`` for a finding,
``c:<claim>:<n>`` for a citation (a citation's verdict and its quotations share it).

An item is settled by a reviewer, with a note, on the current revision only:
- a citation by overriding its verdict (``workflow.override_verdict``; an override to a
  verdict the policy blocks keeps that verdict open, its quotations and numbers are
  settled by the reviewer's reading) or by waiving it (``waive_finding`` with its key);
- a finding by waiving it.
Overrides and waivers are audit events; waivers are derived from the log like
approvals, so there is no second table that could drift from it.

The command line, the desk's approve dialog and the fact-check report all list what
``check_gate`` returns.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from app import audit, workflow
from app.check import check_story
from app.errors import CopydeskError
from app.identity import clean_name
from app.library import Library, load_overrides, load_story
from app.markers import strip_markers
from app.model import Citation, Claim, Finding, Report
from app.policy import CITATION_FINDING_KINDS, Policy, load_policy

WAIVE_ACTION = "waive_finding"
WAIVE_CITATION_ACTION = "waive_citation"

#: Kinds of open item, in the order the gate counts them, with (one, many) names.
ITEM_KINDS: dict[str, tuple[str, str]] = {
    "unchecked_citation": ("unchecked citation (source never checked)",
                           "unchecked citations (source never checked)"),
    "contradicted_citation": ("contradicted citation", "contradicted citations"),
    "unsupported_citation": ("unsupported citation", "unsupported citations"),
    "dangling_citation": ("dangling citation (no such reference)",
                          "dangling citations (no such reference)"),
    "partial_citation": ("partly supported citation", "partly supported citations"),
    "missing_quotation": ("missing quotation", "missing quotations"),
    "misquotation": ("misquotation", "misquotations"),
    "missing_number": ("missing number", "missing numbers"),
    "blocker_finding": ("blocker finding", "blocker findings"),
}
#: The workflow states from which a revision may leave (a queued or published story
#: may go to one more target, or again after a correction is approved).
EXPORTABLE_STATUSES = ("approved", "queued", "export_failed", "published")

_VERDICT_KIND = {"unavailable": "unchecked_citation", "contradicted": "contradicted_citation",
                 "unsupported": "unsupported_citation", "dangling": "dangling_citation",
                 "partial": "partial_citation"}


@dataclass(frozen=True)
class OpenItem:
    """One thing that stops an export, with the key to settle it by."""

    key: str  # "f:<hash>" for a finding, "c:<claim>:<n>" for a citation
    kind: str  # one of ITEM_KINDS
    message: str
    claim_index: int | None = None
    n: int | None = None
    finding_kind: str = ""  # for a blocker finding: the finding's own kind

    def describe(self) -> str:
        return f"{self.key}  {self.message}"


def count_line(counts: list[tuple[str, int]] | tuple[tuple[str, int], ...]) -> str:
    """``12 unchecked citations (source never checked), 1 blocker finding``."""
    return ", ".join(f"{n} {ITEM_KINDS[kind][0 if n == 1 else 1]}" for kind, n in counts)


@dataclass(frozen=True)
class GateResult:
    story_id: str
    revision: str
    open: tuple[OpenItem, ...]
    waived: tuple[tuple[str, str, str], ...] = ()  # (key, actor, note)
    policy: Policy = Policy()
    #: Why the story's workflow state stops its export ("" when it does not): the
    #: same words ``export`` refuses with, so the gate and the export never disagree.
    stopped_by: str = ""

    @property
    def passed(self) -> bool:
        """Nothing is open under the policy (the approve dialog asks this)."""
        return not self.open

    @property
    def exportable(self) -> bool:
        """Nothing open and a workflow state that lets the revision leave."""
        return self.passed and not self.stopped_by

    def counts(self) -> tuple[tuple[str, int], ...]:
        """(kind, how many) of the open items, in ``ITEM_KINDS`` order."""
        counted = Counter(item.kind for item in self.open)
        return tuple((kind, counted[kind]) for kind in ITEM_KINDS if counted[kind])

    def summary(self) -> str:
        return count_line(self.counts()) if self.open else "nothing open"

    def describe(self) -> str:
        if self.exportable:
            return f"story {self.story_id}: nothing open, ready to export"
        if self.passed:
            return (f"story {self.story_id} cannot be exported: {self.stopped_by}; nothing "
                    "is open under the pre-publish policy")
        lines = [f"story {self.story_id} cannot be exported: {len(self.open)} open item(s) "
                 f"on revision {self.revision[:12]}: {self.summary()}"]
        if self.stopped_by:
            lines.append(f"and {self.stopped_by}")
        lines += ["settle each with a note: override the citation's verdict, or "
                  "`copydesk gate STORY --waive KEY --note TEXT`; or edit the story:"]
        lines += ["  " + item.describe() for item in self.open]
        return "\n".join(lines)


class GateRefused(CopydeskError):
    def __init__(self, result: GateResult) -> None:
        super().__init__(result.describe())
        self.result = result


def workflow_stop(state: workflow.StoryState) -> str:
    """Why ``state`` stops an export, in words that follow "cannot be exported:"; ""
    when the workflow lets the revision leave."""
    if state.status not in EXPORTABLE_STATUSES:
        return (f"story {state.story_id} is {state.status.replace('_', ' ')}; only an "
                "approved revision can be exported")
    if len(state.approvals) < state.approvals_required:
        return (f"revision {state.revision[:12]} of story {state.story_id} has "
                f"{len(state.approvals)} of {state.approvals_required} approvals")
    return ""


def finding_key(finding: Finding) -> str:
    text = f"{finding.kind}\n{finding.message}\n{finding.location}"
    return "f:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def citation_key(claim_index: int, n: int) -> str:
    return f"c:{claim_index}:{n}"


def settling_key(finding: Finding, claims: tuple[Claim, ...] | list[Claim]) -> str:
    """The key that settles ``finding``: its citation's (``c:…``) for what a citation's
    check raised (a contradiction, a missing quotation…, located on the claim and naming
    ``[n]``), so that it is counted, overridden and waived with that citation; else its
    own ``f:…``."""
    if finding.kind in CITATION_FINDING_KINDS and finding.location is not None:
        for claim in claims:
            if claim.span == finding.location:
                named = [c for c in claim.citations if f"[{c.n}]" in finding.message]
                if len(named) == 1:
                    return citation_key(claim.index, named[0].n)
    return finding_key(finding)


def waivers(library: Library, story_id: str, revision: str) -> dict[str, tuple[str, str]]:
    """Keys waived on ``revision`` (findings and citations): key -> (actor, note)."""
    found: dict[str, tuple[str, str]] = {}
    for event in audit.story_events(library, story_id):
        if event.revision != revision:
            continue
        if event.action == WAIVE_ACTION:
            key = str(event.details.get("finding", ""))
        elif event.action == WAIVE_CITATION_ACTION:
            key = str(event.details.get("citation", ""))
        else:
            continue
        if key:
            found[key] = (event.actor, event.note)
    return found


def _shown(claim: Claim, limit: int = 100) -> str:
    text = strip_markers(claim.text)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _verdict_message(claim: Claim, citation: Citation, verdict: str) -> str:
    where = f"claim {claim.index + 1} cites [{citation.n}]"
    if verdict == "unsupported":
        return f"{where}, which does not support it: “{_shown(claim)}”"
    if verdict == "contradicted":
        said = "; ".join(f"the claim says “{a}”, the source says “{b}”"
                         for a, b in citation.contradictions)
        return f"{where}, which contradicts it" + (f" ({said})" if said else "") + \
            f": “{_shown(claim)}”"
    if verdict == "unavailable":
        why = f" ({citation.reason})" if citation.reason else ""
        return f"{where}, a source never checked{why}: “{_shown(claim)}”"
    if verdict == "dangling":
        return f"{where}, which is not in the reference list: “{_shown(claim)}”"
    return f"{where}, which backs only part of it: “{_shown(claim)}”"


def _citation_items(claim: Claim, citation: Citation, policy: Policy) -> list[OpenItem]:
    key = citation_key(claim.index, citation.n)
    items = []
    verdict = citation.effective_verdict
    if policy.blocks_verdict(verdict):
        items.append(OpenItem(key, _VERDICT_KIND[verdict],
                              _verdict_message(claim, citation, verdict),
                              claim.index, citation.n))
    if citation.override is not None:
        return items  # the reviewer read the source: quotations and numbers are settled
    where = f"claim {claim.index + 1} quotes"
    if policy.missing_quotation:
        items += [OpenItem(key, "missing_quotation",
                           f"{where} “{q}”, which is not in [{citation.n}]",
                           claim.index, citation.n) for q in citation.missing_quotes]
    if policy.misquotation:
        items += [OpenItem(key, "misquotation",
                           f"{where} “{q}”, which [{citation.n}] words differently",
                           claim.index, citation.n) for q in citation.near_quotes]
    if policy.missing_number and citation.verdict != "contradicted":  # the contradiction says it
        items += [OpenItem(key, "missing_number",
                           f"claim {claim.index + 1} states {x}, which is not in [{citation.n}]",
                           claim.index, citation.n) for x in citation.missing_numbers]
    return items


def evaluate(report: Report, waived: dict[str, tuple[str, str]],
             policy: Policy | None = None) -> tuple[OpenItem, ...]:
    """The open items of ``report`` under ``policy`` (default: the default policy),
    leaving out the keys in ``waived``. Pure: the desk and the tests call it too."""
    policy = policy or Policy()
    items: list[OpenItem] = []
    for claim in report.claims:
        for citation in claim.citations:
            if citation_key(claim.index, citation.n) not in waived:
                items += _citation_items(claim, citation, policy)
    for finding in report.findings:
        if policy.severity_of(finding) != "blocker":
            continue
        key = settling_key(finding, report.claims)
        if key.startswith("c:"):
            continue  # its citation's items above stand for it
        if key not in waived:
            items.append(OpenItem(key, "blocker_finding", f"blocker: {finding.message}",
                                  finding_kind=finding.kind))
    order = list(ITEM_KINDS)
    return tuple(sorted(items, key=lambda i: order.index(i.kind)))


def check_gate(library: Library, story_id: str, report: Report | None = None) -> GateResult:
    """What stands between the story's current revision and an export.

    ``report``: the story's check of its current revision with its overrides, when the
    caller has one (the desk does); otherwise the story is checked here.
    """
    story = load_story(library, story_id)
    revision = story.revision
    if report is None or report.story.revision != revision:
        report = check_story(story, load_overrides(library, story_id, revision))
    policy = load_policy(library)
    waived = waivers(library, story_id, revision)
    return GateResult(story_id, revision, evaluate(report, waived, policy),
                      tuple((k, a, n) for k, (a, n) in waived.items()), policy,
                      workflow_stop(workflow.story_state(library, story_id)))


def waive_finding(library: Library, story_id: str, key: str, note: str, actor: str) -> GateResult:
    """Accept one open item of the current revision, with the reviewer's reason.

    ``key`` is a blocker finding's (``f:…``) or a citation's (``c:CLAIM:N``: every open
    item of that citation, its verdict and its quotations). Allowed where overriding a
    verdict is (before approval); an edit makes a new revision, on which it is open again.
    """
    return waive_items(library, story_id, (key,), note, actor)


def waive_finding_of(library: Library, story_id: str, finding: Finding, note: str,
                     actor: str) -> GateResult:
    """Waive what ``finding`` stands for: itself, or the citation whose check raised it."""
    story = load_story(library, story_id)
    report = check_story(story, load_overrides(library, story_id, story.revision))
    return waive_items(library, story_id, (settling_key(finding, report.claims),), note, actor)


def waive_items(library: Library, story_id: str, keys: Sequence[str], note: str,
                actor: str) -> GateResult:
    """Waive several open items with one note, all or none (one audit event each)."""
    actor = clean_name(actor)
    note = (note or "").strip()
    keys = list(dict.fromkeys(keys))
    if not keys:
        raise workflow.DecisionInputError("say which item to waive (its key)")
    what = "a citation" if all(k.startswith("c:") for k in keys) else \
        "a finding" if len(keys) == 1 else "open items"
    if not note:
        raise workflow.DecisionInputError(f"waiving {what} needs a note saying why")
    result = check_gate(library, story_id)
    found: dict[str, list[OpenItem]] = {}
    for item in result.open:
        found.setdefault(item.key, []).append(item)
    for key in keys:
        if key not in found:
            raise workflow.DecisionInputError(
                f"story {story_id} has no open item {key} on its current revision "
                "(`copydesk gate STORY` lists them)")
    with library.transaction():
        state = workflow.story_state(library, story_id)
        if "override" not in workflow.allowed_actions(state.status):
            raise workflow.WorkflowError(
                f"cannot waive {what}: story {story_id} is {state.status} "
                "(request changes first)", story_id, state.status)
        if state.revision != result.revision:
            raise workflow.WorkflowError(
                f"story {story_id} changed meanwhile; check it again", story_id, state.status)
        for key in keys:
            items = found[key]
            if key.startswith("c:"):
                audit.append_event(
                    library, story_id=story_id, revision=state.revision, actor=actor,
                    action=WAIVE_CITATION_ACTION, note=note,
                    data={"citation": key, "claim": items[0].claim_index, "n": items[0].n,
                          "kinds": sorted({i.kind for i in items})})
            else:
                audit.append_event(
                    library, story_id=story_id, revision=state.revision, actor=actor,
                    action=WAIVE_ACTION, note=note,
                    data={"finding": key, "kind": items[0].finding_kind})
    return check_gate(library, story_id)
