"""The fact-check report: a story's review on paper, for the editor's files.

One self-contained HTML document (no scripts, no external resources) listing every
claim with its citations, verdicts, evidence passages and overrides, the findings and
their waivers, the references with their snapshots, and every decision from the audit
log. The desk prints the same HTML to PDF (``ui/report_pdf.py``); the core stays free
of Qt.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

from app import audit, workflow
from app.check import check_story
from app.library import Library, load_overrides, load_story
from app.markers import strip_markers
from app.publish.gate import check_gate, citation_key, finding_key

VERDICT_COLOURS = {
    "supported": "#1b7f3b", "partial": "#a66a00", "contradicted": "#b3261e",
    "unsupported": "#b3261e",
    "unavailable": "#666666", "dangling": "#b3261e",
}
STYLE = (
    "body{font:11pt/1.45 'DejaVu Sans',Arial,sans-serif;color:#111}"
    "h1{font-size:18pt;margin-bottom:.2em}h2{font-size:13pt;border-bottom:1px solid #999;"
    "margin-top:1.6em}table{border-collapse:collapse;width:100%}"
    "td,th{border:1px solid #bbb;padding:4px 6px;vertical-align:top;text-align:left}"
    "th{background:#eee}.meta{color:#444}.verdict{font-weight:bold}"
    ".evidence{color:#333;font-style:italic}.note{background:#fff6d6}"
    ".blocker{color:#b3261e;font-weight:bold}.small{font-size:9pt;color:#555}"
)


# The attribute as well as the style: Qt's rich text honours the attribute.
_FULL_WIDTH = 'width="100%" cellspacing="0" cellpadding="4"'
# Qt's rich text drops a heading's top margin after a table: an empty line keeps it.
_TABLE_END = "</table><p>&nbsp;</p>"


def _readable_time(stamp: str) -> str:
    """"2026-12-02T05:28:40.110Z" as "2026-12-02 05:28:40": a space where a narrow
    column may break, and no fraction of a second nobody checks by."""
    date, _, time = stamp.partition("T")
    return f"{date} {time[:8]}" if time else stamp


def _e(text: object) -> str:
    return html.escape(str(text if text is not None else ""))


def report_html(library: Library, story_id: str, generated_at: str | None = None) -> str:
    """The story's review as one HTML document (current revision)."""
    story = load_story(library, story_id)
    revision = story.revision
    checked = check_story(story, load_overrides(library, story_id, revision))
    state = workflow.story_state(library, story_id)
    gate = check_gate(library, story_id, checked)  # the same open items as `copydesk gate`
    report = gate.policy.apply(checked)  # findings at the severity the policy gives them
    waived = {k: (a, n) for k, a, n in gate.waived}
    events = audit.story_events(library, story_id)
    stamp = generated_at or datetime.now(UTC).isoformat(timespec="seconds").replace(
        "+00:00", "Z")
    s = report.summary
    gate_text = ("nothing open under the policy" if gate.passed
                 else f"{len(gate.open)} open item(s): {gate.summary()}")
    if gate.stopped_by:  # the same words as `copydesk gate` and the export's refusal
        gate_text += f"; not exportable: {gate.stopped_by}"
    gate_text = _e(gate_text)
    out: list[str] = [
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">",
        f"<title>Fact-check report: {_e(story.title)}</title><style>{STYLE}</style>",
        "</head><body>",
        "<h1>Fact-check report</h1>",
        f"<p><strong>{_e(story.title)}</strong></p>",
    ]
    if story.dek:
        out.append(f"<p class=\"meta\">{_e(story.dek)}</p>")
    approvals = ", ".join(f"{_e(a.actor)} ({_e(a.at)})" for a in state.approvals) or "none"
    out += [
        f"<table class=\"meta\" {_FULL_WIDTH}>",
        f"<tr><th>Story</th><td>{_e(story_id)}</td></tr>",
        f"<tr><th>Revision</th><td><code>{_e(revision)}</code></td></tr>",
        f"<tr><th>Status</th><td>{_e(state.status.replace('_', ' '))}</td></tr>",
        f"<tr><th>Approvals</th><td>{approvals} — {len(state.approvals)} of "
        f"{state.approvals_required} required</td></tr>",
        f"<tr><th>Citations</th><td>{s.get('claims', 0)} cited claims, "
        f"{s.get('citations', 0)} citations: "
        + ", ".join(f"{s.get(v, 0)} {v}" for v in VERDICT_COLOURS)
        + f"; {s.get('overridden', 0)} overridden</td></tr>",
        f"<tr><th>Gate</th><td>{gate_text}</td></tr>",
        f"<tr><th>Audit head</th><td><code>{_e(events[-1].hash if events else '')}</code>"
        "</td></tr>",
        f"<tr><th>Generated</th><td>{_e(stamp)}</td></tr>",
        "</table>",
    ]

    out.append("<h2>Open items</h2>")
    if gate.open:
        out.append("<p>What stops the export under the library's pre-publish policy: "
                   f"{_e(gate.summary())}.</p>")
        out.append(f"<table {_FULL_WIDTH}><tr><th width=\"18%\">Key (to waive)</th>"
                   "<th>Open item</th></tr>")
        out += [f"<tr><td><code>{_e(item.key)}</code></td><td class=\"blocker\">"
                f"{_e(item.message)}</td></tr>" for item in gate.open]
        out.append(_TABLE_END)
    else:
        out.append("<p>Nothing open: the pre-publish policy lets this revision go out.</p>")
    out.append("<p class=\"small\">Policy: "
               + "; ".join(_e(" ".join(line.split())) for line in gate.policy.describe_lines())
               + ".</p>")

    out.append("<h2>Findings</h2>")
    if report.findings:
        # wide enough for "Severity" and "unsupported": Qt breaks a word that does not fit
        out.append(f"<table {_FULL_WIDTH}><tr><th width=\"15%\">Severity</th><th width=\"55%\">"
                   "Finding</th><th width=\"30%\">Waiver</th></tr>")
        for finding in report.findings:
            key = finding_key(finding)
            waiver = ""
            if key in waived:
                actor, note = waived[key]
                waiver = f"<span class=\"note\">waived by {_e(actor)}: {_e(note)}</span>"
            cls = " class=\"blocker\"" if finding.severity == "blocker" else ""
            out.append(f"<tr><td{cls}>{_e(finding.severity)}</td><td>{_e(finding.message)}"
                       f"</td><td>{waiver}</td></tr>")
        out.append(_TABLE_END)
    else:
        out.append("<p>No findings.</p>")

    out.append("<h2>Claims and citations</h2>")
    # Fixed shares of the page: Qt sizes columns by their longest word otherwise, and
    # the evidence column is where the long text is.
    out.append(f"<table {_FULL_WIDTH}><tr><th width=\"4%\">#</th><th width=\"26%\">Claim"
               "</th><th width=\"7%\">Ref</th><th width=\"19%\">Verdict</th>"
               "<th width=\"44%\">Evidence</th></tr>")
    for claim in report.claims:
        rows = max(1, len(claim.citations))
        first = True
        for citation in claim.citations or ():
            cells = []
            if first:
                cells.append(f"<td rowspan=\"{rows}\">{claim.index + 1}</td>"
                             f"<td rowspan=\"{rows}\">{_e(strip_markers(claim.text))}</td>")
                first = False
            verdict = citation.effective_verdict
            colour = VERDICT_COLOURS.get(verdict, "#111")
            score = f" ({citation.score:.2f})" if citation.score is not None else ""
            verdict_html = (f"<span class=\"verdict\" style=\"color:{colour}\">{_e(verdict)}"
                            f"</span>{_e(score)}")
            settled = waived.get(citation_key(claim.index, citation.n))
            if settled is not None:
                verdict_html += (f"<div class=\"note\">waived by {_e(settled[0])}: "
                                 f"{_e(settled[1])}</div>")
            if citation.override:
                o = citation.override
                verdict_html += (f"<div class=\"note\">overridden from {_e(citation.verdict)} "
                                 f"by {_e(o.actor)} ({_e(o.at)}): {_e(o.note)}</div>")
            evidence = ""
            if citation.evidence_text:
                evidence = f"<div class=\"evidence\">“{_e(citation.evidence_text)}”</div>"
            missing = [*citation.missing_numbers, *(f"“{q}”" for q in citation.missing_quotes),
                       *citation.missing_names]
            if missing:
                evidence += (f"<div class=\"small\">not in the source: "
                             f"{_e(', '.join(missing))}</div>")
            if (citation.missing_words and citation.effective_verdict != "supported"
                    and not all(f"“{w}”" in citation.reason for w in citation.missing_words)):
                evidence += (f"<div class=\"small\">words the source never uses: "
                             f"{_e(', '.join(citation.missing_words))}</div>")
            if citation.reason:
                evidence += f"<div class=\"small\">{_e(citation.reason)}</div>"
            cells.append(f"<td>[{citation.n}]</td><td>{verdict_html}</td><td>{evidence}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
    out.append(_TABLE_END)

    out.append(f"<h2>References</h2><table {_FULL_WIDTH}><tr><th width=\"5%\">n</th>"
               "<th width=\"62%\">Source</th><th width=\"33%\">Snapshot</th></tr>")
    for ref in story.references:
        snap = ref.snapshot
        if snap is None:
            snapshot = "none"
        elif snap.usable:
            snapshot = f"{_e(snap.how)} {_e(snap.fetched_at)}" + (
                f"<div class=\"small\">sha256 {_e(snap.sha256[:16])}…</div>" if snap.sha256 else "")
        else:
            snapshot = f"unavailable: {_e(snap.reason)}"
        named = " — ".join(_e(part) for part in (ref.publisher, ref.title) if part)
        out.append(f"<tr><td>{ref.n}</td><td>{named}"
                   f"<div class=\"small\">{_e(ref.url)}</div></td><td>{snapshot}</td></tr>")
    out.append(_TABLE_END)

    out.append(f"<h2>Decisions</h2><table {_FULL_WIDTH}><tr><th width=\"24%\">When (UTC)</th>"
               "<th width=\"15%\">Who</th><th width=\"17%\">Action</th>"
               "<th width=\"28%\">Note</th><th width=\"16%\">Revision</th></tr>")
    for event in events:
        out.append(f"<tr><td>{_e(_readable_time(event.at))}</td><td>{_e(event.actor)}</td>"
                   f"<td>{_e(event.action.replace('_', ' '))}</td><td>{_e(event.note)}</td>"
                   f"<td><code>{_e(event.revision[:8])}</code></td></tr>")
    out.append(_TABLE_END)
    out.append("<p class=\"small\">The decisions are the story's segment of Copydesk's "
               "hash-chained audit log; <code>copydesk audit verify</code> checks it.</p>")
    out.append("</body></html>")
    return "\n".join(out)
