"""Fetch the pages a story cites and keep them as snapshots for offline review.

``fetch_snapshots`` takes reference URLs and returns one ``Snapshot`` per URL: "ok" with
the page's main text, or "unavailable" with a reason a person understands ("page not
found (404)", "timed out after 20 s", "refused: address 10.0.0.5 is private"). It is
a plain function with ``progress`` and ``cancelled`` callbacks so the window can run it
on a worker thread, show it and stop it; ``on_snapshot`` hands over each snapshot as it
lands, on the calling thread, so the caller can save it at once.

The download of one URL, with the limits below, is ``app.download``; this module runs
it over many URLs at once and keeps the per-host and per-batch bookkeeping.

Limits (see docs/snapshots.md): http and https only; public addresses only unless
``allow_private``; 10 s to connect, 20 s between bytes; 5 redirects, each hop checked
again; 10 MB per page, enforced while streaming; 6 requests at once and 2 per host;
``Retry-After`` on 429/503 honoured up to 30 s; each URL fetched once per call.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urldefrag

import httpx

from app.download import (
    ACCEPT,
    DEFAULT_LIMITS,
    USER_AGENT,
    FetchLimits,
    _Aborted,
    _Fetcher,
    http_reason,
    human_size,
    make_client,
    now_iso,
    retry_after_seconds,
)
from app.extract import extract_named, media_type, read_file, sniff_kind
from app.model import Snapshot

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
OnSnapshot = Callable[[Snapshot], None]


def url_key(url: str) -> str:
    """What makes two reference URLs the same fetch: trimmed, without the #fragment."""
    return urldefrag(url.strip())[0] or url.strip()


def _host_key(url: str) -> str:
    try:
        return httpx.URL(url).host.lower()
    except (httpx.InvalidURL, TypeError, ValueError):
        return ""


def fetch_snapshots(
    urls: Iterable[str],
    *,
    allow_private: bool = False,
    max_bytes: int = 10_000_000,
    limits: FetchLimits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    on_snapshot: OnSnapshot | None = None,
    client: httpx.Client | None = None,
) -> dict[str, Snapshot]:
    """Fetch each URL once and return {url: Snapshot} for every URL that finished.

    * Duplicates (the same URL, or the same URL with another ``#fragment``) are fetched
      once; every spelling given gets its own entry, with ``url`` set to that spelling.
    * ``progress(done, total)`` is called on the calling thread, first with (0, total)
      and then after each finished URL; ``total`` counts distinct URLs.
    * ``cancelled()`` is polled about every 50 ms; once it returns True no new fetch
      starts, running ones are abandoned, and the function returns what finished.
    * ``on_snapshot(snapshot)`` is called on the calling thread as each URL finishes
      (once per distinct URL, with the first spelling); an exception from it stops the
      batch and propagates.
    * ``client``: an ``httpx.Client`` to use instead of one made by ``make_client``
      (tests route it to loopback). It should not follow redirects by itself; each
      hop is checked here either way, but only ``make_client``'s clients also re-check
      the address when the socket opens.
    """
    given = [u for u in urls]
    spellings: dict[str, list[str]] = {}
    for u in given:
        spellings.setdefault(url_key(u), [])
        if u not in spellings[url_key(u)]:
            spellings[url_key(u)].append(u)
    pending = deque(spellings)
    total = len(pending)
    results: dict[str, Snapshot] = {}
    if progress:
        progress(0, total)
    if not total:
        return results

    own_client = client is None
    http = client if client is not None else make_client(allow_private=allow_private,
                                                         limits=limits)
    abort = threading.Event()
    fetcher = _Fetcher(http, allow_private=allow_private, max_bytes=max_bytes,
                       limits=limits, abort=abort)
    # Workers post ("free", key) when their download is over, then ("done", key, snapshot).
    # Extraction runs after "free", so the next download starts while it parses.
    finished: queue.Queue[tuple[str, str, Snapshot | None]] = queue.Queue()
    downloading: dict[str, str] = {}  # key -> host, counted against the limits
    threads: dict[str, threading.Thread] = {}  # every fetch not yet done
    per_host: dict[str, int] = {}
    done = 0

    def work(key: str) -> None:
        freed = threading.Event()

        def released() -> None:
            if not freed.is_set():
                freed.set()
                finished.put(("free", key, None))

        snap: Snapshot | None = None
        try:
            snap = fetcher.snapshot(spellings[key][0], released)
        except _Aborted:
            snap = None
        finally:
            released()
            finished.put(("done", key, snap))

    def launch() -> None:
        for key in list(pending):
            if len(downloading) >= limits.workers:
                return
            host = _host_key(key)
            if per_host.get(host, 0) >= limits.per_host:
                continue
            pending.remove(key)
            per_host[host] = per_host.get(host, 0) + 1
            downloading[key] = host
            # Daemon threads: quitting the desk mid-fetch must not wait on a slow server.
            thread = threading.Thread(target=work, args=(key,), name="copydesk-fetch",
                                      daemon=True)
            threads[key] = thread
            thread.start()

    try:
        while pending or threads:
            if cancelled is not None and cancelled():
                break
            launch()
            try:
                kind, key, snap = finished.get(timeout=0.05)
            except queue.Empty:
                continue
            if kind == "free":
                per_host[downloading.pop(key)] -= 1
                continue
            threads.pop(key, None)
            if snap is None:
                continue
            done += 1
            for spelling in spellings[key]:
                results[spelling] = snap if spelling == snap.url else replace(snap, url=spelling)
            if on_snapshot:
                on_snapshot(snap)
            if progress:
                progress(done, total)
    finally:
        abort.set()
        if own_client:
            leftovers = list(threads.values())
            if leftovers:
                # Close the client only once abandoned fetches have noticed the abort.
                threading.Thread(target=_close_after, args=(http, leftovers),
                                 daemon=True).start()
            else:
                http.close()
    return {u: results[u] for u in given if u in results}


def _close_after(client: httpx.Client, threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.join()
    client.close()


def fetch_snapshot(url: str, **kwargs: object) -> Snapshot:
    """Fetch a single URL; same keywords as ``fetch_snapshots``."""
    return fetch_snapshots([url], **kwargs)[url]  # type: ignore[arg-type]


def attach_file(url: str, path: str | Path) -> Snapshot:
    """A snapshot of ``url`` made from a file the reviewer saved by hand (HTML, PDF, text).

    Recorded as ``how="attached"`` with the SHA-256 of the file's bytes. Raises
    ``ExtractError`` with a reason when the file cannot be read or holds no text.
    """
    body = read_file(path)
    page = extract_named(body, Path(path).name)
    kind = sniff_kind(body, "", name=Path(path).name)
    content_type = {"html": "text/html", "pdf": "application/pdf",
                    "text": "text/plain"}.get(kind or "", "")
    if content_type and page.encoding and kind != "pdf":
        content_type += f"; charset={page.encoding}"
    return Snapshot(
        url=url, status="ok", how="attached", text=page.text, html=page.html,
        title=page.title, final_url="", content_type=content_type, fetched_at=now_iso(),
        sha256=hashlib.sha256(body).hexdigest(), author=page.author,
        published=page.published,
    )


__all__ = [
    "ACCEPT", "DEFAULT_LIMITS", "FetchLimits", "USER_AGENT", "attach_file", "fetch_snapshot",
    "fetch_snapshots", "http_reason", "human_size", "make_client", "media_type", "now_iso",
    "retry_after_seconds", "url_key",
]
