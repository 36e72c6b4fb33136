"""What every publishing target shares: its settings, a delivery, and how failures read.

A target delivers one frozen export payload and answers with where it landed. Its
failures are sorted into three kinds the outbox acts on:

- ``retry``: the network or the server had a moment (connection refused, timeout,
  dropped connection, 408/425/429, 5xx); try again later, honouring ``Retry-After``.
- ``credentials``: the site refused who we are (401/403 and their disguises); stop
  until the reviewer saves a new password or key.
- ``rejected``: the site refused what we sent (other 4xx); stop and show its message.
"""

from __future__ import annotations

import email.utils
import json
import time
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import httpx

from app.errors import CopydeskError

KINDS = ("folder", "wordpress", "ghost", "webhook")
FailureKind = Literal["retry", "credentials", "rejected"]
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
USER_AGENT = "Copydesk (publishing)"
MAX_MESSAGE = 500


class TargetInputError(CopydeskError):
    """A target setting that cannot be used."""


@dataclass(frozen=True)
class TargetConfig:
    """A configured destination. ``options`` are plain settings (e.g. post status)."""

    name: str
    kind: str
    url: str
    user: str = ""
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def needs_secret(self) -> bool:
        return self.kind in ("wordpress", "ghost", "webhook")


@dataclass(frozen=True)
class Delivery:
    """Where the story landed: the site's id for it and a link a person can open."""

    remote_id: str
    remote_url: str
    action: Literal["created", "updated", "found"] = "created"


class DeliveryError(CopydeskError):
    """A delivery that did not happen, sorted for the outbox (see the module doc)."""

    def __init__(
        self,
        kind: FailureKind,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        offline: bool = False,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.retry_after = retry_after
        self.offline = offline  # the network, not the server: does not use up attempts


class Target(Protocol):
    config: TargetConfig

    def deliver(self, payload: dict[str, Any], known_remote_id: str = "") -> Delivery:
        """Create or update the story on the site; never create it twice."""
        ...

    def test(self) -> str:
        """Check the connection and credentials; a line saying what was found."""
        ...


def new_client() -> httpx.Client:
    # Redirects are not followed: a POST redirected to GET would silently not publish.
    return httpx.Client(timeout=TIMEOUT, follow_redirects=False,
                        headers={"User-Agent": USER_AGENT})


def retry_after_seconds(response: httpx.Response, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds: either delta-seconds or an HTTP date (RFC 9110)."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def network_failure(error: httpx.TransportError, url: str) -> DeliveryError:
    """Connection refused, DNS, timeout, a connection dropped mid-answer: retry later."""
    offline = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)
    what = "could not reach" if offline else "lost the connection to"
    detail = str(error) or type(error).__name__
    return DeliveryError("retry", f"{what} {_origin(url)} ({detail})", offline=offline)


def _origin(url: str) -> str:
    try:
        parsed = httpx.URL(url)
        return f"{parsed.scheme}://{parsed.host}" + (f":{parsed.port}" if parsed.port else "")
    except Exception:
        return "the site"


def shown_url(url: str) -> str:
    """``url`` as it may be shown and stored: the origin, and "/…" for whatever path or
    query follows (where webhook services put their tokens)."""
    origin = _origin(url)
    if origin == "the site":
        return origin
    parsed = httpx.URL(url)  # parses: _origin just did
    more = parsed.path.strip("/") or parsed.query or parsed.fragment
    return origin + ("/…" if more else "")


def server_message(response: httpx.Response) -> str:
    """The server's own words: WordPress ``message``, Ghost ``errors[].message``…"""
    text = ""
    try:
        data = response.json()
    except (ValueError, json.JSONDecodeError):
        data = None
    if isinstance(data, dict):
        if isinstance(data.get("errors"), list) and data["errors"]:
            parts = []
            for err in data["errors"][:3]:
                if isinstance(err, dict):
                    part = str(err.get("message") or err.get("type") or "")
                    context = err.get("context")
                    if context:
                        part += f" ({context})"
                    parts.append(part)
            text = "; ".join(p for p in parts if p)
        elif data.get("message"):
            code = data.get("code")
            text = f"{data['message']}" + (f" [{code}]" if code else "")
        elif data.get("error"):
            text = str(data["error"])
    if not text:
        text = " ".join(response.text.split())[:200] or response.reason_phrase
    text = text[:MAX_MESSAGE]
    return f"{response.status_code} {text}"


def classify(response: httpx.Response, site: str) -> DeliveryError:
    """An unsuccessful answer, sorted into retry / credentials / rejected."""
    status = response.status_code
    message = server_message(response)
    if status in (408, 425, 429) or status >= 500:
        return DeliveryError("retry", f"{site} answered {message}", status=status,
                             retry_after=retry_after_seconds(response))
    if status in (401, 403):
        return DeliveryError(
            "credentials",
            f"{site} refused the credentials ({message}); save the correct password or "
            "key for this target",
            status=status,
        )
    if 300 <= status < 400:
        location = response.headers.get("location", "")
        return DeliveryError(
            "rejected",
            f"{site} redirected to {location or 'another address'} ({status}); "
            "set the target's URL to the final address",
            status=status,
        )
    return DeliveryError("rejected", f"{site} refused the story: {message}", status=status)
