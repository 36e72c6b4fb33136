"""More of what set L taught (ninth and tenth sessions): an age is a figure however it is
written; a closing "..., Reuters reports." is a frame, not a fact the page must state; a
hedged figure is a rounding of the figure bound to the claim's words, not of any figure
in the sentence. Each rule has the case it must not let through beside it."""

from __future__ import annotations

from app.evidence import assess, index_source

ICE = ("Police said the man, 58, had fallen through thin ice near the old harbour while "
       "walking his dog. He was pulled out by two firefighters and taken to hospital.")
USERS = ("Orbis said on Thursday that its monthly active users reached 812 million in the "
         "second quarter, up from 760 million a year earlier. Advertising revenue rose 19% "
         "to $2.9 billion.")
RATE = ("The central bank held its main interest rate at 4.25% on Wednesday, pointing to "
        "stubborn services inflation, Reuters reported. Economists had expected the pause.")


def _verdict(claim: str, source: str):
    return assess(claim, index_source(source))


def test_an_age_written_another_way_is_the_same_figure() -> None:
    a = _verdict("A 58-year-old man fell through thin ice near the old harbour while "
                 "walking his dog, police said.", ICE)
    assert a.verdict == "supported", a.explanation
    assert not a.missing.words and not a.missing.numbers
    b = _verdict("A 61-year-old man fell through thin ice near the old harbour while "
                 "walking his dog, police said.", ICE)
    assert b.verdict != "supported"
    assert "61" in b.missing.numbers


def test_a_hedged_figure_rounds_the_figure_bound_to_its_words() -> None:
    a = _verdict("Orbis's monthly active users reached about 800 million in the second "
                 "quarter.", USERS)
    assert a.verdict == "supported", a.explanation
    # 700 million is no rounding of 812 million, however hedged
    b = _verdict("Orbis's monthly active users reached about 700 million in the second "
                 "quarter.", USERS)
    assert b.verdict == "contradicted", b.explanation
    assert "812 million" in b.explanation
    # and last year's figure is not this quarter's
    c = _verdict("Orbis's monthly active users reached about 760 million in the second "
                 "quarter.", USERS)
    assert c.verdict != "supported"


def test_a_closing_attribution_verb_is_a_frame_but_its_name_is_checked() -> None:
    source = RATE.replace(", Reuters reported", "")
    a = _verdict("The central bank held its main interest rate at 4.25% on Wednesday, the "
                 "bank's statement shows.", source)
    assert "shows" not in a.missing.words, a.explanation
    b = _verdict("The central bank held its main interest rate at 4.25% on Wednesday, "
                 "Bloomberg reports.", RATE)
    assert b.verdict != "supported"
    assert "Bloomberg" in b.missing.names


def test_a_reporting_verb_the_source_has_still_counts_for_the_claim() -> None:
    # "announced" is in the source: masking it would leave the claim with less backed
    source = ("The referendum will take place on 3 March 2026, the government announced on "
              "Tuesday. Voters will be asked whether to adopt a four-year term.")
    a = _verdict("The referendum will be held on March 3, 2026, the government announced.",
                 source)
    assert a.verdict == "supported", a.explanation
