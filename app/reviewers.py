"""Reviewers of a library, their keys and roles, and who may sign which event.

A reviewer is registered by a ``reviewer_add`` event in the audit log (library-wide:
``story_id`` ""), whose data carries the name, the role (checker, editor, admin) and
the public key. The first registration of a library is signed by its own new key and
must be an admin (trust on first use: a desk's first decision makes its reviewer the
library's admin, without ceremony); every later one must be signed by an admin
registered before it. The registry is REPLAYED FROM THE SIGNED LOG, never read from a
table someone could edit: the ``reviewers`` table is a readable copy for people and
for the newsroom, and ``audit verify`` says when it disagrees with the log.

Signatures live in ``event_signatures`` (seq, key_id, signature), append-only through
triggers, written in the same transaction as their event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app import anchors, keys, signing
from app.audit_chain import (  # re-exported: the signature table's readers and writer
    COLUMNS,
    REGISTER_ACTION,
    Event,
    Signer,
    event_from_row,
    has_schema,
    signature_of,
    store_signature,
    write_event,
)
from app.errors import CopydeskError
from app.identity import clean_name, os_user

if TYPE_CHECKING:  # only annotated: the log's lower layers never load app.library
    from app.library.db import Library

__all__ = [
    "REGISTER_ACTION", "ROLES", "SIGNATURE_TRIGGERS", "SIGNED_ACTIONS", "Registry",
    "Reviewer", "Signer", "SigningError", "add_reviewer", "enrol_every_name",
    "ensure_schema", "has_schema", "registry", "require_admin", "signature_of",
    "signer_for", "store_signature", "table_disagreements",
]

ROLES = ("checker", "editor", "admin")
# Events that are decisions: made only with the actor's registered key, and never
# counted (nor accepted by ``audit verify``) without a valid signature.
SIGNED_ACTIONS = frozenset({
    "approve", "request_changes", "reject", "reopen", "start_review", "override", "edit",
    "waive_finding", "waive_citation", "setting", REGISTER_ACTION,
})

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS event_signatures (seq INTEGER PRIMARY KEY, "
    "key_id TEXT NOT NULL, signature TEXT NOT NULL)",
    "CREATE TRIGGER IF NOT EXISTS event_signatures_no_update BEFORE UPDATE ON "
    "event_signatures BEGIN SELECT RAISE(ABORT, 'audit signatures are append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS event_signatures_no_delete BEFORE DELETE ON "
    "event_signatures BEGIN SELECT RAISE(ABORT, 'audit signatures are append-only'); END",
    "CREATE TABLE IF NOT EXISTS reviewers (name_key TEXT PRIMARY KEY, name TEXT NOT NULL, "
    "role TEXT NOT NULL, public_key TEXT NOT NULL, key_id TEXT NOT NULL UNIQUE, "
    "registered_at TEXT NOT NULL, registered_by TEXT NOT NULL, event_seq INTEGER NOT NULL)",
)
SIGNATURE_TRIGGERS = ("event_signatures_no_update", "event_signatures_no_delete")

_every_name = False


class SigningError(CopydeskError):
    """A decision this desk cannot sign for the name it claims: it is refused."""


def enrol_every_name(on: bool) -> None:
    """Test suites and demos that play several reviewers on one desk: every new name
    that decides gets a key here, registered as an admin by an admin of this desk.
    Never on by default; the command line and the window leave it off."""
    global _every_name
    _every_name = on


@dataclass(frozen=True)
class Reviewer:
    name: str
    role: str
    public_key: str
    key_id: str
    registered_at: str
    registered_by: str
    seq: int  # the registering event


@dataclass
class Registry:
    """Reviewers as the signed log registers them, and what it refused to register."""

    by_name: dict[str, Reviewer] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (seq, why)

    @property
    def signed_since(self) -> int:
        """The seq of the first registration: from there on, decisions are signed."""
        return min((r.seq for r in self.by_name.values()), default=0)

    def get(self, name: str) -> Reviewer | None:
        return self.by_name.get(_name_key(name))

    def by_key(self, key_id: str) -> Reviewer | None:
        return next((r for r in self.by_name.values() if r.key_id == key_id), None)


def _name_key(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def ensure_schema(library: Library) -> None:
    """The signature and reviewer tables, made on a library's first signed event (they
    are additive: an older Copydesk ignores them)."""
    if has_schema(library.conn):
        return
    with library.transaction() as conn:
        for statement in _SCHEMA:
            conn.execute(statement)


# --- the registry, replayed from the log ------------------------------------------------


def registry(library: Library) -> Registry:
    """The reviewers the signed log registers; cached until a library-wide event is added."""
    conn = library.conn
    if not has_schema(conn):
        return Registry()
    stamp = conn.execute("SELECT COUNT(*), MAX(seq) FROM events WHERE story_id = '' "
                         "AND action = ?", [REGISTER_ACTION]).fetchone()
    cached = library.__dict__.get("_registry")
    if cached is not None and cached[0] == tuple(stamp):
        return cached[1]
    rows = conn.execute(
        f"SELECT {COLUMNS} FROM events WHERE story_id = '' AND action = ? ORDER BY seq",
        [REGISTER_ACTION]).fetchall()
    result = Registry()
    for row in rows:
        event = event_from_row(row)
        problem = _admit(result, event.as_dict(), signature_of(conn, event.seq))
        if problem:
            result.problems.append((event.seq, problem))
    library.__dict__["_registry"] = (tuple(stamp), result)
    return result


def _admit(result: Registry, event: dict[str, Any], signature: tuple[str, str] | None) -> str:
    """Add the registration to ``result`` if it is valid; else say why it is not."""
    import json

    try:
        data = json.loads(event["data"])
        name, role, public = clean_name(data["name"]), str(data["role"]), str(data["public_key"])
        kid = signing.key_id(public)
    except (ValueError, KeyError, TypeError, CopydeskError):
        return "a reviewer registration that cannot be read"
    if signature is None:
        return f"the registration of {name} is not signed"
    if role not in ROLES:
        return f"the registration of {name} has an unknown role {role!r}"
    if result.get(name) is not None:
        return f"{name} is already registered"
    if result.by_key(kid) is not None:
        return f"the key of {name} is already registered for {result.by_key(kid).name}"  # type: ignore[union-attr]
    if not result.by_name:  # the first: signed by its own key, and an admin
        signer_key = public
        if role != "admin" or _name_key(event["actor"]) != _name_key(name):
            return f"the first registration ({name}) is not its own admin registration"
    else:
        admin = result.get(event["actor"])
        if admin is None or admin.role != "admin":
            return f"{name} was registered by {event['actor']}, who is not an admin"
        signer_key = admin.public_key
    if signature[0] != signing.key_id(signer_key) or not signing.verify_event(
            event, signature[1], signer_key):
        return f"the registration of {name} does not carry a valid signature"
    result.by_name[_name_key(name)] = Reviewer(name, role, public, kid, event["at"],
                                               event["actor"], int(event["seq"]))
    return ""


# --- signing new events -------------------------------------------------------------------


def signer_for(library: Library, actor: str, action: str) -> Signer | None:
    """Who signs the event ``actor`` is about to record, or None (recorded unsigned).

    A decision (``SIGNED_ACTIONS``) by a name this desk cannot sign for is refused: a
    name registered with a key that is not in this desk's keyring, or a name nobody
    registered. A library's first decision registers its reviewer as admin.
    """
    required = action in SIGNED_ACTIONS
    if not required and not has_schema(library.conn):
        return None  # nothing is signed yet: an import stays as cheap as before
    ensure_schema(library)
    current = registry(library)
    reviewer = current.get(actor)
    try:
        if reviewer is None:
            if not required:
                return None
            if not current.by_name:
                return _register_first(library, actor)
            if _every_name:
                return _register_by_desk_admin(library, current, actor)
            raise SigningError(
                f"{actor} is not a reviewer of this library, so cannot {_verb(action)}: "
                f"an admin adds them with `copydesk reviewer add {actor}`")
        cached = library.__dict__.setdefault("_signers", {}).get(reviewer.key_id)
        if cached is not None:
            return cached  # asked the keyring once per library opened: not per event
        key = keys.private_key(reviewer.name)
    except keys.KeyringUnavailable:
        if required:
            raise
        return None
    if key is None or signing.public_key_text(key) != reviewer.public_key:
        if not required:
            return None
        raise SigningError(
            f"cannot {_verb(action)} as {reviewer.name}: their signing key "
            f"({reviewer.key_id}) is not on this desk; {reviewer.name} decides from their "
            "own desk")
    signer = Signer(reviewer.name, reviewer.key_id, key)
    library.__dict__["_signers"][reviewer.key_id] = signer
    return signer


def _verb(action: str) -> str:
    return {REGISTER_ACTION: "register a reviewer", "setting": "change a setting"}.get(
        action, action.replace("_", " "))


def _registration(name: str, role: str, key: Ed25519PrivateKey) -> dict[str, Any]:
    public = signing.public_key_text(key)
    return {"name": name, "role": role, "public_key": public, "key_id": signing.key_id(public),
            "desk": os_user()}


def _record_registration(library: Library, signer: Signer, data: dict[str, Any],
                         note: str) -> Event:
    """Write a registration event signed by ``signer``, and move this desk's anchor after
    the commit, as ``app.audit.append_event`` does for every other event (this module
    cannot call it: the log's policy module imports this one)."""
    with library.transaction() as conn:
        event = write_event(conn, story_id="", revision="", actor=signer.name,
                            action=REGISTER_ACTION, note=note, data=data, signer=signer)
        anchors.move_after_commit(library)
    return event


def _register_first(library: Library, actor: str) -> Signer:
    name = clean_name(actor)
    key = keys.create_private_key(name)
    signer = Signer(name, signing.key_id(signing.public_key_text(key)), key)
    event = _record_registration(library, signer, _registration(name, "admin", key),
                                 "first reviewer of this library")
    _copy_to_table(library, event.seq, _registration(name, "admin", key), event.at, name)
    return signer


def _register_by_desk_admin(library: Library, current: Registry, actor: str) -> Signer:
    for admin in current.by_name.values():
        if admin.role == "admin":
            key = keys.private_key(admin.name)
            if key is not None and signing.public_key_text(key) == admin.public_key:
                add_reviewer(library, actor, "admin", admin.name)
                new_key = keys.private_key(actor)
                assert new_key is not None
                return Signer(clean_name(actor), signing.key_id(signing.public_key_text(new_key)),
                              new_key)
    raise SigningError(f"no admin of this library has a key on this desk to register {actor}")


def add_reviewer(library: Library, name: str, role: str, actor: str,
                 public_key: str | None = None) -> Reviewer:
    """Register ``name`` with ``role``, signed by the admin ``actor``.

    Without ``public_key`` the key pair is made on this desk (private half into this
    desk's keyring); with it, a key made on the reviewer's own desk is registered.
    """
    name = clean_name(name)
    if role not in ROLES:
        raise CopydeskError(f"unknown role {role!r} (one of: {', '.join(ROLES)})")
    if public_key is not None:
        try:
            signing.load_public_key(public_key)
        except signing.KeyFormatError as error:
            raise CopydeskError(f"--public-key: {error}") from None
    ensure_schema(library)
    with library.transaction():
        if registry(library).get(name) is not None and _name_key(name) != _name_key(actor):
            raise CopydeskError(f"{name} is already a reviewer of this library")
        require_admin(library, actor, "add reviewers")
        signer = signer_for(library, actor, REGISTER_ACTION)  # first use registers actor
        assert signer is not None
        current = registry(library)
        admin = current.get(signer.name)
        if admin is None or admin.role != "admin":
            raise SigningError(f"only an admin adds reviewers; {signer.name} is "
                               f"{admin.role if admin else 'not a reviewer'}")
        existing = current.get(name)
        if existing is not None:  # the actor registered themselves just now
            return existing
        if public_key is None:
            key = keys.create_private_key(name)
            public_key = signing.public_key_text(key)
        data = {"name": name, "role": role, "public_key": public_key,
                "key_id": signing.key_id(public_key), "desk": os_user()}
        if current.by_key(data["key_id"]) is not None:
            raise CopydeskError(f"that key is already registered for "
                                f"{current.by_key(data['key_id']).name}")  # type: ignore[union-attr]
        event = _record_registration(library, signer, data, f"registered {name} as {role}")
        _copy_to_table(library, event.seq, data, event.at, signer.name)
    registered = registry(library).get(name)
    assert registered is not None
    return registered


def _copy_to_table(library: Library, seq: int, data: dict[str, Any], at: str, by: str) -> None:
    library.conn.execute(
        "INSERT OR REPLACE INTO reviewers (name_key, name, role, public_key, key_id, "
        "registered_at, registered_by, event_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [_name_key(data["name"]), data["name"], data["role"], data["public_key"],
         data["key_id"], at, by, seq])


def table_disagreements(library: Library) -> list[str]:
    """Rows of the ``reviewers`` table that the signed log does not register."""
    if not has_schema(library.conn):
        return []
    current = registry(library)
    out = []
    for name, role, public in library.conn.execute(
            "SELECT name, role, public_key FROM reviewers ORDER BY name"):
        known = current.get(name)
        if known is None:
            out.append(f"{name} is in the reviewers table but the log never registered them")
        elif (known.role, known.public_key) != (role, public):
            out.append(f"{name}'s row in the reviewers table differs from their registration")
    return out


def require_admin(library: Library, actor: str, what: str) -> None:
    """Refuse ``what`` unless ``actor`` is a registered admin (or the library has no
    reviewer yet: then this signed change registers ``actor`` as its first admin)."""
    current = registry(library)
    reviewer = current.get(actor)
    if not current.by_name or (reviewer is None and _every_name):
        return  # the signed change registers actor as an admin first
    if reviewer is None or reviewer.role != "admin":
        role = (("an " if reviewer.role[0] in "aeiou" else "a ") + reviewer.role
                if reviewer else "not a reviewer of this library")
        raise SigningError(f"only an admin can {what}; {actor} is {role}")
