"""A webhook URL is a credential: the keyring holds it whole, the library only its origin."""

from __future__ import annotations

import pytest

from app.library import Library
from app.publish import credentials
from app.publish.secrets import MemorySecretStore, SecretStoreError
from app.publish.targets import TargetConfig
from app.publish.targets_store import get_target, save_target

HOOK = "https://hooks.example.com/services/T0/B0/tok-55aa?sig=zz9"


def test_a_webhook_is_stored_as_its_origin_and_sent_to_its_whole_url(tmp_path):
    secrets = MemorySecretStore()
    config = TargetConfig("hook", "webhook", HOOK)
    credentials.store(secrets, config, "signing-secret")
    with Library(tmp_path / "lib.db") as library:
        saved = save_target(library, config)
        stored = get_target(library, "hook")
    assert saved.url == stored.url == "https://hooks.example.com/…"
    sent_to, secret = credentials.load(secrets, stored)
    assert (sent_to.url, secret) == (HOOK, "signing-secret")
    assert b"tok-55aa" not in (tmp_path / "lib.db").read_bytes()


def test_resaving_the_settings_form_unchanged_keeps_the_whole_url(tmp_path):
    secrets = MemorySecretStore()
    credentials.store(secrets, TargetConfig("hook", "webhook", HOOK), "s1")
    # the form shows the stored origin; saving it again (a new secret only) must not
    # replace the whole URL with its display form
    credentials.store(secrets, TargetConfig("hook", "webhook", "https://hooks.example.com/…"),
                      "s2")
    sent_to, secret = credentials.load(secrets, TargetConfig("hook", "webhook",
                                                             "https://hooks.example.com/…"))
    assert (sent_to.url, secret) == (HOOK, "s2")


def test_a_webhook_saved_before_urls_moved_to_the_keyring_still_works():
    legacy = TargetConfig("old", "webhook", HOOK)  # whole URL in the library
    sent_to, secret = credentials.load(MemorySecretStore({"old": "s"}), legacy)
    assert (sent_to.url, secret) == (HOOK, "s")


def test_other_kinds_keep_their_url_in_the_library():
    wp = TargetConfig("site", "wordpress", "https://news.example.org/blog", "ed")
    assert credentials.stored_form(wp) == wp


class FailsOnUrlEntry(MemorySecretStore):
    def set(self, target: str, secret: str) -> None:
        if target.endswith(credentials.URL_ENTRY_SUFFIX):
            raise SecretStoreError("keyring locked")
        super().set(target, secret)


def test_a_keyring_failure_half_way_puts_back_what_was_there():
    secrets = FailsOnUrlEntry({"hook": "old-secret"})
    with pytest.raises(SecretStoreError):
        credentials.store(secrets, TargetConfig("hook", "webhook", HOOK), "new-secret")
    assert secrets.get("hook") == "old-secret"
    assert secrets.get(credentials.url_entry("hook")) is None


def test_undo_and_forget_leave_no_entry_behind():
    secrets = MemorySecretStore()
    config = TargetConfig("hook", "webhook", HOOK)
    credentials.store(secrets, config, "s")()  # saved, then undone
    assert secrets.get("hook") is None and secrets.get("hook#url") is None
    credentials.store(secrets, config, "s")
    credentials.forget(secrets, config)
    assert secrets.get("hook") is None and secrets.get("hook#url") is None
