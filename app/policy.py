"""The pre-publish policy: what stops an export, for the whole library.

One policy per library file, kept in its ``settings`` table (key ``policy``) so that
the desk and the command line on the same file agree; every change is an audit event
(``setting``, like the four-eyes rule). The gate (``app.publish.gate``) reads it.

It says
- which citation verdicts block (default: contradicted, unsupported, dangling, and
  unavailable: a source nobody could check); ``partial`` may be switched on;
- whether a quotation the source lacks, a misquotation, or a number the source lacks
  blocks (default: yes, yes, no);
- a severity per finding kind (``title_mismatch=warning``…); a kind the policy does not
  name keeps the severity its check gave it. Every finding that ends up a blocker
  blocks. What a citation's check raises (``contradiction``, ``missing_quotation``,
  ``misquotation``, ``missing_number``) has its switch above as its severity: one knob
  per thing.

Each open item stays open until a reviewer overrides the citation's verdict or waives
the item with a note.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from app.errors import CopydeskError
from app.library.db import Library
from app.library.settings import read_setting, write_setting
from app.model import Finding, Report, Severity

SETTING_KEY = "policy"

#: Verdicts a policy may block (``supported`` never does).
BLOCKABLE_VERDICTS = ("contradicted", "unsupported", "unavailable", "dangling", "partial")
DEFAULT_BLOCKED_VERDICTS = ("contradicted", "unsupported", "unavailable", "dangling")
#: What the evidence says a claim's quotations and numbers lack, per citation.
CHECKS = ("missing_quotation", "misquotation", "missing_number")
DEFAULT_CHECKS = {"missing_quotation": True, "misquotation": True, "missing_number": False}
SEVERITIES: tuple[Severity, ...] = ("blocker", "warning", "info")
#: Findings a citation's check raises, and the switch that decides whether they block
#: (a verdict or a check): one knob per thing, so ``--severity missing_number=blocker``
#: means ``--block missing_number``. The gate counts them with their citation.
CITATION_FINDING_KINDS = {"contradiction": "contradicted", "missing_quotation":
                          "missing_quotation", "misquotation": "misquotation",
                          "missing_number": "missing_number"}
#: Finding kinds a newsroom can give a severity: those Copydesk's checks emit.
FINDING_KINDS = (
    *CITATION_FINDING_KINDS,
    "unrelated_reference", "merged_stories", "title_mismatch", "dangling_marker",
    "duplicate_reference", "uncited_reference", "uncited_factual_sentence",
    "source_unavailable", "unsupported_claim", "malformed_reference", "trailing_boilerplate",
)
#: Other words for a verdict, as the gate names it.
ALIASES = {"unchecked": "unavailable", "never_checked": "unavailable",
           "missing_quote": "missing_quotation", "misquote": "misquotation",
           "near_quotation": "misquotation"}
VERDICT_NOTES = {"unavailable": "source never checked", "dangling": "no such reference",
                 "partial": "partly supported"}


class PolicyInputError(CopydeskError):
    """A value the policy cannot take; nothing was changed."""


@dataclass(frozen=True)
class Policy:
    """What blocks an export. Frozen; ``with_changes`` makes a changed copy."""

    blocked_verdicts: tuple[str, ...] = DEFAULT_BLOCKED_VERDICTS
    missing_quotation: bool = True
    misquotation: bool = True
    missing_number: bool = False
    severities: tuple[tuple[str, Severity], ...] = ()  # (finding kind, level), sorted

    def __post_init__(self) -> None:
        # One spelling per meaning, so that equal policies compare equal.
        order = {v: i for i, v in enumerate(BLOCKABLE_VERDICTS)}
        verdicts = tuple(sorted(set(self.blocked_verdicts), key=order.__getitem__))
        object.__setattr__(self, "blocked_verdicts", verdicts)
        levels = {k: v for k, v in self.severities if k not in CITATION_FINDING_KINDS}
        object.__setattr__(self, "severities", tuple(sorted(levels.items())))

    # -- reading ---------------------------------------------------------------------
    def blocks_verdict(self, verdict: str) -> bool:
        return verdict in self.blocked_verdicts

    def blocks_check(self, check: str) -> bool:
        return bool(getattr(self, check)) if check in CHECKS else False

    def severity_of(self, finding: Finding) -> Severity:
        """The finding's severity under this policy: the newsroom's, else its own.

        A citation's finding (a contradiction, a missing quotation…) is a blocker when
        its switch blocks, else at most a warning."""
        switch = CITATION_FINDING_KINDS.get(finding.kind)
        if switch is not None:
            if self.blocks_verdict(switch) or self.blocks_check(switch):
                return "blocker"
            return "warning" if finding.severity == "blocker" else finding.severity
        return dict(self.severities).get(finding.kind, finding.severity)

    def apply(self, report: Report) -> Report:
        """The report with each finding at the severity this policy gives its kind."""
        if all(self.severity_of(f) == f.severity for f in report.findings):
            return report
        findings = [f if self.severity_of(f) == f.severity
                    else replace(f, severity=self.severity_of(f)) for f in report.findings]
        findings.sort(key=lambda f: SEVERITIES.index(f.severity))
        return replace(report, findings=tuple(findings))

    @property
    def is_default(self) -> bool:
        return self == Policy()

    # -- changing --------------------------------------------------------------------
    def with_changes(
        self,
        block: Iterable[str] = (),
        allow: Iterable[str] = (),
        severities: Mapping[str, str] | None = None,
    ) -> Policy:
        """A copy with these verdicts or checks blocking / not blocking and these kinds
        at these levels (``"default"`` gives a kind back its own severity).

        Raises ``PolicyInputError`` naming the first bad value.
        """
        block_names = [normalise_item(v) for v in block]
        allow_names = [normalise_item(v) for v in allow]
        levels: dict[str, Severity] = dict(self.severities)
        for kind, level in (severities or {}).items():
            kind, level = _kind(kind), _level(level)
            switch = CITATION_FINDING_KINDS.get(kind)
            if switch is not None:  # the switch is its severity
                if level == "default":
                    default = (switch in DEFAULT_BLOCKED_VERDICTS
                               or DEFAULT_CHECKS.get(switch, False))
                    (block_names if default else allow_names).append(switch)
                else:
                    (block_names if level == "blocker" else allow_names).append(switch)
            elif level == "default":
                levels.pop(kind, None)
            else:
                levels[kind] = level  # type: ignore[assignment]  # checked by _level
        both = set(block_names) & set(allow_names)
        if both:
            raise PolicyInputError(f"{sorted(both)[0]} cannot be both blocked and allowed")
        verdicts = set(self.blocked_verdicts)
        checks = {c: self.blocks_check(c) for c in CHECKS}
        for name in block_names:
            if name in CHECKS:
                checks[name] = True
            else:
                verdicts.add(name)
        for name in allow_names:
            if name in CHECKS:
                checks[name] = False
            else:
                verdicts.discard(name)
        return Policy(tuple(verdicts), checks["missing_quotation"], checks["misquotation"],
                      checks["missing_number"], tuple(levels.items()))

    # -- storing and showing ----------------------------------------------------------
    def as_dict(self) -> dict[str, Any]:
        return {
            "block": list(self.blocked_verdicts),
            "checks": {c: self.blocks_check(c) for c in CHECKS},
            "severities": dict(self.severities),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Policy:
        """Read a stored policy; a value this version does not know is left out (a
        newer Copydesk may have written it), so the rest still holds."""
        block = data.get("block", DEFAULT_BLOCKED_VERDICTS)
        verdicts = tuple(v for v in block if v in BLOCKABLE_VERDICTS) \
            if isinstance(block, list) else DEFAULT_BLOCKED_VERDICTS
        stored = data.get("checks")
        stored = stored if isinstance(stored, dict) else {}
        checks = {c: bool(stored.get(c, DEFAULT_CHECKS[c])) for c in CHECKS}
        levels = data.get("severities")
        levels = levels if isinstance(levels, dict) else {}
        severities = tuple((str(k), v) for k, v in levels.items()
                           if v in SEVERITIES and k not in CITATION_FINDING_KINDS)
        return cls(verdicts, checks["missing_quotation"], checks["misquotation"],
                   checks["missing_number"], severities)  # type: ignore[arg-type]

    def describe_lines(self) -> list[str]:
        """The policy in words, one line per rule."""
        def verdicts(names: Iterable[str]) -> str:
            shown = [f"{v} ({VERDICT_NOTES[v]})" if v in VERDICT_NOTES else v for v in names]
            return ", ".join(shown) or "none"

        allowed = [v for v in BLOCKABLE_VERDICTS if v not in self.blocked_verdicts]
        lines = [f"citations that block:   {verdicts(self.blocked_verdicts)}",
                 "citations that pass:    supported" + (
                     f", {verdicts(allowed)}" if allowed else "")]
        for check in CHECKS:
            label = check.replace("_", " ") + ":"
            lines.append(f"{label:<24}{'blocks' if self.blocks_check(check) else 'does not block'}")
        if self.severities:
            lines.append("finding severities:     " + ", ".join(
                f"{k}={v}" for k, v in self.severities) + "; every other kind its own")
        else:
            lines.append("finding severities:     each finding's own")
        lines.append("blocker findings:       block")
        return lines


def normalise_item(value: str) -> str:
    """A verdict or check name as the policy spells it; raises ``PolicyInputError``."""
    name = value.strip().lower().replace("-", "_").replace(" ", "_")
    name = ALIASES.get(name, name)
    if name in BLOCKABLE_VERDICTS or name in CHECKS:
        return name
    if name == "supported":
        raise PolicyInputError("supported always passes; it cannot block or be allowed")
    known = ", ".join((*BLOCKABLE_VERDICTS, *CHECKS))
    raise PolicyInputError(f"unknown verdict or check {value.strip()!r} (one of: {known})")


def _kind(kind: str) -> str:
    name = kind.strip().lower().replace("-", "_")
    if name not in FINDING_KINDS:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise PolicyInputError(f"{kind.strip()!r} is not a finding kind")
        raise PolicyInputError(f"unknown finding kind {name!r} (one of: "
                               f"{', '.join(FINDING_KINDS)})")
    return name


def _level(level: str) -> str:
    name = level.strip().lower()
    if name not in (*SEVERITIES, "default"):
        raise PolicyInputError(f"severity {level.strip()!r} is not blocker, warning, info "
                               "or default")
    return name


def parse_severity(text: str) -> tuple[str, str]:
    """``KIND=LEVEL`` from the command line, checked."""
    kind, sep, level = text.partition("=")
    if not sep or not kind.strip() or not level.strip():
        raise PolicyInputError(f"{text!r}: write KIND=LEVEL, e.g. title_mismatch=warning")
    return _kind(kind), _level(level)


def split_items(values: Iterable[str]) -> list[str]:
    """``--block a,b --block c`` → [a, b, c], each checked."""
    out: list[str] = []
    for value in values:
        parts = [p for p in value.split(",")]
        if any(not p.strip() for p in parts):
            raise PolicyInputError(f"{value!r}: an empty name in the list")
        out += [normalise_item(p) for p in parts]
    return out


# -- the library's policy ----------------------------------------------------------------


def load_policy(library: Library) -> Policy:
    """The library's policy (the defaults until someone changes it)."""
    # missing or unreadable: the defaults are the strictest sensible reading
    data = read_setting(library, SETTING_KEY)
    return Policy.from_dict(data) if isinstance(data, dict) else Policy()


def set_policy(library: Library, policy: Policy, actor: str) -> Policy:
    """Make ``policy`` the library's, recorded as an audit event (``setting``).

    It applies to every gate checked after the change, including stories already
    approved and not yet exported. Setting the policy it already has changes nothing.
    """
    from app.identity import clean_name

    actor = clean_name(actor)
    with library.transaction():
        before = load_policy(library)
        if before == policy:
            return policy
        write_setting(library, SETTING_KEY, policy.as_dict(), before.as_dict(), actor)
    return policy


def last_change(library: Library) -> tuple[str, str] | None:
    """(actor, time) of the latest policy change in the audit log, if any."""
    rows = library.conn.execute(
        "SELECT actor, at, data FROM events WHERE story_id = '' AND action = 'setting' "
        "ORDER BY seq DESC").fetchall()
    for actor, at, data in rows:
        try:
            if json.loads(data or "{}").get("key") == SETTING_KEY:
                return str(actor), str(at)
        except (ValueError, AttributeError):
            continue
    return None
