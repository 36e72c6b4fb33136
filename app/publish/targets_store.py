"""Targets in the library: name, kind, URL, user and plain options. Never a secret."""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from app.errors import NotFoundError
from app.library import Library
from app.library.stories import now_iso
from app.publish import credentials
from app.publish.secrets import SecretStoreError
from app.publish.targets import KINDS, TargetConfig
from app.publish.targets.base import TargetInputError

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
STATUS_OPTIONS = {"wordpress": ("draft", "publish", "pending", "private"),
                  "ghost": ("draft", "published")}


def validate_target(config: TargetConfig) -> TargetConfig:
    if not NAME_RE.match(config.name):
        raise TargetInputError(
            f"target name {config.name!r}: use letters, digits, '.', '_' or '-' (max 64)")
    if config.kind not in KINDS:
        raise TargetInputError(f"target kind {config.kind!r} is not one of {', '.join(KINDS)}")
    url = config.url.strip()
    if not url:
        raise TargetInputError("a target needs --url (a folder path for a folder target)")
    if config.kind != "folder" and not re.match(r"^https?://[^/\s]+", url):
        raise TargetInputError(f"target URL {url!r} must start with http:// or https://")
    if "@" in url.split("//", 1)[-1].split("/", 1)[0]:
        raise TargetInputError("put the user in --user and the password in the keyring, "
                               "not in the URL")
    if config.kind == "wordpress" and not config.user:
        raise TargetInputError("a wordpress target needs --user (the login of the "
                               "application password)")
    status = config.options.get("status")
    if status is not None and config.kind in STATUS_OPTIONS \
            and status not in STATUS_OPTIONS[config.kind]:
        raise TargetInputError(f"--status for {config.kind} is one of "
                               f"{', '.join(STATUS_OPTIONS[config.kind])}")
    return TargetConfig(config.name, config.kind, url.rstrip("/") if config.kind != "folder"
                        else url, config.user, dict(config.options))


def save_target(library: Library, config: TargetConfig) -> TargetConfig:
    """Add a target or change one of the same name; returns it as stored.

    A webhook's path and query are not stored (see ``app.publish.credentials``): put
    the whole URL in the keyring with ``credentials.store`` first.
    """
    config = credentials.stored_form(validate_target(config))
    with library.transaction() as conn:
        conn.execute(
            "INSERT INTO targets (name, kind, url, user, options, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, "
            "url = excluded.url, user = excluded.user, options = excluded.options",
            [config.name, config.kind, config.url, config.user,
             json.dumps(config.options, sort_keys=True), now_iso()])
    return config


def save_target_with_credentials(library: Library, secrets: Any, config: TargetConfig,
                                 secret: str | None) -> TargetConfig:
    """Save a target and what it keeps in the keyring, all or nothing.

    The keyring goes first, so with no usable keyring (``SecretStoreError``) no target
    is saved without its secret; if the settings then cannot be saved, the keyring is
    put back as it was and the error raised.
    """
    undo = credentials.store(secrets, config, secret)
    try:
        return save_target(library, config)
    except BaseException:  # also an unwritable library
        with contextlib.suppress(SecretStoreError):
            undo()
        raise


def _config(row: tuple[Any, ...]) -> TargetConfig:
    return TargetConfig(row[0], row[1], row[2], row[3] or "", json.loads(row[4] or "{}"))


def list_targets(library: Library) -> list[TargetConfig]:
    return [_config(r) for r in library.conn.execute(
        "SELECT name, kind, url, user, options FROM targets ORDER BY name")]


def get_target(library: Library, name: str) -> TargetConfig:
    row = library.conn.execute(
        "SELECT name, kind, url, user, options FROM targets WHERE name = ?", [name]).fetchone()
    if row is None:
        known = ", ".join(t.name for t in list_targets(library)) or "none yet"
        raise NotFoundError(f"no target named {name!r} (targets: {known})")
    return _config(row)


def remove_target(library: Library, name: str) -> None:
    get_target(library, name)
    with library.transaction() as conn:
        waiting = conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE target = ? AND state IN ('pending', 'sending')",
            [name]).fetchone()[0]
        if waiting:
            raise TargetInputError(f"target {name!r} has {waiting} export(s) waiting; "
                                   "cancel them first")
        conn.execute("DELETE FROM targets WHERE name = ?", [name])


def test_target(library: Library, name: str, secrets: Any) -> str:
    """Try the target's connection and credentials; a line saying what was found.

    Raises ``DeliveryError`` with the site's message when it fails.
    """
    from app.publish.secrets import SecretStoreError
    from app.publish.targets import DeliveryError, new_client, open_target

    try:
        config, secret = credentials.load(secrets, get_target(library, name))
    except SecretStoreError as error:
        raise DeliveryError("credentials", str(error)) from None
    with new_client() as client:
        return open_target(config, secret, client).test()


test_target.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
