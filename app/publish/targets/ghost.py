"""Ghost through its Admin API: an Admin API key signs a five-minute JWT per request.

The body goes in as one HTML card (``<!--kg-card-begin: html-->``), so Ghost keeps the
markup as is; its HTML-to-Lexical conversion would drop the citation anchors' ids.
Never twice: the post's id is stored after the first success; when the outcome is
unknown the post is looked up by its slug (unique to the story and target) first.
"""

from __future__ import annotations

import base64
import email.utils
import hashlib
import hmac
import json
import time
from typing import Any

import httpx

from app.publish.targets.base import (
    Delivery,
    DeliveryError,
    TargetConfig,
    classify,
    network_failure,
)

STATUSES = ("draft", "published")
ACCEPT_VERSION = "v6.0"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def admin_token(key: str, now: float | None = None) -> str:
    """A HS256 JWT for the Admin API from an ``id:hexsecret`` key (Ghost's recipe)."""
    try:
        key_id, secret_hex = key.strip().split(":")
        secret = bytes.fromhex(secret_hex)
    except ValueError:
        # Do not repeat the key in the message: it is the secret.
        raise DeliveryError(
            "credentials",
            "the saved Ghost Admin API key is not in the form ID:SECRET (copy it from "
            "Ghost Admin → Settings → Integrations)",
        ) from None
    iat = int(now if now is not None else time.time())
    header = {"alg": "HS256", "typ": "JWT", "kid": key_id}
    claims = {"iat": iat, "exp": iat + 300, "aud": "/admin/"}
    signing_input = (_b64url(json.dumps(header, separators=(",", ":")).encode()) + "."
                     + _b64url(json.dumps(claims, separators=(",", ":")).encode()))
    signature = hmac.new(secret, signing_input.encode("ascii"), hashlib.sha256).digest()
    return signing_input + "." + _b64url(signature)


class GhostTarget:
    def __init__(self, config: TargetConfig, key: str, client: httpx.Client) -> None:
        self.config = config
        self.key = key
        self.client = client
        self.api = config.url.rstrip("/") + "/ghost/api/admin"
        status = str(config.options.get("status", "draft"))
        if status == "publish":
            status = "published"
        if status not in STATUSES:
            raise DeliveryError("rejected", f"post status {status!r} is not one of "
                                f"{', '.join(STATUSES)}")
        self.status = status
        self.clock_offset = 0.0  # server time minus ours, learnt from a "jwt expired"

    def _call(self, method: str, path: str, *, params: dict[str, str] | None = None,
              json_body: dict[str, Any] | None = None) -> httpx.Response:
        for attempt in (1, 2):
            headers = {
                "Authorization": "Ghost " + admin_token(self.key, time.time() + self.clock_offset),
                "Accept-Version": ACCEPT_VERSION,
            }
            try:
                response = self.client.request(method, self.api + path, params=params,
                                               json=json_body, headers=headers)
            except httpx.TransportError as error:
                raise network_failure(error, self.api) from None
            if attempt == 1 and response.status_code == 401 and _clock_problem(response):
                # A traveller's clock drifts; Ghost allows none. Use the server's clock.
                server_time = response.headers.get("date")
                if server_time:
                    try:
                        server = email.utils.parsedate_to_datetime(server_time).timestamp()
                        self.clock_offset = server - time.time()
                        continue
                    except (TypeError, ValueError):
                        pass
            return response
        return response

    def _fail(self, response: httpx.Response) -> DeliveryError:
        return classify(response, "Ghost")

    def find_by_slug(self, slug: str) -> dict[str, Any] | None:
        return self._read_post(f"/posts/slug/{slug}/")

    def _get(self, post_id: str) -> dict[str, Any] | None:
        return self._read_post(f"/posts/{post_id}/")

    def _read_post(self, path: str) -> dict[str, Any] | None:
        """One post's identity and state, or None when the site has no such post."""
        response = self._call("GET", path, params={"fields": "id,slug,url,updated_at,status"})
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise self._fail(response)
        post: dict[str, Any] = response.json()["posts"][0]
        return post

    def _fields(self, payload: dict[str, Any]) -> dict[str, Any]:
        return {
            "title": payload["title"],
            "html": "<!--kg-card-begin: html-->" + payload["html"] + "<!--kg-card-end: html-->",
            "custom_excerpt": (payload.get("dek") or "")[:300] or None,
            "status": self.status,
            "slug": payload["slug"],
        }

    def _update(self, post: dict[str, Any], payload: dict[str, Any]) -> Delivery:
        for attempt in (1, 2):
            body = {"posts": [{**self._fields(payload), "updated_at": post["updated_at"]}]}
            response = self._call("PUT", f"/posts/{post['id']}/", params={"source": "html"},
                                  json_body=body)
            if response.status_code == 200:
                data = response.json()["posts"][0]
                return Delivery(str(data["id"]), data.get("url", ""), "updated")
            if response.status_code == 409 and attempt == 1:
                fresh = self._get(str(post["id"]))  # someone saved it meanwhile: re-read
                if fresh is None:
                    break
                post = fresh
                continue
            if response.status_code == 409:
                raise DeliveryError(
                    "rejected",
                    f"Ghost: the post was edited on the site while Copydesk updated it "
                    f"({self._fail(response)}); retry the export to overwrite it",
                    status=409,
                )
            raise self._fail(response)
        raise DeliveryError("rejected", "Ghost: the post disappeared while being updated")

    def deliver(self, payload: dict[str, Any], known_remote_id: str = "") -> Delivery:
        post = self._get(known_remote_id) if known_remote_id else None
        if post is None:
            post = self.find_by_slug(payload["slug"])
        if post is not None:
            return self._update(post, payload)
        response = self._call("POST", "/posts/", params={"source": "html"},
                              json_body={"posts": [self._fields(payload)]})
        if response.status_code in (200, 201):
            data = response.json()["posts"][0]
            return Delivery(str(data["id"]), data.get("url", ""), "created")
        raise self._fail(response)

    def test(self) -> str:
        response = self._call("GET", "/posts/", params={"limit": "1", "fields": "id"})
        if response.status_code != 200:
            raise self._fail(response)
        site = self._call("GET", "/site/")
        title = ""
        if site.status_code == 200:
            title = site.json().get("site", {}).get("title", "")
        return (f"Admin API key accepted by Ghost at {self.config.url}"
                + (f" ({title})" if title else "") + f"; posts will be created as {self.status}")


def _clock_problem(response: httpx.Response) -> bool:
    text = response.text.lower()
    return "jwt expired" in text or "jwt issued" in text or "maxage" in text
