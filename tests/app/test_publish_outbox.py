"""The outbox: enqueue only approved text, deliver exactly once, survive faults."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import audit, workflow
from app.library import Library
from app.model import Reference, revision_hash
from app.publish import credentials
from app.publish import outbox as ob
from app.publish.gate import GateRefused
from app.publish.secrets import MemorySecretStore
from app.publish.targets import TargetConfig
from app.publish.targets_store import save_target
from tests.servers.support import Behaviour, WebhookReceiver, approved_story, settle_gate

FAST = ob.Backoff(base=0.01, cap=0.05)
SECRET = "whook-s3cret-Zq81"


@pytest.fixture()
def library(tmp_path):
    with Library(tmp_path / "library.sqlite3") as lib:
        yield lib


@pytest.fixture()
def receiver():
    with WebhookReceiver() as r:
        r.state.behaviour.secret = SECRET
        yield r


def hook(library, receiver, name="hook"):
    secrets = MemorySecretStore()
    config = TargetConfig(name, "webhook", receiver.url)
    credentials.store(secrets, config, SECRET)  # as `target add` does: URL and key
    save_target(library, config)
    return secrets


def send(library, secrets, **kw):
    return ob.send_pending(library, secrets, backoff=FAST, wait_for_retries=True,
                           max_wait=20, **kw)


def test_only_an_approved_revision_can_be_queued(library, receiver):
    secrets = hook(library, receiver)
    story_id = approved_story(library)
    workflow.request_changes(library, story_id, "ed", "tighten the lede")
    with pytest.raises(ob.ExportRefused, match="only an approved revision"):
        ob.enqueue_export(library, story_id, "hook", "ed")
    assert ob.outbox_rows(library) == []
    assert secrets  # unused


def test_the_frozen_payload_is_exactly_the_approved_text(library, receiver):
    hook(library, receiver)
    story_id = approved_story(library)
    state = workflow.story_state(library, story_id)
    result = ob.enqueue_export(library, story_id, "hook", "ana")
    assert result.created and result.row.state == "pending"
    assert workflow.story_state(library, story_id).status == "queued"
    payload = ob.frozen_payload(library, result.row.id)
    refs = tuple(Reference(r["n"], r["publisher"], r["title"], r["url"])
                 for r in payload["references"])
    assert revision_hash(payload["title"], payload["dek"], payload["markdown"], refs) \
        == state.revision == payload["revision"]
    manifest = payload["manifest"]
    assert [a["actor"] for a in manifest["approvals"]] == ["ana"]
    assert audit.verify_segment(manifest["audit"]) is None
    assert manifest["verdict_summary"]["claims"] >= 1
    # the queued story is frozen: its text cannot change under the outbox
    with pytest.raises(workflow.WorkflowError):
        workflow.save_edit(library, story_id, "New title", "", "Body [1].", "ana", None)


def test_double_enqueue_is_one_row_and_delivery_happens_once(library, receiver):
    secrets = hook(library, receiver)
    story_id = approved_story(library)
    first = ob.enqueue_export(library, story_id, "hook", "ana")
    again = ob.enqueue_export(library, story_id, "hook", "ana")
    assert not again.created and again.row.id == first.row.id
    report = send(library, secrets)
    assert report.sent == 1
    assert ob.enqueue_export(library, story_id, "hook", "ana").message.startswith(
        "already published")
    assert send(library, secrets).sent == 0
    assert receiver.state.requests == 1 and list(receiver.state.accepted.values()) == [1]
    assert workflow.story_state(library, story_id).status == "published"
    body = next(iter(receiver.state.bodies.values()))
    assert body["story"]["markdown"] == ob.frozen_payload(library, first.row.id)["markdown"]


def test_first_requests_fail_with_500_then_it_is_delivered_once(library, receiver):
    secrets = hook(library, receiver)
    receiver.state.behaviour.fail_first = 3
    story_id = approved_story(library)
    ob.enqueue_export(library, story_id, "hook", "ana")
    report = send(library, secrets)
    row = ob.outbox_rows(library)[0]
    assert report.sent == 1 and row.state == "sent" and row.attempts == 4
    assert receiver.state.requests == 4 and receiver.state.stories == 1


def test_retry_after_is_honoured(library, receiver):
    secrets = hook(library, receiver)
    receiver.state.behaviour = Behaviour(fail_first=1, fail_status=429, retry_after="120",
                                         secret=SECRET)
    story_id = approved_story(library)
    ob.enqueue_export(library, story_id, "hook", "ana")
    clock = [1000.0]
    report = ob.send_pending(library, secrets, backoff=FAST, now=lambda: clock[0])
    row = ob.outbox_rows(library)[0]
    assert report.retrying == 1 and row.state == "pending"
    assert row.next_attempt_at >= 1000 + 120 - 0.001
    assert "429" in row.last_error and "temporarily broken" in row.last_error


def test_a_dropped_connection_after_acceptance_ends_with_one_story(library, receiver):
    secrets = hook(library, receiver)
    receiver.state.behaviour.drop_after_accept = 1
    story_id = approved_story(library)
    ob.enqueue_export(library, story_id, "hook", "ana")
    report = send(library, secrets)
    assert report.sent == 1
    # sent twice under the same key; the receiver applied it once
    assert receiver.state.requests == 2 and receiver.state.stories == 1


def test_a_4xx_stops_with_the_servers_message(library, receiver):
    secrets = hook(library, receiver)
    receiver.state.behaviour.reject_with = (422, "title too long for this site")
    story_id = approved_story(library)
    ob.enqueue_export(library, story_id, "hook", "ana")
    report = send(library, secrets)
    row = ob.outbox_rows(library)[0]
    assert report.failed == 1 and row.state == "failed" and row.http_status == 422
    assert "title too long for this site" in row.last_error
    assert receiver.state.requests == 1
    state = workflow.story_state(library, story_id)
    assert state.status == "export_failed"
    assert "title too long" in state.last_event.note
    # after the site is fixed, retry delivers it
    receiver.state.behaviour.reject_with = None
    ob.retry_export(library, row.id, "ana")
    assert send(library, secrets).sent == 1
    assert workflow.story_state(library, story_id).status == "published"


def test_a_wrong_secret_parks_the_export_until_credentials_are_saved(library, receiver):
    secrets = hook(library, receiver)
    secrets.set("hook", "not-the-secret")
    story_id = approved_story(library)
    ob.enqueue_export(library, story_id, "hook", "ana")
    report = send(library, secrets)
    row = ob.outbox_rows(library)[0]
    assert report.needs_credentials == 1 and row.state == "needs_credentials"
    assert "401" in row.last_error and "not-the-secret" not in row.last_error
    assert receiver.state.stories == 0
    secrets.set("hook", SECRET)
    ob.resume_target(library, "hook", "ana")
    assert send(library, secrets).sent == 1 and receiver.state.stories == 1


def test_a_missing_secret_is_reported_not_sent(library, receiver):
    secrets = hook(library, receiver)
    secrets.delete("hook")
    story_id = approved_story(library)
    ob.enqueue_export(library, story_id, "hook", "ana")
    report = send(library, secrets)
    row = ob.outbox_rows(library)[0]
    assert report.needs_credentials == 1 and "no password or key saved" in row.last_error
    assert receiver.state.requests == 0


def test_a_webhook_url_missing_from_the_keyring_is_parked_not_sent(library, receiver):
    hook(library, receiver)
    story_id = approved_story(library)
    ob.enqueue_export(library, story_id, "hook", "ana")
    report = send(library, MemorySecretStore({"hook": SECRET}))  # a new machine's keyring
    row = ob.outbox_rows(library)[0]
    assert report.needs_credentials == 1 and "whole URL" in row.last_error
    assert receiver.state.requests == 0  # never posted to the shortened URL


def test_network_down_while_approving_then_back(library, receiver, tmp_path):
    # The target is configured but unreachable (nothing listens there yet).
    from tests.servers.support import free_port

    port = free_port()
    late = TargetConfig("late", "webhook", f"http://127.0.0.1:{port}/hook")
    secrets = MemorySecretStore()
    credentials.store(secrets, late, SECRET)
    save_target(library, late)
    story_id = approved_story(library)
    ob.enqueue_export(library, story_id, "late", "ana")
    for _ in range(30):  # hours offline: many rounds, no attempt is used up
        report = ob.send_pending(library, secrets, backoff=ob.Backoff(0.0, 0.0))
        assert report.retrying == 1
    row = ob.outbox_rows(library)[0]
    assert row.state == "pending" and row.attempts == 0
    assert "could not reach" in row.last_error
    # the network is back: the receiver now listens on that port
    import http.server
    import threading

    from tests.servers.support import _Handler, _Server

    handler = type("H", (_Handler,), {"receiver": receiver.state})
    server = _Server(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert send(library, secrets).sent == 1
    finally:
        server.shutdown()
        server.server_close()
    assert receiver.state.stories == 1
    assert workflow.story_state(library, story_id).status == "published"
    assert http.server  # imported for the handler's base


def test_interrupted_sending_rows_are_recovered(library, receiver):
    secrets = hook(library, receiver)
    story_id = approved_story(library)
    row = ob.enqueue_export(library, story_id, "hook", "ana").row
    # A sender on this host that died mid-send: its pid no longer exists.
    library.conn.execute("UPDATE outbox SET state='sending', claimed_by=?, claimed_at=? "
                         "WHERE id=?", [f"{__import__('socket').gethostname()}:999999:x",
                                        1e12, row.id])
    report = send(library, secrets)
    assert report.recovered == 1 and report.sent == 1
    assert receiver.state.stories == 1


def test_cancelled_export_is_not_sent_and_the_story_is_approved_again(library, receiver):
    secrets = hook(library, receiver)
    story_id = approved_story(library)
    row = ob.enqueue_export(library, story_id, "hook", "ana").row
    ob.cancel_export(library, row.id, "ana", "wrong site")
    assert workflow.story_state(library, story_id).status == "approved"
    assert send(library, secrets).sent == 0 and receiver.state.requests == 0
    # and queued again later, it goes out
    assert ob.enqueue_export(library, story_id, "hook", "ana").created
    assert send(library, secrets).sent == 1


def test_two_targets_publish_the_story_once_each(library, receiver, tmp_path):
    secrets = hook(library, receiver)
    save_target(library, TargetConfig("drop", "folder", str(tmp_path / "exports")))
    story_id = approved_story(library)
    ob.enqueue_export(library, story_id, "hook", "ana")
    ob.enqueue_export(library, story_id, "drop", "ana")
    report = send(library, secrets)
    assert report.sent == 2
    assert workflow.story_state(library, story_id).status == "published"
    folders = list((tmp_path / "exports").iterdir())
    assert len(folders) == 1
    names = sorted(p.name for p in folders[0].iterdir())
    assert names == ["manifest.json", "story.html", "story.md"]
    manifest = json.loads((folders[0] / "manifest.json").read_text())
    assert manifest["story_id"] == story_id and manifest["approvals"][0]["actor"] == "ana"
    actions = [e.action for e in audit.story_events(library, story_id)]
    assert actions.count("queue") == 2 and "publish" in actions


def test_a_corrected_revision_updates_the_same_post(library, tmp_path):
    save_target(library, TargetConfig("drop", "folder", str(tmp_path / "exports")))
    secrets = MemorySecretStore()
    story_id = approved_story(library)
    ob.enqueue_export(library, story_id, "drop", "ana")
    assert send(library, secrets).sent == 1
    state = workflow.story_state(library, story_id)
    story = __import__("app.library", fromlist=["load_story"]).load_story(library, story_id)
    workflow.save_edit(library, story_id, story.title, story.dek,
                       story.body + "\n\nCorrection: the bridge reopened on Tuesday [1].",
                       "ana", state.version)
    settle_gate(library, story_id)  # a new revision: its citations are open again
    workflow.approve(library, story_id, "ana")
    ob.enqueue_export(library, story_id, "drop", "ana")
    assert send(library, secrets).sent == 1
    folders = list((tmp_path / "exports").iterdir())
    assert len(folders) == 1
    assert "Correction" in (folders[0] / "story.md").read_text()


def test_gate_refuses_an_unsupported_citation_until_overridden(library, receiver):
    hook(library, receiver)
    snapshot = {"text": "The council met on Tuesday to discuss parking fees for the market. "
                        "Fees will rise next year.", "fetched_at": "2026-11-01T00:00:00Z"}
    refs = [{"n": 1, "publisher": "City Council", "title": "Harbour bridge repairs",
             "url": "https://council.example.org/parking", "snapshot": snapshot}]
    body = "The harbour bridge reopens after repairs that cost $14.3 million, officials said [1]."
    story_id = approved_story(library, id="gate-story", references=refs, body=body,
                              settle=False)
    with pytest.raises(GateRefused) as refused:
        ob.enqueue_export(library, story_id, "hook", "ana")
    message = str(refused.value)
    assert "c:0:1" in message and "does not support it" in message
    assert ob.outbox_rows(library) == []
    assert workflow.story_state(library, story_id).status == "approved"
    # a reviewer sends it back, overrides with a note, and it is approved again
    workflow.request_changes(library, story_id, "ana", "check [1]")
    state = workflow.story_state(library, story_id)
    workflow.override_verdict(library, story_id, state.revision, 0, 1, "supported",
                              "confirmed by phone with the council", "ana")
    workflow.reopen(library, story_id, "ana", "override done")
    workflow.approve(library, story_id, "bo")
    row = ob.enqueue_export(library, story_id, "hook", "ana").row
    overrides = ob.frozen_payload(library, row.id)["manifest"]["overrides"]
    assert overrides[0]["note"] == "confirmed by phone with the council"


def test_gate_refuses_an_open_blocker_until_waived_with_a_note(library, receiver):
    from app.publish.gate import check_gate, waive_finding

    hook(library, receiver)
    story_id = approved_story(library, id="dangling", settle=False,
                              body="The bridge reopened [1]. It cost $14.3 million [7].")
    with pytest.raises(GateRefused, match="blocker"):
        ob.enqueue_export(library, story_id, "hook", "ana")
    gate = check_gate(library, story_id)
    blockers = [i.key for i in gate.open if i.kind == "blocker_finding"]
    assert blockers and all(k.startswith("f:") for k in blockers)
    # the default policy also stops the citation of the missing [7] and of [1], whose
    # source was never checked
    assert {i.key: i.kind for i in gate.open if i.key.startswith("c:")} == {
        "c:0:1": "unchecked_citation", "c:1:7": "dangling_citation"}
    keys = list(dict.fromkeys(i.key for i in gate.open))
    key = blockers[0]
    with pytest.raises(workflow.WorkflowError, match="request changes first"):
        waive_finding(library, story_id, key, "fine", "ana")
    workflow.request_changes(library, story_id, "ana", "look at [7]")
    with pytest.raises(workflow.DecisionInputError, match="note"):
        waive_finding(library, story_id, key, "  ", "ana")
    for key in keys:
        result = waive_finding(library, story_id, key, "[7] is the print edition; kept", "ana")
    assert result.passed, result.describe()
    workflow.reopen(library, story_id, "ana", "waived")
    workflow.approve(library, story_id, "ana")
    assert ob.enqueue_export(library, story_id, "hook", "ana").created


def test_progress_and_cancel_callbacks(library, receiver):
    secrets = hook(library, receiver)
    ids = [approved_story(library, id=f"s{i}",
                          title=f"Harbour bridge reopens after repairs, part {i}")
           for i in range(3)]
    for story_id in ids:
        ob.enqueue_export(library, story_id, "hook", "ana")
    seen = []
    report = ob.send_pending(library, secrets, progress=lambda d, t: seen.append((d, t)),
                             cancelled=lambda: len(seen) >= 2)
    assert report.interrupted and report.sent == 2 and seen == [(1, 3), (2, 3)]
    assert len(ob.outbox_rows(library, states=("pending",))) == 1


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fail_first=st.integers(0, 4), status=st.sampled_from([500, 502, 503, 429, 408]),
       drops=st.integers(0, 2), stories=st.integers(1, 3), crash=st.booleans())
def test_any_mix_of_faults_ends_with_each_story_applied_exactly_once(
        tmp_path_factory, fail_first, status, drops, stories, crash):
    with Library(tmp_path_factory.mktemp("lib") / "l.sqlite3") as library, \
            WebhookReceiver() as receiver:
        receiver.state.behaviour = Behaviour(fail_first=fail_first, fail_status=status,
                                             drop_after_accept=drops, secret=SECRET)
        secrets = hook(library, receiver)
        for i in range(stories):
            story_id = approved_story(library, id=f"p{i}",
                                      title=f"Harbour bridge reopens after repairs, part {i}")
            ob.enqueue_export(library, story_id, "hook", "ana")
        if crash:  # a sender died mid-send: its row is left "sending" under a dead pid
            library.conn.execute(
                "UPDATE outbox SET state='sending', claimed_by=?, claimed_at=? WHERE id=1",
                [f"{__import__('socket').gethostname()}:999999:x", 1e12])
        send(library, secrets)
        rows = ob.outbox_rows(library)
        assert [r.state for r in rows] == ["sent"] * stories
        assert receiver.state.stories == stories
        assert set(receiver.state.accepted.values()) == {1} or drops  # drops resend a key
        # the receiver dedupes; what matters: every story applied once, none lost
        assert len(receiver.state.bodies) == stories
