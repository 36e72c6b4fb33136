"""Look-alikes of the thirteenth session's rules (phrasal verbs of movement, targets,
lengths in hours, the new synonyms, portions, a dated story's weekdays, what is only
asked for, "unless", comparisons), each a misfire a review reproduced against the
session-start checker and then mended (three rounds, each reading the last one's mends).
Each case names what went wrong."""

from __future__ import annotations

import pytest

from tests.twins import (
    CONTRADICTED,
    GREEN,
    NOT_GREEN,
    NOT_RED,
    assert_verdict_as_expected,
)

CASES = {
    "1b: source's own 'stepped up' is not read as a rise, so its 'freeze' (the freeze": (
        "Acme stepped up hiring at its Leeds plant in March, ending a six-month freeze. It "
        "cited strong demand.",
        "Acme stepped up hiring at its Leeds plant in March.", GREEN),
    "1c: 'inflation rose' (another noun) contradicts 'scaled back its bond": (
        "The central bank scaled back its bond purchases as inflation rose to 4%. Markets "
        "barely moved.",
        "The central bank scaled back its bond purchases.", GREEN),
    "1d: 'stepped up as interim chief executive' (took a role) read as 'increase'": (
        "Jones stepped up as interim chief executive of the airline after the board suspended "
        "Smith. Shares were little changed.",
        "Jones stepped up as interim chief executive of the airline.", GREEN),
    "1e: 'a fire halted output' (the earlier stoppage) contradicts 'ramped up production'": (
        "Tesla ramped up production at its Berlin factory after a fire halted output for a "
        "week. Analysts welcomed the news.",
        "Tesla ramped up production at its Berlin factory.", GREEN),
    "1g: 'talks ... stalled' contradicts 'scaled back plans'": (
        "The developer scaled back plans for the riverside site after talks with the council "
        "stalled. It will now build 200 homes.",
        "The developer scaled back plans for the riverside site.", GREEN),
    "1h: 'which parliament has paused' (the reform) contradicts 'stepped up pressure'": (
        "Protesters stepped up pressure on the government over the pension reform, which "
        "parliament has paused. Unions called a new strike.",
        "Protesters stepped up pressure on the government over the pension reform.", GREEN),
    "1j: 'stepped up for Rovers' (came in) read as a rise": (
        "Reserve goalkeeper Tom Hale stepped up for Rovers in the cup tie, while the "
        "first-choice keeper's recovery stalled. Rovers won 2-0.",
        "Reserve goalkeeper Tom Hale stepped up for Rovers in the cup tie.", GREEN),
    "2j: 'aimed low and scored in the 75th minute': the 75th is within 50 chars after": (
        "The striker aimed low and scored in the 75th minute. It was his 12th goal of the "
        "season.",
        "The striker scored in the 60th minute.", CONTRADICTED),
    "2w: 'long a target of militants, was hit by a bombing that killed 31' - the": (
        "The market, long a target of militants, was hit by a bombing that killed 31 people. No"
        " group has claimed it.",
        "The bombing killed 15 people.", CONTRADICTED),
    "3j: durations_missing looks page-wide: any '5' plus any 'hour' ('rush hour') now": (
        "The meeting lasted most of the afternoon, and 5 motions were passed. It ended shortly "
        "after rush hour.",
        "The meeting lasted five hours.", NOT_GREEN),
    "3k: 'Eight engines' + 'for an hour' give the claim's 'eight hours' though the": (
        "Firefighters took most of the day to bring the blaze under control. Eight engines "
        "attended, and the road was shut for an hour.",
        "Firefighters took eight hours to bring the blaze under control.", NOT_GREEN),
    "3l: '9 people' + 'for hours' give 'nine hours'": (
        "Passengers were stuck on the train for hours after it broke down, and 9 people were "
        "treated by paramedics. The operator apologised.",
        "Passengers were stuck on the train for nine hours.", NOT_GREEN),
    "3n: '5 days a week' + 'several hours' give 'five hours a week'": (
        "The centre opens 5 days a week, and volunteers work there for several hours at a time."
        " It has 40 volunteers.",
        "Volunteers work five hours a week at the centre.", NOT_GREEN),
    "3p: '25 officers' + 'for hours' give 'twenty-five hours' (page: 'more than a day')": (
        "The siege lasted more than a day. Police said 25 officers were involved and "
        "negotiators spoke for hours.",
        "The siege lasted twenty-five hours.", NOT_GREEN),
    "4c: 'cardiac arrest' matches 'detained' via arrest/detain": (
        "The midfielder suffered a cardiac arrest during the match and was taken to hospital. "
        "He is in a stable condition.",
        "The midfielder was detained during the match.", NOT_GREEN),
    "4f: 'move to raise ticket prices' (a decision) matches 'relocated'": (
        "Hale Rovers' move to raise ticket prices angered fans. The club said the rise was "
        "needed.",
        "Hale Rovers relocated, angering fans.", NOT_GREEN),
    "4g: 'southern Australia' (Victoria worst hit) matches the state 'South Australia'": (
        "Bushfires raged across southern Australia, with Victoria worst hit. Thousands were "
        "evacuated.",
        "Bushfires raged across South Australia.", NOT_GREEN),
    "4l: a chess 'move' matches 'relocated'": (
        "Carlsen's move in the final round stunned the crowd. He won in 40 moves.",
        "Carlsen relocated in the final round.", NOT_GREEN),
    "4n: 'Ponzi scheme' matches 'pension plan' via plan/scheme": (
        "The businessman ran a Ponzi scheme that took £2m from savers, a court heard. He denies"
        " fraud.",
        "The businessman ran a pension plan that took £2m from savers.", NOT_GREEN),
    "5c: 'them' is read as last year's '300 films' (same sentence), not this year's": (
        "The festival showed 240 films this year, down from 300 films last year, half of them "
        "by women. Organisers blamed funding cuts.",
        "This year 150 films at the festival were by women.", NOT_GREEN),
    "5d: 'more than half of its 300 staff' taken as exactly half: 'Nearly 150' is the": (
        "The company laid off more than half of its 300 staff on Friday. Unions called the move"
        " brutal.",
        "Nearly 150 of the 300 staff were laid off.", NOT_GREEN),
    "5d2: 'more than half' read as exactly 150": (
        "The company laid off more than half of its 300 staff on Friday. Unions called the move"
        " brutal.",
        "The company laid off 150 of its 300 staff on Friday.", NOT_GREEN),
    "5d3: 'nearly half' read as exactly 150": (
        "The company laid off nearly half of its 300 staff on Friday. Unions called the move "
        "brutal.",
        "The company laid off 150 of its 300 staff on Friday.", NOT_GREEN),
    "5e2: 'a third of them' is of the 60 students (20), but the rule picks the 90": (
        "Of the festival's 90 volunteers, 60 were students, a third of them from abroad. The "
        "rest were local retirees.",
        "30 of the festival's 90 volunteers were from abroad.", NOT_GREEN),
    "5f: the portion check runs before the rival check: 'half of them by first-time": (
        "The festival screened 300 films, half of them by first-time directors and 90 by women."
        " Organisers said attendance was a record.",
        "The festival screened 150 films by women.", CONTRADICTED),
    "5i: 'a third of them girls and the rest boys': 200 is the girls, boys are 400": (
        "The school has 600 pupils, a third of them girls and the rest boys. It opened in 1998.",
        "200 of the school's 600 pupils are boys.", NOT_GREEN),
    "5j: half of Cannes' 300 films backs a claim about Venice (200 films)": (
        "Cannes screened 300 films, half of them by newcomers, while the rival festival in "
        "Venice screened 200 films. Both reported record crowds.",
        "The rival festival in Venice screened 150 films by newcomers.", NOT_GREEN),
    "6b: 'will' elsewhere in the sentence ('which will shut its doors in June') makes": (
        "HOLBROOK, March 14, 2024 — The council voted on Tuesday to close the library, which "
        "will shut its doors in June. The decision was unanimous.",
        "On 19 March, the council voted to close the library.", NOT_GREEN),
    "6c: 'is due' in the sentence moves 'arrested on Sunday' to the next Sunday (17": (
        "HOLBROOK, March 14, 2024 — A 34-year-old man, who was arrested on Sunday, is due to "
        "appear in court on Friday. Police said inquiries continue.",
        "The man was arrested on 17 March.", NOT_GREEN),
    "6e: 'on Tuesday of last week' read as this week's Tuesday": (
        "HOLBROOK, March 14, 2024 — The council voted on Tuesday of last week to close the "
        "library. Campaigners said they would appeal.",
        "On 12 March, the council voted to close the library.", NOT_GREEN),
    "6f: 'on the Monday before last' read as the latest Monday": (
        "HOLBROOK, March 14, 2024 — Residents have been without water for ten days. \"The pipe "
        "burst on the Monday before last and nobody came,\" said Ann Reed. The water board "
        "apologised.",
        "On 11 March, the pipe burst.", NOT_GREEN),
    "6g: 'plans to' makes 'announced on Monday' the next Monday (18 March)": (
        "HOLBROOK, March 14, 2024 — Acme announced on Monday that it plans to cut 200 jobs at "
        "its Holbrook plant. Unions said they were shocked.",
        "On 18 March, Acme announced it plans to cut 200 jobs.", NOT_GREEN),
    "6h: 'next Friday' written on a Thursday is ambiguous (often 22 March)": (
        "HOLBROOK, March 14, 2024 — The hearing will take place next Friday, the court said. "
        "Both sides have been told.",
        "The hearing will take place on 15 March.", NOT_GREEN),
    "6i: a habit ('each Tuesday', present tense) is dated": (
        "HOLBROOK, March 14, 2024 — The market opens in the square each Tuesday. Traders say "
        "footfall has fallen.",
        "On 12 March, the market opened in the square.", NOT_GREEN),
    "6j: 'expected to' moves 'passed on Monday' to 18 March": (
        "HOLBROOK, March 14, 2024 — The bill, which passed on Monday, is expected to take "
        "effect in June. Opponents vowed to challenge it.",
        "The bill passed on 18 March.", NOT_GREEN),
    "6k: 'went missing on a Tuesday' three weeks back read as 12 March": (
        "HOLBROOK, March 14, 2024 — The body was found on Wednesday, three weeks after she went"
        " missing on a Tuesday. Police are treating the death as unexplained.",
        "She went missing on 12 March.", NOT_GREEN),
    "6l: an 'Updated' header over a 2019 archive story dates its weekday in 2024": (
        "Updated March 14, 2024 COUNCIL VOTES TO CLOSE LIBRARY From our archive, first "
        "published in 2019: The council voted on Tuesday to close the library. Campaigners said"
        " they would appeal.",
        "The council voted on 12 March to close the library.", NOT_GREEN),
    "6m: 'on Tuesday week' (26 March) read as 19 March": (
        "HOLBROOK, March 14, 2024 — The council will vote on Tuesday week on the closure. "
        "Campaigners plan a protest.",
        "The council will vote on 19 March.", NOT_GREEN),
    "6n: 'results are due on Friday' moves 'went to the polls on Sunday' forward to": (
        "HOLBROOK, March 14, 2024 — Voters went to the polls on Sunday and the results are due "
        "on Friday. Turnout was 61%.",
        "Voters went to the polls on 17 March.", NOT_GREEN),
    "7d: 'urged the council to reopen the pool' marks 'reopen' unasserted for the": (
        "After residents urged the council to reopen the pool, which had closed in May, it "
        "reopened on Friday. Swimmers queued from 7am.",
        "The pool reopened on Friday.", NOT_RED),
    "7r: 'demanding that it lift the ban' hides the asserted 'lifted the ban'": (
        "Weeks after residents began demanding that it lift the ban, the council lifted the ban"
        " on street parties, which had been imposed in 2020. Organisers welcomed the move.",
        "The council lifted the ban on street parties.", NOT_RED),
    "7t: 'calling for it to approve' hides 'approved'": (
        "After months of residents calling for it to approve the bypass, which it had rejected "
        "in 2021, the council approved the new bypass on Tuesday. Work starts in May.",
        "The council approved the new bypass on Tuesday.", NOT_RED),
    "7j: 'Calls for a ban ... were rejected': the clause after 'calls for' (5 words)": (
        "Calls for a ban on e-scooters were rejected by the council on Monday. Campaigners "
        "vowed to keep fighting.",
        "Calls for a ban on e-scooters were accepted by the council.", CONTRADICTED),
    "7e: 'unless' counts as the claim's own negation, which turns off the check of": (
        "The bridge will not reopen in May, officials said, because repairs have been delayed "
        "until autumn. Diversions remain in place.",
        "The bridge will reopen in May unless repairs are delayed.", CONTRADICTED),
    "7f: 'unless talks resume' turns off the check of 'will not go ahead'": (
        "The strike will not go ahead on Monday, the union said, after talks resumed. Services "
        "will run normally.",
        "The strike will go ahead on Monday unless talks resume.", CONTRADICTED),
    "7u: 'unless a buyer is found' turns off the check of 'will not close'": (
        "The factory will not close in June, its owners said, after a buyer was found. All 300 "
        "jobs are safe.",
        "The factory will close in June unless a buyer is found.", CONTRADICTED),
    "7y: 'smaller' is several words after 'crowd ... derby that was', not in the slot": (
        "Dunmore drew a crowd at Saturday's derby that was smaller than Kirkwell's, police "
        "said. Both sets of fans were praised.",
        "Dunmore drew a larger crowd than Kirkwell at Saturday's derby.", CONTRADICTED),
    # a second review, of the first review's mends
    "st1: intransitive 'stepped up again' (adverb after the particle) is read as an": (
        "Striker Alan Reid delivered again on Saturday, scoring twice as Rovers beat a Dunmore "
        "side whose form has slumped since January.",
        "Reid stepped up again on Saturday, scoring twice as Rovers beat Dunmore.", NOT_RED),
    "st9: 'stepped up after ...' (rose to the occasion): 'after' is not in the": (
        "Goalkeeper Ben Hale starred after the first-choice keeper was injured, and Rovers held"
        " on for a 1-0 win over Dunmore, whose league form has collapsed.",
        "Hale stepped up after the first-choice keeper was injured, helping Rovers to a 1-0 win"
        " over Dunmore.", NOT_RED),
    "st5: the claim's phrasal 'stepped up' plus 'fell' gives two states, so state_flip": (
        "Police have increased patrols in Kirkwell town centre after a spate of thefts. Thefts "
        "in the area have fallen since the patrols began, the force said.",
        "Police stepped up patrols in Kirkwell town centre after thefts fell.", NOT_GREEN),
    "vr16: 'targeted' meaning attacked makes the source's 3 refineries a target, so it": (
        "The strike targeted 3 refineries on the coast. Output at all of them was halted for "
        "two days.",
        "The strike hit 5 refineries on the coast, halting output for two days.", CONTRADICTED),
    "du1: '6 consecutive months': a word between figure and unit, so the page's length": (
        "Consumer prices in Kirkwell have fallen for 6 consecutive months, the statistics "
        "office said on Wednesday.",
        "Consumer prices in Kirkwell have fallen for six months in a row, the statistics office"
        " said.", GREEN),
    "du2: '12 long years': same, an adjective between figure and unit": (
        "After 12 long years in opposition, the Liberal Party returned to power on Sunday with "
        "a majority of 14 seats.",
        "The Liberal Party returned to power on Sunday after twelve years in opposition.", GREEN),
    "du5: '14 straight hours': same": (
        "Talks between the union and management broke down after 14 straight hours on "
        "Thursday. A strike is set for next week.",
        "Talks between the union and management broke down after fourteen hours on Thursday.",
        GREEN),
    "po1: 'half of them in the north' is a half of the 40 seats contested, not won": (
        "Labour contested 40 seats on the council, half of them in the north of the county, and"
        " won 12.",
        "Labour won 20 of the 40 seats in the north of the county.", NOT_GREEN),
    "po10: a quarter of the 200 restaurants inspected is read as the claim's 50 closed": (
        "The city council inspected 200 restaurants last year, a quarter of them in the old "
        "town, and closed 9.",
        "The city council closed 50 restaurants in the old town last year.", NOT_GREEN),
    "po11: a third of the 30 banks fined backs '10 foreign banks investigated' (the": (
        "The regulator fined 30 banks in 2023, a third of them foreign lenders, the report "
        "said. It had investigated 45 banks.",
        "The regulator investigated 10 foreign banks in 2023, the report said.", NOT_GREEN),
    "po12: bound after the share ('half of them or more') not checked": (
        "Voters in Kirkwell will choose 60 councillors in May, half of them or more for the "
        "first time, as boundaries change.",
        "Kirkwell will elect 30 councillors for the first time in May.", NOT_GREEN),
    "pd1w: present tense for the future ('resumes on Monday') has no future word, so": (
        "KIRKWELL, March 14, 2024 — The public inquiry into the Kirkwell dam collapse resumes "
        "on Monday, the chairman said. It was adjourned in February.",
        "The Kirkwell dam inquiry resumed on March 11, 2024.", NOT_GREEN),
    "pd7w: same: 'votes on Tuesday' reckoned as March 12": (
        "MADRID, March 14, 2024 — Spain's parliament votes on Tuesday on the amnesty bill, "
        "which the Senate rejected last week.",
        "Spain's parliament voted on the amnesty bill on March 12, 2024.", NOT_GREEN),
    "pd9w: same: 'opens in Oslo on Sunday' reckoned as March 10": (
        "OSLO, March 14, 2024 — The Nordic summit opens in Oslo on Sunday, with leaders of five"
        " countries attending, the foreign ministry said.",
        "The Nordic summit opened in Oslo on March 10, 2024.", NOT_GREEN),
    "pd2w: future word inside a relative clause ('the plant due to close in June walked": (
        "DUNMORE, March 14, 2024 — Workers at the Dunmore plant due to close in June walked out"
        " on Monday over redundancy terms. The union said 400 took part.",
        "Workers at the Dunmore plant walked out on March 18, 2024.", NOT_GREEN),
    "pd8w: 'will, on Monday, unveil': the comma after 'will' defeats the future test,": (
        "ROME, March 14, 2024 — Ministers will, on Monday, unveil a plan to cut energy bills "
        "for 2 million households, the government said.",
        "Ministers unveiled a plan to cut energy bills on March 11, 2024.", NOT_GREEN),
    "pd6w: 'on Monday, the 4th': weekday with a day-of-month after a comma is not": (
        "BERLIN, March 14, 2024 — The strike at Berlin's airports began on Monday, the 4th, and"
        " has cut flights by half, the operator said.",
        "The strike at Berlin's airports began on March 11, 2024.", NOT_GREEN),
    "un1: 'Demand for electricity rose' matches the demand cue ('demands?' + 'for'):": (
        "Demand for electricity rose 4% in January as the cold snap hit, the grid operator "
        "said.",
        "Demand for electricity fell in January, the grid operator said.", CONTRADICTED),
    "un2: same: 'Demand for steel slumped' hides 'slumped'": (
        "Demand for steel slumped in the third quarter, the industry body said on Monday.",
        "Demand for steel rose in the third quarter, the industry body said.", CONTRADICTED),
    "un5: same: 'Demand for new homes fell sharply' hides 'fell'": (
        "Demand for new homes fell sharply in March as mortgage rates climbed, the builders' "
        "federation said.",
        "Demand for new homes increased in March, the builders' federation said.", CONTRADICTED),
    "op10: comparative 'smaller pre-tax loss': content word after 'smaller' is": (
        "Dunmore Water posted a smaller pre-tax loss for the year, its chief executive said.",
        "Dunmore Water's loss for the year was larger, its chief executive said.", CONTRADICTED),

    # a third review, of the weekday's tense
    "w5: 'after being charged on Sunday': participle after 'being' is not past, so": (
        "HOLBROOK, March 14, 2024 — A 34-year-old man will appear in court on Monday after "
        "being charged on Sunday with arson. Police said inquiries continue.",
        "The man was charged with arson on 17 March.", NOT_GREEN),
    "w19: 'hit' (infinitive after 'will') read as past verb nearer than 'will': Monday": (
        "HOLBROOK, March 14, 2024 — Strikes will hit rail services on Monday, the union said. "
        "Talks broke down last week.",
        "Strikes hit rail services on 11 March.", NOT_GREEN),
    "w20: 'proceed' matches \\w{2,}ed as past: Monday -> 11 March though 'expected to": (
        "HOLBROOK, March 14, 2024 — The trial of the former mayor is expected to proceed on "
        "Monday, his lawyers said.",
        "The trial of the former mayor proceeded on 11 March.", NOT_GREEN),
    "w21: 'United' matches \\w{2,}ed as past: 'will host Manchester United on Sunday'": (
        "HOLBROOK, March 14, 2024 — Liverpool will host Manchester United on Sunday in a match "
        "that could decide the title.",
        "Liverpool hosted Manchester United on 10 March.", NOT_GREEN),
    "w22: 'shed' matches \\w{2,}ed as past: 'set to shed ... on Friday' -> 8 March": (
        "HOLBROOK, March 14, 2024 — Acme is set to shed 500 jobs at its Holbrook plant on "
        "Friday, union officials said.",
        "Acme shed 500 jobs at its Holbrook plant on 8 March.", NOT_GREEN),
    "w23: 'was due to go ahead on Monday but was postponed': 'due' nearer than 'was'": (
        "HOLBROOK, March 14, 2024 — The launch was due to go ahead on Monday but was postponed "
        "because of high winds.",
        "The launch was due to go ahead on 18 March.", NOT_GREEN),
    "w24: 'hundred' matches \\w{2,}ed as past: 'will cut a hundred jobs on Friday' -> 8": (
        "HOLBROOK, March 14, 2024 — The council will cut a hundred jobs on Friday, the leader "
        "said. Unions are angry.",
        "The council cut a hundred jobs on 8 March.", NOT_GREEN),
    "w25: same as w5 with 'being arrested': arrest put on the coming Sunday": (
        "HOLBROOK, March 14, 2024 — A man will appear in court on Monday after being arrested "
        "on Sunday, police said.",
        "The man was arrested on 17 March.", NOT_GREEN),
    "w26: 'would' is no future word": (
        "HOLBROOK, March 14, 2024 — Ministers said they hoped the bill, which they introduced, "
        "would pass on Tuesday.",
        "The bill passed on 12 March.", NOT_GREEN),

}


@pytest.mark.parametrize(("source", "claim", "expected"), CASES.values(), ids=CASES.keys())
def test_a_new_rule_keeps_to_its_own_case(source: str, claim: str, expected: str) -> None:
    assert_verdict_as_expected(source, claim, expected)
