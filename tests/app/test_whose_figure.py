"""Whose figure it is, where a sentence sets two names' figures side by side: the
claim's value belongs to one name, the claim gives it to the other, and the source
names the other's own figure ("Rovers had 14 shots to City's six"). Each look-alike
keeps the claim that gives the figure to its owner green."""

from __future__ import annotations

import pytest

from app.evidence import assess

BY_ELECTION = (
    "Dunmore Gazette\nNews | Politics | Sport\n"
    "Greens hold Dunmore ward\n"
    "DUNMORE — Councillor Joan Pike held the Harbour ward on Thursday, taking 61% of the "
    "vote against Labour's Sam Oduya, who received 29%. Turnout was 34%, the returning "
    "officer said. Pike, who has represented the ward since 2016, said she would press "
    "for a new crossing on Quay Road.")
PRIMARY = (
    "In the Carrow mayoral primary, Councilwoman Ruth Hale took 38% of the vote, while "
    "businessman Alan Moss finished third with 17%. Hale will face the Republican "
    "candidate in November. Moss said he would back Hale.")
MATCH = (
    "Harriers beat Athletic 2-0 at Moor Lane on Saturday. Tom Reid scored both goals for "
    "Harriers. Harriers had 11 corners to Athletic's two. The result lifts Harriers to "
    "third in the league.")
TAKEOVER = (
    "Hollis Foods has agreed to buy Marden Dairies for £40 million. The deal brings "
    "together Hollis's fleet of about 300 lorries with Marden's network of 9 creameries "
    "across Wales. The combined company will employ 2,300 people.")
MASTHEAD = (
    "Open Letter from Chair Dana Whitlock to Members of Fenmoor Rowing Club we will "
    "review the boathouse lease over the next 12 months and report back to members. "
    "Regatta entries will close on 3 May. Fenmoor Rowing Club has 240 members.")


@pytest.mark.parametrize(("claim", "source", "theirs"), [
    ("Sam Oduya took 61% of the vote in the Harbour ward on Thursday.", BY_ELECTION, "29%"),
    ("Businessman Alan Moss won 38% of the vote in the Carrow mayoral primary.", PRIMARY,
     "17%"),
    ("Athletic had 11 corners as Harriers beat them 2-0 at Moor Lane.", MATCH, "two"),
], ids=["a subject before a participle", "past an ordinal", "a name opening its sentence"])
def test_the_figure_given_to_the_other_name_is_contradicted(claim: str, source: str,
                                                           theirs: str) -> None:
    a = assess(claim, source)
    assert a.verdict == "contradicted", a.explanation
    assert theirs in a.explanation


@pytest.mark.parametrize(("claim", "source"), [
    ("Joan Pike took 61% of the vote in the Harbour ward on Thursday.", BY_ELECTION),
    ("Councilwoman Ruth Hale won 38% of the vote in the Carrow mayoral primary.", PRIMARY),
    ("Harriers had 11 corners as they beat Athletic 2-0 at Moor Lane.", MATCH),
], ids=["a subject before a participle", "past an ordinal", "a name opening its sentence"])
def test_the_figure_given_to_its_owner_is_not_contradicted(claim: str, source: str) -> None:
    a = assess(claim, source)
    assert a.verdict != "contradicted", a.explanation


def test_a_relative_clause_is_its_antecedents() -> None:
    # "Marden Dairies, which runs 9 creameries": Marden's, not the buyer's who opens
    # the sentence
    a = assess("Hollis Foods has agreed to buy Marden Dairies, which runs 9 creameries "
               "across Wales.", TAKEOVER)
    assert a.verdict != "contradicted", a.explanation


def test_a_masthead_is_no_sentences_subject() -> None:
    a = assess("Fenmoor Rowing Club will review its boathouse lease within 12 months.",
               MASTHEAD)
    assert a.verdict != "contradicted", a.explanation
