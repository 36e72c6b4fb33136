"""What set L taught (ninth session): a weekday is a date the source must give; "no
evidence that ..." denies the whole clause; a change's object may stand on either side
of its verb; two figures given to two names the other way round; a figure that is
someone else's. Each rule has the faithful case it must leave green beside it."""

from __future__ import annotations

from app.evidence import assess, index_source


def _verdict(claim: str, source: str):
    return assess(claim, index_source(source))


BRIDGE = ("The Lenox Street bridge will reopen to traffic on Friday after three months of "
          "repairs, the city's transport department said. Pedestrian access was restored "
          "last week.")


def test_another_weekday_in_the_sentence_stating_the_claim_contradicts_it() -> None:
    a = _verdict("The Lenox Street bridge is set to reopen to traffic Thursday after three "
                 "months of repairs, the transport department said.", BRIDGE)
    assert a.verdict == "contradicted"
    assert "Friday" in a.explanation and "Thursday" in a.explanation
    # the source's own day stays green
    b = _verdict("The Lenox Street bridge will reopen to traffic on Friday after three "
                 "months of repairs, the transport department said.", BRIDGE)
    assert b.verdict == "supported"


def test_a_weekday_the_source_never_gives_is_a_missing_date() -> None:
    a = _verdict("The council approved the budget on Tuesday after a long debate.",
                 "After a long debate, the council approved the budget.")
    assert a.verdict != "supported"
    assert "Tuesday" in a.missing.numbers and "Tuesday" not in a.missing.words
    assert "never gives “Tuesday”" in a.explanation


def test_a_full_date_gives_its_weekday() -> None:
    # 8 September 2025 was a Monday
    source = "The judge said the court would rule on 8 September 2025 on the appeal."
    a = _verdict("The court will rule on Monday on the appeal, the judge said.", source)
    assert a.verdict == "supported", a.explanation
    assert "Monday" not in a.missing.words
    b = _verdict("The court will rule on Tuesday on the appeal, the judge said.", source)
    assert b.verdict != "supported"


def test_a_weekday_in_a_name_is_no_date() -> None:
    a = _verdict("Retail sales rose 4% over Black Friday weekend, the trade body said.",
                 "Retail sales rose 4% over Black Friday weekend, the trade body said on "
                 "Monday.")
    assert a.verdict == "supported", a.explanation


def test_no_evidence_denies_the_whole_clause_it_introduces() -> None:
    source = ("Fire investigators said Monday there was no evidence the blaze that destroyed "
              "a warehouse in Hamilton's north end was deliberately set. The cause remains "
              "under investigation.")
    a = _verdict("Fire investigators say the blaze that destroyed a warehouse in Hamilton's "
                 "north end was deliberately set.", source)
    assert a.verdict == "contradicted"
    assert "no evidence" in a.explanation
    b = _verdict("Fire investigators found no evidence that the warehouse blaze in Hamilton's "
                 "north end was deliberately set.", source)
    assert b.verdict != "contradicted"


def test_a_change_is_of_its_object_on_either_side_of_the_verb() -> None:
    source = ("Meridian Air said on Monday that average check-in waiting times at Dublin "
              "Airport have been halved since it introduced self-service bag drops in April.")
    a = _verdict("Meridian Air says it has cut average check-in wait times at Dublin by a "
                 "third since introducing self-service bag drops.", source)
    assert a.verdict == "contradicted"
    assert "halved" in a.explanation
    b = _verdict("Meridian Air says it has halved average check-in wait times at Dublin "
                 "since introducing self-service bag drops.", source)
    assert b.verdict == "supported", b.explanation


HOMES = ("Under the regional housing deal announced on Friday, Leeds will receive funding for "
         "500 new social homes and York for 300. Work on the first sites is due to start "
         "next spring.")


def test_two_figures_given_to_two_names_the_other_way_round_contradict() -> None:
    a = _verdict("York will get 500 new social homes under the regional housing deal "
                 "announced on Friday, with Leeds receiving 300.", HOMES)
    assert a.verdict == "contradicted"
    assert "York for 300" in a.explanation
    b = _verdict("Leeds will get 500 new social homes under the regional housing deal "
                 "announced on Friday, with York receiving 300.", HOMES)
    assert b.verdict == "supported", b.explanation


MATCH = ("Harlow Athletic came from behind to beat Castleford 3-1 on Sunday and reach the "
         "quarterfinals of the Women's FA Cup. Harlow levelled before half-time when Ellie "
         "Brannigan headed in a corner. Substitute Nia Okoye then scored twice in the final "
         "20 minutes to seal the win.")


def test_a_figure_that_stands_only_by_another_name_is_someone_elses() -> None:
    a = _verdict("Ellie Brannigan scored twice as Harlow Athletic beat Castleford 3-1 to "
                 "reach the Women's FA Cup quarterfinals.", MATCH)
    assert a.verdict != "supported"
    assert "number_role" in a.failed_checks
    assert "only about something else" in a.explanation
    b = _verdict("Nia Okoye scored twice as Harlow Athletic beat Castleford 3-1 to reach "
                 "the Women's FA Cup quarterfinals.", MATCH)
    assert b.verdict == "supported", b.explanation


def test_a_name_the_source_writes_another_way_is_not_another_owner() -> None:
    # "The FTC" against "The Federal Trade Commission": the figure is the same body's
    a = _verdict("The FTC issued orders to seven companies, including OpenAI and Meta, "
                 "seeking information on chatbots.",
                 "The Federal Trade Commission on Thursday issued orders to seven companies, "
                 "including Alphabet, Meta and OpenAI, seeking information on chatbots.")
    assert a.verdict == "supported", a.explanation


def test_a_bylines_date_with_its_weekday_dates_the_storys_weekdays() -> None:
    source = ("Brackley Standard\nNews > Politics\nCouncil leader steps down\n"
              "By Megan Foster\nThursday 14 March 2024\n\n"
              "The leader of Brackley District Council, Cllr Ian Sutcliffe, resigned on "
              "Tuesday, saying he wanted to spend more time with his family.")
    a = assess("Cllr Ian Sutcliffe resigned as leader of Brackley District Council on "
               "12 March, saying he wanted to spend more time with his family.", source)
    assert a.verdict == "supported", a.explanation
    # a date an "Updated" line gives may stand over a story of years before
    updated = source.replace("Thursday 14 March 2024", "Updated Thursday 14 March 2024")
    b = assess("Cllr Ian Sutcliffe resigned as leader of Brackley District Council on "
               "12 March, saying he wanted to spend more time with his family.", updated)
    assert b.verdict != "supported", b.explanation
