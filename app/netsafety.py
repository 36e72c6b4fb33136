"""Which web addresses Copydesk may fetch, and why not when it may not.

A story's reference list is written by a generator, not by the reviewer, so its URLs
are untrusted input: a reference to ``http://192.168.1.1/admin`` or a page that
redirects to ``http://localhost:8080/`` must not make the desk probe the reviewer's own
network. The rules:

* only ``http`` and ``https`` are fetched (``file:``, ``data:``, ``javascript:``,
  ``ftp:`` ... are refused with a reason);
* by default every address a host name resolves to must be public: loopback,
  link-local, private, multicast, reserved, unspecified and other non-global
  addresses are refused, and a host is refused when *any* of its addresses is;
* the check runs after DNS resolution, at every redirect hop (``check_url``), and
  again when the socket is opened (``GuardedBackend``), which connects only to the
  addresses it has just checked, so a name that resolves differently the second time
  (DNS rebinding) cannot slip through.

``allow_private=True`` lifts the address rule (intranet sources, tests on loopback);
the scheme rule always holds.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

import httpcore
import httpx

ALLOWED_SCHEMES = ("http", "https")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedURL(Exception):
    """A URL Copydesk will not fetch; ``reason`` is the sentence shown to the reviewer."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ResolveError(Exception):
    """A host name did not resolve; ``temporary`` when the resolver could not be asked."""

    def __init__(self, host: str, temporary: bool) -> None:
        super().__init__(f"could not resolve host {host}")
        self.host = host
        self.temporary = temporary


@dataclass(frozen=True)
class Target:
    """A checked URL: its host, port and the addresses it resolved to."""

    url: str
    scheme: str
    host: str
    port: int
    addresses: tuple[str, ...]


def resolve(host: str, port: int) -> list[str]:
    """All addresses ``host`` resolves to, in the resolver's order (IPv4 and IPv6).

    Tests replace this function to simulate public names and DNS rebinding.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        temporary = exc.errno in (socket.EAI_AGAIN, getattr(socket, "EAI_SYSTEM", None))
        raise ResolveError(host, temporary=temporary) from exc
    except UnicodeError as exc:  # a label too long for IDNA, say
        raise ResolveError(host, temporary=False) from exc
    seen: dict[str, None] = {}
    for _family, _type, _proto, _canon, sockaddr in infos:
        seen.setdefault(str(sockaddr[0]).split("%", 1)[0], None)
    return list(seen)


def address_kind(address: str | IPAddress) -> str | None:
    """Why ``address`` is not public ("private", "loopback", ...), or None when it is."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4 address inside IPv6 (mapped, or 6to4 2002::/16) is judged as IPv4.
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None:
            ip = embedded
        elif ip.is_site_local:  # fec0::/10, deprecated but still routed inside sites
            return "private"
    # Order matters: 127.0.0.1 is both loopback and private; name the most telling.
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private:
        return "private"
    if not ip.is_global:
        return "not public"
    return None


def check_scheme(url: str) -> httpx.URL:
    """Parse ``url`` and refuse anything that is not an http(s) address with a host."""
    text = url.strip()
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if scheme and scheme not in ALLOWED_SCHEMES and scheme.isascii() and scheme.isalpha():
        raise RefusedURL(f"refused: {scheme}: URLs are not fetched")
    try:
        parsed = httpx.URL(text)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise RefusedURL("refused: not a valid web address") from exc
    if parsed.scheme not in ALLOWED_SCHEMES:
        if parsed.scheme:
            raise RefusedURL(f"refused: {parsed.scheme}: URLs are not fetched")
        raise RefusedURL("refused: not a web address (it needs http:// or https://)")
    try:
        host = parsed.host  # decodes IDNA: "xn--" alone is not a name
    except UnicodeError:
        raise RefusedURL("refused: not a valid web address") from None
    if not host:
        raise RefusedURL("refused: the address has no host name")
    return parsed


def _host_of(parsed: httpx.URL) -> str:
    # raw_host is the IDNA (punycode) form, which is what the resolver expects.
    return parsed.raw_host.decode("ascii")


def check_addresses(host: str, addresses: Iterable[str], *, literal: bool) -> None:
    """Refuse when any of ``addresses`` is not public."""
    for address in addresses:
        kind = address_kind(address)
        if kind is None:
            continue
        if literal:
            raise RefusedURL(f"refused: address {address} is {kind}")
        raise RefusedURL(f"refused: {host} resolves to {kind} address {address}")


def _literal_address(host: str) -> str | None:
    """The IP address ``host`` spells, or None for a name to resolve.

    One trailing dot is the DNS root, so ``127.0.0.1.`` is still the address
    127.0.0.1: it is judged as that address, never sent to a resolver.
    """
    text = host.strip("[]")
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def check_url(url: str | httpx.URL, *, allow_private: bool = False) -> Target:
    """Check one URL (a reference or a redirect hop) before any byte is sent to it.

    Raises ``RefusedURL`` with the reason, or ``ResolveError`` when the host name
    does not resolve.
    """
    parsed = check_scheme(str(url))
    host = _host_of(parsed)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    literal = _literal_address(host)
    addresses = [literal] if literal is not None else resolve(host, port)
    if not addresses:
        raise ResolveError(host, temporary=False)
    if not allow_private:
        check_addresses(host, addresses, literal=literal is not None)
    return Target(str(parsed), parsed.scheme, host, port, tuple(addresses))


class GuardedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that re-checks and pins addresses at connect time.

    httpx resolves host names again when it opens a socket; this backend does the
    resolving itself, refuses non-public addresses (unless allowed) and connects to
    exactly the addresses it checked. TLS still verifies against the host name,
    because httpcore passes the URL's host as the server name.
    """

    def __init__(self, *, allow_private: bool = False) -> None:
        self._inner = httpcore.SyncBackend()
        self._allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        literal = _literal_address(host)
        addresses = [literal] if literal is not None else resolve(host, port)
        if not self._allow_private:
            check_addresses(host, addresses, literal=literal is not None)
        last: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectTimeout:
                raise
            except httpcore.ConnectError as exc:  # try the host's next address
                last = exc
        if last is not None:
            raise last
        raise ResolveError(host, temporary=False)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise RefusedURL("refused: Unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)

def install_guard(transport: httpx.HTTPTransport, *, allow_private: bool) -> bool:
    """Put a ``GuardedBackend`` under an httpx transport; False if httpx changed shape.

    httpx does not expose httpcore's ``network_backend`` option, so this reaches into
    the transport's pool. ``tests/app/test_fetch.py`` proves the guard is active, so an
    httpx upgrade that moves the attribute fails a test instead of silently dropping
    the connect-time check (the per-hop ``check_url`` still applies either way).
    """
    pool = getattr(transport, "_pool", None)
    if pool is None or not hasattr(pool, "_network_backend"):
        return False
    pool._network_backend = GuardedBackend(allow_private=allow_private)
    return True


def has_route(probe: str = "198.51.100.1") -> bool:
    """Whether this machine has any route to the internet (no packet is sent).

    Connecting a UDP socket only consults the routing table; with no network at all
    it fails with "Network is unreachable". Used to tell "no network" from a DNS or
    server failure.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.connect((probe, 53))
        return True
    except OSError:
        return False
    finally:
        sock.close()
