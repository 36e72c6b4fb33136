"""Snapshot benchmarks (issue 3): run on demand, print a table.

    .venv/bin/python tests/benchmarks/bench_fetch.py [--references 100] [--latency 0.2]

1. Wall time to snapshot 100 references, each answered after 200 ms, served by
   threaded HTTP servers on loopback. The references are spread over 20 hosts
   (127.0.0.1 … 127.0.0.20, all loopback on Linux), as a library's sources spread over
   publishers; the 2-per-host limit applies as in real use. A second row puts all of
   them on one host, to show what the politeness limit costs. Target: < 5 s.
2. Extraction time of a typical 50 KB news page (navigation, ads, related links,
   comments, footer around a 12-paragraph article). Target: <= 30 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from app.extract import extract  # noqa: E402
from app.fetch import fetch_snapshots  # noqa: E402

WORDS = ["council", "harbour", "bridge", "repairs", "traffic", "mayor", "budget", "million",
         "percent", "contract", "engineers", "steel", "cables", "inspection", "report",
         "residents", "ferry", "commuters", "delay", "safety", "officials", "announced",
         "week", "month", "cost", "project", "city", "river", "tolls", "vote", "hospital",
         "school", "teachers", "union", "strike", "pay", "offer", "minister", "election",
         "polls", "voters"]


def news_page(rng: random.Random, target_bytes: int = 50_000) -> bytes:
    """A news page like the ones snapshots are made of, about ``target_bytes`` long."""

    def sentence(lo: int = 12, hi: int = 26) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi))).capitalize() + "."

    nav = "".join(f'<li><a href="/section/{i}">{rng.choice(WORDS).title()}</a></li>'
                  for i in range(80))
    article = "".join(
        (f"<h2>{sentence(3, 6)}</h2>" if i in (4, 8) else "")
        + f"<p>{' '.join(sentence() for _ in range(rng.randint(3, 5)))}</p>"
        for i in range(12)
    )
    related = "".join(f'<li><a href="/story/{i}"><img src="/t/{i}.jpg" alt="">'
                      f"<span>{sentence(6, 10)}</span></a></li>" for i in range(30))
    comments = "".join(f'<div class="comment"><b>reader{i}</b><p>{sentence()}</p></div>'
                       for i in range(15))
    head = ("<!doctype html><html lang=en><head><meta charset=utf-8>"
            "<title>Harbour bridge reopens after six weeks of repairs | City Times</title>"
            '<meta name="author" content="Jane Roe">'
            '<meta property="article:published_time" content="2025-05-02T08:00:00Z">'
            "<script>var analytics = {" + "a:1," * 200 + "};</script></head><body>")
    page = (head + f'<header><nav><ul class="menu">{nav}</ul></nav></header>'
            '<div class="ad-banner">Advertisement — book your summer ferry now</div>'
            f"<main><article><h1>Harbour bridge reopens</h1><p class=byline>By Jane Roe</p>"
            f"{article}</article>"
            f'<aside class="related"><h3>Related</h3><ul>{related}</ul></aside>'
            f'<section class="comments">{comments}</section></main>')
    filler = ""
    while len((page + filler).encode()) < target_bytes - 400:
        filler += f'<div class="promo"><a href="/p">{sentence(4, 8)}</a></div>'
    footer = ("<footer><p>© City Times. All rights reserved.</p><a href=/privacy>Privacy</a>"
              "</footer></body></html>")
    return (page + filler + footer).encode("utf-8")


def serve(host: str, latency: float, body: bytes) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            time.sleep(latency)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def fetch_run(references: int, hosts: int, latency: float, body: bytes) -> tuple[float, int]:
    servers = [serve(f"127.0.0.{i + 1}", latency, body) for i in range(hosts)]
    try:
        urls = [f"http://127.0.0.{i % hosts + 1}:{servers[i % hosts].server_address[1]}"
                f"/story/{i}" for i in range(references)]
        start = time.perf_counter()
        result = fetch_snapshots(urls, allow_private=True)
        elapsed = time.perf_counter() - start
        return elapsed, sum(1 for s in result.values() if s.status == "ok")
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--references", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    rng = random.Random(3)
    page = news_page(rng)
    extract(page, "text/html; charset=utf-8", "https://citytimes.example/bridge")  # warm up
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = extract(page, "text/html; charset=utf-8", "https://citytimes.example/bridge")
        times.append(time.perf_counter() - start)
    kept = len(result.text)

    spread = fetch_run(args.references, args.hosts, args.latency, page)
    one_host = fetch_run(args.references, 1, args.latency, page)

    rows = [
        ("fetch", f"{args.references} refs x {args.latency * 1000:.0f} ms, {args.hosts} hosts",
         f"{spread[0]:.2f} s", f"{spread[1]}/{args.references} ok", "< 5 s",
         "PASS" if spread[0] < 5 and spread[1] == args.references else "FAIL"),
        ("fetch", f"{args.references} refs x {args.latency * 1000:.0f} ms, 1 host (2 at once)",
         f"{one_host[0]:.2f} s", f"{one_host[1]}/{args.references} ok", "(politeness)", "info"),
        ("extract", f"{len(page) / 1000:.0f} KB news page, median of {args.repeat}",
         f"{statistics.median(times) * 1000:.1f} ms",
         f"p95 {sorted(times)[int(len(times) * 0.95) - 1] * 1000:.1f} ms, {kept} chars kept",
         "<= 30 ms", "PASS" if statistics.median(times) <= 0.030 else "FAIL"),
    ]
    headers = ("what", "workload", "time", "detail", "target", "")
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
