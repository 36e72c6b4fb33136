"""Ed25519 signatures over audit events: the canonical bytes, signing and checking.

Pure functions, no library and no keyring, so that a newsroom server, a desk pulling
events, and anyone holding an export manifest check a signature the same way.

What is signed: ``canonical_bytes(event)``, the UTF-8 JSON of every field of the event
except the ones that carry the signature itself (``UNSIGNED_FIELDS``), keys sorted, no
insignificant whitespace, prefixed with the domain tag ``copydesk.signed-event/1`` and a
newline (so a signature over an event can never be replayed as one over something
else). A local event's fields are ``app.audit.Event.as_dict()``: ``seq``, ``story_id``,
``revision``, ``actor``, ``action``, ``note``, ``at``, ``data`` (its canonical JSON text,
as stored), ``prev_hash`` and ``story_prev_hash`` — so the signature covers the content
AND the link to the event before it. ``hash`` is left out: it is derived from the same
fields, and leaving it out lets a verifier recompute it independently.

Keys travel as text: the 32 raw bytes, base64 (standard alphabet, padded). A key's id
is the first 16 hex digits of the SHA-256 of its raw public bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from app.errors import CopydeskError

DOMAIN = b"copydesk.signed-event/1\n"
# Fields that describe the signature (or are derived from the signed ones) and are
# therefore not part of what is signed.
UNSIGNED_FIELDS = frozenset({"hash", "signature", "key_id", "public_key", "signer"})


class KeyFormatError(CopydeskError):
    """A key or signature that is not valid base64 Ed25519 material."""


def canonical_bytes(event: Mapping[str, Any]) -> bytes:
    """The exact bytes a signature covers (see the module docstring)."""
    fields = {k: v for k, v in event.items() if k not in UNSIGNED_FIELDS}
    text = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return DOMAIN + text.encode("utf-8")


def generate_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_text(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(raw).decode("ascii")


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return base64.b64encode(public.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode("ascii")


def _raw(text: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(str(text).strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyFormatError(f"{what} is not base64") from None
    return raw


def load_private_key(text: str) -> Ed25519PrivateKey:
    raw = _raw(text, "the private key")
    if len(raw) != 32:
        raise KeyFormatError("the private key is not 32 bytes of Ed25519 key")
    return Ed25519PrivateKey.from_private_bytes(raw)


def load_public_key(text: str) -> Ed25519PublicKey:
    raw = _raw(text, "the public key")
    if len(raw) != 32:
        raise KeyFormatError("the public key is not 32 bytes of Ed25519 key")
    return Ed25519PublicKey.from_public_bytes(raw)


def key_id(public_key: str) -> str:
    """A short, stable name for a public key (text form), shown beside reviewer names."""
    return hashlib.sha256(_raw(public_key, "the public key")).hexdigest()[:16]


def sign_event(event: Mapping[str, Any], private_key: Ed25519PrivateKey | str) -> str:
    """The base64 Ed25519 signature of ``canonical_bytes(event)``."""
    key = load_private_key(private_key) if isinstance(private_key, str) else private_key
    return base64.b64encode(key.sign(canonical_bytes(event))).decode("ascii")


def verify_event(event: Mapping[str, Any], signature: str, public_key: str) -> bool:
    """True when ``signature`` is ``public_key``'s signature of exactly this event.

    Never raises on bad input: malformed keys or signatures are simply not valid.
    """
    try:
        key = load_public_key(public_key)
        raw = _raw(signature, "the signature")
        key.verify(raw, canonical_bytes(event))
    except (KeyFormatError, InvalidSignature, ValueError, TypeError):
        return False
    return True
