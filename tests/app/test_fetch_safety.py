"""Which addresses may be fetched: the rules of app.netsafety, without a server."""

from __future__ import annotations

import pytest

from app import netsafety
from app.netsafety import RefusedURL, ResolveError, address_kind, check_url


@pytest.mark.parametrize(
    ("address", "kind"),
    [("127.0.0.1", "loopback"), ("127.5.6.7", "loopback"), ("::1", "loopback"),
     ("10.0.0.5", "private"), ("172.16.3.4", "private"), ("192.168.1.1", "private"),
     ("fd00::1", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
     ("224.0.0.1", "multicast"), ("ff02::1", "multicast"), ("0.0.0.0", "unspecified"),
     ("::", "unspecified"), ("240.0.0.1", "reserved"), ("100.64.0.1", "not public"),
     ("::ffff:10.1.2.3", "private"), ("::ffff:127.0.0.1", "loopback"),
     ("2002:7f00:1::1", "loopback"), ("2002:a00:5::", "private"), ("fec0::1", "private"),
     ("2002:808:808::1", None),
     ("93.184.215.14", None), ("2606:4700::6810:85e5", None), ("8.8.8.8", None)],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    assert address_kind(address) == kind


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}

    def fake(host: str, port: int) -> list[str]:
        if host not in table:
            raise ResolveError(host, temporary=False)
        return table[host]

    monkeypatch.setattr(netsafety, "resolve", fake)
    return table


def test_public_host_passes(dns: dict[str, list[str]]) -> None:
    dns["news.example"] = ["93.184.215.14", "2606:4700::6810:85e5"]
    target = check_url("https://news.example/a?b=1")
    assert (target.host, target.port, target.scheme) == ("news.example", 443, "https")
    assert target.addresses == ("93.184.215.14", "2606:4700::6810:85e5")


def test_any_private_address_refuses_the_host(dns: dict[str, list[str]]) -> None:
    dns["mixed.example"] = ["93.184.215.14", "10.9.8.7"]
    with pytest.raises(RefusedURL) as refused:
        check_url("http://mixed.example/")
    assert refused.value.reason == "refused: mixed.example resolves to private address 10.9.8.7"


def test_allow_private_lifts_the_address_rule_but_not_the_scheme_rule(
    dns: dict[str, list[str]],
) -> None:
    dns["wiki.intranet"] = ["10.1.1.1"]
    assert check_url("http://wiki.intranet/page", allow_private=True).addresses == ("10.1.1.1",)
    assert check_url("http://127.0.0.1:8080/", allow_private=True).port == 8080
    with pytest.raises(RefusedURL, match="file: URLs are not fetched"):
        check_url("file:///etc/passwd", allow_private=True)


def test_unknown_host_is_a_resolve_error(dns: dict[str, list[str]]) -> None:
    with pytest.raises(ResolveError) as error:
        check_url("https://no-such-host.example/")
    assert str(error.value) == "could not resolve host no-such-host.example"


@pytest.mark.parametrize(
    "url",
    ["http://0x7f000001/", "http://2130706433/", "http://127.1/"],
)
def test_odd_spellings_of_loopback_are_caught_after_resolution(url: str) -> None:
    # The real resolver turns these into 127.0.0.1; the check looks at what it returns.
    with pytest.raises(RefusedURL, match="loopback"):
        check_url(url)
    with pytest.raises(RefusedURL):  # httpx rejects the octal form outright
        check_url("http://0177.0.0.1/")


def test_international_names_are_resolved_in_their_ascii_form(
    dns: dict[str, list[str]],
) -> None:
    dns["xn--bcher-kva.example"] = ["93.184.215.14"]
    assert check_url("https://bücher.example/").host == "xn--bcher-kva.example"


@pytest.mark.parametrize(
    ("url", "reason"),
    [("javascript:alert(document.cookie)", "refused: javascript: URLs are not fetched"),
     ("JAVASCRIPT:alert(1)", "refused: javascript: URLs are not fetched"),
     ("data:text/html;base64,PHA+aGk8L3A+", "refused: data: URLs are not fetched"),
     ("gopher://old.example/", "refused: gopher: URLs are not fetched"),
     ("", "refused: not a web address (it needs http:// or https://)"),
     ("http:///no-host", "refused: the address has no host name")],
)
def test_refused_schemes(url: str, reason: str) -> None:
    with pytest.raises(RefusedURL) as refused:
        check_url(url)
    assert refused.value.reason == reason


def test_guard_refuses_at_connect_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(netsafety, "resolve", lambda host, port: ["192.168.0.10"])
    guard = netsafety.GuardedBackend(allow_private=False)
    with pytest.raises(RefusedURL, match="router.example resolves to private address"):
        guard.connect_tcp("router.example", 80, timeout=1)


def test_has_route_is_a_boolean() -> None:
    assert isinstance(netsafety.has_route(), bool)
