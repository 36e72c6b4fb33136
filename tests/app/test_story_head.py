"""The story's head (headline, byline, dateline) is the context of every passage of a
news page (``story_head.py``, fourteenth session): a claim that joins a quotation from the
body to the place or person the head names is backed, and says where that word came
from; a passage that names someone else in that place keeps its own name."""

from __future__ import annotations

from app.evidence import assess, index_source

PAGE = """Eastern Echo — Local News

Pothole repair budget to double in Fenwick

FENWICK, 11 March 2024 — Fenwick County Council will double its spending on pothole \
repairs to £8 million next year after a record number of complaints.

The council received 14,300 pothole reports in 2023, up from 9,800 the year before. A new \
fleet of four machines will be brought in from May.

The council estimates that its full repair backlog would cost £140 million to clear. Work \
will start in the town centre.

Cabinet member for highways Cllr Graham Tolley said: "Our roads are in the worst state I \
can remember." Neighbouring Harlow's cabinet member for transport, Cllr Tom Reed, said: \
"We will be watching closely."

Related stories
- Street lights to be dimmed overnight"""


def test_the_heads_place_joins_the_bodys_quotation_and_the_green_says_so() -> None:
    a = assess("Fenwick's cabinet member for highways, Cllr Graham Tolley, said the roads were "
               "'in the worst state I can remember'.", index_source(PAGE))
    assert a.verdict == "supported", a.explanation
    assert "“Fenwick's” from the story's headline or dateline" in a.explanation


def test_a_passage_naming_another_place_in_the_claims_slot_keeps_it() -> None:
    a = assess("Cllr Tom Reed, Fenwick's cabinet member for transport, said the council would "
               "be watching closely.", index_source(PAGE))
    assert a.verdict != "supported", a.explanation


def test_a_page_without_a_dateline_has_no_head_to_lend() -> None:
    page = PAGE.replace("FENWICK, 11 March 2024 — ", "")
    page = page.replace("Pothole repair budget to double in Fenwick", "Pothole budget doubles")
    page = page.replace("Fenwick County Council", "The county council")
    a = assess("Fenwick's cabinet member for highways, Cllr Graham Tolley, said the roads were "
               "'in the worst state I can remember'.", index_source(page))
    assert a.verdict != "supported", a.explanation
