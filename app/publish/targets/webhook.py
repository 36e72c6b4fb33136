"""A generic webhook: the export as one JSON POST, signed with HMAC-SHA256.

Headers follow Standard Webhooks v1: ``webhook-id`` (the idempotency key),
``webhook-timestamp``, and ``webhook-signature: v1,<base64 HMAC-SHA256 of
"id.timestamp.body">``. ``Idempotency-Key`` carries the same key, and
``X-Copydesk-Signature: sha256=<hex HMAC of the body>`` is there for receivers that
want the simple form. A receiver must deduplicate on the key: after a dropped
connection the same delivery is sent again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import httpx

from app.publish.targets.base import (
    Delivery,
    TargetConfig,
    classify,
    network_failure,
    shown_url,
)


def signing_key(secret: str) -> bytes:
    """``whsec_<base64>`` secrets (Standard Webhooks) are decoded; others used as text."""
    if secret.startswith("whsec_"):
        try:
            return base64.b64decode(secret[len("whsec_"):], validate=True)
        except ValueError:
            pass
    return secret.encode("utf-8")


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = signing_key(secret)
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def webhook_body(payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "event": "story.approved",
        "idempotency_key": payload["idempotency_key"],
        "story": {
            "id": payload["story_id"],
            "revision": payload["revision"],
            "title": payload["title"],
            "dek": payload.get("dek", ""),
            "slug": payload["slug"],
            "html": payload["html"],
            "markdown": payload["markdown"],
            "references": payload["references"],
        },
        "manifest": payload["manifest"],
    }


class WebhookTarget:
    def __init__(self, config: TargetConfig, secret: str, client: httpx.Client) -> None:
        self.config = config
        self.secret = secret
        self.client = client

    def _post(self, body: dict[str, Any], message_id: str) -> httpx.Response:
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": message_id,
            "webhook-id": message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(self.secret, message_id, timestamp, data),
            "X-Copydesk-Signature": "sha256=" + hmac.new(
                signing_key(self.secret), data, hashlib.sha256).hexdigest(),
        }
        try:
            return self.client.post(self.config.url, content=data, headers=headers)
        except httpx.TransportError as error:
            raise network_failure(error, self.config.url) from None

    def deliver(self, payload: dict[str, Any], known_remote_id: str = "") -> Delivery:
        key = payload["idempotency_key"]
        response = self._post(webhook_body(payload), key)
        if 200 <= response.status_code < 300:
            remote_id, remote_url = key, ""
            try:
                answer = response.json()
            except ValueError:
                answer = None
            if isinstance(answer, dict):
                remote_id = str(answer.get("id") or key)
                remote_url = str(answer.get("url") or "")
            return Delivery(remote_id, remote_url, "created")
        raise classify(response, "the webhook")

    def test(self) -> str:
        response = self._post({"event": "ping"}, "ping-" + str(int(time.time())))
        if 200 <= response.status_code < 300:
            return f"webhook {shown_url(self.config.url)} answered {response.status_code}"
        raise classify(response, "the webhook")
