"""A wrong claim beside its faithful twins, read against one source: the tables of
``tests/app/test_flips_and_roles.py`` and its siblings, one per blind set learnt from."""

from __future__ import annotations

from dataclasses import dataclass

from app.evidence import assess, index_source


@dataclass(frozen=True)
class Case:
    source: str
    wrong: str  # a claim the source says otherwise of
    faithful: tuple[str, ...]  # claims it backs
    contradicted: bool = True  # the wrong claim is "contradicted" (else: not green)
    quoted: str = ""  # what the explanation of the wrong claim must quote


def assert_caught_with_green_twins(case: Case) -> None:
    """The wrong claim is contradicted (or at least not green) and its explanation
    quotes what it must; every faithful twin is green."""
    index = index_source(case.source)
    wrong = assess(case.wrong, index)
    if case.contradicted:
        assert wrong.verdict == "contradicted", wrong.explanation
    else:
        assert wrong.verdict != "supported", wrong.explanation
    assert case.quoted in wrong.explanation
    for claim in case.faithful:
        right = assess(claim, index)
        assert right.verdict == "supported", (claim, right.explanation)


GREEN, NOT_GREEN, NOT_RED, CONTRADICTED = "green", "not green", "not red", "contradicted"


def assert_verdict_as_expected(source: str, claim: str, expected: str) -> None:
    """A look-alike's verdict: green, not green, not contradicted, or contradicted."""
    a = assess(claim, index_source(source))
    if expected == GREEN:
        assert a.verdict == "supported", a.explanation
    elif expected == NOT_GREEN:
        assert a.verdict != "supported", a.explanation
    elif expected == NOT_RED:
        assert a.verdict != "contradicted", a.explanation
    else:
        assert a.verdict == "contradicted", a.explanation
