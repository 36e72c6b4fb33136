"""A webhook URL is a credential: the keyring holds it whole, the library only its origin."""

from __future__ import annotations

import pytest

from app.library import Library
from app.publish import credentials
from app.publish.secrets import MemorySecretStore, SecretStoreError
from app.publish.targets import TargetConfig
from app.publish.targets.base import TargetInputError
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


def test_a_renamed_copy_without_the_whole_url_is_refused_not_sent_to_the_display_form():
    secrets = MemorySecretStore()
    credentials.store(secrets, TargetConfig("hook", "webhook", HOOK), "s")
    # the settings form shows "https://hooks.example.com/…"; saved under a new name
    copy = TargetConfig("hook2", "webhook", "https://hooks.example.com/…")
    with pytest.raises(TargetInputError, match="whole URL"):
        credentials.store(secrets, copy, "s2")
    assert secrets.get("hook2") is None  # nothing half-saved


def test_a_lost_url_entry_stops_the_send_instead_of_using_the_display_form():
    stored = TargetConfig("hook", "webhook", "https://hooks.example.com/…")
    with pytest.raises(SecretStoreError, match="no URL"):
        credentials.load(MemorySecretStore({"hook": "s"}), stored)


def test_a_token_only_in_the_query_is_still_kept_out_of_the_library(tmp_path):
    secrets = MemorySecretStore()
    config = TargetConfig("q", "webhook", "https://hooks.example.com?token=tok-77")
    credentials.store(secrets, config, "s")
    with Library(tmp_path / "lib.db") as library:
        stored = save_target(library, config)
    assert stored.url == "https://hooks.example.com/…"
    credentials.store(secrets, stored, None)  # the form saved again, unchanged
    assert credentials.load(secrets, stored)[0].url == config.url


def test_a_webhook_turned_into_another_kind_leaves_no_token_behind():
    secrets = MemorySecretStore()
    credentials.store(secrets, TargetConfig("hook", "webhook", HOOK), "s")
    wp = TargetConfig("hook", "wordpress", "https://news.example.org", "ed")
    credentials.store(secrets, wp, "app-password")
    assert secrets.get("hook#url") is None and secrets.get("hook") == "app-password"
    credentials.store(secrets, TargetConfig("old", "webhook", HOOK), "s")
    credentials.forget(secrets, TargetConfig("old", "folder", "/tmp/out"))  # kind changed
    assert secrets.get("old#url") is None and secrets.get("old") is None
