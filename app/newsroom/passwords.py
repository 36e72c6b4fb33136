"""The newsroom login's password, kept only in the OS keyring (service ``copydesk``).

Its own small door to ``keyring`` rather than ``app.publish.secrets``: importing the
publishing package costs a quarter of a second, and ``copydesk sync`` runs often.
"""

from __future__ import annotations

import contextlib
from typing import Any, Protocol

from app.errors import CopydeskError

SERVICE = "copydesk"
SETUP_HELP = (
    "no usable keyring to keep the newsroom password in (Copydesk keeps it nowhere "
    "else). On Linux, unlock a Secret Service keyring (GNOME Keyring, KWallet) in a "
    "desktop session; on a headless machine, `pip install keyrings.alt` and set "
    "PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring")


class PasswordStoreError(CopydeskError):
    """The keyring cannot be used; the message says how to set one up."""


class PasswordStore(Protocol):
    def get(self, key: str) -> str | None: ...

    def set(self, key: str, secret: str) -> None: ...

    def delete(self, key: str) -> None: ...


class KeyringPasswords:
    def _keyring(self) -> Any:
        import keyring
        from keyring.backends import fail

        try:
            backend = keyring.get_keyring()
        except Exception as error:  # a broken backend configuration
            raise PasswordStoreError(f"{SETUP_HELP} ({type(error).__name__})") from None
        if isinstance(backend, fail.Keyring) or getattr(backend, "backends", None) == []:
            raise PasswordStoreError(SETUP_HELP)
        return keyring

    def get(self, key: str) -> str | None:
        keyring = self._keyring()
        try:
            return keyring.get_password(SERVICE, key)  # type: ignore[no-any-return]
        except keyring.errors.KeyringError as error:
            raise PasswordStoreError(f"could not read {key} from the keyring: {error}") from None

    def set(self, key: str, secret: str) -> None:
        keyring = self._keyring()
        try:
            keyring.set_password(SERVICE, key, secret)
        except keyring.errors.KeyringError as error:
            raise PasswordStoreError(f"could not store {key} in the keyring: {error}") from None

    def delete(self, key: str) -> None:
        keyring = self._keyring()
        with contextlib.suppress(keyring.errors.KeyringError):  # nothing stored: fine
            keyring.delete_password(SERVICE, key)
