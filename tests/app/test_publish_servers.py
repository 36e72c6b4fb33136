"""Publishing to real sites on loopback: WordPress (Debian packages) and Ghost 6 (npm).

The servers are started once per test session by tests/servers/*_up.sh and stopped
after. Where the machine cannot run them (not root, no apt-get) the tests are skipped
with the reason, except under CI=true, where that is a failure: a broken server must
not turn into "ran no test". Ghost's cold install takes about two minutes, so it runs
under CI=true, with COPYDESK_TEST_GHOST=1, or where its installed tree is already there
(warm start ~5 s); COPYDESK_TEST_GHOST=0 leaves it out. COPYDESK_TEST_SERVERS=0 leaves
out both servers (nothing installed, nothing started; the tests say they were skipped),
COPYDESK_TEST_WORDPRESS=0 WordPress alone; these switches hold under CI=true too.

Also here, because they need a real site: the fault cases through a misbehaving proxy
in front of WordPress, a sender SIGKILLed between sending and recording, and the
search of the library file, logs and export folder for the secret.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app import workflow
from app.library import Library, import_story
from app.parse import load_story_file
from app.publish import outbox as ob
from app.publish.gate import check_gate, waive_finding
from app.publish.secrets import MemorySecretStore
from app.publish.targets import TargetConfig
from app.publish.targets_store import save_target, test_target
from tests.servers.support import REPO, SERVERS, FaultProxy

IN_CI = os.environ.get("CI", "").lower() == "true"
SAMPLE = REPO / "resources" / "samples" / "britain-cafe-culture.json"
GHOST_HOME = Path(os.environ.get("GHOST_HOME", "/tmp/copydesk-ghost"))  # installed tree, kept
FAST = ob.Backoff(base=0.05, cap=0.2)


def _switched_off(server: str) -> str:
    """Why ``server`` is left out by the user's switch, or ""."""
    for switch in ("COPYDESK_TEST_SERVERS", f"COPYDESK_TEST_{server.upper()}"):
        if os.environ.get(switch, "") == "0":
            return f"{server}: {switch}=0 (real test servers switched off)"
    return ""


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"real server unavailable in CI: {reason}")
    pytest.skip(reason)


def _can_install(packages_present: bool) -> str:
    if packages_present:
        return ""
    if not shutil.which("apt-get"):
        return "no apt-get on this machine (Debian/Ubuntu needed for the test servers)"
    if os.geteuid() != 0:
        return "not root: cannot install the test servers' packages"
    return ""


def _free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _start(script: str, state: Path, timeout: int, env: dict[str, str]) -> dict[str, str]:
    started = time.monotonic()
    result = subprocess.run(["bash", str(SERVERS / script)], capture_output=True, text=True,
                            timeout=timeout, env={**os.environ, **env}, check=False)
    if result.returncode != 0:
        _unavailable(f"{script} failed ({result.returncode}): "
                     f"{(result.stderr or result.stdout).strip()[-600:]}")
    values = dict(line.split("=", 1) for line in (state / "env").read_text().splitlines()
                  if "=" in line)
    print(f"\n{result.stdout.strip()} (fixture {time.monotonic() - started:.0f} s)")
    return values


@pytest.fixture(scope="session")
def wordpress(tmp_path_factory):
    if off := _switched_off("wordpress"):
        pytest.skip(off)
    present = subprocess.run(["dpkg", "-s", "wordpress", "php-cli", "php-mysql",
                              "mariadb-server"], capture_output=True, check=False).returncode == 0
    reason = _can_install(present)
    if reason:
        _unavailable(reason)
    # Its own loopback address, port and database: test runs may overlap on one machine.
    host = f"127.0.0.{2 + os.getpid() % 250}"
    state = tmp_path_factory.mktemp("wordpress")
    env = {"WP_STATE": str(state), "WP_HOST": host, "WP_PORT": str(_free_port(host))}
    values = _start("wordpress_up.sh", state, 900, env)
    yield values
    subprocess.run(["bash", str(SERVERS / "wordpress_down.sh")], check=False,
                   env={**os.environ, **env}, timeout=60)


def ghost_wanted() -> str:
    """Why Ghost is not run here, or "" when it is."""
    wanted = os.environ.get("COPYDESK_TEST_GHOST", "")
    if off := _switched_off("ghost"):
        return off
    if wanted == "1" or IN_CI or (GHOST_HOME / "app" / ".copydesk-installed").exists():
        return ""
    return ("Ghost: the first install takes ~2-4 min; set COPYDESK_TEST_GHOST=1 to run it "
            "(it runs by default under CI=true, and wherever it is already installed)")


@pytest.fixture(scope="session")
def ghost(tmp_path_factory):
    reason = ghost_wanted()
    if reason:
        pytest.skip(reason)
    if not shutil.which("npm"):
        _unavailable("Ghost needs npm (Node.js) to install")
    state = tmp_path_factory.mktemp("ghost")
    env = {"GHOST_STATE": str(state), "GHOST_HOME": str(GHOST_HOME),
           "GHOST_PORT": str(_free_port())}
    values = _start("ghost_up.sh", state, 1500, env)
    yield values
    subprocess.run(["bash", str(SERVERS / "ghost_down.sh")], check=False,
                   env={**os.environ, **env}, timeout=60)


def approved_sample(library: Library, reviewer: str = "ana", story_id: str = "") -> str:
    """The bundled sample, reviewed as a desk would: each open item settled with a
    note, then approved. ``story_id`` makes a distinct story (a distinct post)."""
    story = load_story_file(str(SAMPLE))
    if story_id:
        from dataclasses import replace

        story = replace(story, id=story_id)
    sid = import_story(library, story, SAMPLE.name).story_id
    workflow.start_review(library, sid, reviewer)
    # the citations first (one override each settles all its items), then what is left
    citations = {(i.claim_index, i.n) for i in check_gate(library, sid).open
                 if i.claim_index is not None and i.n is not None}
    for claim_index, n in sorted(citations):  # type: ignore[type-var]
        workflow.override_verdict(library, sid, workflow.story_state(library, sid).revision,
                                  claim_index, n, "partial",
                                  "checked against the full source by phone", reviewer)
    for key in dict.fromkeys(i.key for i in check_gate(library, sid).open):
        waive_finding(library, sid, key, "accepted by the desk editor", reviewer)
    workflow.approve(library, sid, reviewer, "fact-checked")
    return sid


@pytest.fixture()
def library(tmp_path):
    with Library(tmp_path / "library.sqlite3") as lib:
        yield lib


def wp_posts(env: dict[str, str], slug: str) -> list[dict]:
    response = httpx.get(env["WP_URL"] + "/", params={
        "rest_route": "/wp/v2/posts", "slug": slug, "status": "any", "context": "edit"},
        auth=(env["WP_USER"], env["WP_APP_PASSWORD"]), timeout=30)
    response.raise_for_status()
    return response.json()


def slug_of(library: Library, row_id: int) -> str:
    return ob.frozen_payload(library, row_id)["slug"]


def wordpress_target(library, env, name="wp", url=None, secret=None):
    save_target(library, TargetConfig(name, "wordpress", url or env["WP_URL"], env["WP_USER"],
                                      {"status": "publish"}))
    return MemorySecretStore({name: secret or env["WP_APP_PASSWORD"]})


# --- WordPress ---------------------------------------------------------------------------


def test_an_approved_sample_is_published_to_wordpress_and_read_back(library, wordpress):
    secrets = wordpress_target(library, wordpress)
    assert "signed in" in test_target(library, "wp", secrets)
    sid = approved_sample(library)
    row = ob.enqueue_export(library, sid, "wp", "ana").row
    report = ob.send_pending(library, secrets, backoff=FAST)
    assert report.sent == 1, ob.outbox_rows(library)
    posts = wp_posts(wordpress, slug_of(library, row.id))
    assert len(posts) == 1
    post = posts[0]
    payload = ob.frozen_payload(library, row.id)
    assert post["title"]["raw"] == payload["title"]
    assert post["status"] == "publish"
    assert 'href="#ref-1"' in post["content"]["raw"] and 'id="ref-1"' in post["content"]["raw"]
    assert post["content"]["raw"] == payload["html"]
    assert ob.outbox_rows(library)[0].remote_url == post["link"]
    assert workflow.story_state(library, sid).status == "published"
    # read back as the public reads it: the citation anchors survive WordPress' filters
    public = httpx.get(wordpress["WP_URL"] + "/", params={
        "rest_route": f"/wp/v2/posts/{post['id']}"}, timeout=30)
    assert public.status_code == 200
    rendered = public.json()["content"]["rendered"]
    assert 'id="ref-1"' in rendered and 'href="#ref-1"' in rendered


def test_wordpress_500s_then_a_dropped_connection_leave_exactly_one_post(library, wordpress):
    with FaultProxy(wordpress["WP_URL"]) as proxy:
        secrets = wordpress_target(library, wordpress, url=proxy.url)
        sid = approved_sample(library, story_id="faults-500-drop")
        row = ob.enqueue_export(library, sid, "wp", "ana").row
        proxy.fail_first_posts = 2  # the server fails the first requests with 500
        proxy.drop_after_forward = 1  # then accepts the post and the connection drops
        report = ob.send_pending(library, secrets, backoff=FAST, wait_for_retries=True,
                                 max_wait=60)
    assert report.sent == 1
    final = ob.outbox_rows(library)[0]
    assert final.state == "sent" and final.attempts == 4
    assert len(wp_posts(wordpress, slug_of(library, row.id))) == 1


def test_wordpress_wrong_password_tells_the_user_and_keeps_the_export(library, wordpress):
    secrets = wordpress_target(library, wordpress, secret="abcd efgh ijkl mnop qrst uvwx")
    sid = approved_sample(library, story_id="faults-401")
    row = ob.enqueue_export(library, sid, "wp", "ana").row
    report = ob.send_pending(library, secrets, backoff=FAST)
    parked = ob.outbox_rows(library)[0]
    assert report.needs_credentials == 1 and parked.state == "needs_credentials"
    assert "credentials" in parked.last_error and "abcd" not in parked.last_error
    assert workflow.story_state(library, sid).status == "export_failed"
    assert wp_posts(wordpress, slug_of(library, row.id)) == []
    # the right password is saved: the parked export goes out, once
    ob.resume_target(library, "wp", "ana")
    right = MemorySecretStore({"wp": wordpress["WP_APP_PASSWORD"]})
    assert ob.send_pending(library, right, backoff=FAST).sent == 1
    assert len(wp_posts(wordpress, slug_of(library, row.id))) == 1
    assert workflow.story_state(library, sid).status == "published"


def test_network_down_while_approving_then_back(library, wordpress):
    with FaultProxy(wordpress["WP_URL"]) as proxy:
        port = proxy.port
    # the proxy is gone: nothing listens on its port, like a laptop on a plane
    secrets = wordpress_target(library, wordpress, url=f"http://127.0.0.1:{port}")
    sid = approved_sample(library, story_id="faults-offline")
    row = ob.enqueue_export(library, sid, "wp", "ana").row
    for _ in range(3):
        assert ob.send_pending(library, secrets, backoff=ob.Backoff(0, 0)).retrying == 1
    waiting = ob.outbox_rows(library)[0]
    assert waiting.state == "pending" and "could not reach" in waiting.last_error
    # back online (the same address answers again)
    from tests.servers.support import _Server

    proxy = FaultProxy(wordpress["WP_URL"])
    proxy.server.server_close()
    proxy.server = _Server(("127.0.0.1", port), proxy.server.RequestHandlerClass)
    import threading

    proxy.thread = threading.Thread(target=proxy.server.serve_forever, daemon=True)
    with proxy:
        assert ob.send_pending(library, secrets, backoff=FAST).sent == 1
    assert len(wp_posts(wordpress, slug_of(library, row.id))) == 1


KILLER = """
import os, signal, sys
sys.path.insert(0, {repo!r})
from app.library import Library
from app.publish import outbox as ob
from app.publish.secrets import MemorySecretStore

def die(*args, **kwargs):  # the post is on the site; the process dies before recording it
    os.kill(os.getpid(), signal.SIGKILL)

from app.publish.outbox import sender
sender._record_sent = die
library = Library({db!r})
ob.send_pending(library, MemorySecretStore({{"wp": {pw!r}}}))
"""


def test_sender_killed_between_sending_and_recording(library, wordpress, tmp_path):
    secrets = wordpress_target(library, wordpress)
    sid = approved_sample(library, story_id="faults-sigkill")
    row = ob.enqueue_export(library, sid, "wp", "ana").row
    script = KILLER.format(repo=str(REPO), db=str(library.path), pw=wordpress["WP_APP_PASSWORD"])
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120,
                           check=False)
    assert child.returncode == -signal.SIGKILL, child.stderr
    stuck = ob.outbox_rows(library)[0]
    assert stuck.state == "sending"  # nothing lost: the row is still there
    assert len(wp_posts(wordpress, slug_of(library, row.id))) == 1  # and the post is up
    report = ob.send_pending(library, secrets, backoff=FAST)  # the next run repairs it
    assert report.recovered == 1 and report.sent == 1
    assert len(wp_posts(wordpress, slug_of(library, row.id))) == 1
    assert workflow.story_state(library, sid).status == "published"


def test_the_secret_is_nowhere_but_the_keyring(wordpress, tmp_path):
    """CLI end to end with a file-backed keyring; then grep everything else."""
    keyring_file = tmp_path / "keyring.json"
    db = tmp_path / "lib.sqlite3"
    exports = tmp_path / "exports"
    logs = tmp_path / "logs"
    logs.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO), "COPYDESK_DB": str(db),
           "PYTHON_KEYRING_BACKEND": "tests.servers.support.FileKeyring",
           "COPYDESK_TEST_KEYRING": str(keyring_file), "COPYDESK_REVIEWER": "ana",
           "XDG_STATE_HOME": str(logs), "XDG_CACHE_HOME": str(logs)}
    secret = wordpress["WP_APP_PASSWORD"]
    cli = [sys.executable, "-m", "app.cli"]

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([*cli, *args], input=stdin, capture_output=True, text=True,
                                env=env, timeout=300, check=False)
        (logs / "cli.log").open("a").write(result.stdout + result.stderr)
        return result

    with Library(db) as library:
        sid = approved_sample(library, story_id="secret-search")
    added = run("target", "add", "wp", "--kind", "wordpress", "--url", wordpress["WP_URL"],
                "--user", wordpress["WP_USER"], "--status", "draft", "--password-stdin",
                stdin=secret + "\n")
    assert added.returncode == 0, added.stderr
    assert run("target", "add", "drop", "--kind", "folder", "--url", str(exports)).returncode == 0
    assert run("target", "test", "wp").returncode == 0
    assert run("export", sid, "--target", "wp").returncode == 0
    assert run("export", sid, "--target", "drop").returncode == 0
    sent = run("outbox", "--send")
    assert sent.returncode == 0, sent.stderr
    assert run("target", "test", "wp").returncode == 0
    kept = json.loads(keyring_file.read_text())  # besides the desk's audit anchor
    assert {k: v for k, v in kept.items() if k.startswith("copydesk/")} == {"copydesk/wp": secret}
    assert all(secret not in v for k, v in kept.items() if k != "copydesk/wp")
    compact = secret.replace(" ", "")
    looked_at = 0
    for folder in (tmp_path,):
        for path in folder.rglob("*"):
            if path.is_file() and path != keyring_file:
                data = path.read_bytes()
                looked_at += 1
                for needle in (secret, compact, secret.split()[0] + " " + secret.split()[1]
                               if " " in secret else secret):
                    assert needle.encode() not in data, f"secret found in {path}"
    assert looked_at >= 5  # the db (+ wal), the log, story.md, story.html, manifest.json
    assert (exports).exists() and any(exports.rglob("manifest.json"))


# --- Ghost -------------------------------------------------------------------------------


def test_an_approved_sample_is_published_to_ghost_and_read_back(library, ghost):
    from app.publish.targets.ghost import admin_token

    save_target(library, TargetConfig("ghost", "ghost", ghost["GHOST_URL"], "",
                                      {"status": "published"}))
    secrets = MemorySecretStore({"ghost": ghost["GHOST_ADMIN_API_KEY"]})
    assert "accepted" in test_target(library, "ghost", secrets)
    sid = approved_sample(library)
    row = ob.enqueue_export(library, sid, "ghost", "ana").row
    report = ob.send_pending(library, secrets, backoff=FAST)
    assert report.sent == 1, ob.outbox_rows(library)
    slug = slug_of(library, row.id)
    response = httpx.get(f"{ghost['GHOST_URL']}/ghost/api/admin/posts/slug/{slug}/",
                         params={"formats": "html"},
                         headers={"Authorization": "Ghost " + admin_token(
                             ghost["GHOST_ADMIN_API_KEY"])}, timeout=30)
    response.raise_for_status()
    post = response.json()["posts"][0]
    assert post["title"] == ob.frozen_payload(library, row.id)["title"]
    assert post["status"] == "published"
    assert 'id="ref-1"' in post["html"] and 'href="#ref-1"' in post["html"]
    # a second delivery (a crash before recording) updates, never duplicates
    library.conn.execute("UPDATE outbox SET state = 'pending' WHERE id = ?", [row.id])
    library.conn.execute("UPDATE publications SET remote_id = '' WHERE story_id = ?", [sid])
    assert ob.send_pending(library, secrets, backoff=FAST).sent == 1
    listing = httpx.get(f"{ghost['GHOST_URL']}/ghost/api/admin/posts/",
                        params={"filter": f"slug:~'{slug}'", "fields": "id,slug"},
                        headers={"Authorization": "Ghost " + admin_token(
                            ghost["GHOST_ADMIN_API_KEY"])}, timeout=30).json()["posts"]
    assert [p["slug"] for p in listing] == [slug]


def test_ghost_connection_dropped_after_acceptance_leaves_one_post(library, ghost):
    from app.publish.targets.ghost import admin_token

    with FaultProxy(ghost["GHOST_URL"]) as proxy:
        save_target(library, TargetConfig("ghost", "ghost", proxy.url, "", {}))
        secrets = MemorySecretStore({"ghost": ghost["GHOST_ADMIN_API_KEY"]})
        sid = approved_sample(library, story_id="ghost-faults")
        row = ob.enqueue_export(library, sid, "ghost", "ana").row
        proxy.fail_first_posts = 1
        proxy.drop_after_forward = 1
        report = ob.send_pending(library, secrets, backoff=FAST, wait_for_retries=True,
                                 max_wait=60)
    assert report.sent == 1
    slug = slug_of(library, row.id)
    found = httpx.get(f"{ghost['GHOST_URL']}/ghost/api/admin/posts/",
                      params={"filter": f"slug:~'{slug}'", "fields": "id,slug,status"},
                      headers={"Authorization": "Ghost " + admin_token(
                          ghost["GHOST_ADMIN_API_KEY"])}, timeout=30).json()["posts"]
    assert [p["slug"] for p in found] == [slug] and found[0]["status"] == "draft"
