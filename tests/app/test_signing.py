"""Signatures over audit events: what a newsroom server and a manifest reader check."""

from __future__ import annotations

from app import signing

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
