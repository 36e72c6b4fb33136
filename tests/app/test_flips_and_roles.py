"""What set N taught (tenth session): a denial negates the clause it governs; a claim
drawn from two sentences is still answered by the one that denies it; where a sentence
has the claim's word and its opposite, the one standing where the claim's word stands
answers it; a figure's currency, its ordinal's noun, a span of time ("over two years")
and a value only expected are part of what it says. Each rule beside its faithful twin."""

from __future__ import annotations

from app.evidence import assess, index_source


def _verdict(claim: str, source: str):
    return assess(claim, index_source(source))


def test_a_denied_that_clause_is_the_opposite_of_the_claim() -> None:
    source = ("OSLO — Transport Minister Ingrid Dahl denied on Monday that she had approved "
              "the ferry contract before the tender closed, telling lawmakers she learned of "
              "it from her staff. The contract is worth 400 million kroner.")
    a = _verdict("Transport Minister Ingrid Dahl told lawmakers she had approved the ferry "
                 "contract before the tender closed.", source)
    assert a.verdict == "contradicted", a.explanation
    b = _verdict("Transport Minister Ingrid Dahl denied that she had approved the ferry "
                 "contract before the tender closed.", source)
    assert b.verdict == "supported", b.explanation


def test_rejected_claims_that_is_a_denial_too() -> None:
    source = ("The mayor denied that the library closure had been agreed before the public "
              "meetings began. A final decision is due in June.")
    a = _verdict("The mayor rejected claims that the library closure had been agreed before "
                 "the public meetings began.", source)
    assert a.verdict == "supported", a.explanation


def test_a_claim_drawn_from_two_sentences_is_answered_by_the_one_denying_it() -> None:
    source = ("Crews fought a blaze at a derelict mill in Ashby on Friday night. About 40 "
              "firefighters were at the scene. Police said the fire was not being treated "
              "as suspicious, and inquiries into its cause continue.")
    a = _verdict("Police are treating Friday night's fire at a derelict mill in Ashby as "
                 "suspicious.", source)
    assert a.verdict != "supported"
    assert "not being treated as suspicious" in a.explanation
    b = _verdict("Police said the fire at a derelict mill in Ashby was not being treated as "
                 "suspicious.", source)
    assert b.verdict == "supported", b.explanation


def test_did_not_find_denies_found() -> None:
    source = ("A study of more than 90,000 Swedish adults did not find a significant link "
              "between coffee drinking and heart rhythm disorders, researchers said.")
    a = _verdict("A Swedish study of more than 90,000 adults found a significant link "
                 "between coffee drinking and heart rhythm disorders.", source)
    assert a.verdict != "supported"
    assert "did not find a significant link" in a.explanation
    b = _verdict("A Swedish study of more than 90,000 adults did not find a significant link "
                 "between coffee drinking and heart rhythm disorders.", source)
    assert b.verdict == "supported", b.explanation


def test_the_opposite_where_the_claims_word_stands_answers_it() -> None:
    source = ("The county's licensing board had been expected to approve the late-night "
              "licence for the Quayside bar, but members voted 5-2 to reject it on Tuesday. "
              "The owners said they would appeal.")
    a = _verdict("The county's licensing board voted 5-2 to approve the late-night licence "
                 "for the Quayside bar.", source)
    assert a.verdict == "contradicted", a.explanation
    assert "reject" in a.explanation
    b = _verdict("The county's licensing board voted 5-2 to reject the late-night licence "
                 "for the Quayside bar.", source)
    assert b.verdict == "supported", b.explanation


def test_a_state_where_the_claims_subject_stands_answers_it() -> None:
    source = ("Bus fares in Dunmore will be frozen next year, while parking charges at the "
              "town's car parks will rise by 4%, under a budget agreed by councillors.")
    a = _verdict("Dunmore bus fares will rise by 4% next year under a budget agreed by "
                 "councillors.", source)
    assert a.verdict == "contradicted", a.explanation
    b = _verdict("Parking charges at Dunmore's car parks will rise by 4% next year under a "
                 "budget agreed by councillors.", source)
    assert b.verdict == "supported", b.explanation


def test_a_resignation_the_source_calls_a_dismissal_is_not_green() -> None:
    source = ("Harbour Bank's chief executive, Tomas Lind, was dismissed by the board on "
              "Wednesday after a trading loss. The board said finance chief Eva Berg would "
              "lead the bank in the interim.")
    a = _verdict("Harbour Bank chief executive Tomas Lind resigned on Wednesday after a "
                 "trading loss.", source)
    assert a.verdict != "supported", a.explanation


def test_over_two_years_is_a_span_not_a_bound() -> None:
    source = ("Councillors approved a plan for 1,400 homes to be built over 6 years on the "
              "old gasworks site, after a vote of 9-2.")
    a = _verdict("Councillors approved a plan for 1,400 homes to be built over two years on "
                 "the old gasworks site.", source)
    assert a.verdict == "contradicted", a.explanation
    assert "6 years" in a.explanation
    b = _verdict("Councillors approved a plan for 1,400 homes to be built over six years on "
                 "the old gasworks site.", source)
    assert b.verdict == "supported", b.explanation


def test_an_amount_in_another_currency_is_not_the_claims_amount() -> None:
    source = ("The regulator fined shipping group Nordhavn 25 million euros ($27.3 million) "
              "for breaching emissions rules on its North Sea routes.")
    a = _verdict("The regulator fined shipping group Nordhavn $25 million for breaching "
                 "emissions rules.", source)
    assert a.verdict == "contradicted", a.explanation
    assert "25 million euros" in a.explanation
    for faithful in ("€25 million", "$27.3 million"):
        b = _verdict(f"The regulator fined shipping group Nordhavn {faithful} for breaching "
                     "emissions rules.", source)
        assert b.verdict == "supported", (faithful, b.explanation)


def test_an_ordinal_counts_the_word_after_it() -> None:
    source = ("Winger Luca Ferri scored his 12th goal of the season in the 67th minute as "
              "Porto Vale beat Rio Claro 1-0 on Sunday.")
    a = _verdict("Luca Ferri scored in the 12th minute as Porto Vale beat Rio Claro 1-0.",
                 source)
    assert a.verdict == "contradicted", a.explanation
    assert "67th minute" in a.explanation
    b = _verdict("Luca Ferri scored in the 67th minute as Porto Vale beat Rio Claro 1-0.",
                 source)
    assert b.verdict == "supported", b.explanation


def test_a_value_only_expected_is_not_the_value() -> None:
    source = ("Peru's unemployment rate fell to 6.1% in the third quarter, the statistics "
              "office said. Analysts had expected an unemployment rate of 5.8%.")
    a = _verdict("Peru's unemployment rate fell to 5.8% in the third quarter, the statistics "
                 "office said.", source)
    assert a.verdict != "supported", a.explanation
    b = _verdict("Analysts had expected Peru's unemployment rate to be 5.8% in the third "
                 "quarter.", source)
    assert b.verdict == "supported", b.explanation


def test_a_day_written_as_an_ordinal_word_is_the_date() -> None:
    source = ("The ministry said the second phase of the campaign will begin on the first of "
              "September and reach about 2 million children.")
    a = _verdict("The campaign's second phase will begin on Sept. 1, the ministry said.", source)
    assert a.verdict == "supported", a.explanation
    b = _verdict("The campaign's second phase will begin on Sept. 2, the ministry said.", source)
    assert b.verdict != "supported"
