"""The source pane's verdict block as HTML: the verdict, why, what the source says
otherwise, what it lacks, and how a reviewer settled it (an override, a waiver)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from ui.i18n import translator
from ui.labels import VERDICT_NAMES
from ui.render import CitationKey
from ui.theme import OVERRIDE_SYMBOL, VERDICT_SYMBOL, claim_tint, swatch

if TYPE_CHECKING:  # the core is imported after the window is painted
    from app.model import Citation

tr = translator("Desk")


def chip(verdict: str, dark: bool, text: str | None = None) -> str:
    colours = swatch(verdict, dark)
    label = text if text is not None else f"{VERDICT_SYMBOL[verdict]} {tr(verdict)}"
    label = html.escape(label).replace(" ", "&nbsp;")
    return (f'<span style="background-color:{colours.background};color:{colours.foreground};'
            f'font-weight:600;">&nbsp;{label}&nbsp;</span>')



def verdict_html(citation: Citation | None, key: CitationKey, dark: bool,
                 waiver: tuple[str, str] | None = None) -> str:
    """The verdict, why (the scorer's own sentence), what the source says otherwise,
    what it lacks, what it matched, and any override; ``waiver`` (actor, note) when a
    reviewer waived the citation for the gate, shown beside the verdict it keeps."""
    if citation is None:
        return chip("pending", dark, f"{VERDICT_SYMBOL['pending']} {tr('checking…')}")
    verdict = citation.effective_verdict
    head = chip(verdict, dark, f"{VERDICT_SYMBOL[verdict]} {tr(VERDICT_NAMES[verdict])}")
    # The score is the scorer's jargon: in the tooltip (verdict_tooltip), not here.
    if waiver:
        head += (f"&nbsp;· {OVERRIDE_SYMBOL} <b>{html.escape(tr('waived by'))} "
                 f"{html.escape(waiver[0])}</b>: {html.escape(waiver[1])}")
    reason = citation.reason[:1].upper() + citation.reason[1:]
    if citation.override:
        # The reviewer's word leads; what the scorer said follows as the automatic
        # verdict, so a green chip never sits beside "the quotation is not in the source".
        o = citation.override
        head += (f"&nbsp;{OVERRIDE_SYMBOL} <b>"
                 + html.escape(tr("Overridden to {verdict} by {actor}").format(
                     verdict=tr(VERDICT_NAMES[verdict]), actor=o.actor))
                 + f"</b>: {html.escape(o.note)}")
        automatic = tr("Automatic verdict: {verdict}").format(
            verdict=tr(VERDICT_NAMES[citation.verdict]))
        reason = f"{automatic} ({citation.reason})" if citation.reason else automatic
    blocks = [head]
    if reason:
        blocks.append(html.escape(reason))
    if citation.contradictions:
        blocks.append(contradictions_html(citation.contradictions, dark))
    lines = []
    missing = [*citation.missing_numbers, *(f"“{q}”" for q in citation.missing_quotes),
               *citation.missing_names]
    if missing:
        lines.append(tr("Not in the source:") + " <b>" + html.escape(", ".join(missing))
                     + "</b>")
    # (not repeated when the reason already lists every one of them)
    if (citation.missing_words and citation.effective_verdict != "supported"
            and not all(f"“{w}”" in reason for w in citation.missing_words)):
        lines.append(tr("Words the source never uses:") + " "
                     + html.escape(", ".join(citation.missing_words)))
    if citation.near_quotes:
        lines.append(tr("Quoted, but not word for word in the source:") + " <b>"
                     + html.escape(", ".join(f"“{q}”" for q in citation.near_quotes))
                     + "</b>")
    # Not repeated when the reason already names it, nor when the table shows the
    # source saying otherwise about it.
    said = [claim.casefold() for claim, _source in citation.contradictions]
    unbacked = [u for u in citation.unbacked if u not in reason
                and not any(part in u.casefold() for part in said)]
    if unbacked:
        lines.append(tr("Not backed:") + " " + html.escape("; ".join(unbacked)))
    if citation.matched and citation.evidence_text:
        lines.append("<small>" + tr("Found in the passage (shaded):") + " "
                     + html.escape(", ".join(citation.matched)) + "</small>")
    if citation.negation_flipped and not citation.contradictions:
        lines.append(tr("The source says the opposite (negation)."))
    if lines:
        blocks.append("<br>".join(lines))
    return "".join(block if block.startswith("<table")
                   else f'<div style="margin-bottom:3px;">{block}</div>' for block in blocks)


def verdict_tooltip(citation: Citation | None) -> str:
    """The scorer's score, for whoever wants the number behind the verdict."""
    if citation is None or citation.score is None:
        return ""
    return tr("Evidence score {score:.2f} (0 to 1; the verdict comes from the checks, "
              "not from the score alone)").format(score=citation.score)


def _emphasised(value: str) -> str:
    # A value ("8 new bus routes") in bold; a whole sentence (a state or a negation the
    # source states) would be a block of bold, so it keeps the colour alone.
    text = html.escape(value)
    return f"<b>{text}</b>" if len(value) <= 40 else text


def contradictions_html(pairs: tuple[tuple[str, str], ...], dark: bool) -> str:
    """Claim says | Source says, one row per contradiction: the claim's side tinted as
    the claim is in the story, the source's in the contradicted colours, as it is
    marked in the passage below."""
    other = swatch("contradicted", dark)
    claim_bg = claim_tint(dark).name()
    head = ('<tr><th align="left" width="50%">' + html.escape(tr("Claim says"))
            + '</th><th align="left" width="50%">' + html.escape(tr("Source says"))
            + "</th></tr>")
    rows = "".join(
        f'<tr><td style="background-color:{claim_bg};">{html.escape(claim)}</td>'
        f'<td style="background-color:{other.background};color:{other.foreground};">'
        f"{_emphasised(source)}</td></tr>"
        for claim, source in pairs)
    return ('<table width="100%" cellspacing="0" cellpadding="4" border="0" '
            'style="margin-top:4px;margin-bottom:4px;">' + head + rows + "</table>")
