"""What a target keeps in the OS keyring: its password or key, and a webhook's URL.

Many webhook services put their token in the URL itself (a path segment such as
``/services/T0/B0/XyZ…`` or a ``?token=`` query), so a webhook URL is treated as a
credential: the library stores only its origin for display (``https://hooks.example.com/…``)
and the keyring holds the whole URL, next to the signing secret.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace

from app.publish.secrets import SecretStore, SecretStoreError
from app.publish.targets import TargetConfig
from app.publish.targets.base import TargetInputError, shown_url

#: Suffix of the keyring entry holding a webhook's whole URL. Target names cannot
#: contain "#", so the entry never collides with another target's secret.
URL_ENTRY_SUFFIX = "#url"


def url_entry(name: str) -> str:
    return name + URL_ENTRY_SUFFIX


def keeps_url_secret(config: TargetConfig) -> bool:
    return config.kind == "webhook"


def is_shown_form(url: str) -> bool:
    """Whether ``url`` is the display form read back from the library (a settings form
    re-saved unchanged): the keyring's whole URL then stays as it is."""
    return url.endswith("/…")


def stored_form(config: TargetConfig) -> TargetConfig:
    """The target as the library stores it: without a webhook URL's path and query."""
    if keeps_url_secret(config):
        return replace(config, url=shown_url(config.url))
    return config


def store(secrets: SecretStore, config: TargetConfig, secret: str | None) -> Callable[[], None]:
    """Put ``secret`` (when given) and a webhook's whole URL in the keyring.

    Returns an undo that puts back what the keyring held before, for when the target
    then cannot be saved. Raises ``SecretStoreError`` (nothing changed) when the keyring
    cannot be used, and ``TargetInputError`` when a webhook comes with only its display
    form and the keyring holds no whole URL for that name (a copied or renamed target).
    """
    if not config.needs_secret:
        return lambda: None  # a folder: nothing in the keyring (which may not even exist)
    entries: dict[str, str | None] = {}  # keyring entry -> its new value (None: delete)
    if secret:
        entries[config.name] = secret
    if keeps_url_secret(config):
        if not is_shown_form(config.url):
            entries[url_entry(config.name)] = config.url
        elif not secrets.get(url_entry(config.name)):
            raise TargetInputError(
                f"target {config.name}: enter the webhook's whole URL (the library keeps "
                f"only {config.url}; the whole URL lives in the keyring)")
    else:
        entries[url_entry(config.name)] = None  # a webhook turned into another kind
    previous = {key: secrets.get(key) for key in entries}
    written: list[str] = []

    def undo() -> None:
        for key in written:
            old = previous[key]
            if old is None:
                secrets.delete(key)
            else:
                secrets.set(key, old)

    try:
        for key, value in entries.items():
            if value is not None:
                secrets.set(key, value)
            elif previous[key] is not None:
                secrets.delete(key)
            else:
                continue  # nothing there, nothing to delete
            written.append(key)
    except Exception:
        undo()
        raise
    return undo


def load(secrets: SecretStore, config: TargetConfig) -> tuple[TargetConfig, str | None]:
    """The target as it is sent to (a webhook's whole URL restored) and its secret.

    A webhook saved before URLs moved to the keyring still has its whole URL in the
    library, and is used as it is. One whose whole URL is gone from the keyring (a new
    machine, a reset keyring) raises ``SecretStoreError``: it is never sent to the
    shortened display URL.
    """
    if not config.needs_secret:
        return config, None
    secret = secrets.get(config.name)
    if keeps_url_secret(config):
        whole = secrets.get(url_entry(config.name))
        if whole:
            config = replace(config, url=whole)
        elif is_shown_form(config.url):
            raise SecretStoreError(
                f"the keyring has no URL for webhook {config.name}; add the target again "
                "with its whole URL")
    return config, secret


def forget(secrets: SecretStore, config: TargetConfig) -> None:
    """Remove the target's keyring entries (missing ones are no error), whatever its
    kind now is: a folder may have been a webhook before."""
    if config.needs_secret:
        secrets.delete(config.name)
        secrets.delete(url_entry(config.name))
        return
    with contextlib.suppress(SecretStoreError):  # best effort: a folder needs no keyring
        secrets.delete(config.name)
        secrets.delete(url_entry(config.name))
