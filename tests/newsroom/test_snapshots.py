"""Snapshots fetched after a story's import travel to every desk: one desk fetches the
cited pages (from a web server this test runs on loopback), syncs, and the other
desks check the story against the same texts without fetching anything."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

COUNCIL = """<html><head><title>Bridge works complete</title></head><body><article>
<h1>Bridge works complete</h1>
<p>The harbour bridge reopened on Monday after six weeks of repairs, the city council
said. The work cost $14.3 million, paid from the council's maintenance reserve.</p>
</article></body></html>"""
TIMES = """<html><head><title>Bridge reopens</title></head><body><article>
<h1>Bridge reopens</h1>
<p>The council said the work cost $14.3 million. Traffic is expected to return to
normal by Friday, when the last lane closures end.</p></article></body></html>"""


@pytest.fixture(scope="module")
def pages() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.expect_request("/council").respond_with_data(COUNCIL, content_type="text/html")
    server.expect_request("/times").respond_with_data(TIMES, content_type="text/html")
    server.start()
    yield server
    server.stop()


def references(pages: HTTPServer) -> list[dict]:
    return [{"n": 1, "publisher": "City Council", "title": "Bridge works complete",
             "url": pages.url_for("/council")},
            {"n": 2, "publisher": "Harbour Times", "title": "Bridge reopens",
             "url": pages.url_for("/times")}]


def verdicts(desk, story_id: str) -> tuple[dict, list, list, int]:
    """What ``check`` says of a library story: the counts, every claim with its
    citations' verdicts, scores and evidence, and each reference's snapshot."""
    done = desk.run("check", story_id, "--json", ok=None)  # exit 1: a blocker found
    report = json.loads(done.stdout)
    return report["summary"], report["claims"], report["references"], done.returncode


def cited(checked: tuple[dict, list, list, int]) -> set[str]:
    return {c["verdict"] for claim in checked[1] for c in claim["citations"]}


def hits(pages: HTTPServer) -> int:
    return len(pages.log)


def test_a_snapshot_fetched_on_one_desk_reaches_the_others_once(newsroom, pages):
    ana = newsroom.desk("Ana")
    ben = newsroom.desk("Ben", admin_desk=ana)
    ana.import_story("bridge", references=references(pages))
    ana.import_story("ferry", title="Ferry and bridge", references=references(pages)[:1])
    ana.sync()
    ben.sync()
    assert cited(verdicts(ben, "bridge")) == {"unavailable"}  # nobody has the pages yet

    fetched = ana.run("fetch", "bridge", "--allow-private")
    assert "bridge: 2 fetched." in fetched.stdout, fetched.stdout
    seen = hits(pages)
    on_ana = verdicts(ana, "bridge")
    assert "unavailable" not in cited(on_ana) and "supported" in cited(on_ana)
    # two pages, three snapshot events (the ferry story cites the council's page too):
    # each text goes up once
    assert "2 snapshot(s) sent" in ana.run("sync").stdout
    assert newsroom.server("SELECT count(*) FROM copydesk.snapshots") == [["2"]]
    extras = newsroom.server("SELECT extra FROM copydesk.events WHERE action = 'snapshot'")
    assert len(extras) == 3
    assert all("snapshot_digest" in e[0] and "harbour bridge" not in e[0] for e in extras)

    got = ben.run("sync").stdout
    assert "2 snapshot(s) received" in got, got
    assert verdicts(ben, "bridge") == on_ana
    assert verdicts(ben, "ferry") == verdicts(ana, "ferry")
    assert ben.sql("SELECT count(*) FROM snapshots WHERE status = 'ok'") == [(2,)]
    assert hits(pages) == seen  # Ben's desk never went to the web

    # Nothing moves twice: Ana holds her own pages, Ben holds what he received.
    assert "snapshot(s)" not in ana.run("sync").stdout
    assert "snapshot(s)" not in ben.run("sync").stdout
    assert ana.sql("SELECT count(*) FROM snapshots") == [(2,)]
    assert ana.head() == ben.head()


def test_sync_json_counts_the_snapshots_sent_and_received(newsroom, pages):
    ana = newsroom.desk("Ana")
    ben = newsroom.desk("Ben", admin_desk=ana)
    ana.import_story("bridge", references=references(pages))
    ana.run("fetch", "bridge", "--allow-private")
    sent, received = json.loads(ana.sync().stdout), json.loads(ben.sync().stdout)
    assert (sent["snapshots_sent"], sent["snapshots_received"]) == (2, 0)
    assert (received["snapshots_sent"], received["snapshots_received"]) == (0, 2)
    again = json.loads(ben.sync().stdout)
    assert (again["snapshots_sent"], again["snapshots_received"]) == (0, 0)


def test_a_desk_joining_later_gets_the_snapshots_and_a_refresh_wins_everywhere(newsroom,
                                                                              pages):
    ana = newsroom.desk("Ana")
    ana.import_story("bridge", references=references(pages))
    ana.run("fetch", "bridge", "--allow-private")
    ana.sync()
    cy = newsroom.desk("Cy", admin_desk=ana)
    assert "2 snapshot(s) received" in cy.run("sync").stdout
    assert verdicts(cy, "bridge") == verdicts(ana, "bridge")
    # Cy fetches the council's page again (a new copy); on the next syncs it replaces
    # the first on Ana's desk too: the last snapshot event of a reference wins.
    cy.run("fetch", "bridge", "--ref", "1", "--refresh", "--allow-private")
    cy.sync()
    ana.sync()
    linked = "SELECT s.fetched_at, s.sha256 FROM story_references r JOIN snapshots s " \
             "ON s.id = r.snapshot_id WHERE r.story_id = 'bridge' ORDER BY r.n"
    assert ana.sql(linked) == cy.sql(linked)


def test_a_snapshot_altered_on_the_server_or_sent_with_a_wrong_digest_is_refused(newsroom,
                                                                                 pages):
    ana = newsroom.desk("Ana")
    ben = newsroom.desk("Ben", admin_desk=ana)
    ana.import_story("bridge", references=references(pages))
    ana.sync()
    ben.sync()
    ana.run("fetch", "bridge", "--allow-private")
    ana.sync()
    # the server's copy cannot be changed, not even by its owner ...
    change = "UPDATE copydesk.snapshots SET text = replace(text, 'Monday', 'Sunday')"
    assert "append-only" in newsroom.postgres.psql(change, newsroom.database,
                                                   check=False).stderr
    # ... and rewritten by its superuser anyway, Ben's desk refuses the batch whole
    newsroom.server("ALTER TABLE copydesk.snapshots DISABLE TRIGGER snapshots_append_only; "
                    + change)
    broken = ben.run("sync", ok=None)
    assert broken.returncode == 2
    assert "does not match its digest: it was altered on the server" in broken.stderr
    assert ben.sql("SELECT count(*) FROM snapshots") == [(0,)]
    # a desk that sends a text under another text's digest is refused by the server, and
    # so is a text sent under its own digest for another page than its event names
    from app.newsroom.snapshots import snapshot_digest, travelling
    from tests.newsroom.test_enforcement import event, push_sql

    revision = ana.states()["bridge"][1]
    row = travelling({"url": "https://example.org/x", "status": "ok", "how": "fetched",
                      "text": "Forged text.", "sha256": "0" * 64})
    page = {"n": [1], "url": pages.url_for("/council"), "status": "ok", "sha256": "0" * 64}

    def sent(number: int, digest: str) -> dict:
        return dict(event(number, "snapshot", "bridge", revision), data=json.dumps(page),
                    extra=json.dumps({"snapshot_digest": digest, "snapshot": row}))

    done = newsroom.as_login(ben, push_sql([sent(51, "a" * 64),
                                            sent(52, snapshot_digest(row))]))
    assert done.stdout.splitlines() == ["refused: the snapshot does not match its digest",
                                        "refused: the snapshot is not the page its event names"]


def _as_before_snapshots(newsroom) -> None:
    """Make the newsroom what an older Copydesk created: no copydesk.snapshots, and a
    push that knows nothing of it (the superuser rewrites it, keeping its owner)."""
    from app.newsroom.server_push import PUSH_FUNCTIONS

    start = PUSH_FUNCTIONS.index("CREATE FUNCTION copydesk.apply_event")
    end = PUSH_FUNCTIONS.index("CREATE FUNCTION copydesk.push")
    old = PUSH_FUNCTIONS[start:end].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    cut = old.index("    IF act IN ('snapshot', 'attach') THEN")
    old = old[:cut] + old[old.index("    IF act = 'edit' THEN"):]
    old = old.replace("    snap jsonb;\n", "").replace("    kept copydesk.snapshots;\n", "")
    newsroom.server("DROP TABLE copydesk.snapshots")
    newsroom.server(old)
    newsroom.server("DROP FUNCTION copydesk.snapshot_digest(jsonb), copydesk.bytes_field(text)")


def test_a_newsroom_from_before_snapshots_says_so_and_its_admin_upgrades_it(newsroom, pages):
    ana = newsroom.desk("Ana")
    ben = newsroom.desk("Ben", admin_desk=ana)
    _as_before_snapshots(newsroom)
    ana.import_story("bridge", references=references(pages))
    ana.sync()  # the import carries the pages its story has when pushed: none yet
    ana.run("fetch", "bridge", "--allow-private")
    done = ana.run("sync")  # it syncs as before, and says why the pages stay here
    assert "the newsroom's schema is older than this Copydesk (no copydesk.snapshots" \
        in done.stderr and "copydesk newsroom upgrade URL --as ADMIN" in done.stderr
    assert "schema is older" in json.loads(ben.sync().stdout)["schema"]
    assert "schema\tolder: the newsroom's schema is older" in ben.run(
        "newsroom", "status").stdout
    assert cited(verdicts(ben, "bridge")) == {"unavailable"}

    refused = ben.run("newsroom", "upgrade", ben.url, "--as", "Ben", "--password-stdin",
                      stdin=ben.password + "\n", ok=None)
    assert refused.returncode == 2
    assert "only an admin upgrades the newsroom (Ben is checker)" in refused.stderr
    upgrade = ("newsroom", "upgrade", ana.url, "--as", "Ana", "--password-stdin")
    assert "upgraded: added copydesk.snapshots" in ana.run(*upgrade,
                                                           stdin=ana.password + "\n").stdout
    assert "already up to date" in ana.run(*upgrade, stdin=ana.password + "\n").stdout
    assert "schema" not in ana.run("newsroom", "status").stdout
    owner = f"copydesk_{newsroom.database}_owner"
    assert newsroom.server(f"SELECT pg_has_role('{newsroom.admin}', '{owner}', 'MEMBER'), "
                           "pg_get_userbyid(relowner) FROM pg_class "
                           "WHERE oid = 'copydesk.snapshots'::regclass") == [["f", owner]]
    assert "permission denied" in newsroom.as_login(
        ben, "INSERT INTO copydesk.snapshots (digest) VALUES ('x')").stderr

    # from now on the pages travel
    ana.run("fetch", "bridge", "--refresh", "--allow-private")
    assert json.loads(ana.sync().stdout)["snapshots_sent"] == 2
    got = json.loads(ben.sync().stdout)
    assert got["snapshots_received"] == 2 and got["schema"] == ""
    assert verdicts(ben, "bridge") == verdicts(ana, "bridge")
