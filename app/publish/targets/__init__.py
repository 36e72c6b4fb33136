"""Publishing targets: folder, WordPress, Ghost, webhook."""

from __future__ import annotations

import httpx

from app.publish.targets.base import (
    KINDS,
    Delivery,
    DeliveryError,
    Target,
    TargetConfig,
    new_client,
)
from app.publish.targets.folder import FolderTarget
from app.publish.targets.ghost import GhostTarget
from app.publish.targets.webhook import WebhookTarget
from app.publish.targets.wordpress import WordPressTarget


def open_target(config: TargetConfig, secret: str | None, client: httpx.Client) -> Target:
    """A ready target; ``DeliveryError('credentials')`` when its secret is missing."""
    if config.kind == "folder":
        return FolderTarget(config)
    if not secret:
        raise DeliveryError(
            "credentials",
            f"no password or key saved for target {config.name!r}; save it with "
            f"`copydesk target secret {config.name}` or in the window's target settings",
        )
    if config.kind == "wordpress":
        return WordPressTarget(config, secret, client)
    if config.kind == "ghost":
        return GhostTarget(config, secret, client)
    if config.kind == "webhook":
        return WebhookTarget(config, secret, client)
    raise DeliveryError("rejected", f"unknown target kind {config.kind!r}")


__all__ = ["KINDS", "Delivery", "DeliveryError", "Target", "TargetConfig", "new_client",
           "open_target", "FolderTarget", "GhostTarget", "WebhookTarget", "WordPressTarget"]
