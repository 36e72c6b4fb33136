"""Fetching snapshots against a real HTTP server on loopback (pytest-httpserver).

Every page is built here so each test states the exact bytes it is about. The
server is private (127.0.0.1), so tests that fetch it pass ``allow_private=True``;
the refusal tests use the default and a resolver stand-in for public-looking names.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from app import __version__, netsafety
from app.fetch import (
    FetchLimits,
    attach_file,
    fetch_snapshots,
    human_size,
    make_client,
    retry_after_seconds,
    url_key,
)

from .helpers import tiny_pdf

FAST = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=10, max_retry_wait=2)

NEWS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Council approves harbour budget | Springfield Gazette</title>
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2025-03-04T10:00:00Z">
<script>window.trackEverything = true;</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a>
<a href="/weather">Weather</a> <a href="/subscribe">Subscribe now</a></nav></header>
<div class="ad advertisement">ADVERTISEMENT: Win a cruise with HarbourLine holidays!</div>
<main><article>
<h1>Council approves harbour budget</h1>
<p class="byline">By Jane Roe, 4 March 2025</p>
<p>The Springfield city council approved a 42 million dollar harbour budget on Tuesday,
after three hours of debate in a packed chamber.</p>
<p>Mayor Ann Lee said the plan "keeps the ferries running" and adds 12 new berths for
fishing boats by the end of next year.</p>
<h2>Opposition</h2>
<p>Two councillors voted against, citing a rise in mooring fees of 3.5 percent that they
said would fall hardest on small operators.</p>
<blockquote>"We cannot afford this," said councillor Bob Smith after the vote.</blockquote>
<p>The budget takes effect on July 1, and the first berths are due to open in October.</p>
</article></main>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/a">Ferry strike called off at the last minute</a></li>
<li><a href="/b">Lighthouse museum reopens to visitors</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>greatest news ever!!! visit my shop</p></div></section>
<footer><p>Copyright 2025 Springfield Gazette. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a></p></footer>
</body></html>"""



def fetch(urls: list[str], **kwargs: object) -> dict:
    kwargs.setdefault("allow_private", True)
    kwargs.setdefault("limits", FAST)
    return fetch_snapshots(urls, **kwargs)  # type: ignore[arg-type]


def requests_to(httpserver: HTTPServer, path: str) -> int:
    return sum(1 for request, _ in httpserver.log if request.path == path)


# --- pages that work ------------------------------------------------------------------


def test_news_page_keeps_the_article_and_drops_the_furniture(httpserver: HTTPServer) -> None:
    body = NEWS_PAGE.encode("utf-8")
    httpserver.expect_request("/news/budget").respond_with_data(
        body, content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/news/budget")

    snap = fetch([url])[url]

    assert snap.status == "ok" and snap.how == "fetched" and snap.usable
    assert "approved a 42 million dollar harbour budget" in snap.text
    assert "mooring fees of 3.5 percent" in snap.text
    assert "We cannot afford this" in snap.text
    for furniture in ("Weather", "ADVERTISEMENT", "Ferry strike", "Lighthouse museum",
                      "greatest news ever", "All rights reserved", "Privacy policy",
                      "trackEverything"):
        assert furniture not in snap.text, furniture
    assert snap.title == "Council approves harbour budget"
    assert snap.author == "Jane Roe"
    assert snap.published == "2025-03-04"
    assert snap.sha256 == hashlib.sha256(body).hexdigest()
    assert snap.http_status == 200
    assert snap.final_url == url
    assert snap.content_type.startswith("text/html")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", snap.fetched_at)
    assert "<nav>" in snap.html  # the original, kept as inert text for provenance
    request = httpserver.log[-1][0]
    assert request.headers["User-Agent"] == (
        f"Copydesk/{__version__} (+review desk for cited sources)")


def test_pdf_is_read_through_its_text_layer(httpserver: HTTPServer) -> None:
    pdf = tiny_pdf(["Annual report 2024", "Revenue rose 12 percent to 3.4 billion."],
                   title="Annual report", author="Harbour Authority")
    httpserver.expect_request("/report.pdf").respond_with_data(pdf, content_type="application/pdf")
    url = httpserver.url_for("/report.pdf")

    snap = fetch([url])[url]

    assert snap.status == "ok", snap.reason
    assert "Revenue rose 12 percent to 3.4 billion." in snap.text
    assert snap.title == "Annual report"
    assert snap.author == "Harbour Authority"
    assert snap.published == "2024-01-02"
    assert snap.sha256 == hashlib.sha256(pdf).hexdigest()
    assert snap.html == ""


def test_plain_text_is_kept_as_is(httpserver: HTTPServer) -> None:
    text = "Line one.\nLine two has 7 numbers: 1 2 3 4 5 6 7.\n"
    httpserver.expect_request("/notes.txt").respond_with_data(
        text, content_type="text/plain; charset=utf-8")
    url = httpserver.url_for("/notes.txt")
    assert fetch([url])[url].text == text.strip()


def test_redirect_chain_is_followed_to_the_page(httpserver: HTTPServer) -> None:
    for i in range(5):  # /r0 -> /r1 -> ... -> /r4 -> /page: exactly five redirects
        target = f"/r{i + 1}" if i < 4 else "/page"
        httpserver.expect_request(f"/r{i}").respond_with_data(
            "", status=301 if i % 2 else 302, headers={"Location": target})
    httpserver.expect_request("/page").respond_with_data(NEWS_PAGE, content_type="text/html")
    url = httpserver.url_for("/r0")

    snap = fetch([url])[url]

    assert snap.status == "ok", snap.reason
    assert snap.url == url
    assert snap.final_url == httpserver.url_for("/page")


def test_more_than_five_redirects_are_refused(httpserver: HTTPServer) -> None:
    for i in range(7):
        httpserver.expect_request(f"/hop{i}").respond_with_data(
            "", status=302, headers={"Location": f"/hop{i + 1}"})
    url = httpserver.url_for("/hop0")

    snap = fetch([url])[url]

    assert snap.status == "unavailable"
    assert snap.reason == "too many redirects (more than 5)"
    assert requests_to(httpserver, "/hop6") == 0


def test_redirect_loop_is_named(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ping").respond_with_data("", status=302,
                                                         headers={"Location": "/pong"})
    httpserver.expect_request("/pong").respond_with_data("", status=302,
                                                         headers={"Location": "/ping"})
    url = httpserver.url_for("/ping")
    assert fetch([url])[url].reason == "redirect loop"


# --- pages that fail, with reasons a person understands ---------------------------------


@pytest.mark.parametrize(
    ("status", "reason"),
    [(404, "page not found (404)"), (500, "server error (500)"), (403, "access denied (403)"),
     (410, "page removed (410)"), (502, "server error (502)")],
)
def test_http_errors_become_unavailable_with_a_reason(
    httpserver: HTTPServer, status: int, reason: str
) -> None:
    httpserver.expect_request("/gone").respond_with_data("nope", status=status)
    url = httpserver.url_for("/gone")

    snap = fetch([url])[url]

    assert (snap.status, snap.reason, snap.http_status) == ("unavailable", reason, status)
    assert snap.text == "" and not snap.usable


def test_slow_page_times_out(httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response(NEWS_PAGE, content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    url = httpserver.url_for("/slow")
    started = time.monotonic()

    snap = fetch([url], limits=FetchLimits(read_timeout=0.3, connect_timeout=1))[url]

    assert snap.status == "unavailable"
    assert snap.reason == "timed out after 0.3 s"
    assert time.monotonic() - started < 1.0


def test_page_that_stalls_mid_body_times_out(httpserver: HTTPServer) -> None:
    def stalls(request: Request) -> Response:
        def chunks() -> Iterator[bytes]:
            yield b"<html><body><p>first part</p>"
            time.sleep(1.0)
            yield b"</body></html>"
        return Response(chunks(), content_type="text/html")

    httpserver.expect_request("/stall").respond_with_handler(stalls)
    url = httpserver.url_for("/stall")
    snap = fetch([url], limits=FetchLimits(read_timeout=0.3))[url]
    assert snap.reason == "timed out after 0.3 s"


def test_oversized_page_is_cut_off_by_its_declared_length(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data(b"x" * 5000, content_type="text/plain")
    url = httpserver.url_for("/big")

    snap = fetch([url], max_bytes=1000)[url]

    assert (snap.status, snap.reason) == ("unavailable", "page larger than 1 KB")


def test_oversized_page_without_length_is_cut_off_while_streaming(
    httpserver: HTTPServer,
) -> None:
    sent: list[int] = []

    def endless(request: Request) -> Response:
        def chunks() -> Iterator[bytes]:
            for i in range(2000):  # 2000 x 1 KB = 2 MB if nobody stops reading
                sent.append(i)
                yield b"<p>" + b"y" * 1017 + b"</p>\n"
        return Response(chunks(), content_type="text/html")  # no Content-Length

    httpserver.expect_request("/endless").respond_with_handler(endless)
    url = httpserver.url_for("/endless")

    snap = fetch([url], max_bytes=20_000)[url]

    assert snap.reason == "page larger than 20 KB"
    assert snap.text == ""


def test_default_cap_is_ten_megabytes() -> None:
    assert human_size(10_000_000) == "10 MB"
    assert human_size(2_500_000) == "2.5 MB"


def test_connection_refused_is_named(httpserver: HTTPServer) -> None:
    import socket

    with socket.socket() as sock:  # a port that was free a moment ago
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    assert fetch([url])[url].reason == "127.0.0.1 refused the connection"


def test_unreadable_content_type_is_named(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/logo.png").respond_with_data(
        b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png")
    url = httpserver.url_for("/logo.png")
    snap = fetch([url])[url]
    assert snap.reason == "not a page Copydesk can read (image/png)"
    assert snap.sha256 == hashlib.sha256(b"\x89PNG\r\n\x1a\n\x00\x00").hexdigest()


def test_no_network_and_unknown_host(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(host: str, port: int) -> list[str]:
        raise netsafety.ResolveError(host, temporary=True)

    monkeypatch.setattr(netsafety, "resolve", no_dns)
    monkeypatch.setattr(netsafety, "has_route", lambda probe="": False)
    url = "https://example.org/story"
    assert fetch_snapshots([url])[url].reason == "no network"

    monkeypatch.setattr(netsafety, "has_route", lambda probe="": True)
    assert fetch_snapshots([url])[url].reason == "could not resolve host example.org"


# --- charsets -----------------------------------------------------------------------------


CP1252_PAGE = ("<html><head><title>Café – résumé</title></head><body><article>"
               "<p>The café on the quay served “naïve” crème brûlée to 300 guests – a "
               "record for the harbour, the owner said on Monday.</p>"
               "<p>She expects the season to end with more than 4,000 visitors in total.</p>"
               "</article></body></html>")


def test_cp1252_page_without_any_charset(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/cafe").respond_with_data(
        CP1252_PAGE.encode("cp1252"), content_type="text/html")
    url = httpserver.url_for("/cafe")
    snap = fetch([url])[url]
    assert "“naïve” crème brûlée" in snap.text
    assert "\ufffd" not in snap.text


def test_header_that_lies_about_utf8_falls_back(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/liar").respond_with_data(
        CP1252_PAGE.encode("cp1252"), content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/liar")
    snap = fetch([url])[url]
    assert "crème brûlée" in snap.text


def test_meta_charset_is_honoured(httpserver: HTTPServer) -> None:
    page = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=koi8-r'>"
            "<title>Новости</title></head><body><article>"
            "<p>Городской совет утвердил бюджет во вторник после долгих споров.</p>"
            "</article></body></html>")
    httpserver.expect_request("/koi8").respond_with_data(page.encode("koi8-r"),
                                                         content_type="text/html")
    url = httpserver.url_for("/koi8")
    snap = fetch([url])[url]
    assert "Городской совет утвердил бюджет" in snap.text
    assert snap.title == "Новости"


# --- safety ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [("file:///etc/passwd", "refused: file: URLs are not fetched"),
     ("data:text/html,<p>hi</p>", "refused: data: URLs are not fetched"),
     ("javascript:alert(1)", "refused: javascript: URLs are not fetched"),
     ("ftp://ftp.example.org/a.txt", "refused: ftp: URLs are not fetched"),
     ("http://10.0.0.5/admin", "refused: address 10.0.0.5 is private"),
     ("http://169.254.169.254/latest/meta-data", "refused: address 169.254.169.254 is link-local"),
     ("http://[::1]/", "refused: address ::1 is loopback"),
     ("www.example.org/page", "refused: not a web address (it needs http:// or https://)")],
)
def test_refused_addresses(url: str, reason: str) -> None:
    assert fetch_snapshots([url])[url].reason == reason


def test_allow_private_covers_the_cited_host_not_its_redirects(httpserver: HTTPServer) -> None:
    # The story cites an intranet page on purpose; that page must not bounce the
    # fetch to another private host (cloud metadata, a router, the reviewer's machine).
    httpserver.expect_request("/intranet").respond_with_data(
        "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    httpserver.expect_request("/to-localhost").respond_with_data(
        "", status=302, headers={"Location": f"http://localhost:{httpserver.port}/page"})
    urls = [httpserver.url_for("/intranet"), httpserver.url_for("/to-localhost")]

    result = fetch(urls, allow_private=True)

    assert result[urls[0]].reason == (
        "refused: address 169.254.169.254 is link-local "
        "(after a redirect to http://169.254.169.254/latest/meta-data/)")
    assert result[urls[1]].reason.startswith(
        "refused: localhost resolves to loopback address")
    assert requests_to(httpserver, "/page") == 0


def test_loopback_server_is_refused_by_default(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/private").respond_with_data("secret", content_type="text/plain")
    url = httpserver.url_for("/private")

    snap = fetch_snapshots([url], limits=FAST)[url]

    assert snap.reason == "refused: address 127.0.0.1 is loopback"
    assert requests_to(httpserver, "/private") == 0


class _RouteToLoopback(httpx.HTTPTransport):
    """Stands in for DNS: every host name reaches the loopback test server."""

    def __init__(self, port: int) -> None:
        super().__init__()
        self.port = port

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        routed = httpx.Request(request.method, request.url.copy_with(host="127.0.0.1",
                               port=self.port), headers=request.headers, stream=request.stream)
        return super().handle_request(routed)


def _public_names(monkeypatch: pytest.MonkeyPatch, names: dict[str, list[str]]) -> None:
    real = netsafety.resolve

    def fake(host: str, port: int) -> list[str]:
        return names[host] if host in names else real(host, port)

    monkeypatch.setattr(netsafety, "resolve", fake)


@pytest.mark.parametrize(
    ("location", "reason"),
    [("http://10.0.0.5/admin",
      "refused: address 10.0.0.5 is private (after a redirect to http://10.0.0.5/admin)"),
     ("http://intranet.example/wiki",
      "refused: intranet.example resolves to private address 192.168.4.7 "
      "(after a redirect to http://intranet.example/wiki)"),
     ("file:///etc/passwd", "refused: file: URLs are not fetched"
      " (after a redirect to file://news.example/etc/passwd)")],
)
def test_redirect_from_a_public_host_to_a_private_one_is_refused(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, location: str, reason: str
) -> None:
    # news.example looks public; intranet.example has one public and one private address.
    _public_names(monkeypatch, {"news.example": ["93.184.215.14"],
                                "intranet.example": ["93.184.215.15", "192.168.4.7"]})
    httpserver.expect_request("/story").respond_with_data("", status=302,
                                                          headers={"Location": location})
    url = f"http://news.example:{httpserver.port}/story"

    with httpx.Client(transport=_RouteToLoopback(httpserver.port)) as client:
        snap = fetch_snapshots([url], client=client, limits=FAST)[url]

    assert snap.status == "unavailable"
    assert snap.reason == reason
    assert requests_to(httpserver, "/story") == 1
    # Nothing went to the private target (the test transport would have routed it here).
    assert sum(requests_to(httpserver, p) for p in ("/admin", "/wiki", "/etc/passwd")) == 0


def test_public_host_is_fetched_through_the_checks(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _public_names(monkeypatch, {"news.example": ["93.184.215.14"]})
    httpserver.expect_request("/ok").respond_with_data(NEWS_PAGE, content_type="text/html")
    url = f"http://news.example:{httpserver.port}/ok"
    with httpx.Client(transport=_RouteToLoopback(httpserver.port)) as client:
        snap = fetch_snapshots([url], client=client, limits=FAST)[url]
    assert snap.status == "ok", snap.reason


def test_dns_rebinding_is_caught_when_the_socket_opens(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The name is public when checked, then resolves to loopback when httpx connects.
    answers = iter([["93.184.215.14"], ["127.0.0.1"], ["127.0.0.1"]])
    monkeypatch.setattr(netsafety, "resolve", lambda host, port: next(answers))
    httpserver.expect_request("/rebind").respond_with_data("secret", content_type="text/plain")
    url = f"http://rebind.example:{httpserver.port}/rebind"

    snap = fetch_snapshots([url], limits=FAST)[url]

    assert snap.reason == "refused: rebind.example resolves to loopback address 127.0.0.1"
    assert requests_to(httpserver, "/rebind") == 0


def test_the_connect_time_guard_is_installed() -> None:
    with make_client() as client:
        pool = client._transport._pool  # type: ignore[attr-defined]
        assert isinstance(pool._network_backend, netsafety.GuardedBackend)


# --- once per URL, politeness, retry, progress and cancel --------------------------------------


def test_a_cookie_set_on_a_redirect_reaches_the_next_hop_and_no_other_fetch(
        httpserver: HTTPServer) -> None:
    # a consent/cookie-check wall: /wall sets a cookie and sends the reader on to the
    # article, which answers only with the cookie
    seen_cookies: list[str] = []

    def article(request: Request) -> Response:
        seen_cookies.append(request.headers.get("Cookie", ""))
        if "consent=yes" not in request.headers.get("Cookie", ""):
            return Response("", status=302, headers={"Location": "/wall"})
        return Response(NEWS_PAGE, content_type="text/html")

    httpserver.expect_request("/wall").respond_with_data(
        "", status=302, headers={"Location": "/article", "Set-Cookie": "consent=yes; Path=/"})
    httpserver.expect_request("/article").respond_with_handler(article)
    httpserver.expect_request("/other").respond_with_handler(article)
    wall, other = httpserver.url_for("/wall"), httpserver.url_for("/other")

    with make_client(allow_private=True, limits=FAST) as client:
        first = fetch_snapshots([wall], client=client, allow_private=True, limits=FAST)
        # a later fetch through the same client, of a page on the same site
        second = fetch_snapshots([other], client=client, allow_private=True, limits=FAST)

    assert first[wall].status == "ok", first[wall].reason
    assert "harbour budget" in first[wall].text
    assert seen_cookies[0] == "consent=yes"
    assert seen_cookies[1] == ""  # the first fetch's cookie is not sent again
    assert second[other].status == "ok"  # through the wall again, on its own cookie
    assert seen_cookies[2] == "consent=yes"
    assert not client.cookies


def test_the_same_url_twice_is_fetched_once(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/shared").respond_with_data(NEWS_PAGE, content_type="text/html")
    url = httpserver.url_for("/shared")
    landed = []

    result = fetch([url, url, url + "#opposition"], on_snapshot=landed.append)

    assert requests_to(httpserver, "/shared") == 1
    assert len(landed) == 1
    assert set(result) == {url, url + "#opposition"}
    assert result[url + "#opposition"].url == url + "#opposition"
    assert result[url].text == result[url + "#opposition"].text
    assert url_key(url + "#x") == url


def test_at_most_two_requests_per_host(httpserver: HTTPServer) -> None:
    lock = threading.Lock()
    now = {"in_flight": 0, "peak": 0}

    def counted(request: Request) -> Response:
        with lock:
            now["in_flight"] += 1
            now["peak"] = max(now["peak"], now["in_flight"])
        time.sleep(0.25)  # long enough that two requests overlap even on a busy machine
        with lock:
            now["in_flight"] -= 1
        return Response("a page with some words in it", content_type="text/plain")

    for i in range(6):
        httpserver.expect_request(f"/p{i}").respond_with_handler(counted)
    urls = [httpserver.url_for(f"/p{i}") for i in range(6)]

    result = fetch(urls)

    assert all(s.status == "ok" for s in result.values())
    assert now["peak"] == 2


def test_retry_after_is_honoured_on_503(httpserver: HTTPServer) -> None:
    calls: list[float] = []

    def busy_once(request: Request) -> Response:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Response("busy", status=503, headers={"Retry-After": "1"})
        return Response("back again with the page text", content_type="text/plain")

    httpserver.expect_request("/busy").respond_with_handler(busy_once)
    url = httpserver.url_for("/busy")

    snap = fetch([url])[url]

    assert snap.status == "ok", snap.reason
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.95


def test_retry_after_beyond_the_bound_fails_at_once(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/later").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "3600"})
    url = httpserver.url_for("/later")
    started = time.monotonic()

    snap = fetch([url])[url]

    assert snap.reason == "too many requests (429); the server asked to wait 3600 s"
    assert time.monotonic() - started < 1


def test_retry_after_parsing() -> None:
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 30) == 30
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_progress_counts_distinct_urls(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data("page a text", content_type="text/plain")
    httpserver.expect_request("/b").respond_with_data("page b text", content_type="text/plain")
    calls: list[tuple[int, int]] = []
    urls = [httpserver.url_for("/a"), httpserver.url_for("/b"), httpserver.url_for("/a")]

    fetch(urls, progress=lambda done, total: calls.append((done, total)))

    assert calls == [(0, 2), (1, 2), (2, 2)]


def test_cancel_returns_what_finished(httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response("too late", content_type="text/plain")

    httpserver.expect_request("/fast1").respond_with_data("fast one", content_type="text/plain")
    httpserver.expect_request("/fast2").respond_with_data("fast two", content_type="text/plain")
    for name in ("slow1", "slow2", "slow3"):
        httpserver.expect_request(f"/{name}").respond_with_handler(slow)
    urls = [httpserver.url_for(p) for p in ("/slow1", "/fast1", "/slow2", "/fast2", "/slow3")]
    landed: list[str] = []
    started = time.monotonic()

    result = fetch(urls, limits=FetchLimits(workers=3, per_host=3),
                   on_snapshot=lambda s: landed.append(s.url),
                   cancelled=lambda: len(landed) >= 2)

    assert time.monotonic() - started < 1.0
    assert set(result) == {httpserver.url_for("/fast1"), httpserver.url_for("/fast2")}
    assert sorted(landed) == sorted(result)


def test_cancel_before_start_fetches_nothing(httpserver: HTTPServer) -> None:
    url = httpserver.url_for("/never")
    assert fetch([url], cancelled=lambda: True) == {}
    assert requests_to(httpserver, "/never") == 0


def test_error_in_on_snapshot_stops_the_batch(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("x text", content_type="text/plain")

    def broken(snapshot: object) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        fetch([httpserver.url_for("/x")], on_snapshot=broken)


# --- attach by hand -----------------------------------------------------------------------------


def test_attach_html_pdf_and_text_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "saved.html"
    page.write_bytes(NEWS_PAGE.encode("utf-8"))
    snap = attach_file("https://gazette.example/budget", page)
    assert snap.how == "attached" and snap.status == "ok"
    assert snap.sha256 == hashlib.sha256(page.read_bytes()).hexdigest()
    assert "mooring fees of 3.5 percent" in snap.text and "Privacy policy" not in snap.text
    assert snap.url == "https://gazette.example/budget"

    pdf = tmp_path / "report"
    pdf.write_bytes(tiny_pdf(["Paywalled report text, 99 pages."]))
    assert "Paywalled report text" in attach_file("https://x.example/r", pdf).text

    note = tmp_path / "notes.txt"
    note.write_text("Transcript of the call.\n", encoding="utf-8")
    snap = attach_file("https://x.example/call", note)
    assert snap.text == "Transcript of the call."
    assert snap.content_type == "text/plain; charset=utf-8"


def test_allow_private_covers_the_cited_port_only(httpserver: HTTPServer) -> None:
    # An intranet source may redirect within itself, not to another service on the
    # same machine (an admin port, a database).
    httpserver.expect_request("/story").respond_with_data(
        "", status=302, headers={"Location": "http://127.0.0.1:9/admin"})
    url = httpserver.url_for("/story")

    snap = fetch([url], allow_private=True)[url]

    assert snap.status == "unavailable"
    assert snap.reason.startswith("refused: address 127.0.0.1 is loopback")
    assert "after a redirect to http://127.0.0.1:9/admin" in snap.reason
