"""What set N taught (tenth session): a denial negates the clause it governs; a claim
drawn from two sentences is still answered by the one that denies it; where a sentence
has the claim's word and its opposite, the one standing where the claim's word stands
answers it; a figure's currency, its ordinal's noun, a span of time ("over two years")
and a value only expected are part of what it says. Each rule beside its faithful twin:
the same source, a claim it backs, which must stay green."""

from __future__ import annotations

import pytest

from tests.twins import Case, assert_caught_with_green_twins

CASES = {
    "a denied that-clause": Case(
        "OSLO — Transport Minister Ingrid Dahl denied on Monday that she had approved the "
        "ferry contract before the tender closed, telling lawmakers she learned of it from "
        "her staff. The contract is worth 400 million kroner.",
        "Transport Minister Ingrid Dahl told lawmakers she had approved the ferry contract "
        "before the tender closed.",
        ("Transport Minister Ingrid Dahl denied that she had approved the ferry contract "
         "before the tender closed.",)),
    "rejected claims that": Case(
        "The mayor denied that the library closure had been agreed before the public "
        "meetings began. A final decision is due in June.",
        "The mayor said the library closure had been agreed before the public meetings "
        "began.",
        ("The mayor rejected claims that the library closure had been agreed before the "
         "public meetings began.",),
        contradicted=False),
    "a claim drawn from two sentences": Case(
        "Crews fought a blaze at a derelict mill in Ashby on Friday night. About 40 "
        "firefighters were at the scene. Police said the fire was not being treated as "
        "suspicious, and inquiries into its cause continue.",
        "Police are treating Friday night's fire at a derelict mill in Ashby as suspicious.",
        ("Police said the fire at a derelict mill in Ashby was not being treated as "
         "suspicious.",),
        contradicted=False, quoted="not being treated as suspicious"),
    "did not find": Case(
        "A study of more than 90,000 Swedish adults did not find a significant link "
        "between coffee drinking and heart rhythm disorders, researchers said.",
        "A Swedish study of more than 90,000 adults found a significant link between "
        "coffee drinking and heart rhythm disorders.",
        ("A Swedish study of more than 90,000 adults did not find a significant link "
         "between coffee drinking and heart rhythm disorders.",),
        contradicted=False, quoted="did not find a significant link"),
    "the opposite in the claim's slot": Case(
        "The county's licensing board had been expected to approve the late-night licence "
        "for the Quayside bar, but members voted 5-2 to reject it on Tuesday. The owners "
        "said they would appeal.",
        "The county's licensing board voted 5-2 to approve the late-night licence for the "
        "Quayside bar.",
        ("The county's licensing board voted 5-2 to reject the late-night licence for the "
         "Quayside bar.",),
        quoted="reject"),
    "a state in the claim's subject's slot": Case(
        "Bus fares in Dunmore will be frozen next year, while parking charges at the "
        "town's car parks will rise by 4%, under a budget agreed by councillors.",
        "Dunmore bus fares will rise by 4% next year under a budget agreed by councillors.",
        ("Parking charges at Dunmore's car parks will rise by 4% next year under a budget "
         "agreed by councillors.",),
        quoted="frozen"),
    "resigned against dismissed": Case(
        "Harbour Bank's chief executive, Tomas Lind, was dismissed by the board on "
        "Wednesday after a trading loss. The board said finance chief Eva Berg would lead "
        "the bank in the interim.",
        "Harbour Bank chief executive Tomas Lind resigned on Wednesday after a trading "
        "loss.",
        ("Harbour Bank chief executive Tomas Lind was dismissed on Wednesday after a "
         "trading loss.",),
        contradicted=False),
    "over two years is a span": Case(
        "Councillors approved a plan for 1,400 homes to be built over 6 years on the old "
        "gasworks site, after a vote of 9-2.",
        "Councillors approved a plan for 1,400 homes to be built over two years on the old "
        "gasworks site.",
        ("Councillors approved a plan for 1,400 homes to be built over six years on the "
         "old gasworks site.",),
        quoted="6 years"),
    "another currency": Case(
        "The regulator fined shipping group Nordhavn 25 million euros ($27.3 million) for "
        "breaching emissions rules on its North Sea routes.",
        "The regulator fined shipping group Nordhavn $25 million for breaching emissions "
        "rules.",
        ("The regulator fined shipping group Nordhavn €25 million for breaching emissions "
         "rules.",
         "The regulator fined shipping group Nordhavn $27.3 million for breaching emissions "
         "rules."),
        quoted="25 million euros ($27.3 million)"),
    "an ordinal counts the word after it": Case(
        "Winger Luca Ferri scored his 12th goal of the season in the 67th minute as Porto "
        "Vale beat Rio Claro 1-0 on Sunday.",
        "Luca Ferri scored in the 12th minute as Porto Vale beat Rio Claro 1-0.",
        ("Luca Ferri scored in the 67th minute as Porto Vale beat Rio Claro 1-0.",),
        quoted="67th minute"),
    "a value only expected": Case(
        "Peru's unemployment rate fell to 6.1% in the third quarter, the statistics office "
        "said. Analysts had expected an unemployment rate of 5.8%.",
        "Peru's unemployment rate fell to 5.8% in the third quarter, the statistics office "
        "said.",
        ("Analysts had expected Peru's unemployment rate to be 5.8% in the third quarter.",),
        contradicted=False),
    "held at a value stays put": Case(
        "Chile's central bank held its benchmark rate at 5.75 percent on Tuesday, "
        "surprising economists, who had expected a cut of 25 basis points.",
        "Chile's central bank cut its benchmark rate on Tuesday.",
        ("Chile's central bank held its benchmark rate at 5.75 percent on Tuesday.",),
        quoted="held its benchmark rate"),
    "no evidence of three of the claim's words": Case(
        "Crews spent six hours on a blaze at a disused depot on Mill Lane in Selby. Nobody "
        "was hurt. Police said there was no evidence that the fire had been started "
        "deliberately, but inquiries were continuing.",
        "Police said the fire at a disused depot on Mill Lane in Selby had "
        "been started deliberately.",
        ("Police said there was no evidence that the fire at a disused depot on Mill Lane in "
         "Selby had been started deliberately.",),
        contradicted=False, quoted="no evidence that the fire had been started"),
    "a day as an ordinal word": Case(
        "The ministry said the second phase of the campaign will begin on the first of "
        "September and reach about 2 million children.",
        "The campaign's second phase will begin on Sept. 2, the ministry said.",
        ("The campaign's second phase will begin on Sept. 1, the ministry said.",),
        contradicted=False),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_wrong_claim_is_caught_and_its_twin_stays_green(case: Case) -> None:
    assert_caught_with_green_twins(case)
