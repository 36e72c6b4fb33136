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
import functools
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
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
    Inside ``known_results``, an answer ``verify_many`` found for these exact bytes,
    signature and key is taken from there.
    """
    message = canonical_bytes(event)
    known = _KNOWN.get()
    if known is not None:
        found = known.get((hashlib.sha256(message).digest(), signature, public_key))
        if found is not None:
            return found
    return _verify(message, signature, public_key)


def _verify(message: bytes, signature: str, public_key: str) -> bool:
    try:
        _public_key(public_key).verify(_raw(signature, "the signature"), message)
    except (KeyFormatError, InvalidSignature, ValueError, TypeError):
        return False
    return True


@functools.lru_cache(maxsize=256)
def _public_key(text: str) -> Ed25519PublicKey:
    """``load_public_key``, once per key: a log holds thousands of events per key."""
    return load_public_key(text)


# --- many at once ------------------------------------------------------------------------
# An Ed25519 check is about 90 us of OpenSSL, most of a full verify's time, and OpenSSL
# runs it without Python's lock: checked on worker threads, a log's signatures take
# every core. ``verify_many`` does that ahead of a verifier's own loop, which then finds
# each answer under ``known_results``; the key of an answer is the SHA-256 of the exact
# signed bytes with the signature and key, so only the very same check is answered.

Known = dict[tuple[bytes, str, str], bool]
_KNOWN: ContextVar[Known | None] = ContextVar("copydesk_known_signatures", default=None)
CHUNK = 512  # checks per task: few enough tasks that handing them out costs nothing


def verify_many(items: Iterable[tuple[Mapping[str, Any], str, str]],
                workers: int | None = None) -> Known:
    """``verify_event`` for many (event, signature, public key) at once, on ``workers``
    threads (default: one per core); the answers by (digest of bytes, signature, key)."""
    workers = workers or os.cpu_count() or 1
    results: Known = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = []
        chunk: list[tuple[bytes, str, str]] = []
        for event, signature, public_key in items:
            chunk.append((canonical_bytes(event), signature, public_key))
            if len(chunk) == CHUNK:
                pending.append(pool.submit(_verify_chunk, chunk))  # checked meanwhile
                chunk = []
        if chunk:
            pending.append(pool.submit(_verify_chunk, chunk))
        for task in pending:
            results.update(task.result())
    return results


def _verify_chunk(chunk: list[tuple[bytes, str, str]]) -> Known:
    return {(hashlib.sha256(message).digest(), signature, public_key):
            _verify(message, signature, public_key)
            for message, signature, public_key in chunk}


@contextmanager
def known_results(results: Known) -> Iterator[None]:
    """Within: ``verify_event`` answers from ``results`` what they hold."""
    token = _KNOWN.set(results)
    try:
        yield
    finally:
        _KNOWN.reset(token)
