"""Hand-made claim/source pairs: each kind of contradiction a careful reader catches,
and just as many faithful paraphrases that must stay green.

The sources are short news paragraphs of the kind a story cites; each contradiction
pair changes one value or state of a claim the same source otherwise backs.
"""

from __future__ import annotations

import pytest

from app.evidence import assess

TRANSIT = (
    "The city council approved the transit plan on Tuesday after a four-hour debate. "
    "The plan will add 8 new bus routes by 2027, fewer than the 15 first proposed. "
    "Bus fares will be frozen for two years, the mayor said. "
    "The council expects ridership to double by 2030."
)
PLANT = (
    "Acme Industries employs 2,100 people at its Leeds plant, the company said in a "
    "statement. Last year 1,200 jobs were at risk when export orders fell sharply. "
    "The plant opened on 4 March 1998 and makes gearboxes for tractors."
)
BUDGET = (
    "The university's research budget rose 12% to $48 million this year. "
    "Spending on student housing was cut by 3%. "
    "The board did not approve the proposed tuition increase."
)
RIVER = (
    "Water levels on the Rhine at Kaub fell to 40 centimetres on Monday. "
    "Barges are carrying a third of their usual load. "
    "Shipping companies have tripled their surcharges since July."
)

CONTRADICTIONS = [
    # a number bound to the same noun
    ("The plan adds 15 new bus routes.", TRANSIT, "8 new bus routes"),
    # the claim's value appears in the source, but bound to something else
    ("Acme Industries employs 1,200 workers at its Leeds plant.", PLANT, "2,100 people"),
    # a percentage
    ("The university's research budget rose 21% to $48 million this year.", BUDGET, "12%"),
    # money
    ("The university's research budget rose 12% to $84 million this year.", BUDGET,
     "$48 million"),
    # a date
    ("The Leeds plant opened on 4 May 1998.", PLANT, "4 March 1998"),
    # a count word
    ("Shipping companies have doubled their surcharges since July.", RIVER, "tripled"),
    ("The council expects ridership to triple by 2030.", TRANSIT, "double"),
    # a state that flips
    ("Bus fares will rise for two years, the mayor said.", TRANSIT, "frozen"),
    ("Water levels on the Rhine at Kaub rose to 40 centimetres on Monday.", RIVER, "fell"),
    # a negation
    ("The board approved the proposed tuition increase.", BUDGET, "did not approve"),
]

PARAPHRASES = [
    ("The transit plan will add eight new bus routes by 2027.", TRANSIT),
    ("Acme Industries has 2,100 employees at its Leeds plant.", PLANT),
    ("The plan will add 8 new bus routes by 2027, fewer than the 15 first proposed.",
     TRANSIT),
    ("About 1,200 jobs at Acme Industries were at risk last year when export orders fell.",
     PLANT),
    ("The university's research budget rose 12% to $48 million this year.", BUDGET),
    ("The board did not approve the proposed tuition increase.", BUDGET),
    ("Bus fares will be frozen for two years, the mayor said.", TRANSIT),
    ("Shipping companies have tripled their surcharges since July.", RIVER),
    ("Water levels on the Rhine at Kaub fell to 40 centimetres on Monday.", RIVER),
    ("The council expects ridership to double by 2030.", TRANSIT),
    ("The university's research budget grew by 12 percent to $48m this year.", BUDGET),
    ("Housing spending at the university was cut 3%.", BUDGET),
    ("Barges on the Rhine carry about a third of their usual load.", RIVER),
    ("Acme, which employs 2,100 people in Leeds, saw 1,200 jobs at risk last year.", PLANT),
    ("Ridership is expected to double by 2030, the council said.", TRANSIT),
]


@pytest.mark.parametrize(("claim", "source", "source_says"), CONTRADICTIONS,
                         ids=[c[0][:40] for c in CONTRADICTIONS])
def test_a_contradiction_is_caught_and_quotes_what_the_source_says(claim, source, source_says):
    result = assess(claim, source)
    assert result.verdict == "contradicted", (result.verdict, result.explanation)
    said = " ".join(s for _, s in result.contradictions)
    assert source_says.casefold() in said.casefold()
    assert source_says.casefold() in result.explanation.casefold()


@pytest.mark.parametrize(("claim", "source"), PARAPHRASES, ids=[p[0][:40] for p in PARAPHRASES])
def test_a_faithful_paraphrase_is_not_contradicted(claim, source):
    result = assess(claim, source)
    assert result.verdict != "contradicted", result.explanation
    assert not result.contradictions


@pytest.mark.parametrize(("claim", "source"), PARAPHRASES[:6],
                         ids=[p[0][:40] for p in PARAPHRASES[:6]])
def test_a_faithful_paraphrase_stays_green(claim, source):
    result = assess(claim, source)
    assert result.verdict == "supported", result.explanation


def test_a_number_present_only_in_another_role_is_not_a_match():
    # 1,200 is in the source, but as jobs at risk, not as the plant's workforce
    result = assess("Acme Industries employs 1,200 people at its Leeds plant.", PLANT)
    assert result.verdict != "supported"


def test_a_rounded_figure_is_not_a_contradiction():
    source = "The new school opened in September with 426 students in grade nine."
    result = assess("The school opened in September with 400 students in grade nine.", source)
    assert result.verdict != "contradicted"


def test_the_same_figure_of_another_noun_is_not_a_match() -> None:
    source = ("The company reported revenue of $3.4 billion for the quarter, up 9% on a "
              "year earlier. It employs 12,000 people.")
    a = assess("The company reported a profit of $3.4 billion for the quarter.", source)
    assert a.verdict != "supported"
    assert "$3.4 billion" in a.explanation and "something else" in a.explanation


def test_an_exact_figure_is_not_a_rounding_but_a_round_one_is() -> None:
    source = "The House passed the bill by 221 votes to 209. It had needed 218 votes."
    assert assess("The House passed the bill by 218 votes.", source).verdict != "supported"
    rounded = assess("The company employs about 12,000 people.",
                     "The company employs 11,870 people across its three sites.")
    assert rounded.verdict == "supported", rounded.explanation


def test_a_share_in_words_is_read_as_a_percentage() -> None:
    source = "The company will lay off 25% of its workforce, or about 1,100 people."
    kept = assess("The company will lay off a quarter of its workforce.", source)
    assert kept.verdict == "supported", kept.explanation
    other = assess("The company will lay off a quarter of its workforce.",
                   source.replace("25%", "10%"))
    assert other.verdict == "contradicted"
    assert "10% of its workforce" in other.explanation


def test_a_year_after_the_same_verb_is_the_same_event() -> None:
    source = ("Brightwave, which was founded in 2011 by two former university friends, now "
              "employs 900 people. Its first product, a budgeting app, launched in 2013.")
    wrong = assess("Brightwave was founded in 2008.", source)
    assert wrong.verdict == "contradicted" and "2011" in wrong.explanation
    assert assess("Brightwave was founded in 2011.", source).verdict == "supported"


def test_a_comparative_binds_as_its_adjective() -> None:
    source = ("Demand for the vaccine is twice as high as last year, the ministry said. "
              "Clinics have hired 40 extra nurses.")
    a = assess("Demand for the vaccine is four times higher than last year.", source)
    assert a.verdict == "contradicted" and "twice" in a.explanation
