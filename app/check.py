"""``check``: turn a parsed story into claims, verdicts per citation, and findings.

Checking again is cheap: each snapshot's prepared index is kept by the hash of its
text, and each claim's assessment by (claim text, snapshot hash), so re-checking
after an override, a waiver or a decision runs no evidence at all, and after an
edit only the changed claims are assessed; the last reports are kept too, for the
same story with the same overrides. All are bounded (least recently used first
out); ``forget_checks()`` empties them.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Generic, TypeVar

from app.findings import (
    citation_findings,
    describe,
    reference_findings,
    title_mismatch,
    uncited_factual_findings,
    unrelated_reference_findings,
)
from app.markers import strip_markers
from app.model import VERDICTS, Citation, Claim, Finding, Override, Report, Snapshot, Story
from app.sentences import split_sentences

if TYPE_CHECKING:
    from app import evidence

OverrideKey = tuple[int, int]  # (claim index, reference number)
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class CheckCancelled(Exception):
    """Raised when the caller's ``cancelled()`` said stop."""


V = TypeVar("V")


class Kept(Generic[V]):
    """A least-recently-used map with a budget, safe to share between threads (the
    desk checks on worker threads). ``weigh(value)`` is what one entry costs."""

    def __init__(self, budget: int, weigh: Callable[[V], int] = lambda _value: 1) -> None:
        self.budget = budget
        self._weigh = weigh
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value: V) -> None:
        cost = self._weigh(value)
        if cost > self.budget:
            return  # bigger than the whole budget: not kept
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._used -= old[1]
            self._entries[key] = (value, cost)
            self._used += cost
            while self._used > self.budget:
                _, (_, freed) = self._entries.popitem(last=False)
                self._used -= freed

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._used = 0

    def __len__(self) -> int:
        return len(self._entries)


#: Prepared snapshots kept, counted by their text's length: an index takes 45 to 75
#: times its text in memory, so this is some 100 MB at most (three or four long
#: pages, or a few hundred news articles).
INDEX_CHARS_KEPT = 1_500_000
#: Assessments kept: (claim text, snapshot hash) -> the scorer's verdict.
ASSESSMENTS_KEPT = 50_000
#: Reports kept, counted by their story's text (the report holds the story).
REPORT_CHARS_KEPT = 40_000_000
_INDEXES: Kept[evidence.SourceIndex] = Kept(INDEX_CHARS_KEPT, lambda index: len(index.text))
_ASSESSMENTS: Kept[evidence.Assessment] = Kept(ASSESSMENTS_KEPT)


def _story_chars(report: Report) -> int:
    story = report.story
    return len(story.body) + sum(len(r.snapshot.text) + len(r.snapshot.html)
                                 for r in story.references if r.snapshot is not None)


_REPORTS: Kept[Report] = Kept(REPORT_CHARS_KEPT, _story_chars)


def forget_checks() -> None:
    """Drop every kept index, assessment and report (tests, benchmarks, memory)."""
    _INDEXES.clear()
    _ASSESSMENTS.clear()
    _REPORTS.clear()


def text_key(text: str) -> bytes:
    """What a snapshot's text is kept under: a 128-bit BLAKE2b of it."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def check_story(
    story: Story,
    overrides: Mapping[OverrideKey, Override] | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Report:
    """Check a story: every claim's citations judged, story-level findings listed.

    The evidence is read one snapshot at a time (every claim citing it, then the
    next), so a story citing many long pages holds one prepared page at a time
    beyond what is kept for the next check. The same story with the same overrides
    (a save, then the desk showing it again) gets the report just made.
    """
    overrides = overrides or {}
    try:
        key: Hashable | None = (story, frozenset(overrides.items()))
        kept = _REPORTS.get(key)
    except TypeError:  # something unhashable in a story built by hand: not kept
        key, kept = None, None
    if kept is not None:
        if progress and kept.claims:
            progress(len(kept.claims), len(kept.claims))
        return replace(kept, story=story, summary=dict(kept.summary))
    report = _check_story(story, overrides, progress, cancelled)
    if key is not None:
        _REPORTS.put(key, replace(report, summary=dict(report.summary)))  # a copy of its own
    return report


def _check_story(
    story: Story,
    overrides: Mapping[OverrideKey, Override],
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> Report:
    sentences = split_sentences(story.body)
    references = {ref.n: ref for ref in reversed(story.references)}  # first listing wins
    keys: dict[int, bytes] = {}  # reference number -> its snapshot's text key
    claim_sentences = [s for s in sentences if s.is_claim]
    plains: list[str] = []  # each claim without markers, where a source can be read
    wanted: dict[bytes, dict[str, None]] = {}  # snapshot key -> claims to assess
    texts: dict[bytes, str] = {}
    for sentence in claim_sentences:
        plain = ""
        for n in sentence.cited:
            snapshot = _readable(references, n)
            if snapshot is None:
                continue
            plain = plain or strip_markers(sentence.text)
            key = keys.get(n)
            if key is None:
                key = keys[n] = text_key(snapshot.text)
                texts[key] = snapshot.text
            wanted.setdefault(key, {})[plain] = None
        plains.append(plain)
    assessed = _assess_all(wanted, texts, progress, cancelled, len(claim_sentences))

    claims: list[Claim] = []
    for index, sentence in enumerate(claim_sentences):
        citations = []
        for n in sentence.cited:
            citation = _judge(plains[index], n, references, keys, assessed)
            override = overrides.get((index, n))
            if override is not None:
                citation = _with_override(citation, override)
            citations.append(citation)
        claims.append(
            Claim(index, sentence.text, sentence.span, sentence.markers, tuple(citations))
        )
    if progress and claim_sentences:
        progress(len(claim_sentences), len(claim_sentences))

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


def _readable(references: dict, n: int) -> Snapshot | None:
    ref = references.get(n)
    snapshot = ref.snapshot if ref is not None else None
    return snapshot if snapshot is not None and snapshot.usable else None


def _assess_all(
    wanted: dict[bytes, dict[str, None]],
    texts: dict[bytes, str],
    progress: Progress | None,
    cancelled: Cancelled | None,
    claims: int,
) -> dict[tuple[str, bytes], evidence.Assessment]:
    """Every (claim, snapshot) assessment the story needs: kept ones as they are, the
    others worked out snapshot by snapshot."""
    out: dict[tuple[str, bytes], evidence.Assessment] = {}
    missing: list[tuple[bytes, list[str]]] = []
    for key, plains in wanted.items():
        todo = []
        for plain in plains:
            kept = _ASSESSMENTS.get((plain, key))
            if kept is None:
                todo.append(plain)
            else:
                out[(plain, key)] = kept
        if todo:
            missing.append((key, todo))
    total = sum(len(todo) for _, todo in missing)
    if not total:
        return out
    from app import evidence  # the scorer loads only when a source must be read

    done = 0
    for key, todo in missing:
        if cancelled and cancelled():
            raise CheckCancelled()
        index = _INDEXES.get(key)
        if index is None:
            index = evidence.index_source(texts[key])
            _INDEXES.put(key, index)
        for plain in todo:
            if cancelled and done % 8 == 0 and cancelled():
                raise CheckCancelled()
            result = evidence.assess(plain, index)
            _ASSESSMENTS.put((plain, key), result)
            out[(plain, key)] = result
            done += 1
            if progress and done % 8 == 0:
                # in claims, so the bar means what it meant: claims checked so far
                progress(min(claims - 1, claims * done // total), claims)
        del index  # the next snapshot's index takes its place
    return out


def _judge(claim: str, n: int, references: dict, keys: dict[int, bytes],
           assessed: dict[tuple[str, bytes], evidence.Assessment]) -> Citation:
    ref = references.get(n)
    if ref is None:
        return Citation(n, "dangling", reason=f"the reference list has no [{n}]")
    snapshot = ref.snapshot
    if snapshot is None or not snapshot.usable:
        reason = (snapshot.reason if snapshot and snapshot.reason
                  else "no snapshot of this source yet")
        return Citation(n, "unavailable", reason=reason)
    result = assessed[(claim, keys[n])]
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
            why = snapshot.reason if snapshot and snapshot.reason else "no snapshot yet"
            uses = sum(1 for claim in claims for c in claim.citations if c.n == ref.n)
            findings.append(Finding(
                "source_unavailable", "warning",
                f"Source [{ref.n}] {describe(ref)} has not been checked ({why}); "
                f"its {uses} citation{'s' if uses != 1 else ''} cannot be checked until it "
                "is fetched or attached.",
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
