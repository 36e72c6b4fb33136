"""Secrets: only in the keyring, never in the library, logs, exports or messages."""

from __future__ import annotations

import io

import keyring
import pytest
from keyring.backends import fail

from app.errors import CopydeskError
from app.publish.secrets import (
    SERVICE,
    KeyringSecretStore,
    MemorySecretStore,
    SecretStoreError,
    read_secret,
)
from tests.servers.support import MemoryKeyring


@pytest.fixture()
def memory_keyring():
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


def test_keyring_store_uses_service_copydesk_one_entry_per_target(memory_keyring):
    store = KeyringSecretStore()
    store.set("site-a", "pw-a")
    store.set("site-b", "pw-b")
    assert memory_keyring.entries == {(SERVICE, "site-a"): "pw-a", (SERVICE, "site-b"): "pw-b"}
    assert store.get("site-a") == "pw-a"
    store.delete("site-a")
    store.delete("site-a")  # deleting twice is fine
    assert store.get("site-a") is None


def test_no_usable_backend_says_how_to_set_one_up_and_never_falls_back():
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(SecretStoreError) as error:
            KeyringSecretStore().set("site", "hunter2-secret")
    finally:
        keyring.set_keyring(before)
    message = str(error.value)
    assert "keyrings.alt" in message and "Secret Service" in message
    assert "hunter2-secret" not in message


def test_secret_from_stdin_and_never_empty():
    assert read_secret("pw: ", True, io.StringIO("s3cr3t with spaces \n")) == "s3cr3t with spaces "
    with pytest.raises(CopydeskError, match="empty"):
        read_secret("pw: ", True, io.StringIO("\n"))


def test_no_terminal_and_no_stdin_flag_is_refused(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("typed"))
    with pytest.raises(CopydeskError, match="--password-stdin"):
        read_secret("pw: ", False)


def test_memory_store_repr_hides_secrets():
    assert "pw" not in repr(MemorySecretStore({"a": "pw"}))
