"""Snapshots in the library: fetched once per URL, shared, never lost to a failed refresh,
attached by hand; and ``copydesk fetch`` / ``copydesk attach`` as a user runs them."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from app.audit import story_events
from app.fetch import FetchLimits
from app.library import Library, import_story, load_story
from app.parse import load_story_file
from app.sources import attach_source, fetch_story_sources

FAST = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=10)

ARTICLE = """<html><head><title>Harbour bridge reopens</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Harbour bridge reopens</h1>
<p>The harbour bridge reopened on Monday after six weeks of repairs, the city council said,
and traffic is expected to return to normal by Friday.</p>
<p>The repairs cost 14.3 million dollars, paid from the council's maintenance reserve, and
replaced forty steel cables that engineers had found corroded during an inspection.</p>
</article><footer>© Harbour Times</footer></body></html>"""



@pytest.fixture(autouse=True)
def reviewer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPYDESK_REVIEWER", "Tess Tester")


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with Library(tmp_path / "library.sqlite3") as lib:
        yield lib


def story_file(folder: Path, story_id: str, urls: list[str]) -> Path:
    body = " ".join(
        f"The harbour bridge reopened on Monday after six weeks of repairs [{n}]."
        if n == 1 else f"The repairs cost 14.3 million dollars, the council said [{n}]."
        for n in range(1, len(urls) + 1)
    )
    data = {
        "format": "copydesk.story/1", "id": story_id, "title": "Harbour bridge reopens",
        "dek": "Repairs are finished.", "body": body,
        "references": [{"n": n, "publisher": "Harbour Times", "title": "Bridge", "url": url}
                       for n, url in enumerate(urls, start=1)],
    }
    path = folder / f"{story_id}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def add_story(library: Library, folder: Path, story_id: str, urls: list[str]) -> str:
    return import_story(library, load_story_file(story_file(folder, story_id, urls))).story_id


def hits(httpserver: HTTPServer, path: str) -> int:
    return sum(1 for request, _ in httpserver.log if request.path == path)


def test_fetch_saves_snapshots_and_reasons(
    httpserver: HTTPServer, library: Library, tmp_path: Path
) -> None:
    httpserver.expect_request("/bridge").respond_with_data(ARTICLE, content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    sid = add_story(library, tmp_path, "bridge", [httpserver.url_for("/bridge"),
                                                  httpserver.url_for("/gone")])
    seen = []

    report = fetch_story_sources(library, sid, allow_private=True, limits=FAST,
                                 on_outcome=seen.append)

    assert [(o.n, o.action) for o in report.outcomes] == [(1, "fetched"), (2, "unavailable")]
    assert report.outcomes[1].reason == "page not found (404)"
    assert sorted(o.n for o in seen) == [1, 2]
    assert not report.all_usable
    story = load_story(library, sid)
    first, second = story.references
    assert first.snapshot is not None and first.snapshot.usable
    assert first.snapshot.how == "fetched" and "forty steel cables" in first.snapshot.text
    assert second.snapshot is not None and second.snapshot.status == "unavailable"
    assert second.snapshot.reason == "page not found (404)"
    events = [e for e in story_events(library, sid) if e.action == "snapshot"]
    assert len(events) == 2 and events[0].actor == "Tess Tester"
    # The queue's counts follow: one citation checkable, one unavailable.
    summary = json.loads(library.conn.execute(
        "SELECT summary FROM stories WHERE id = ?", [sid]).fetchone()[0])
    assert summary["unavailable"] == 1 and summary["unavailable"] < sum(summary.values())


def test_a_url_cited_by_two_stories_is_fetched_once(
    httpserver: HTTPServer, library: Library, tmp_path: Path
) -> None:
    httpserver.expect_request("/shared").respond_with_data(ARTICLE, content_type="text/html")
    url = httpserver.url_for("/shared")
    first = add_story(library, tmp_path, "first", [url])
    second = add_story(library, tmp_path, "second", [url])

    report = fetch_story_sources(library, first, allow_private=True, limits=FAST)
    again = fetch_story_sources(library, second, allow_private=True, limits=FAST)
    third = add_story(library, tmp_path, "third", [url])  # imported after the fetch
    later = fetch_story_sources(library, third, allow_private=True, limits=FAST)

    assert hits(httpserver, "/shared") == 1
    assert report.also_updated == ("second",)
    assert again.outcomes[0].action == "kept"
    assert later.outcomes[0].action == "kept"
    texts = {load_story(library, s).references[0].snapshot.text for s in (first, second, third)}
    assert len(texts) == 1


def test_an_existing_snapshot_elsewhere_is_linked_not_fetched(
    httpserver: HTTPServer, library: Library, tmp_path: Path
) -> None:
    httpserver.expect_request("/once").respond_with_data(ARTICLE, content_type="text/html")
    url = httpserver.url_for("/once")
    first = add_story(library, tmp_path, "first", [url])
    fetch_story_sources(library, first, allow_private=True, limits=FAST)
    # A second story whose reference was given an unavailable snapshot earlier.
    second = add_story(library, tmp_path, "second", [url, httpserver.url_for("/other")])
    library.conn.execute("UPDATE story_references SET snapshot_id = NULL WHERE story_id = ?",
                         ["second"])

    report = fetch_story_sources(library, second, allow_private=True, limits=FAST,
                                 cancelled=lambda: True)

    assert report.outcomes[0].action == "shared" and report.outcomes[0].usable
    assert report.outcomes[1].action == "not fetched"
    assert hits(httpserver, "/once") == 1


def test_a_failed_refresh_never_replaces_a_good_snapshot(
    httpserver: HTTPServer, library: Library, tmp_path: Path
) -> None:
    answers = iter([Response(ARTICLE, content_type="text/html"),
                    Response("down", status=503)])
    httpserver.expect_request("/flaky").respond_with_handler(lambda request: next(answers))
    sid = add_story(library, tmp_path, "flaky", [httpserver.url_for("/flaky")])
    fetch_story_sources(library, sid, allow_private=True, limits=FAST)
    before = load_story(library, sid).references[0].snapshot

    report = fetch_story_sources(library, sid, allow_private=True, refresh=True, limits=FAST)

    outcome = report.outcomes[0]
    assert (outcome.action, outcome.reason) == ("kept after failure", "server error (503)")
    assert load_story(library, sid).references[0].snapshot == before
    assert hits(httpserver, "/flaky") == 2


def test_cancel_keeps_finished_snapshots_and_leaves_the_rest_untouched(
    httpserver: HTTPServer, library: Library, tmp_path: Path
) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response(ARTICLE, content_type="text/html")

    httpserver.expect_request("/quick").respond_with_data(ARTICLE, content_type="text/html")
    httpserver.expect_request("/slow").respond_with_handler(slow)
    sid = add_story(library, tmp_path, "cancel",
                    [httpserver.url_for("/quick"), httpserver.url_for("/slow")])
    landed: list[int] = []

    report = fetch_story_sources(library, sid, allow_private=True, limits=FAST,
                                 on_outcome=lambda o: landed.append(o.n),
                                 cancelled=lambda: bool(landed))

    assert report.cancelled
    assert [o.action for o in report.outcomes] == ["fetched", "not fetched"]
    rows = library.conn.execute(
        "SELECT n, snapshot_id FROM story_references WHERE story_id = ? ORDER BY n",
        [sid]).fetchall()
    assert rows[0][1] is not None and rows[1][1] is None


def test_attach_by_hand(library: Library, tmp_path: Path) -> None:
    url = "https://paywalled.example/bridge"
    sid = add_story(library, tmp_path, "paywall", [url])
    other = add_story(library, tmp_path, "other", [url])
    saved = tmp_path / "bridge.html"
    saved.write_text(ARTICLE, encoding="utf-8")

    result = attach_source(library, sid, 1, saved)

    snap = load_story(library, sid).references[0].snapshot
    assert snap is not None and snap.how == "attached" and snap.usable
    assert snap.sha256 == hashlib.sha256(saved.read_bytes()).hexdigest()
    assert snap.url == url and "Home" not in snap.text
    assert result.also_updated == ("other",)
    assert load_story(library, other).references[0].snapshot.how == "attached"
    attach = [e for e in story_events(library, sid) if e.action == "attach"]
    assert attach and attach[0].details["file"] == "bridge.html"


def test_attach_errors_name_the_problem(library: Library, tmp_path: Path) -> None:
    from app.errors import InputError, NotFoundError

    sid = add_story(library, tmp_path, "errors", ["https://x.example/a"])
    with pytest.raises(NotFoundError, match=r"no reference \[7\]"):
        attach_source(library, sid, 7, tmp_path / "x.txt")
    with pytest.raises(InputError, match="x.txt: does not exist"):
        attach_source(library, sid, 1, tmp_path / "x.txt")


# --- the command line ---------------------------------------------------------------------


def run(*args: object, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COPYDESK_DB": str(db), "COPYDESK_REVIEWER": "Tess Tester"}
    return subprocess.run([sys.executable, "-m", "app.cli", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=60)


def test_fetching_one_reference_leaves_the_others_alone(
        httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/bridge").respond_with_data(ARTICLE, content_type="text/html")
    httpserver.expect_request("/cost").respond_with_data(ARTICLE, content_type="text/html")
    db = tmp_path / "one.sqlite3"
    path = story_file(tmp_path, "one-ref", [httpserver.url_for("/bridge"),
                                            httpserver.url_for("/cost")])
    assert run("import", path, db=db).returncode == 0

    fetched = run("fetch", "one-ref", "--ref", "2", "--allow-private", db=db)

    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    assert "one-ref: 1 fetched." in fetched.stdout and "[1]" not in fetched.stdout
    assert (hits(httpserver, "/bridge"), hits(httpserver, "/cost")) == (0, 1)
    with Library(db) as library:
        refs = load_story(library, "one-ref").references
    assert refs[0].snapshot is None and refs[1].snapshot is not None

    unknown = run("fetch", "one-ref", "--ref", "7", db=db)
    assert unknown.returncode == 2
    assert "no reference [7]" in unknown.stderr


def test_cli_fetch_then_check_offline(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/bridge").respond_with_data(ARTICLE, content_type="text/html")
    httpserver.expect_request("/cost").respond_with_data(ARTICLE, content_type="text/html")
    db = tmp_path / "cli.sqlite3"
    path = story_file(tmp_path, "cli-story", [httpserver.url_for("/bridge"),
                                              httpserver.url_for("/cost")])
    assert run("import", path, db=db).returncode == 0

    refused = run("fetch", "cli-story", db=db)
    assert refused.returncode == 1
    assert "refused: address 127.0.0.1 is loopback" in refused.stdout
    assert hits(httpserver, "/bridge") + hits(httpserver, "/cost") == 0

    fetched = run("fetch", "cli-story", "--allow-private", db=db)
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    assert re.search(r"^\[1\]\s+ok ", fetched.stdout, re.M)
    assert re.search(r"^\[2\]\s+ok ", fetched.stdout, re.M)
    assert "cli-story: 2 fetched." in fetched.stdout

    httpserver.clear()  # the network is gone: the story checks from its snapshots
    report = json.loads(run("check", "cli-story", "--json", db=db).stdout)
    assert report["summary"]["unavailable"] == 0
    assert hits(httpserver, "/bridge") + hits(httpserver, "/cost") == 0


def test_cli_attach(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    path = story_file(tmp_path, "attach-story", ["https://paywalled.example/bridge"])
    assert run("import", path, db=db).returncode == 0
    saved = tmp_path / "saved page.html"
    saved.write_text(ARTICLE, encoding="utf-8")

    done = run("attach", "attach-story", "1", saved, db=db)
    missing_ref = run("attach", "attach-story", "4", saved, db=db)
    missing_file = run("attach", "attach-story", "1", tmp_path / "nope.pdf", db=db)

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("[1] attached ") and "sha256 " in done.stdout
    assert missing_ref.returncode == 2 and "no reference [4]" in missing_ref.stderr
    assert missing_file.returncode == 2 and "nope.pdf: does not exist" in missing_file.stderr
    assert run("fetch", "attach-story", db=db).returncode == 0  # nothing left to fetch
