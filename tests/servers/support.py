"""Test support for publishing: a library with an approved story, a webhook receiver
that can misbehave on purpose, a fault-injecting proxy for real sites, and a keyring
backend that keeps secrets in memory (or in a file a test names) instead of the OS one.
"""

from __future__ import annotations

import http.client
import http.server
import json
import socket
import socketserver
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import workflow
from app.library import Library, import_story
from app.parse import parse_story
from tests.app.helpers import bundle
from tests.newsroom.keyring_file import DeskFileKeyring

REPO = Path(__file__).resolve().parents[2]
SERVERS = Path(__file__).resolve().parent


def approved_story(library: Library, reviewer: str = "ana", settle: bool = True,
                   **overrides: object) -> str:
    """Import the harbour-bridge bundle (or a variant) and approve it; returns its id.

    ``settle``: first waive, with a note, each item the pre-publish gate finds open (its
    sources have no snapshots, which the default policy blocks), as a reviewer who
    checked every citation by hand would; False leaves them open for gate tests."""
    data = bundle(**overrides)
    story = parse_story(json.dumps(data), "story.json")
    result = import_story(library, story, "story.json")
    if settle:
        settle_gate(library, result.story_id, reviewer)
    workflow.approve(library, result.story_id, reviewer, "checked every citation")
    return result.story_id


def settle_gate(library: Library, story_id: str, reviewer: str = "ana") -> None:
    """Waive, with a note, every item the gate finds open on the current revision."""
    from app.publish.gate import check_gate, waive_finding

    for key in dict.fromkeys(i.key for i in check_gate(library, story_id).open):
        waive_finding(library, story_id, key, "checked by hand", reviewer)


# --- a webhook receiver ------------------------------------------------------------------


@dataclass
class Behaviour:
    """What the receiver does with the next requests; tests change it as they go."""

    fail_first: int = 0  # answer 500 to this many requests, before looking at them
    fail_status: int = 500
    fail_ratio: float = 0.0  # answer 503 to this share of requests (deterministic)
    drop_after_accept: int = 0  # accept, then close the connection without an answer
    retry_after: str | None = None
    reject_with: tuple[int, str] | None = None  # (status, message) for every request
    secret: str | None = None  # check X-Copydesk-Signature with this secret


@dataclass
class Receiver:
    behaviour: Behaviour = field(default_factory=Behaviour)
    requests: int = 0
    accepted: Counter = field(default_factory=Counter)  # idempotency key -> times applied
    bodies: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _ratio_acc: float = 0.0

    @property
    def stories(self) -> int:
        """Distinct stories applied (a ``target test`` ping is not a story)."""
        return len([k for k in self.accepted if not k.startswith("ping-")])


class _Handler(http.server.BaseHTTPRequestHandler):
    receiver: Receiver
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once: no 40 ms stalls

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:  # noqa: N802
        import hashlib
        import hmac

        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        r = self.receiver
        b = r.behaviour
        with r.lock:
            r.requests += 1
            if not self.path.startswith("/hook"):  # a URL cut short never reaches the hook
                self._answer(404, {"message": f"no hook at {self.path}"})
                return
            if b.fail_first > 0:
                b.fail_first -= 1
                headers = {"Retry-After": b.retry_after} if b.retry_after else {}
                self._answer(b.fail_status, {"message": "temporarily broken"}, headers)
                return
            if b.fail_ratio:
                r._ratio_acc += b.fail_ratio
                if r._ratio_acc >= 1.0:
                    r._ratio_acc -= 1.0
                    self._answer(503, {"message": "overloaded"})
                    return
            if b.reject_with:
                self._answer(b.reject_with[0], {"message": b.reject_with[1]})
                return
            if b.secret is not None:
                expected = "sha256=" + hmac.new(b.secret.encode(), raw, hashlib.sha256).hexdigest()
                if not hmac.compare_digest(expected, self.headers.get("X-Copydesk-Signature", "")):
                    self._answer(401, {"message": "bad signature"})
                    return
            key = self.headers.get("Idempotency-Key", "")
            if key not in r.accepted:  # a receiver deduplicates on the key
                r.bodies[key] = json.loads(raw)
            r.accepted[key] += 1
            if b.drop_after_accept > 0:
                b.drop_after_accept -= 1
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
        self._answer(200, {"id": key, "url": f"http://receiver.invalid/{key}"})


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class WebhookReceiver:
    """A loopback HTTP server that records webhook deliveries per idempotency key."""

    def __init__(self) -> None:
        self.state = Receiver()
        handler = type("Handler", (_Handler,), {"receiver": self.state})
        self.server = _Server(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- a fault-injecting proxy in front of a real site -------------------------------------


class FaultProxy:
    """Forwards HTTP to a real site, misbehaving on the POSTs a test asks for.

    ``fail_first_posts``: answer 500 to that many POSTs without forwarding them.
    ``drop_after_forward``: forward that many POSTs, then close the client's
    connection without the site's answer (the site did accept it).
    ``down``: refuse to forward anything (answer by closing), like a dead network.
    """

    def __init__(self, upstream: str) -> None:
        parsed = http.client.urlsplit(upstream)
        self.upstream_host = parsed.hostname or "127.0.0.1"
        self.upstream_port = parsed.port or 80
        self.fail_first_posts = 0
        self.drop_after_forward = 0
        self.forwarded_posts = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length", "0") or 0)
                body = self.rfile.read(length) if length else None
                if self.command in ("POST", "PUT") and proxy.fail_first_posts > 0:
                    proxy.fail_first_posts -= 1
                    data = b'{"code":"proxy_fault","message":"injected failure"}'
                    self.send_response(500)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                conn = http.client.HTTPConnection(proxy.upstream_host, proxy.upstream_port,
                                                  timeout=60)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("connection", "keep-alive")}
                headers["Host"] = f"{proxy.upstream_host}:{proxy.upstream_port}"
                conn.request(self.command, self.path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                conn.close()
                if self.command in ("POST", "PUT"):
                    proxy.forwarded_posts += 1
                    if proxy.drop_after_forward > 0:
                        proxy.drop_after_forward -= 1
                        self.close_connection = True
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                self.send_response(response.status)
                for k, v in response.getheaders():
                    if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _forward  # noqa: N815

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- a keyring backend for tests ---------------------------------------------------------


def install_test_keyring(path: Path | None = None) -> None:
    """Make python ``keyring`` use ``FileKeyring`` (at ``path``) or ``MemoryKeyring``."""
    import keyring

    keyring.set_keyring(FileKeyring(path) if path else MemoryKeyring())


def _keyring_base():  # imported late: keyring is only needed where a test uses it
    from keyring.backend import KeyringBackend

    return KeyringBackend


def _classproperty(function):  # keyring's own decorator, imported late
    from keyring.compat import properties

    return properties.classproperty(function)


class MemoryKeyring(_keyring_base()):  # type: ignore[misc]
    # keyring instantiates every backend class it knows while choosing a default;
    # a priority that raises keeps these test backends out of that choice.
    @_classproperty
    def priority(cls) -> float:  # noqa: N805
        raise RuntimeError("test backend: only when set explicitly")

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        import keyring.errors

        if (service, username) not in self.entries:
            raise keyring.errors.PasswordDeleteError(username)
        del self.entries[(service, username)]


class FileKeyring(DeskFileKeyring):
    """A keyring in one JSON file, so that a subprocess sees what the test stored.

    Selected in a child process with PYTHON_KEYRING_BACKEND=tests.servers.support.FileKeyring
    and COPYDESK_TEST_KEYRING=<file>. The file, its lock and its atomic replace are
    ``tests.newsroom.keyring_file``'s, which the desks load without these helpers.
    """
