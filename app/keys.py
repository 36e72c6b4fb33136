"""What this desk keeps in the OS keyring for the audit log: reviewers' private keys
and, per library file, the anchor (the head of its audit chain as last seen here).

Private keys: service ``copydesk-reviewer-key``, one entry per reviewer name (folded
to lower case), the key as base64 text. They never go into a library, a log, an
export or a message. One person has one key on a desk, whatever library they open.

Anchors: service ``copydesk-audit-anchor``, one entry per library file (its resolved
path), JSON ``{"count", "head", "at", "signed_since", "verified", "verified_head",
"signatures_digest"}``. The anchor lives
outside the library file, so someone editing the file with a sqlite3 shell cannot
shorten or rewrite the log without ``audit verify`` on this desk noticing.
"""

from __future__ import annotations

import functools
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app import signing
from app.errors import CopydeskError

KEY_SERVICE = "copydesk-reviewer-key"
ANCHOR_SERVICE = "copydesk-audit-anchor"

KEYRING_HELP = (
    "decisions are signed with the reviewer's key, kept only in the system keyring, and "
    "there is no usable keyring. On Linux, install and unlock a Secret Service keyring "
    "(GNOME Keyring: apt install gnome-keyring, or KWallet) in a desktop session; on a "
    "headless machine, `pip install keyrings.alt` and set "
    "PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring. macOS Keychain and "
    "Windows Credential Locker work as they are."
)


class KeyringUnavailable(CopydeskError):
    """No usable keyring on this desk; the message says how to set one up."""


@dataclass(frozen=True)
class Anchor:
    """The chain's head as this desk last wrote it: ``count`` events ending in ``head``."""

    count: int
    head: str
    at: str  # when the head event was recorded (its ``at``)
    signed_since: int = 0  # the first signed registration's seq; 0: not signed yet
    # events 1..verified had every signature checked by `audit verify` on this desk;
    # while event ``verified`` still hashes to ``verified_head`` and the signatures of
    # those events still digest to ``signatures_digest``, they need no second check
    verified: int = 0
    verified_head: str = ""
    signatures_digest: str = ""

    def as_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


def _keyring() -> Any:
    import keyring
    from keyring.backends import fail

    try:
        backend = keyring.get_keyring()
    except Exception as error:  # a broken backend configuration
        raise KeyringUnavailable(f"{KEYRING_HELP} ({type(error).__name__})") from None
    backends = getattr(backend, "backends", None)
    if isinstance(backend, fail.Keyring) or (backends is not None and not backends):
        raise KeyringUnavailable(KEYRING_HELP)
    return keyring


def _get(service: str, user: str) -> str | None:
    keyring = _keyring()
    try:
        return keyring.get_password(service, user)
    except keyring.errors.KeyringError as error:
        raise KeyringUnavailable(f"{KEYRING_HELP} ({type(error).__name__}: {error})") from None


def _set(service: str, user: str, value: str) -> None:
    keyring = _keyring()
    try:
        keyring.set_password(service, user, value)
    except keyring.errors.KeyringError as error:
        raise KeyringUnavailable(f"{KEYRING_HELP} ({type(error).__name__}: {error})") from None


def keyring_usable() -> bool:
    try:
        _keyring()
    except KeyringUnavailable:
        return False
    return True


def _key_entry(name: str) -> str:
    return " ".join(name.split()).casefold()


def private_key(name: str) -> Ed25519PrivateKey | None:
    """The reviewer's private key on this desk, or None when it is not here.

    Raises ``KeyringUnavailable`` when there is no keyring to ask.
    """
    text = _get(KEY_SERVICE, _key_entry(name))
    if not text:
        return None
    try:
        return signing.load_private_key(text)
    except signing.KeyFormatError:
        return None  # an entry that is not ours: as good as no key


def create_private_key(name: str) -> Ed25519PrivateKey:
    """A new key pair for ``name``, the private half stored in the keyring first.

    An existing key is kept (one person, one key on a desk): it is returned as is.
    """
    existing = private_key(name)
    if existing is not None:
        return existing
    key = signing.generate_private_key()
    _set(KEY_SERVICE, _key_entry(name), signing.private_key_text(key))
    if private_key(name) is None:  # a keyring that silently dropped it
        raise KeyringUnavailable(f"the keyring did not keep the key of {name}. {KEYRING_HELP}")
    return key


@functools.lru_cache(maxsize=64)
def _anchor_entry(library_path: Path) -> str | None:
    if str(library_path) == ":memory:":
        return None
    return str(Path(library_path).resolve())


def read_anchor(library_path: Path) -> Anchor | None:
    """The anchor this desk recorded for the library file, or None (none yet, no
    keyring, or an in-memory library)."""
    entry = _anchor_entry(library_path)
    if entry is None:
        return None
    try:
        text = _get(ANCHOR_SERVICE, entry)
    except KeyringUnavailable:
        return None
    if not text:
        return None
    try:
        data = json.loads(text)
        return Anchor(int(data["count"]), str(data["head"]), str(data.get("at", "")),
                      int(data.get("signed_since", 0)), int(data.get("verified", 0)),
                      str(data.get("verified_head", "")),
                      str(data.get("signatures_digest", "")))
    except (ValueError, KeyError, TypeError):
        return None


def write_anchor(library_path: Path, anchor: Anchor) -> bool:
    """Record the anchor; False when there is nowhere to keep it (no keyring)."""
    entry = _anchor_entry(library_path)
    if entry is None:
        return False
    try:
        _set(ANCHOR_SERVICE, entry, anchor.as_json())
    except KeyringUnavailable:
        return False
    return True
