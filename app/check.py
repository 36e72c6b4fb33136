"""``check``: turn a parsed story into claims, verdicts per citation, and findings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from app.findings import (
    citation_findings,
    describe,
    reference_findings,
    title_mismatch,
    uncited_factual_findings,
    unrelated_reference_findings,
)
from app.markers import strip_markers
from app.model import VERDICTS, Citation, Claim, Finding, Override, Report, Story
from app.sentences import split_sentences

if TYPE_CHECKING:
    from app import evidence

OverrideKey = tuple[int, int]  # (claim index, reference number)
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class CheckCancelled(Exception):
    """Raised when the caller's ``cancelled()`` said stop."""


def check_story(
    story: Story,
    overrides: Mapping[OverrideKey, Override] | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Report:
    """Check a story: every claim's citations judged, story-level findings listed."""
    overrides = overrides or {}
    sentences = split_sentences(story.body)
    references = {ref.n: ref for ref in reversed(story.references)}  # first listing wins
    indexes: dict[int, evidence.SourceIndex] = {}
    claim_sentences = [s for s in sentences if s.is_claim]
    claims: list[Claim] = []
    for index, sentence in enumerate(claim_sentences):
        if cancelled and cancelled():
            raise CheckCancelled()
        plain = ""  # the sentence without markers, made only when a source can be read
        citations = []
        for n in sentence.cited:
            ref = references.get(n)
            if not plain and ref is not None and ref.snapshot is not None and ref.snapshot.usable:
                plain = strip_markers(sentence.text)
            citation = _judge(plain, n, references, indexes)
            override = overrides.get((index, n))
            if override is not None:
                citation = _with_override(citation, override)
            citations.append(citation)
        claims.append(
            Claim(index, sentence.text, sentence.span, sentence.markers, tuple(citations))
        )
        if progress and (index % 8 == 0 or index == len(claim_sentences) - 1):
            progress(index + 1, len(claim_sentences))

    findings: list[Finding] = []
    mismatch = title_mismatch(story)
    if mismatch:
        findings.append(mismatch)
    findings += reference_findings(story, sentences)
    findings += [f for f in story.parse_findings]
    findings += uncited_factual_findings(sentences)
    findings += _source_findings(story, claims)
    findings += _claim_findings(claims)
    findings += citation_findings(claims)
    findings += unrelated_reference_findings(story, claims, mismatch is not None)
    findings.sort(key=lambda f: ("blocker", "warning", "info").index(f.severity))
    return Report(story=story, claims=tuple(claims), findings=tuple(findings),
                  summary=summarise(claims))


def _judge(
    claim: str, n: int, references: dict, indexes: dict[int, evidence.SourceIndex]
) -> Citation:
    ref = references.get(n)
    if ref is None:
        return Citation(n, "dangling", reason=f"the reference list has no [{n}]")
    snapshot = ref.snapshot
    if snapshot is None or not snapshot.usable:
        reason = (snapshot.reason if snapshot and snapshot.reason
                  else "no snapshot of this source yet")
        return Citation(n, "unavailable", reason=reason)
    from app import evidence  # the scorer loads only when a source can be read

    if n not in indexes:
        indexes[n] = evidence.index_source(snapshot.text)
    result = evidence.assess(claim, indexes[n])
    return Citation(
        n=n,
        verdict=result.verdict,  # type: ignore[arg-type]
        score=round(result.score, 4),
        evidence_text=result.passage,
        evidence_span=result.span,
        matched=result.matched,
        missing_numbers=result.missing.numbers,
        missing_quotes=result.missing.quotes,
        missing_names=result.missing.names,
        missing_words=result.missing.words,
        near_quotes=result.near_quotes,
        unbacked=result.unbacked,
        negation_flipped=result.negation_flipped,
        contradictions=result.contradictions,
        reason=result.explanation,
    )


def _with_override(citation: Citation, override: Override) -> Citation:
    from dataclasses import replace

    return replace(citation, override=override)


def summarise(claims: list[Claim] | tuple[Claim, ...]) -> dict[str, int]:
    counts: dict[str, int] = {verdict: 0 for verdict in VERDICTS}
    for claim in claims:
        for citation in claim.citations:
            counts[citation.effective_verdict] += 1
    counts["claims"] = len(claims)
    counts["citations"] = sum(len(c.citations) for c in claims)
    counts["overridden"] = sum(1 for c in claims for x in c.citations if x.override)
    return counts


def _source_findings(story: Story, claims: list[Claim]) -> list[Finding]:
    """One finding per cited source that cannot be read offline."""
    findings = []
    cited = {c.n for claim in claims for c in claim.citations if c.verdict == "unavailable"}
    for ref in story.references:
        if ref.n in cited:
            snapshot = ref.snapshot
            why = snapshot.reason if snapshot and snapshot.reason else "not snapshotted yet"
            uses = sum(1 for claim in claims for c in claim.citations if c.n == ref.n)
            findings.append(Finding(
                "source_unavailable", "warning",
                f"Source [{ref.n}] {describe(ref)} is unavailable offline ({why}); "
                f"its {uses} citation{'s' if uses != 1 else ''} cannot be checked.",
            ))
            cited.discard(ref.n)
    return findings


def _claim_findings(claims: list[Claim]) -> list[Finding]:
    """Claims that none of their available sources backs."""
    findings = []
    for claim in claims:
        judged = [c for c in claim.citations
                  if c.effective_verdict not in ("unavailable", "dangling")]
        if judged and all(c.effective_verdict == "unsupported" for c in judged):
            shown = strip_markers(claim.text)
            shown = shown if len(shown) <= 90 else shown[:87] + "..."
            cited = ", ".join(f"[{c.n}]" for c in judged)
            findings.append(Finding(
                "unsupported_claim", "warning",
                f"“{shown}” is not backed by {cited}.", claim.span,
            ))
    return findings
