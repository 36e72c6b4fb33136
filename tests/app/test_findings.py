"""Story-level findings a fact-checker needs before reading any source."""

import json

from app.check import check_story
from app.parse import load_story_file, parse_story

from .helpers import SAMPLE_DIGEST, bundle


def kinds(report):
    return [(f.kind, f.severity) for f in report.findings]


def test_sample_title_mismatch_is_a_blocker_and_sources_are_unavailable():
    report = check_story(load_story_file(SAMPLE_DIGEST))
    assert ("title_mismatch", "blocker") in kinds(report)
    mismatch = next(f for f in report.findings if f.kind == "title_mismatch")
    assert "OxCaml" in mismatch.message and "Meta" in mismatch.message
    assert report.summary["unavailable"] == report.summary["citations"] == 45
    assert report.summary["claims"] == 45
    assert ("trailing_boilerplate", "info") in kinds(report)
    unavailable = [f for f in report.findings if f.kind == "source_unavailable"]
    assert len(unavailable) == 4
    assert report.has_blockers


def test_fitting_title_is_not_flagged():
    story = parse_story(json.dumps(bundle()), "b.json")
    report = check_story(story)
    assert "title_mismatch" not in [f.kind for f in report.findings]


def test_paraphrased_headline_naming_the_subject_fits():
    text = load_story_file(SAMPLE_DIGEST)
    from dataclasses import replace

    story = replace(text, title="Meta bets big on a closed model")
    assert "title_mismatch" not in [f.kind for f in check_story(story).findings]


def test_dangling_marker_uncited_and_duplicate_references():
    data = bundle(body="The bridge reopened [1]. It cost $2 million [5]. Traffic is back [2].")
    data["references"].append({"n": 3, "publisher": "Other", "title": "Unrelated",
                               "url": "https://council.example.org/bridge/"})
    report = check_story(parse_story(json.dumps(data), "b.json"))
    found = kinds(report)
    assert ("dangling_marker", "blocker") in found
    assert ("uncited_reference", "warning") in found
    assert ("duplicate_reference", "warning") in found
    dangling = next(f for f in report.findings if f.kind == "dangling_marker")
    assert "[5]" in dangling.message
    verdicts = [c.verdict for claim in report.claims for c in claim.citations]
    assert verdicts == ["unavailable", "dangling", "unavailable"]


def test_missing_reference_list_makes_every_marker_dangling():
    report = check_story(parse_story(json.dumps(bundle(references=[])), "b.json"))
    dangling = [f for f in report.findings if f.kind == "dangling_marker"]
    assert len(dangling) == 2
    assert report.summary["dangling"] == report.summary["citations"]


def test_factual_sentence_without_citation():
    body = ("The bridge reopened [1]. Repairs cost 40% more than planned. "
            'The mayor called it "a triumph of patience". Everyone was pleased.')
    report = check_story(parse_story(json.dumps(bundle(body=body)), "b.json"))
    uncited = [f for f in report.findings if f.kind == "uncited_factual_sentence"]
    assert len(uncited) == 2
    assert "40%" in uncited[0].message
    assert "quotation" in uncited[1].message
