"""The pre-publish policy: what blocks an export, shown and set from the shell, applied
by the gate, the export and the fact-check report alike."""

from __future__ import annotations

import io
import json
import sqlite3
import sys

import pytest

from app import audit, workflow
from app.check import check_story
from app.identity import IdentityError
from app.library import Library, load_story
from app.model import Citation, Claim, Finding, Marker, Override, Report, Story
from app.policy import Policy, PolicyInputError, load_policy, set_policy
from app.publish import outbox as ob
from app.publish.gate import GateResult, check_gate, count_line, evaluate, settling_key
from app.publish.report import report_html

from .helpers import SAMPLE_DIGEST, cli

DIGEST_ID = "d7b28c051c48"


@pytest.fixture()
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYDESK_REVIEWER", "ana")
    return tmp_path / "library.sqlite3"


def library_state(db) -> tuple:
    """Everything a bad command must leave alone: settings and the audit log."""
    conn = sqlite3.connect(db)
    try:
        return (conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall(),
                conn.execute("SELECT COUNT(*), MAX(hash) FROM events").fetchone())
    finally:
        conn.close()


# -- the gate under a policy, on reports built by hand ------------------------------------

def _claim(index: int, *citations: Citation, text: str = "") -> Claim:
    text = text or f"Claim number {index} says something [1]."
    return Claim(index, text, (0, len(text)), (Marker("[1]", (0, 3), (1,)),), citations)


def _report(claims: tuple[Claim, ...], findings: tuple[Finding, ...] = ()) -> Report:
    story = Story("A title", "", "body", ())
    return Report(story, claims, findings)


OVERRIDE = Override("supported", "read the source by phone", "ed", "2026-01-01T00:00:00Z")
TITLE = Finding("title_mismatch", "blocker", "The title does not match the body.")


def test_the_default_policy_blocks_what_the_issue_names():
    policy = Policy()
    assert policy.blocked_verdicts == ("contradicted", "unsupported", "unavailable", "dangling")
    assert not policy.blocks_verdict("partial") and not policy.blocks_verdict("supported")
    assert (policy.missing_quotation, policy.misquotation, policy.missing_number) == (
        True, True, False)
    with Library(":memory:") as library:
        assert policy.is_default and load_policy(library) == policy


def test_open_items_are_grouped_by_kind_with_counts():
    claims = (
        _claim(0, Citation(1, "unavailable", reason="no snapshot of this source yet"),
               Citation(2, "unavailable")),
        _claim(1, Citation(1, "contradicted", contradictions=(("15 routes", "8 routes"),))),
        _claim(2, Citation(1, "partial", missing_quotes=("we will win",),
                           missing_numbers=("$3 million",))),
        _claim(3, Citation(1, "supported", near_quotes=("a historic day",))),
        _claim(4, Citation(9, "dangling"), Citation(1, "unsupported")),
    )
    findings = (TITLE, Finding("uncited_reference", "warning", "[5] is never cited."))
    items = evaluate(_report(claims, findings), {})
    result = GateResult("s", "r" * 64, items)
    assert result.counts() == (
        ("unchecked_citation", 2), ("contradicted_citation", 1), ("unsupported_citation", 1),
        ("dangling_citation", 1), ("missing_quotation", 1), ("misquotation", 1),
        ("blocker_finding", 1))
    assert result.summary() == (
        "2 unchecked citations (source never checked), 1 contradicted citation, "
        "1 unsupported citation, 1 dangling citation (no such reference), "
        "1 missing quotation, 1 misquotation, 1 blocker finding")
    by_key = {(i.key, i.kind): i.message for i in items}
    assert "the claim says “15 routes”, the source says “8 routes”" in by_key[
        ("c:1:1", "contradicted_citation")]
    assert "“we will win”" in by_key[("c:2:1", "missing_quotation")]
    assert "no snapshot of this source yet" in by_key[("c:0:1", "unchecked_citation")]
    # the missing number and the partial verdict do not block by default
    assert not [i for i in items if i.kind in ("missing_number", "partial_citation")]
    described = result.describe()
    assert result.summary() in described and "c:1:1" in described and "--waive" in described


def test_an_override_settles_a_citation_unless_its_new_verdict_blocks():
    quoted = Citation(1, "partial", missing_quotes=("we will win",))
    claims = (_claim(0, Citation(1, "unavailable", override=OVERRIDE)),
              _claim(1, Citation(1, "partial", missing_quotes=("q",), override=OVERRIDE)),
              _claim(2, Citation(1, "unsupported",
                                 override=Override("unsupported", "agreed", "ed", "t"))),
              _claim(3, quoted))
    items = evaluate(_report(claims), {})
    assert [(i.key, i.kind) for i in items] == [("c:2:1", "unsupported_citation"),
                                                 ("c:3:1", "missing_quotation")]
    # a waiver settles every open item of the citation it names
    assert evaluate(_report(claims), {"c:2:1": ("ed", "n"), "c:3:1": ("ed", "n")}) == ()


def test_the_policy_switches_what_blocks():
    claims = (_claim(0, Citation(1, "partial", missing_numbers=("$3 million",),
                                 near_quotes=("a quote",))),
              _claim(1, Citation(1, "unavailable")))
    findings = (TITLE, Finding("missing_number", "warning", "[1] never gives $3 million."))
    policy = Policy().with_changes(block=["partial", "missing_number"],
                                   allow=["misquotation", "unchecked"],
                                   severities={"title_mismatch": "warning",
                                               "missing_number": "blocker"})
    items = evaluate(_report(claims, findings), {}, policy)
    assert count_line(GateResult("s", "r", items).counts()) == (
        "1 partly supported citation, 1 missing number, 1 blocker finding")
    assert [i.finding_kind for i in items if i.kind == "blocker_finding"] == ["missing_number"]
    # the severity map also re-grades the report the desk and the fact-check report show
    applied = policy.apply(_report(claims, findings))
    assert [(f.kind, f.severity) for f in applied.findings] == [
        ("missing_number", "blocker"), ("title_mismatch", "warning")]
    # a citation's kind has no severity of its own: it is its switch
    assert policy.missing_number and policy.severities == (("title_mismatch", "warning"),)
    # "default" gives a kind back its own severity (a citation's kind: the default switch)
    back = policy.with_changes(severities={"title_mismatch": "default",
                                           "missing_number": "default"})
    assert back.severities == () and not back.missing_number


@pytest.mark.parametrize("change", [
    {"block": ["supported"]}, {"block": ["sorta"]}, {"allow": ["unsupported"],
                                                    "block": ["unsupported"]},
    {"severities": {"title_mismatch": "fatal"}}, {"severities": {"no_such_kind": "info"}},
])
def test_bad_values_are_refused(change):
    with pytest.raises(PolicyInputError):
        Policy().with_changes(**change)


def test_a_stored_policy_keeps_what_this_version_knows():
    stored = {"block": ["unsupported", "someday_verdict"], "checks": {"missing_number": True},
              "severities": {"title_mismatch": "warning", "odd": "loud"}}
    policy = Policy.from_dict(stored)
    assert policy.blocked_verdicts == ("unsupported",)
    assert policy.missing_number and policy.missing_quotation and policy.misquotation
    assert policy.severities == (("title_mismatch", "warning"),)


# -- the seed digest: 45 citations whose sources were never checked ----------------------

def test_the_seed_digest_cannot_go_out_until_each_open_item_is_waived(db, capsys, tmp_path):
    code, out, err = cli(capsys, "--db", db, "import", SAMPLE_DIGEST)
    assert code == 0 and out.startswith(DIGEST_ID), err
    code, out, _ = cli(capsys, "--db", db, "gate", DIGEST_ID)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].endswith(
        "46 open item(s) on revision d7b28c051c48: "
        "45 unchecked citations (source never checked), 1 blocker finding")
    assert any(line.strip().startswith("c:0:3  claim 1 cites [3], a source never checked")
               for line in lines)
    assert any(line.strip().startswith("f:") and "OxCaml" in line for line in lines)
    assert cli(capsys, "--db", db, "target", "add", "drop", "--kind", "folder", "--url",
               tmp_path / "out")[0] == 0

    # approving lists what is open and wants an explicit --despite-open (no terminal here)
    code, _, err = cli(capsys, "--db", db, "review", DIGEST_ID, "--approve")
    assert code == 1
    assert ("has 46 open item(s) that stop its export: 45 unchecked citations (source never "
            "checked), 1 blocker finding") in err
    assert "--despite-open" in err.splitlines()[-1]
    assert workflow.story_state(Library(db), DIGEST_ID).status == "new"
    code, out, err = cli(capsys, "--db", db, "review", DIGEST_ID, "--approve",
                         "--despite-open")
    assert code == 0 and "\tapproved\t" in out
    assert "approved with open items that still stop the export: 45 unchecked" in err
    with Library(db) as library:
        (approval,) = [e for e in audit.story_events(library, DIGEST_ID)
                       if e.action == "approve"]
    assert approval.details["open_items"] == {"unchecked_citation": 45, "blocker_finding": 1}

    # approved, but the policy still stops the export, naming the open items
    code, _, err = cli(capsys, "--db", db, "export", DIGEST_ID, "--target", "drop")
    assert code == 1 and "cannot be exported" in err and "45 unchecked citations" in err
    assert "c:44:3" in err and "f:" in err
    with Library(db) as library:
        assert ob.outbox_rows(library) == []

    # settle: send it back, waive each item with a note, approve again, export
    assert cli(capsys, "--db", db, "review", DIGEST_ID, "--request-changes", "--note",
               "check the sources")[0] == 0
    assert cli(capsys, "--db", db, "review", DIGEST_ID, "--reopen", "--note", "on it")[0] == 0
    code, _, err = cli(capsys, "--db", db, "gate", DIGEST_ID, "--waive", "c:0:3")
    assert code == 2 and "note" in err  # a waiver needs a note
    code, _, err = cli(capsys, "--db", db, "gate", DIGEST_ID, "--waive", "c:99:1", "--note", "x")
    assert code == 2 and "no open item c:99:1" in err
    code, out, _ = cli(capsys, "--db", db, "gate", DIGEST_ID, "--waive", "c:0:3", "--note",
                       "Meta's announcement read on its site")
    assert code == 1 and "45 open item(s)" in out and "44 unchecked citations" in out
    assert out.splitlines()[0] == "waived 1 open item (c:0:3): Meta's announcement read on its site"
    code, out, _ = cli(capsys, "--db", db, "gate", DIGEST_ID, "--waive-kind",
                       "unchecked_citation", "--note", "every source read by the desk")
    assert code == 1 and out.splitlines()[0].startswith("waived 44 open items (c:1:3, ")
    assert out.splitlines()[1].endswith("1 blocker finding")
    key = next(w for w in out.split() if w.startswith("f:"))
    code, out, _ = cli(capsys, "--db", db, "gate", DIGEST_ID, "--waive", key, "--note",
                       "the title is the site's, fixed upstream")
    # nothing open, but in review: the gate says what export would refuse it for
    assert code == 1 and "nothing is open under the pre-publish policy" in out
    assert "is in review; only an approved revision can be exported" in out
    assert cli(capsys, "--db", db, "review", DIGEST_ID, "--approve")[0] == 0  # nothing open
    code, out, _ = cli(capsys, "--db", db, "gate", DIGEST_ID)
    assert code == 0 and "nothing open, ready to export" in out
    code, out, err = cli(capsys, "--db", db, "export", DIGEST_ID, "--target", "drop")
    assert code == 0 and "queued for drop" in out, err

    with Library(db) as library:
        (row,) = ob.outbox_rows(library)
        assert row.state == "pending"
        waived = [e for e in audit.story_events(library, DIGEST_ID)
                  if e.action in ("waive_citation", "waive_finding")]
        assert len(waived) == 46 and all(e.note for e in waived)
        first = waived[0]
        assert first.action == "waive_citation" and first.details["citation"] == "c:0:3"
        assert first.details["kinds"] == ["unchecked_citation"]
        manifest = ob.frozen_payload(library, row.id)["manifest"]
        assert len(manifest["waivers"]) == 46
        assert audit.verify_chain(library).ok


def test_a_looser_policy_lets_the_digest_through_and_the_report_agrees(db, capsys):
    assert cli(capsys, "--db", db, "import", SAMPLE_DIGEST)[0] == 0
    with Library(db) as library:
        html = report_html(library, DIGEST_ID)
        gate = check_gate(library, DIGEST_ID)
    assert f"46 open item(s): {gate.summary()}" in html
    assert "c:44:3" in html and "Open items" in html
    code, _, _ = cli(capsys, "--db", db, "policy", "set", "--allow", "unchecked",
                     "--severity", "title_mismatch=warning", "--as", "ed")
    assert code == 0
    code, out, _ = cli(capsys, "--db", db, "gate", DIGEST_ID)
    assert code == 1 and "nothing is open" in out and "is new;" in out  # not approved yet
    with Library(db) as library:
        html = report_html(library, DIGEST_ID)
    assert "Nothing open" in html and "title_mismatch=warning" in html
    assert "<td>warning</td><td>The title “OxCaml Labs”" in html  # re-graded by the policy


# -- policy show / set ---------------------------------------------------------------------

def test_policy_set_and_show_round_trip_as_an_audited_setting(db, capsys):
    code, out, _ = cli(capsys, "--db", db, "policy", "show")
    assert code == 0 and "pre-publish policy (the defaults)" in out
    assert ("citations that block:   contradicted, unsupported, unavailable (source never "
            "checked), dangling (no such reference)") in out
    assert "missing number:         does not block" in out
    code, out, _ = cli(capsys, "--db", db, "policy", "set", "--block", "partial,missing-number",
                       "--allow", "misquotation", "--severity", "title_mismatch=warning",
                       "--severity", "missing_number=blocker", "--as", "Ed Itor")
    assert code == 0 and "last changed by Ed Itor" in out
    code, out, _ = cli(capsys, "--db", db, "policy", "show", "--json")
    shown = json.loads(out)
    assert shown["block"] == ["contradicted", "unsupported", "unavailable", "dangling",
                              "partial"]
    assert shown["checks"] == {"missing_quotation": True, "misquotation": False,
                               "missing_number": True}
    # missing_number=blocker is the missing_number switch: it has no severity of its own
    assert shown["severities"] == {"title_mismatch": "warning"}
    assert shown["default"] is False and shown["changed_by"] == "Ed Itor"
    with Library(db) as library:
        assert load_policy(library).as_dict() == {k: shown[k] for k in
                                                  ("block", "checks", "severities")}
        (event,) = [e for e in audit.story_events(library, "") if e.action == "setting"]
        assert event.actor == "Ed Itor" and event.details["key"] == "policy"
        assert event.details["from"] == Policy().as_dict()
        assert event.details["to"]["severities"]["title_mismatch"] == "warning"
        assert audit.verify_chain(library).ok
    # the same values again change nothing and log nothing
    before = library_state(db)
    code, _, err = cli(capsys, "--db", db, "policy", "set", "--block", "partial")
    assert code == 0 and "policy unchanged" in err and library_state(db) == before
    code, out, _ = cli(capsys, "--db", db, "policy", "set", "--severity",
                       "contradiction=warning", "--json")
    assert code == 0 and "contradicted" not in json.loads(out)["block"]
    code, out, _ = cli(capsys, "--db", db, "policy", "set", "--reset", "--json")
    assert code == 0 and json.loads(out)["default"] is True
    with Library(db) as library:
        assert load_policy(library).is_default
        assert len([e for e in audit.story_events(library, "") if e.action == "setting"]) == 3


@pytest.mark.parametrize("args, reason", [
    (["--block", "supported"], "supported always passes"),
    (["--block", "wobbly"], "unknown verdict or check 'wobbly'"),
    (["--block", "partial,"], "an empty name"),
    (["--allow", "partial", "--block", "partial"], "cannot be both blocked and allowed"),
    (["--severity", "title_mismatch"], "write KIND=LEVEL"),
    (["--severity", "title_mismatch=fatal"], "severity 'fatal' is not"),
    (["--severity", "nonsense_kind=info"], "unknown finding kind 'nonsense_kind'"),
    ([], "say what to change"),
])
def test_bad_policy_input_is_one_line_exit_2_and_changes_nothing(db, capsys, args, reason):
    assert cli(capsys, "--db", db, "policy", "set", "--severity", "title_mismatch=info")[0] == 0
    before = library_state(db)
    code, out, err = cli(capsys, "--db", db, "policy", "set", *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("copydesk: policy: ") and reason in err
    assert library_state(db) == before


def test_set_policy_in_the_core_is_one_transaction_with_its_event(tmp_path):
    with Library(tmp_path / "l.sqlite3") as library:
        changed = Policy().with_changes(block=["partial"])
        assert set_policy(library, changed, " ana ") == changed
        assert load_policy(library) == changed
        events = [e for e in audit.story_events(library, "") if e.action == "setting"]
        assert [e.actor for e in events] == ["ana"]
        with pytest.raises(IdentityError):
            set_policy(library, Policy(), "  ")  # no name, no change
        assert load_policy(library) == changed


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("answer, approved", [("y\n", True), ("\n", False), ("", False)])
def test_on_a_terminal_approve_asks_before_approving_open_items(db, capsys, monkeypatch,
                                                                 answer, approved):
    assert cli(capsys, "--db", db, "import", SAMPLE_DIGEST)[0] == 0
    monkeypatch.setattr(sys, "stdin", _Terminal(answer))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = cli(capsys, "--db", db, "review", DIGEST_ID, "--approve")
    assert "45 unchecked citations (source never checked), 1 blocker finding" in err
    assert "Approve it anyway? [y/N]" in out  # input() prompts on standard output
    assert (code, "\tapproved\t" in out) == ((0, True) if approved else (1, False))
    with Library(db) as library:
        status = workflow.story_state(library, DIGEST_ID).status
    assert status == ("approved" if approved else "new")


def test_what_a_citation_raised_is_counted_once_with_that_citation():
    claim = _claim(0, Citation(1, "unsupported", missing_quotes=("classic caffs",)),
                   Citation(2, "supported"),
                   text='Despite this, "classic caffs" are still popular [1][2].')
    raised = Finding("missing_quotation", "blocker",
                     "Claim 1 (“Despite this…”) cites [1], which does not contain the "
                     "quotation “classic caffs”.", claim.span)
    report = _report((claim,), (raised,))
    items = evaluate(report, {})
    assert [(i.key, i.kind) for i in items] == [("c:0:1", "unsupported_citation"),
                                                 ("c:0:1", "missing_quotation")]
    assert evaluate(report, {"c:0:1": ("ed", "quote confirmed with the author")}) == ()
    # not blocking missing quotations lowers the finding too, for the desk and the report
    policy = Policy().with_changes(allow=["missing_quotation"])
    assert [f.severity for f in policy.apply(report).findings] == ["warning"]
    assert [i.kind for i in evaluate(report, {}, policy)] == ["unsupported_citation"]


def test_a_bundled_sample_lists_its_missing_quotation_once(db, capsys):
    sample = SAMPLE_DIGEST.parent / "britain-cafe-culture.json"
    code, out, _ = cli(capsys, "--db", db, "import", sample)
    story_id = out.split("\t")[0]
    with Library(db) as library:
        gate = check_gate(library, story_id)
        report = check_story(load_story(library, story_id))
    raised = [f for f in report.findings if f.kind == "missing_quotation"]
    assert raised  # the sample misquotes "classic caffs"
    for finding in raised:  # each is its citation's item, not a blocker finding of its own
        key = settling_key(finding, report.claims)
        assert key.startswith("c:") and ("missing_quotation", key) in {
            (i.kind, i.key) for i in gate.open}
    assert not [i for i in gate.open if i.finding_kind == "missing_quotation"]
