"""The explanation of a verdict: one or two sentences a reviewer checks against the
highlighted passage."""

from __future__ import annotations

from .analysis import Analysis


def _listed(items: tuple[str, ...] | list[str], most: int = 4) -> str:
    shown = [f"“{x}”" for x in items[:most]]
    more = len(items) - most
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _clipped(text: str, most: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most].rsplit(" ", 1)[0] + " …"


def explain(verdict: str, analysis: Analysis, unbacked: tuple[str, ...]) -> str:
    """One or two sentences a reviewer can check against the highlighted passage."""
    missing = analysis.missing
    if verdict == "contradicted":
        parts = []
        for c in analysis.contradictions:
            if c.kind == "number":
                parts.append(f"source says: {c.source_says} (the claim: {c.claim_says})")
            elif c.kind == "order":
                parts.append(f"the claim says “{c.claim_says}”; the source has them the other "
                             f"way round: {c.source_says}")
            elif c.kind in ("state", "place"):
                parts.append(f"the claim says “{c.claim_says}”; source says: {c.source_says}")
            else:
                parts.append(f"source says the opposite: {c.source_says}")
        return "; ".join(parts)
    reasons: list[str] = []
    if analysis.denying:
        reasons.append(f"a sentence of the source says otherwise: “{analysis.denying}”")
    if missing.numbers:
        reasons.append(f"the source never gives {_listed(missing.numbers)}")
    if analysis.unbound_numbers:
        reasons.append(f"{_listed(analysis.unbound_numbers)} appears in the source only "
                       "about something else")
    if missing.quotes:
        reasons.append(f"the quotation {_listed(missing.quotes)} is not in the source")
    if analysis.near_quotes:
        reasons.append(f"the quotation {_listed(analysis.near_quotes)} differs from the "
                       "source's wording")
    if missing.names:
        reasons.append(f"the source never names {_listed(missing.names)}")
    if analysis.undecided:
        reasons.append(f"the passage has it only as undecided or possible: "
                       f"{_listed(analysis.undecided)}")
    if verdict == "supported":
        shown = ", ".join(analysis.matched[:8])
        dated = "".join(f"; {note}" for note in analysis.reckoned)
        said_otherwise = [*missing.names, *missing.words]
        if analysis.elsewhere and analysis.second_passage:
            return (f"each part of the claim is stated by a passage of the source (matched: "
                    f"{shown}); {_listed(analysis.elsewhere)} from another passage: "
                    f"“{_clipped(analysis.second_passage)}”{dated}")
        # (a word the source has only away from the passage shown is one to check too)
        said_otherwise = list(dict.fromkeys([*said_otherwise, *analysis.elsewhere]))
        if said_otherwise:
            # a green on the score alone: say which of the claim's words the reviewer
            # will not find, so the check is on them
            return (f"the passage backs the claim (matched: {shown}); check the words it "
                    f"does not have: {_listed(said_otherwise)}{dated}")
        return f"the passage states every part of the claim (matched: {shown}){dated}"
    if missing.words and not reasons:
        reasons.append(f"the source never says {_listed(missing.words)}")
    if analysis.elsewhere and not reasons:
        # every word is in the source, but the passage shown lacks some: name them, so
        # the reviewer knows what to look for in the rest of the page
        reasons.append(f"the passage shown does not have {_listed(analysis.elsewhere)}; the "
                       "source has them elsewhere")
    elif (analysis.hedges and not reasons and verdict != "unsupported"
          and not analysis.hard_fail):
        reasons.append(f"every part is in the passage, but the claim hedges "
                       f"({_listed(analysis.hedges)}): whether the source allows that is "
                       "for the reviewer")
    if unbacked and not reasons:
        reasons.append(f"not backed by the passage: {_listed(unbacked, 2)}")
    elif unbacked and len(analysis.clauses) > 1:
        # which of several parts lacks backing; for a one-part claim, the reasons say it
        reasons.append(f"not backed: {_listed(unbacked, 2)}")
    if verdict == "unsupported" and not reasons:
        reasons.append("no passage of the source states this claim")
    if not reasons:
        reasons.append("the passage backs only part of the claim")
    text = "; ".join(reasons)
    return text[0].upper() + text[1:]
