"""The story's header line and its decision history, as HTML from plain values."""

from __future__ import annotations

import html
from collections.abc import Iterable

from app.audit import Event
from app.model import Report, Story
from app.workflow import StoryState
from ui.i18n import translator
from ui.labels import status_label
from ui.theme import SEVERITY_SYMBOL, VERDICT_SYMBOL

tr = translator("Desk")

SHOWN_VERDICTS = ("supported", "partial", "contradicted", "unsupported", "unavailable",
                  "dangling")


def header_html(story: Story, state: StoryState, report: Report | None,
                check_cancelled: bool) -> str:
    """Status, revision, approvals, the last event, and what the check found."""
    parts = [f"<b>{html.escape(status_label(state.status))}</b>",
             tr("revision {r}").format(r=story.revision[:8])]
    if state.approvals or state.approvals_required > 1:
        parts.append(tr("approvals {n}/{k}").format(n=len(state.approvals),
                                                   k=state.approvals_required)
                     + (f" ({html.escape(', '.join(state.approvers))})" if state.approvals
                        else ""))
    if state.warning:  # stays in the header while those approvals count
        parts.append(f"<span style='color:#b3261e'>⚠ {html.escape(state.warning)}</span>")
    if state.last_event is not None:
        e = state.last_event
        parts.append(tr("last: {action} by {actor}").format(
            action=html.escape(e.action.replace("_", " ")), actor=html.escape(e.actor)))
    if report:
        s = report.summary
        counts = " ".join(f"{s.get(v, 0)}{VERDICT_SYMBOL[v]}" for v in SHOWN_VERDICTS
                          if s.get(v))
        parts.append(tr("{n} citations").format(n=s.get("citations", 0))
                     + (f" ({counts})" if counts else ""))
        blockers = sum(1 for f in report.findings if f.severity == "blocker")
        if blockers:
            word = tr("blocker") if blockers == 1 else tr("blockers")
            parts.append(f"{SEVERITY_SYMBOL['blocker']} {blockers} {word}")
    elif check_cancelled:
        parts.append(tr("check cancelled — F5 to check again"))
    else:
        parts.append(tr("checking…"))
    return " · ".join(parts)


def history_html(events: Iterable[Event]) -> str:
    """The story's audit events, newest first, with their notes."""
    rows = []
    for e in reversed(list(events)):
        note = f"<br>“{html.escape(e.note)}”" if e.note else ""
        details = e.details
        extra = ""
        if e.action == "override":
            extra = f" [{details.get('n')}] → {html.escape(str(details.get('verdict')))}"
        if e.action == "edit" and details.get("voided"):
            extra = " " + tr("(voided approvals by {who})").format(
                who=html.escape(", ".join(details["voided"])))
        rows.append(
            f"<p><b>{html.escape(e.action.replace('_', ' '))}</b>{extra} "
            f"{tr('by')} {html.escape(e.actor)} · "
            f"{html.escape(e.at.replace('T', ' ').rstrip('Z'))} · "
            f"{tr('revision')} {e.revision[:8]}{note}</p>")
    return f"<h3>{tr('Decision history')}</h3>" + ("".join(rows) or tr("No history yet."))
