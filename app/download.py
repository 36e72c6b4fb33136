"""Download one cited URL within the product's limits and turn it into a snapshot.

``_Fetcher.snapshot`` takes one URL and returns a ``Snapshot``: "ok" with the page's
main text, or "unavailable" with a reason a person understands ("page not found (404)",
"timed out after 20 s", "refused: address 10.0.0.5 is private"). It follows redirects
itself so each hop is checked, honours ``Retry-After`` and caps the body while
streaming; ``app.fetch`` runs it over a story's references on worker threads.

Limits (see docs/snapshots.md): http and https only; public addresses only unless
``allow_private``; 10 s to connect, 20 s between bytes; 5 redirects, each hop checked
again; 10 MB per page, enforced while streaming; 2 requests in flight per host;
``Retry-After`` on 429/503 honoured up to 30 s. How many URLs run at once is app.fetch's.
"""

from __future__ import annotations

import email.utils
import errno
import hashlib
import logging
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx

from app import __version__, netsafety
from app.extract import ExtractError, extract
from app.model import Snapshot

log = logging.getLogger(__name__)

USER_AGENT = f"Copydesk/{__version__} (+review desk for cited sources)"
ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5"


@dataclass(frozen=True)
class FetchLimits:
    """How patient and how polite a fetch is. The defaults are the product's limits."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # longest silence between two bytes of an answer
    total_timeout: float = 120.0  # whole fetch of one URL, redirects and retries included
    max_redirects: int = 5
    workers: int = 6
    per_host: int = 2
    max_retry_wait: float = 30.0  # longest Retry-After we wait out; longer ones fail now
    max_retries: int = 2  # repeats after a 429/503 that carried Retry-After


DEFAULT_LIMITS = FetchLimits()


class _Failed(Exception):
    """A fetch that ends as an unavailable snapshot; carries what is known so far."""

    def __init__(self, reason: str, *, http_status: int | None = None,
                 final_url: str = "", content_type: str = "", sha256: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.http_status = http_status
        self.final_url = final_url
        self.content_type = content_type
        self.sha256 = sha256


class _Aborted(Exception):
    """The batch was cancelled while this fetch was running; its result is dropped."""


def now_iso() -> str:
    """The current time as ISO-8601 UTC with a ``Z``, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def human_size(n: int) -> str:
    """10_000_000 → "10 MB", 1500 → "1.5 KB" (decimal units, as browsers show them)."""
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


def _seconds(value: float) -> str:
    return f"{value:g} s"


def http_reason(status: int) -> str:
    """The reason shown for an HTTP status that is not a page."""
    named = {
        400: "the server refused the request (400)",
        401: "login required (401)",
        402: "payment required (402)",
        403: "access denied (403)",
        404: "page not found (404)",
        410: "page removed (410)",
        429: "too many requests (429)",
        451: "unavailable for legal reasons (451)",
    }
    if status in named:
        return named[status]
    if 500 <= status < 600:
        return f"server error ({status})"
    if 400 <= status < 500:
        return f"request refused ({status})"
    return f"unexpected answer from the server ({status})"


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else time.time()
    return max(0.0, when.timestamp() - current)


def make_client(
    *, allow_private: bool = False, limits: FetchLimits = DEFAULT_LIMITS
) -> httpx.Client:
    """An httpx client with Copydesk's identity, timeouts and connect-time address guard.

    Redirects are not followed by the client: ``fetch_snapshots`` follows them itself
    so each hop is checked. System proxy settings are ignored (``trust_env=False``) so
    that every connection goes where the address check says it goes.
    """
    pool = httpx.Limits(max_connections=limits.workers * 2,
                        max_keepalive_connections=limits.workers)
    transport = httpx.HTTPTransport(limits=pool, trust_env=False)
    if not netsafety.install_guard(transport, allow_private=allow_private):
        log.warning("httpx internals changed: connect-time address guard not installed; "
                    "redirect hops are still checked")
    return httpx.Client(
        transport=transport,
        # the client keeps no cookies: one site's cookies never ride along to another
        # fetch (each fetch keeps its own for its redirect chain, see _Fetcher._fetch)
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout,
                              pool=limits.total_timeout),
        follow_redirects=False,
        trust_env=False,
    )


class _HostGates:
    """At most ``per_host`` requests in flight to any one host, across redirects."""

    def __init__(self, per_host: int) -> None:
        self._per_host = per_host
        self._lock = threading.Lock()
        self._gates: dict[str, threading.BoundedSemaphore] = {}

    def gate(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._gates:
                self._gates[host] = threading.BoundedSemaphore(self._per_host)
            return self._gates[host]


class _Fetcher:
    """Fetches one URL at a time on behalf of ``fetch_snapshots``' worker threads."""

    def __init__(self, client: httpx.Client, *, allow_private: bool, max_bytes: int,
                 limits: FetchLimits, abort: threading.Event) -> None:
        self.client = client
        self.allow_private = allow_private
        self.max_bytes = max_bytes
        self.limits = limits
        self.abort = abort
        self.gates = _HostGates(limits.per_host)

    def snapshot(self, url: str, released: Callable[[], None] = lambda: None) -> Snapshot:
        """Fetch ``url``; every failure becomes an unavailable snapshot (never raises,
        except ``_Aborted`` when the batch was cancelled).

        ``released()`` is called when the network part is over and only extraction is
        left, so the caller can start the next download meanwhile.
        """
        started = now_iso()
        try:
            return self._fetch(url, released)
        except _Aborted:
            raise
        except _Failed as failed:
            return Snapshot(url=url, status="unavailable", how="fetched", reason=failed.reason,
                            fetched_at=started, http_status=failed.http_status,
                            final_url=failed.final_url, content_type=failed.content_type,
                            sha256=failed.sha256)
        except Exception:  # a bug must not sink the whole batch
            log.exception("unexpected error fetching %s", url)
            return Snapshot(url=url, status="unavailable", how="fetched", fetched_at=started,
                            reason="unexpected error while fetching (see the log)")

    def _fetch(self, url: str, released: Callable[[], None]) -> Snapshot:
        limits = self.limits
        deadline = time.monotonic() + limits.total_timeout
        try:
            request = self.client.build_request("GET", netsafety.check_scheme(url))
        except netsafety.RefusedURL as refused:
            raise _Failed(refused.reason) from None
        hops = retries = 0
        seen = {str(request.url)}
        cited_host = _origin(request.url)
        # Cookies set along this URL's redirect chain go to its next hops (sites that
        # set a cookie and redirect to check it), and are dropped when the fetch ends.
        cookies = httpx.Cookies()
        while True:
            if self.abort.is_set():
                raise _Aborted
            if time.monotonic() > deadline:
                raise _Failed(f"gave up after {_seconds(limits.total_timeout)}")
            target = self._check(request.url, hops, cited_host)
            with self.gates.gate(target.host):
                response = self._send(request, target)
                cookies.extract_cookies(response)
                try:
                    status = response.status_code
                    if response.is_redirect and response.next_request is not None:
                        hops += 1
                        if hops > limits.max_redirects:
                            raise _Failed(
                                f"too many redirects (more than {limits.max_redirects})",
                                http_status=status, final_url=str(request.url))
                        request = response.next_request
                        if str(request.url) in seen:
                            raise _Failed("redirect loop", http_status=status,
                                          final_url=str(request.url))
                        seen.add(str(request.url))
                        cookies.set_cookie_header(request)
                        continue
                    if status in (429, 503):
                        wait = retry_after_seconds(response.headers.get("Retry-After"))
                        if wait is not None and retries < limits.max_retries:
                            if wait > limits.max_retry_wait:
                                raise _Failed(
                                    f"{http_reason(status)}; the server asked to wait "
                                    f"{_seconds(round(wait))}", http_status=status,
                                    final_url=str(request.url))
                            retries += 1
                            response.close()
                            self._wait(min(wait, max(0.0, deadline - time.monotonic())))
                            request = self.client.build_request("GET", request.url)
                            cookies.set_cookie_header(request)
                            continue
                    if status >= 400 or status < 200:
                        raise _Failed(http_reason(status), http_status=status,
                                      final_url=str(request.url))
                    if 300 <= status < 400:
                        raise _Failed(f"redirect without a destination ({status})",
                                      http_status=status, final_url=str(request.url))
                    body = self._read(response, deadline)
                finally:
                    response.close()
            released()
            return self._build(url, response, body)

    def _check(self, url: httpx.URL, hops: int, cited_host: str) -> netsafety.Target:
        # allow_private covers the host and port the story cites (an intranet source),
        # not wherever its redirects point: a hop elsewhere, even to another port of
        # the same machine, must be public.
        private_ok = self.allow_private and _origin(url) == cited_host
        try:
            return netsafety.check_url(url, allow_private=private_ok)
        except netsafety.RefusedURL as refused:
            where = f" (after a redirect to {url})" if hops else ""
            raise _Failed(refused.reason + where, final_url=str(url) if hops else "") from None
        except netsafety.ResolveError as exc:
            if not netsafety.has_route():
                raise _Failed("no network") from None
            raise _Failed(f"could not resolve host {exc.host}") from None

    def _send(self, request: httpx.Request, target: netsafety.Target) -> httpx.Response:
        limits = self.limits
        host = target.host
        try:
            return self.client.send(request, stream=True, follow_redirects=False)
        except netsafety.RefusedURL as refused:  # from the connect-time guard
            raise _Failed(refused.reason) from None
        except netsafety.ResolveError as exc:
            raise _Failed(f"could not resolve host {exc.host}") from None
        except httpx.ConnectTimeout:
            raise _Failed(f"could not connect to {host} within "
                          f"{_seconds(limits.connect_timeout)}") from None
        except httpx.TimeoutException:
            raise _Failed(f"timed out after {_seconds(limits.read_timeout)}") from None
        except httpx.ConnectError as exc:
            raise _Failed(_connect_reason(exc, host)) from None
        except httpx.InvalidURL:
            # httpx turns a redirect into the next request even when it does not follow
            # it; a Location of "javascript:...", "data:...", "mailto:..." cannot be one.
            raise _Failed("refused: the page redirected to a non-web address",
                          final_url=str(request.url)) from None
        except UnicodeError:  # a Location whose host is not valid IDNA ("xn--")
            raise _Failed("refused: the page redirected to an address that is not valid",
                          final_url=str(request.url)) from None
        except httpx.RemoteProtocolError as exc:
            if str(exc).startswith("Invalid URL in location header"):
                raise _Failed("refused: the page redirected to an address that is not valid",
                              final_url=str(request.url)) from None
            raise _Failed(f"{host} closed the connection without an answer") from None
        except httpx.UnsupportedProtocol:
            raise _Failed(f"refused: {request.url.scheme}: URLs are not fetched") from None
        except httpx.TransportError as exc:
            raise _Failed(f"network error talking to {host} ({type(exc).__name__})") from None

    def _read(self, response: httpx.Response, deadline: float) -> bytes:
        too_big = _Failed(f"page larger than {human_size(self.max_bytes)}",
                          http_status=response.status_code, final_url=str(response.url),
                          content_type=response.headers.get("Content-Type", ""))
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise too_big
        body = bytearray()
        try:
            # iter_bytes yields decompressed bytes, so a gzip bomb hits the cap too.
            for chunk in response.iter_bytes():
                if self.abort.is_set():
                    raise _Aborted
                body += chunk
                if len(body) > self.max_bytes:
                    raise too_big
                if time.monotonic() > deadline:
                    raise _Failed(f"gave up after {_seconds(self.limits.total_timeout)}",
                                  http_status=response.status_code,
                                  final_url=str(response.url))
        except httpx.TimeoutException:
            raise _Failed(f"timed out after {_seconds(self.limits.read_timeout)}",
                          http_status=response.status_code,
                          final_url=str(response.url)) from None
        except httpx.DecodingError:
            raise _Failed("the server sent a damaged answer (bad compression)",
                          http_status=response.status_code,
                          final_url=str(response.url)) from None
        except (httpx.RemoteProtocolError, httpx.ReadError):
            raise _Failed("the connection broke before the page was complete",
                          http_status=response.status_code,
                          final_url=str(response.url)) from None
        return bytes(body)

    def _wait(self, seconds: float) -> None:
        if self.abort.wait(seconds):
            raise _Aborted

    def _build(self, url: str, response: httpx.Response, body: bytes) -> Snapshot:
        content_type = response.headers.get("Content-Type", "")
        digest = hashlib.sha256(body).hexdigest()
        final_url = str(response.url)
        try:
            page = extract(body, content_type, final_url)
        except ExtractError as exc:
            raise _Failed(exc.reason, http_status=response.status_code, final_url=final_url,
                          content_type=content_type, sha256=digest) from None
        return Snapshot(
            url=url, status="ok", how="fetched", text=page.text, html=page.html,
            title=page.title, final_url=final_url, content_type=content_type,
            fetched_at=now_iso(), sha256=digest, http_status=response.status_code,
            author=page.author, published=page.published,
        )


def _connect_reason(exc: httpx.ConnectError, host: str) -> str:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"secure connection to {host} failed: its certificate is not trusted"
        if isinstance(cause, ssl.SSLError):
            return f"secure connection to {host} failed"
        if isinstance(cause, OSError) and cause.errno is not None:
            if cause.errno in (errno.ENETUNREACH, errno.ENETDOWN):
                return "no network"
            if cause.errno == errno.ECONNREFUSED:
                return f"{host} refused the connection"
            if cause.errno == errno.EHOSTUNREACH:
                return f"{host} cannot be reached"
        cause = cause.__cause__ or cause.__context__
    text = str(exc).lower()
    if "certificate" in text:
        return f"secure connection to {host} failed: its certificate is not trusted"
    if "refused" in text:
        return f"{host} refused the connection"
    if "unreachable" in text and not netsafety.has_route():
        return "no network"
    return f"could not connect to {host}"


def _origin(url: httpx.URL) -> str:
    """``host:port`` with the scheme's default port filled in."""
    port = url.port or (443 if url.scheme == "https" else 80)
    return f"{url.host.lower()}:{port}"

