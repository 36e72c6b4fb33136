"""Where the fourteenth session's readings went too far (a review of look-alikes in the
fifteenth): "could not reach" and "could hear" assert what happened, a "whether to"
settled in the same sentence is decided, a claim that names the question ("is weighing
closing") leaves it open itself, and "whether to sell its mill" leaves the mill a fact.
The story's head lends its place or person to a passage, not what it says was done to a
passage about another thing, nor a name to a passage that says whose the role is.
Each rule keeps its catch: the genuinely open action stays out of green, quoted."""

from __future__ import annotations

import pytest

from app.evidence import assess, index_source

ASSERTED = {
    "an ability denied": (
        "Residents were unable to reach the town centre for three days after the bridge "
        "closed.",
        "Flooding cut off the village of Hartwell last week. Residents could not reach the "
        "town centre for three days after the bridge closed, the parish council said."),
    "a perception": (
        "Neighbours heard shouting from the flat shortly before midnight.",
        "Police were called to Carver Street on Saturday. Neighbours said they could hear "
        "shouting from the flat shortly before midnight."),
    "an only way": (
        "Walkers crossed the river only at the ford after the footbridge was removed.",
        "The footbridge at Millbrook was removed in June. Since then walkers could only "
        "cross the river at the ford, the ramblers' group said."),
    "a question settled in the sentence": (
        "The jury convicted Marsh of fraud.",
        "The jury at Leeds Crown Court had to decide whether to convict Marsh of fraud, "
        "finding him guilty on all six counts after two days."),
    "a vote's result in other words": (
        "Nurses at the hospital voted to strike.",
        "Nurses at St Anne's hospital voted on whether to strike, with 92% backing the "
        "walkout in a ballot that closed on Friday."),
    "the claim names the question": (
        "Ministers debated extending the ban on fireworks.",
        "Ministers debated on Thursday whether to extend the ban on fireworks to the whole "
        "of December."),
    "the claim hedges with 'potentially'": (
        "Harlan Paper confirmed it is in talks about potentially selling its mill.",
        "Harlan Paper confirmed on Friday it is in talks with buyers on whether to sell its "
        "mill in Corbridge."),
    "the undecided action's object is a fact": (
        "Harlan Paper's mill in Corbridge employs 300 people.",
        "Harlan Paper is weighing whether to sell its mill in Corbridge, which employs 300 "
        "people."),
}


@pytest.mark.parametrize("claim, source", ASSERTED.values(), ids=ASSERTED.keys())
def test_what_could_or_whether_asserts_stays_green(claim: str, source: str) -> None:
    a = assess(claim, index_source(source))
    assert a.verdict == "supported", a.explanation
    assert "undecided" not in a.explanation


OPEN = {
    "charges not yet decided": (
        "Prosecutors have charged the driver over the crash.",
        "Prosecutors have not yet decided whether to file charges against the driver over "
        "the crash, a spokesperson said.", "“whether to file charges”"),
    "under way is not under consideration": (
        "The council is closing the Elm Road library.",
        "The council is considering whether to close the library on Elm Road, a "
        "spokesperson said.", "“whether to close”"),
    "a title it could win": (
        "The Rovers won the league title.",
        "The Rovers could win the league title on Saturday if they beat Dunmore.",
        "“could win”"),
}


# a sixteenth-session review's look-alikes: what the readings above let through
OPEN_STILL = {
    "might not, which denies nothing": (
        "The Skerry ferry sailed on Friday.",
        "Storm Bryn is due to reach the islands on Thursday night. The Skerry ferry might "
        "not sail on Friday if winds stay above 50mph, the operator said."),
    "a condition, not a limit": (
        "The footbridge at Hollin Weir was built with £3m of lottery money.",
        "The parish council said the footbridge at Hollin Weir could only be built with "
        "£3m of lottery money, which it will bid for in the spring."),
    "a forecast, not a sight": (
        "Rail passengers saw fares rise by 4% in January.",
        "Rail passengers could see fares rise by 4% in January under plans put to "
        "ministers on Monday."),
    "settled the other way": (
        "The jury convicted Dorsey of theft.",
        "Jurors had to decide whether to convict Dorsey of theft, finding him not guilty "
        "after a morning's deliberation."),
    "decided to do another thing": (
        "Governors closed the Marsh Lane nursery.",
        "After a long consultation on whether to close the Marsh Lane nursery, governors "
        "decided to keep it open until the summer."),
    "agreed to something else": (
        "The two colleges agreed to merge.",
        "The two colleges are weighing whether to merge, with both boards agreeing to "
        "commission a review first."),
    "a decision still to come": (
        "The board raised parking charges by 50p.",
        "The board has been asked whether to raise parking charges by 50p, a question that "
        "will be decided at its July meeting."),
    "a discovery, not a verdict": (
        "The trust demolished the old wing.",
        "The trust is considering whether to demolish the old wing, having found damp in "
        "its walls."),
    "backed by another": (
        "The council built the relief road.",
        "The council is still deciding whether to build the relief road, which is backed "
        "by local employers."),
}


@pytest.mark.parametrize("claim, source", OPEN_STILL.values(), ids=OPEN_STILL.keys())
def test_an_open_action_the_readings_must_not_take_as_done(claim: str, source: str) -> None:
    a = assess(claim, index_source(source))
    assert a.verdict != "supported", a.explanation


@pytest.mark.parametrize("claim", [
    "Will Hendry's side won the county cup.",
    "The Rovers won the county cup in May.",
    "The committee backed building the county cup stand.",
], ids=["a first name", "a month", "a decision's gerund"])
def test_a_claim_word_like_a_modal_or_a_question_does_not_switch_the_check_off(
        claim: str) -> None:
    source = ("Will Hendry's Rovers could win the county cup in May if they beat Dunmore, "
              "and the committee will decide whether to build a county cup stand.")
    a = assess(claim, index_source(source))
    assert a.verdict != "supported", a.explanation


def test_an_adverb_before_a_perception_still_asserts_it() -> None:
    a = assess("Neighbours heard a loud bang shortly before midnight.", index_source(
        "Police were called to Carver Street on Saturday. Neighbours said they could "
        "clearly hear a loud bang shortly before midnight."))
    assert a.verdict == "supported", a.explanation


@pytest.mark.parametrize("claim, source, quoted", OPEN.values(), ids=OPEN.keys())
def test_an_action_left_open_still_keeps_the_claim_out_of_green(
        claim: str, source: str, quoted: str) -> None:
    a = assess(claim, index_source(source))
    assert a.verdict == "partial", a.explanation
    assert f"undecided or possible: {quoted}" in a.explanation


HEAD = ("Fenwick Gazette\nNews | Sport | Contact\nCouncil approves £4m road repair budget\n"
        "By Sam Hale\n11 March 2024\n\nFENWICK, 11 March 2024 — Fenwick County Council "
        "approved a £4m budget on Tuesday to repair the town's roads over the next two "
        "years.\n\n")
# paragraphs between the head and the passage a claim is about, so that no passage
# window holds both
FILL = ("Officers will survey every street in April and publish a list of the worst "
        "stretches. Residents can report potholes online or by phone. Contractors have been "
        "asked to bid by the end of the month. Last year the county filled more than 9,000 "
        "holes. Cyclists have long complained about the state of rural lanes. The budget "
        "also covers new drainage on three routes prone to flooding.\n\n")
TAIL = "\n\nRepairs will start in May."

NOT_LENT = {
    "a deed the passage says was not done": (
        "Fenwick County Council approved Cllr Tolley's plan to pedestrianise the High "
        "Street.",
        HEAD + FILL + "Cllr Tolley's plan to pedestrianise the High Street was deferred "
        "until the autumn after traders objected." + TAIL, "“approved”"),
    "a role the passage gives to another body": (
        "The council's chief executive, Jane Roe, said the repairs were overdue.",
        HEAD + FILL + "Jane Roe, chief executive of Fenwick Rowing Club, said the repairs "
        "were overdue and the towpath was dangerous." + TAIL, "“council's”"),
    "a role at another council": (
        "Fenwick's cabinet member for highways, Cllr Ann Blake, said the plan was a model.",
        HEAD + FILL + "Cllr Ann Blake, cabinet member for highways at neighbouring Harlow "
        "District Council, said the plan was a model for the region." + TAIL, "“Fenwick's”"),
}


@pytest.mark.parametrize("claim, source, missing", NOT_LENT.values(), ids=NOT_LENT.keys())
def test_the_head_lends_no_word_to_a_passage_about_another_thing(
        claim: str, source: str, missing: str) -> None:
    a = assess(claim, index_source(source))
    assert a.verdict != "supported", a.explanation
    assert "from the story's headline" not in a.explanation
    assert missing in a.explanation


def test_an_editors_update_label_is_no_dateline() -> None:
    page = ("Kendal Echo\nNews\nLune bridge repairs delayed\n\nEngineers said the Lune "
            "bridge will stay shut until spring after flood damage was found in Harlow and "
            "Kendal.\n\n" + FILL + "UPDATE — Work on the bridge resumed on Friday.\n\n" + FILL
            + "Cllr Ann Blake, cabinet member for transport, said the delay was regrettable.")
    a = assess("Harlow's cabinet member for transport, Cllr Ann Blake, said the delay was "
               "regrettable.", index_source(page))
    assert "from the story's headline" not in a.explanation
    assert "“Harlow's”" in a.explanation


@pytest.mark.parametrize("claim, passage, lent", [
    ("Fenwick's cabinet member for highways, Cllr Graham Tolley, said the roads were in a "
     "poor state.",
     "Cllr Graham Tolley, cabinet member for highways, said the roads were in a poor state "
     "after the winter.", "“Fenwick's”"),
    ("Cllr Graham Tolley, who proposed the £4m road repair budget, said it was overdue.",
     "Cllr Graham Tolley, who proposed the plan, said it was overdue. \"We have waited too "
     "long,\" he said.", "“road”, “repair”"),
], ids=["the head's place", "what the lead says the plan is"])
def test_the_head_still_lends_to_a_passage_of_its_own_story(
        claim: str, passage: str, lent: str) -> None:
    a = assess(claim, index_source(HEAD + FILL + passage + TAIL))
    assert a.verdict == "supported", a.explanation
    assert f"{lent} from the story's headline or dateline" in a.explanation
