"""The ``check --json`` object and the readable text report."""

from __future__ import annotations

from typing import Any

from app.markers import strip_markers
from app.model import Citation, Report

SEVERITY_MARK = {"blocker": "BLOCKER", "warning": "warning", "info": "info"}


def report_to_dict(report: Report) -> dict[str, Any]:
    story = report.story
    return {
        "id": story.id or None,
        "title": story.title,
        "dek": story.dek,
        "revision": story.revision,
        "format": story.origin,
        "sections": list(story.sections),
        "references": [
            {
                "n": ref.n,
                "publisher": ref.publisher,
                "title": ref.title,
                "url": ref.url,
                "snapshot": _snapshot_status(ref.snapshot),
            }
            for ref in story.references
        ],
        "claims": [
            {
                "index": claim.index,
                "text": claim.text,
                "span": list(claim.span),
                "markers": [
                    {"text": m.text, "span": list(m.span), "refs": list(m.numbers)}
                    for m in claim.markers
                ],
                "citations": [_citation(c) for c in claim.citations],
            }
            for claim in report.claims
        ],
        "findings": [f.as_dict() for f in report.findings],
        "summary": report.summary,
        "blockers": report.count("blocker"),
    }


def _snapshot_status(snapshot: Any) -> dict[str, Any]:
    if snapshot is None:
        return {"status": "missing", "reason": "no snapshot of this source yet"}
    out: dict[str, Any] = {"status": snapshot.status, "how": snapshot.how}
    if snapshot.fetched_at:
        out["fetched_at"] = snapshot.fetched_at
    if snapshot.reason:
        out["reason"] = snapshot.reason
    if snapshot.sha256:
        out["sha256"] = snapshot.sha256
    return out


def _citation(c: Citation) -> dict[str, Any]:
    out: dict[str, Any] = {
        "n": c.n,
        "verdict": c.effective_verdict,
        "automatic_verdict": c.verdict,
        "score": c.score,
        "evidence": (
            {"text": c.evidence_text, "span": list(c.evidence_span)}
            if c.evidence_span is not None else None
        ),
        "missing": {
            "numbers": list(c.missing_numbers),
            "quotes": list(c.missing_quotes),
            "names": list(c.missing_names),
            "words": list(c.missing_words),
        },
        "matched": list(c.matched),
    }
    if c.near_quotes:
        out["near_quotes"] = list(c.near_quotes)
    if c.unbacked:
        out["unbacked"] = list(c.unbacked)
    if c.negation_flipped:
        out["negation_flipped"] = True
    if c.reason:
        out["reason"] = c.reason
    if c.override:
        out["override"] = {
            "verdict": c.override.verdict,
            "note": c.override.note,
            "by": c.override.actor,
            "at": c.override.at,
        }
    return out


def report_to_text(report: Report, width: int = 100) -> str:
    story = report.story
    lines = [story.title, "=" * min(len(story.title), width)]
    if story.dek:
        lines.append(story.dek)
    s = report.summary
    lines += [
        "",
        f"{s['claims']} cited claims, {s['citations']} citations: "
        + ", ".join(f"{s[v]} {v}" for v in
                    ("supported", "partial", "contradicted", "unsupported", "unavailable",
                     "dangling")),
        "",
    ]
    if report.findings:
        lines.append("Findings")
        for f in report.findings:
            lines.append(f"  [{SEVERITY_MARK[f.severity]}] {f.message}")
        lines.append("")
    lines.append("Claims")
    for claim in report.claims:
        text = strip_markers(claim.text)
        shown = text if len(text) <= width else text[: width - 3] + "..."
        lines.append(f"  {claim.index + 1:>3}. {shown}")
        for c in claim.citations:
            score = f" {c.score:.2f}" if c.score is not None else ""
            detail = c.reason
            missing = [*c.missing_numbers, *(f'“{q}”' for q in c.missing_quotes), *c.missing_names]
            if missing and c.verdict != "contradicted":
                # a contradiction's reason names what the source says instead: keep it
                detail = "not in source: " + ", ".join(missing)
            flag = " (overridden: " + c.override.note + ")" if c.override else ""
            lines.append(f"         [{c.n}] {c.effective_verdict}{score}{flag}"
                         + (f" — {detail}" if detail else ""))
    blockers = report.count("blocker")
    lines += ["", f"{blockers} blocker{'s' if blockers != 1 else ''}."]
    return "\n".join(lines)
