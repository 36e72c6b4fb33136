"""The newsroom's objects: story, reference, snapshot, claim, citation, finding.

All are frozen dataclasses: core functions take them and return new ones, the UI
decides what to redraw.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

Severity = Literal["blocker", "warning", "info"]
Verdict = Literal[
    "supported", "partial", "contradicted", "unsupported", "unavailable", "dangling"]
VERDICTS: tuple[Verdict, ...] = (
    "supported", "partial", "contradicted", "unsupported", "unavailable", "dangling")

SnapshotHow = Literal["fetched", "attached", "bundled"]


@dataclass(frozen=True)
class Snapshot:
    """The kept text of a cited page, so review works offline.

    ``status`` is "ok" when ``text`` holds the page's main text, "unavailable" when
    fetching failed; ``reason`` then says why in words a person understands.
    """

    url: str
    status: Literal["ok", "unavailable"]
    how: SnapshotHow
    text: str = ""
    html: str = ""
    title: str = ""
    final_url: str = ""
    content_type: str = ""
    fetched_at: str = ""
    sha256: str = ""
    reason: str = ""
    http_status: int | None = None
    author: str = ""
    published: str = ""

    @property
    def usable(self) -> bool:
        return self.status == "ok" and bool(self.text.strip())


@dataclass(frozen=True)
class Reference:
    """One entry of a story's reference list: ``[n] Publisher — Title — URL``."""

    n: int
    publisher: str
    title: str
    url: str
    snapshot: Snapshot | None = None


@dataclass(frozen=True)
class Marker:
    """One citation marker in the body, e.g. ``[2]``, ``[2, 3]``, ``[2-4]`` or ``[^2]``."""

    text: str
    span: tuple[int, int]
    numbers: tuple[int, ...]


@dataclass(frozen=True)
class Sentence:
    """A sentence of the body with its character span and the markers it carries."""

    text: str
    span: tuple[int, int]
    markers: tuple[Marker, ...] = ()

    @property
    def cited(self) -> tuple[int, ...]:
        """Reference numbers this sentence cites, in order of first appearance."""
        seen: dict[int, None] = {}
        for marker in self.markers:
            for n in marker.numbers:
                seen.setdefault(n, None)
        return tuple(seen)

    @property
    def is_claim(self) -> bool:
        return bool(self.markers)


@dataclass(frozen=True)
class Finding:
    """Something a reviewer should know about a story, from a blocker down to info."""

    kind: str
    severity: Severity
    message: str
    location: tuple[int, int] | None = None  # character span in the body, when it has one

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
        }
        if self.location is not None:
            out["location"] = list(self.location)
        return out


@dataclass(frozen=True)
class Story:
    """A generated story as parsed from its file, before any checking.

    ``body`` is Markdown with ``[n]`` markers; section headings are ``##`` lines.
    ``parse_findings`` are what the parser noticed (malformed reference lines,
    removed boilerplate) so that nothing is silently kept or silently dropped.
    """

    title: str
    dek: str
    body: str
    references: tuple[Reference, ...]
    origin: str = ""  # "digest" | "markdown" | "bundle"
    id: str = ""
    boilerplate: str = ""
    parse_findings: tuple[Finding, ...] = ()
    sections: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @cached_property  # frozen: the text cannot change under the cache
    def revision(self) -> str:
        """SHA-256 of the canonical text: what an approval is an approval of."""
        return revision_hash(self.title, self.dek, self.body, self.references)

    def reference(self, n: int) -> Reference | None:
        for ref in self.references:
            if ref.n == n:
                return ref
        return None


def revision_hash(title: str, dek: str, body: str, references: tuple[Reference, ...]) -> str:
    """Hash the reviewable text: title, dek, body and the reference list (not snapshots)."""
    canonical = json.dumps(
        {
            "title": title.strip(),
            "dek": dek.strip(),
            "body": body.strip().replace("\r\n", "\n"),
            "references": [[r.n, r.publisher, r.title, r.url] for r in references],
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Citation:
    """The verdict on one (claim, cited reference) pair, with what explains it."""

    n: int
    verdict: Verdict
    score: float | None = None
    evidence_text: str = ""
    evidence_span: tuple[int, int] | None = None
    matched: tuple[str, ...] = ()
    missing_numbers: tuple[str, ...] = ()
    missing_quotes: tuple[str, ...] = ()
    missing_names: tuple[str, ...] = ()
    missing_words: tuple[str, ...] = ()  # content words found nowhere in the source
    near_quotes: tuple[str, ...] = ()
    unbacked: tuple[str, ...] = ()
    negation_flipped: bool = False
    # (what the claim says, what the source says instead), e.g.
    # ("15 new bus routes", "8 new bus routes"): the reason for "contradicted"
    contradictions: tuple[tuple[str, str], ...] = ()
    reason: str = ""
    override: Override | None = None

    @property
    def effective_verdict(self) -> Verdict:
        return self.override.verdict if self.override else self.verdict


@dataclass(frozen=True)
class Override:
    """A reviewer's verdict set by hand, with the note that justifies it."""

    verdict: Verdict
    note: str
    actor: str
    at: str


@dataclass(frozen=True)
class Claim:
    """A sentence that carries at least one marker, and the verdict on each citation."""

    index: int
    text: str
    span: tuple[int, int]
    markers: tuple[Marker, ...]
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Report:
    """Everything ``check`` knows about a story: claims, citations, findings."""

    story: Story
    claims: tuple[Claim, ...]
    findings: tuple[Finding, ...]
    summary: dict[str, int] = field(default_factory=dict)

    @property
    def has_blockers(self) -> bool:
        return any(f.severity == "blocker" for f in self.findings)

    def count(self, severity: Severity) -> int:
        """How many findings of this severity, e.g. for the queue's columns."""
        return sum(1 for f in self.findings if f.severity == severity)
