"""Checking again reuses what the last check prepared, and says the same thing."""

from __future__ import annotations

import json
import threading
from dataclasses import replace

import pytest

from app import check as check_module
from app.check import CheckCancelled, Kept, check_story, forget_checks, text_key
from app.model import Override
from app.parse import parse_story
from tests.app.helpers import bundle

SOURCE_1 = ("The harbour bridge reopened on Monday after six weeks of repairs. "
            "The council said the work cost $14.3 million.")
SOURCE_2 = ("Traffic is expected to return to normal by Friday, officials said. "
            "The repairs cost the council $14.3 million in all.")


def _story(body: str | None = None):
    data = bundle()
    data["references"][0]["snapshot"] = {"text": SOURCE_1}
    data["references"][1]["snapshot"] = {"text": SOURCE_2}
    if body is not None:
        data["body"] = body
    return parse_story(json.dumps(data), "story.json")


@pytest.fixture(autouse=True)
def fresh():
    forget_checks()
    yield
    forget_checks()


@pytest.fixture
def counted(monkeypatch):
    """How many times the scorer indexes a snapshot and assesses a claim."""
    calls = {"index": 0, "assess": 0}
    import app.evidence as evidence
    real_index, real_assess = evidence.index_source, evidence.assess

    def index_source(text):
        calls["index"] += 1
        return real_index(text)

    def assess(claim, index):
        calls["assess"] += 1
        return real_assess(claim, index)

    monkeypatch.setattr(evidence, "index_source", index_source)
    monkeypatch.setattr(evidence, "assess", assess)
    return calls


def test_a_second_check_assesses_nothing_and_says_the_same(counted) -> None:
    story = _story()
    first = check_story(story)
    assert counted == {"index": 2, "assess": 4}  # two sources, four citations
    again = check_story(_story())  # a new Story, as a re-read from the library gives
    assert again == first
    assert counted == {"index": 2, "assess": 4}


def test_an_override_is_applied_without_reading_the_evidence(counted) -> None:
    story = _story()
    first = check_story(story)
    override = Override("unsupported", "the page says otherwise", "Ana", "2026-01-01T00:00:00Z")
    overridden = check_story(story, {(0, 1): override})
    assert counted["assess"] == 4
    assert overridden.claims[0].citations[0].override == override
    assert overridden.claims[0].citations[0].verdict == first.claims[0].citations[0].verdict
    assert overridden.summary["overridden"] == 1


def test_the_same_story_and_overrides_get_the_report_just_made(counted) -> None:
    override = {(0, 1): Override("partial", "half of it", "Ana", "2026-01-01T00:00:00Z")}
    first = check_story(_story(), override)
    first.summary["claims"] = -1  # a caller scribbling on its copy
    story = _story()
    again = check_story(story, dict(override))
    assert again.story is story and again.summary["claims"] == len(again.claims)
    assert again.claims == first.claims and again.findings == first.findings
    assert check_story(story) != again  # without the override: a report of its own


def test_an_edit_assesses_only_the_changed_claim(counted) -> None:
    story = _story()
    check_story(story)
    body = story.body.replace("by Friday", "by Thursday")
    edited = check_story(replace(story, body=body))
    assert counted == {"index": 2, "assess": 5}
    forget_checks()
    assert check_story(replace(story, body=body)) == edited  # as a fresh check says


def test_a_changed_snapshot_is_read_again(counted) -> None:
    check_story(_story())
    data = bundle()
    data["references"][0]["snapshot"] = {"text": SOURCE_1.replace("Monday", "Tuesday")}
    data["references"][1]["snapshot"] = {"text": SOURCE_2}
    report = check_story(parse_story(json.dumps(data), "story.json"))
    assert counted == {"index": 3, "assess": 6}  # [1] is cited twice
    assert "Tuesday" in report.claims[0].citations[0].evidence_text


def test_a_cancelled_check_keeps_what_it_finished() -> None:
    story = _story()
    with pytest.raises(CheckCancelled):
        check_story(story, cancelled=lambda: True)
    assert check_story(story) == check_story(story)


def test_progress_ends_at_the_claim_count() -> None:
    seen: list[tuple[int, int]] = []
    report = check_story(_story(), progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (len(report.claims), len(report.claims))
    assert all(done <= total for done, total in seen)


def test_kept_drops_the_least_recently_used_within_its_budget() -> None:
    kept: Kept[str] = Kept(10, len)
    kept.put("a", "aaaa")
    kept.put("b", "bbbb")
    assert kept.get("a") == "aaaa"  # now the most recent
    kept.put("c", "cccc")  # 12 > 10: "b" goes
    assert kept.get("b") is None and kept.get("a") == "aaaa" and kept.get("c") == "cccc"
    kept.put("huge", "x" * 11)  # more than the whole budget: not kept, nothing dropped
    assert kept.get("huge") is None and len(kept) == 2


def test_indexes_are_kept_within_their_budget(monkeypatch) -> None:
    monkeypatch.setattr(check_module, "_INDEXES", Kept(len(SOURCE_1) + 5,
                                                       lambda index: len(index.text)))
    check_story(_story())
    assert len(check_module._INDEXES) == 1  # the second source pushed the first out


def test_text_key_reads_any_text() -> None:
    assert text_key("a\ud800b") != text_key("ab")  # a lone surrogate from a JSON bundle
    assert len(text_key("x" * 100_000)) == 16


def test_checks_on_several_threads_agree() -> None:
    story = _story()
    expected = check_story(story)
    forget_checks()
    results: list[object] = []

    def work() -> None:
        for _ in range(5):
            results.append(check_story(story))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results and all(r == expected for r in results)
