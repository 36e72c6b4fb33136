"""Signatures over audit events (what a newsroom server and a manifest reader check),
and the reviewers a desk signs for."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import keyring
import pytest
from keyring.backends import fail

from app import audit, keys, reviewers, signing, trust, workflow
from app.library import Library, import_story
from app.parse import parse_story
from tests.app.helpers import bundle
from tests.servers.support import REPO

EVENT = {"seq": 7, "story_id": "harbour-1", "revision": "ab" * 32, "actor": "ana",
         "action": "approve", "note": "checked", "at": "2026-12-02T01:00:00.000Z",
         "data": '{"from":"in_review","to":"approved"}', "prev_hash": "1" * 64,
         "story_prev_hash": "2" * 64, "hash": "3" * 64}


def test_a_signature_verifies_only_for_the_exact_event_and_key():
    key = signing.generate_private_key()
    public = signing.public_key_text(key)
    signature = signing.sign_event(EVENT, key)
    assert signing.verify_event(EVENT, signature, public)
    for field, value in (("note", "checked!"), ("prev_hash", "4" * 64), ("actor", "bo"),
                         ("seq", 8), ("data", '{"from":"in_review","to":"rejected"}')):
        assert not signing.verify_event({**EVENT, field: value}, signature, public), field
    other = signing.public_key_text(signing.generate_private_key())
    assert not signing.verify_event(EVENT, signature, other)


def test_the_stored_hash_and_signature_fields_are_not_signed():
    key = signing.generate_private_key()
    signature = signing.sign_event(EVENT, key)
    decorated = {**EVENT, "hash": "f" * 64, "signature": signature, "key_id": "x"}
    assert signing.verify_event(decorated, signature, signing.public_key_text(key))


def test_keys_round_trip_as_text_and_garbage_never_verifies():
    key = signing.generate_private_key()
    again = signing.load_private_key(signing.private_key_text(key))
    assert signing.public_key_text(again) == signing.public_key_text(key)
    assert len(signing.key_id(signing.public_key_text(key))) == 16
    assert not signing.verify_event(EVENT, "not base64!", signing.public_key_text(key))
    assert not signing.verify_event(EVENT, signing.sign_event(EVENT, key), "AAAA")


def test_canonical_bytes_are_sorted_compact_utf8_with_a_domain_tag():
    data = signing.canonical_bytes({"b": "é", "a": 1, "hash": "x"})
    assert data == b'copydesk.signed-event/1\n{"a":1,"b":"\xc3\xa9"}'


# --- reviewers, signing on a desk, and what counts -----------------------------------
STORY = json.dumps(bundle())


@pytest.fixture
def strict(tmp_path):
    """One desk with the real enrolment rule (tests elsewhere enrol every name)."""
    reviewers.enrol_every_name(False)
    with Library(tmp_path / "library.sqlite3") as library:
        story_id = import_story(library, parse_story(STORY, "s.json"), "s.json",
                                actor="alice").story_id
        yield library, story_id


def test_the_first_decision_registers_its_reviewer_as_admin_with_a_key_in_the_keyring(strict):
    library, story_id = strict
    workflow.approve(library, story_id, "alice")
    registered = reviewers.registry(library).get("Alice")
    assert registered is not None and registered.role == "admin"
    key = keys.private_key("alice")
    assert key is not None and signing.public_key_text(key) == registered.public_key
    assert key is not None and signing.private_key_text(key) not in json.dumps(
        [list(r) for r in library.conn.execute("SELECT * FROM reviewers")])
    state = workflow.story_state(library, story_id)
    assert state.approvers == ("alice",) and state.ignored == ()


def test_a_name_nobody_registered_cannot_decide_and_nothing_is_written(strict):
    library, story_id = strict
    workflow.approve(library, story_id, "alice")
    before = audit.event_count(library)
    with pytest.raises(reviewers.SigningError, match="bob is not a reviewer"):
        workflow.reject(library, story_id, "bob", "no")
    assert audit.event_count(library) == before


def test_a_key_registered_from_another_desk_is_used_only_there(strict):
    library, story_id = strict
    workflow.set_approvals_required(library, 2, "alice")
    elsewhere = signing.generate_private_key()  # made on bob's own desk
    reviewers.add_reviewer(library, "bob", "checker", "alice",
                           signing.public_key_text(elsewhere))
    with pytest.raises(reviewers.SigningError, match="not on this desk"):
        workflow.approve(library, story_id, "bob")
    with pytest.raises(reviewers.SigningError,
                       match="only an admin can add reviewers; bob is a checker"):
        reviewers.add_reviewer(library, "carol", "admin", "bob")


def test_without_a_keyring_a_decision_says_how_to_set_one_up(strict):
    library, story_id = strict
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(keys.KeyringUnavailable, match="keyrings.alt"):
        workflow.approve(library, story_id, "alice")
    assert workflow.story_state(library, story_id).status == "new"


def test_a_manifest_verifies_on_its_own_and_a_changed_one_does_not(strict):
    library, story_id = strict
    workflow.approve(library, story_id, "alice")
    from app.publish import manifest

    record = workflow.export_record(library, story_id)
    document = {"audit": record["audit"],
                "signatures": manifest.story_signatures(library, story_id),
                "reviewers": manifest.signer_keys(library, story_id)}
    assert trust.verify_manifest(json.loads(json.dumps(document))) == []
    document["audit"][-1] = {**document["audit"][-1], "actor": "mallory"}
    assert trust.verify_manifest(document)


REAL_KEYRING_SCRIPT = r"""
set -e
# a short home: the keyring's control socket lives under it (socket paths are short)
HOME="$(mktemp -d)"
export HOME XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config"
eval "$(printf 'test-pass' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
"$PY" -m app.cli import "$STORY_FILE" >/dev/null
"$PY" -m app.cli review harbour-bridge --approve --despite-open 2>/dev/null
"$PY" -m app.cli audit verify 2>&1
"$PY" -c 'import keyring; print(keyring.get_keyring())
print("key:", bool(keyring.get_password("copydesk-reviewer-key", "alice")))'
rm -rf "$HOME"
"""


@pytest.mark.skipif(
    not (shutil.which("gnome-keyring-daemon") and shutil.which("dbus-run-session")),
    reason="needs gnome-keyring and dbus (apt install gnome-keyring dbus-daemon)")
def test_with_the_real_secret_service_the_key_and_anchor_live_in_the_os_keyring(tmp_path):
    """The desk as users run it: GNOME Keyring over D-Bus (headless, unlocked)."""
    story = tmp_path / "story.json"
    story.write_text(STORY, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in (
        "PYTHON_KEYRING_BACKEND", "COPYDESK_TEST_KEYRING", "DBUS_SESSION_BUS_ADDRESS")}
    env.update(PYTHONPATH=str(REPO), PY=sys.executable,
               STORY_FILE=str(story), COPYDESK_DB=str(tmp_path / "library.sqlite3"),
               COPYDESK_REVIEWER="alice")
    done = subprocess.run(["dbus-run-session", "--", "sh", "-c", REAL_KEYRING_SCRIPT], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "harbour-bridge\tapproved\t" in done.stdout
    assert "audit log sound: 3 events" in done.stdout
    assert "2 signed and valid" in done.stdout and "anchor: event 3 recorded on" in done.stdout
    assert "SecretService" in done.stdout and "key: True" in done.stdout
    library_bytes = b"".join(p.read_bytes() for p in tmp_path.glob("library.sqlite3*"))
    assert b"copydesk-reviewer-key" not in library_bytes
