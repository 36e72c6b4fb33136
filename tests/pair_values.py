"""What a verdict must quote for a hand-written contradiction's source value to count
as named (shared by tests/app/test_claim_pairs.py and tests/benchmarks/claim_pairs.py)."""

from __future__ import annotations

import re


def value_parts(source_value: str, claim: str = "") -> list[str]:
    """What the verdict must quote for the source's value to count as named: its count
    word ("doubled"), else its figures that the claim does not give itself, else its
    first word of four letters or more, without its ending ("halving": "halv")."""
    counted = re.findall(r"\b(?:twice|doubled?|tripled?|quadrupled?|halved|\w+fold)\b",
                         source_value.casefold())
    if counted:
        return counted[:1]
    figures = [f.replace(",", "").rstrip(".") for f in re.findall(r"\d[\d,.]*", source_value)]
    own = {f.replace(",", "").rstrip(".") for f in re.findall(r"\d[\d,.]*", claim)}
    if figures:
        return [f for f in figures if f not in own] or figures
    # a figure in words: "led the Hornets to a dozen titles" is named by "a dozen"
    spelled = re.findall(r"\b(?:dozens?|hundreds?|thousands?|half|third|quarter|one|two|"
                         r"three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty)\b",
                         source_value.casefold())
    if spelled:
        return spelled[:1]
    words = [w for w in re.findall(r"[a-z]+", source_value.casefold()) if len(w) > 3]
    # the word in any of its forms: "halving" is named by "plan to halve"
    return [re.sub(r"(?:ing|ed|es|s)\Z", "", w) if len(w) > 5 else w for w in words[:1]] \
        or [source_value.casefold()]
