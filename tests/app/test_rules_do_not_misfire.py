"""Look-alikes of this session's rules (changes, the page's dates, months, lengths of
time, ranks, bounds, the sole rival), each reproduced by a review against the checker
and mended: a faithful claim keeps its green, a wrong one gets none, and no claim is
called contradicted by a figure of something else."""

from __future__ import annotations

import pytest

from tests.twins import (
    GREEN,
    NOT_GREEN,
    NOT_RED,
    assert_verdict_as_expected,
)

CASES = {
    "the ends of another quantity's change": (
        "Visitor numbers at Harlow Castle rose 4% to 52,000 last year, up from 50,000, while "
        "ticket prices rose from $10 to $12.",
        "Visitor numbers at Harlow Castle rose 20%.", NOT_GREEN),
    "a comparison of two places is no change": (
        "The average house price in Tarrow hit $520,000, compared with $400,000 in "
        "neighbouring Dunmore, the survey found.",
        "The average house price in Tarrow rose 30%.", NOT_GREEN),
    "a range of prices is no change": (
        "Tickets for the Harlow festival, up for sale from Friday, cost from $40 to $52, "
        "organisers said.",
        "Tickets for the Harlow festival rose by $12.", NOT_GREEN),
    "the sentence's own count word, beside another change": (
        "Membership of the Harlow rowing club doubled to 840 this year, while annual fees "
        "rose to $52 from $40, the club said.",
        "Membership of the Harlow rowing club doubled to 840 this year.", GREEN),
    "two years in one sentence": (
        "TALLIS BAY, Sept. 10, 2024 (Coast Wire) — Exports rose 6% this year, after "
        "falling 2% last year, the ministry said.",
        "Exports rose 6% in 2023.", NOT_GREEN),
    "yesterday beside another day in the claim's slot": (
        "HALDEN, March 12, 2025 (Nordic Wire) — The Ardent flour mill closed on Monday "
        "after 80 years, its owners said yesterday.",
        "The Ardent flour mill closed on Tuesday after 80 years.", NOT_GREEN),
    "a headline holding a date is not the page's date": (
        "Remembering the flood of March 3, 2019\n\nFive years on, residents of Lowmoor "
        "still count the cost. Last year the council spent £2m on new flood defences.",
        "Lowmoor council spent £2m on flood defences in 2018.", NOT_GREEN),
    "a length of time of another subject": (
        "The Harlow mill, which operated for 60 years, closed in 1990. Its last manager, "
        "Jane Kettle, worked there for 40 years.",
        "Jane Kettle worked at the Harlow mill for six decades.", NOT_GREEN),
    "a month's part against a range in it": (
        "The Harbour Arts Festival runs from June 6 to June 29, with 120 events across the "
        "city, organisers said.",
        "The Harbour Arts Festival ends in early June.", NOT_GREEN),
    "next month of another sentence's news": (
        "Published May 20, 2025\n\nThe Kestrel Road bridge will close next month for "
        "resurfacing. The Elm Street library will reopen in the autumn, the council said.",
        "The Elm Street library will reopen in June.", NOT_GREEN),
    "the claim's own rank beside another": (
        "Marl Bank, the largest lender in Wales, agreed on Monday to buy Harlow Bank, the "
        "second-largest lender.",
        "Harlow Bank is the second-largest lender in Wales.", NOT_RED),
    "the page's own bound beside the other one": (
        "More than 300 households in Harlow applied for the flood grant, but fewer than 300 "
        "households received it.",
        "More than 300 households in Harlow applied for the flood grant.", NOT_RED),
    "a bound with no before it": (
        "No fewer than 300 households in Harlow have applied for the flood grant, the "
        "council said.",
        "At least 300 households in Harlow have applied for the flood grant.", GREEN),
    "a rate against a total": (
        "Harlow council awarded Dunmore Waste a five-year contract worth £8m a year to run "
        "its recycling service, the council said.",
        "Harlow council awarded Dunmore Waste a £40m, five-year contract to run its "
        "recycling service.", NOT_RED),
    "a figure of another name": (
        "Shares in Halvorsen rose sharply on Tuesday, bucking a market in which the FTSE "
        "100 fell 1.2%.",
        "Shares in Halvorsen rose 8% on Tuesday.", NOT_RED),
    "stopping as a subject": (
        "Stopping smoking before the age of 40 cuts the risk of early death by 90%, the "
        "Harlow study found.",
        "Quitting smoking before 40 cuts the risk of early death by 90%, the Harlow study "
        "found.", NOT_RED),
    "since the start of the year": (
        "Petrol prices have risen 5% since the start of the year, the motoring group said "
        "on Tuesday.",
        "Petrol prices have risen 5% since January.", GREEN),
    "members, not the board, decide": (
        "Under the club's rules, members, not the board, decide whether to sell the "
        "ground, the chairman said.",
        "Members of the club decide whether to sell the ground, the chairman said.",
        NOT_RED),
    "ceasing is ceasing": (
        "Marl Group will cease trading in June after 80 years, its administrators said.",
        "Marl Group is ceasing trading in June after 80 years, its administrators said.",
        NOT_RED),
    "a later stretch in the same sentence": (
        "Membership of the Harlow rowing club rose from 400 to 800 between 2015 and 2020, "
        "and to 1,200 by 2024.",
        "Membership of the Harlow rowing club tripled between 2015 and 2024.", NOT_RED),
    "the change of the claim's own noun": (
        "Sales at Marl Group rose from $40 million to $80 million, and profit rose from $5 "
        "million to $6 million.",
        "Marl Group's profit doubled.", NOT_GREEN),
    "the change of the claim's own name": (
        "The Greens won 20 seats in Sunday's election, up from 17, while Labour won 30, "
        "down from 35.",
        "Labour gained three seats in Sunday's election.", NOT_GREEN),
    "by a narrow margin is no difference": (
        "The Greens won 20 seats in Sunday's election, up from 17 at the last vote.",
        "The Greens won three seats by a narrow margin in Sunday's election.", NOT_GREEN),
    "a negation before the figure's commas": (
        "Police counted fewer than 300 people at the Harlow rally, despite organisers' "
        "claims of 2,000.",
        "Police did not, despite the organisers' claims of 2,000, count more than 300 "
        "people at the Harlow rally.", NOT_RED),
    "two changes in one clause": (
        "Marl Group's profit rose from $5 million to $10 million as sales rose from $40 "
        "million to $50 million.",
        "Marl Group's profit rose by $10 million.", NOT_GREEN),
    "undecided governs its own verb only": (
        "The board of Harlow Foods has not yet decided whether to accept the £40m bid from "
        "Marl Group, which it received on Monday.",
        "Harlow Foods received a £40m bid from Marl Group on Monday.", NOT_RED),
    "unsure of a fact is no denial of it": (
        "Investigators are unsure whether the fire that destroyed 40 homes in Lowmoor was "
        "started deliberately.",
        "A fire destroyed 40 homes in Lowmoor.", NOT_RED),
    "a negated comparison without a figure is a negation": (
        "Quarterly sales at Harlow Foods were not higher than analysts had expected, the "
        "company said.",
        "Quarterly sales at Harlow Foods were higher than analysts had expected.", NOT_GREEN),
    "a total is no difference": (
        "The Green Party won 20 seats in Sunday's regional election, up from 17 at the last "
        "vote.",
        "The Green Party won three seats in Sunday's regional election.", NOT_GREEN),
    "the change of the claim's own thing": (
        "At Harlow Castle, ticket prices rose from $10 to $13 last year, and visitor numbers "
        "rose to 60,000 from 50,000, the trust said.",
        "Visitor numbers at Harlow Castle rose 30% last year, the trust said.", NOT_GREEN),
    "a later stretch than the ends": (
        "Harlow's population grew from 40,000 to 60,000 between 1990 and 2010, and reached "
        "120,000 last year, the census office said.",
        "Harlow's population doubled after 2010, reaching 120,000 last year.", NOT_RED),
    "undecided in the claim too": (
        "Castlemere University has not yet decided whether to sell its agricultural "
        "research farm, a spokesperson said.",
        "Castlemere University is still undecided on whether to sell its agricultural "
        "research farm, a spokesperson said.", NOT_RED),
    "an age is no length of time": (
        "The two-year-old boy was taken to Harlow hospital after the crash, police said.",
        "The two-year-old was taken to Harlow hospital after the crash, police said.",
        GREEN),
}


@pytest.mark.parametrize(("source", "claim", "expected"), CASES.values(), ids=CASES.keys())
def test_a_rule_keeps_to_its_own_case(source: str, claim: str, expected: str) -> None:
    assert_verdict_as_expected(source, claim, expected)
