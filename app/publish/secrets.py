"""Target secrets (application passwords, Admin API keys, webhook signing keys).

They live only in the OS keyring: service ``copydesk``, one entry per target, the
target's name as the entry's user name. Nothing here writes a secret anywhere else,
and no error message carries one. The production store is ``KeyringSecretStore``;
tests use ``MemorySecretStore``.
"""

from __future__ import annotations

import getpass
import sys
from typing import Protocol, TextIO

from app.errors import CopydeskError

SERVICE = "copydesk"

SETUP_HELP = (
    "no usable keyring to keep target passwords in. Copydesk stores them only in the "
    "system keyring, never in its library file. On Linux, install and unlock a Secret "
    "Service keyring (GNOME Keyring: apt install gnome-keyring, or KWallet) in a "
    "desktop session; on a headless machine, `pip install keyrings.alt` and set "
    "PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring. macOS Keychain and "
    "Windows Credential Locker work as they are."
)


class SecretStoreError(CopydeskError):
    """The keyring cannot be used; the message says how to set one up."""


class MissingSecretError(CopydeskError):
    """A target whose secret is not in the keyring."""


class SecretStore(Protocol):
    """Where target secrets live. One secret per target name."""

    def get(self, target: str) -> str | None: ...

    def set(self, target: str, secret: str) -> None: ...

    def delete(self, target: str) -> None: ...


class MemorySecretStore:
    """A dict; for tests and for a window that was told not to remember a secret."""

    def __init__(self, secrets: dict[str, str] | None = None) -> None:
        self._secrets = dict(secrets or {})

    def get(self, target: str) -> str | None:
        return self._secrets.get(target)

    def set(self, target: str, secret: str) -> None:
        self._secrets[target] = secret

    def delete(self, target: str) -> None:
        self._secrets.pop(target, None)

    def __repr__(self) -> str:  # never show the secrets themselves
        return f"MemorySecretStore({len(self._secrets)} secret(s))"


class KeyringSecretStore:
    """The OS keyring through python ``keyring``; refuses to run on the fail backend."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    def _keyring(self):  # type: ignore[no-untyped-def]
        import keyring
        from keyring.backends import fail

        try:
            backend = keyring.get_keyring()
        except Exception as error:  # a broken backend configuration
            raise SecretStoreError(f"{SETUP_HELP} ({type(error).__name__})") from None
        if isinstance(backend, fail.Keyring) or _is_chainer_without_backends(backend):
            raise SecretStoreError(SETUP_HELP)
        return keyring

    def get(self, target: str) -> str | None:
        keyring = self._keyring()
        try:
            return keyring.get_password(self.service, target)
        except keyring.errors.KeyringError as error:
            raise SecretStoreError(_keyring_failure("read", target, error)) from None

    def set(self, target: str, secret: str) -> None:
        keyring = self._keyring()
        try:
            keyring.set_password(self.service, target, secret)
        except keyring.errors.KeyringError as error:
            raise SecretStoreError(_keyring_failure("store", target, error)) from None

    def delete(self, target: str) -> None:
        keyring = self._keyring()
        try:
            keyring.delete_password(self.service, target)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored: nothing to delete
        except keyring.errors.KeyringError as error:
            raise SecretStoreError(_keyring_failure("delete", target, error)) from None


def _is_chainer_without_backends(backend: object) -> bool:
    backends = getattr(backend, "backends", None)
    return backends is not None and not backends


def _keyring_failure(verb: str, target: str, error: Exception) -> str:
    # The keyring's own message names the backend; it never holds the secret itself.
    return f"could not {verb} the secret of target {target!r} in the keyring: " \
           f"{type(error).__name__}: {error}. {SETUP_HELP}"


def default_secret_store() -> SecretStore:
    return KeyringSecretStore()


def read_secret(prompt: str, from_stdin: bool, stdin: TextIO | None = None) -> str:
    """A secret from standard input (``--password-stdin``) or a hidden prompt.

    Never from a command-line argument, which other users can see in the process
    list and which shells keep in their history.
    """
    if from_stdin:
        stream = stdin or sys.stdin
        secret = stream.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise CopydeskError(
                "no terminal to ask for the secret; pipe it in with --password-stdin")
        secret = getpass.getpass(prompt)
    if not secret.strip():
        raise CopydeskError("the secret is empty")
    return secret
