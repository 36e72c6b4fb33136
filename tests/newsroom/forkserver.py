"""Desk processes forked from one interpreter that has already imported Copydesk.

Each desk command in these tests is its own process, with its own environment (its
library file, keyring file, reviewer name), its own stdin, stdout and stderr, its own
pid to kill -9 and its own exit status. What the tests no longer pay for, a few
hundred times per run, is the interpreter's start: importing psycopg, keyring and
Copydesk took about 0.25 s of CPU per command, ten times the work of a typical
``copydesk sync`` here. So a server process imports them once (nothing more: it opens
no library, no connection and no keyring, and reads no desk's environment) and forks
a child per command, which takes that command's environment, runs ``app.cli.main``
with its arguments, runs the exit handlers a normal exit would, and exits.

Set COPYDESK_TEST_FRESH_DESKS=1 to start every desk command as a new interpreter
instead (``python -m app.cli``), as before. Desks made with ``Newsroom.desk(cli=True)``
(``newsroom init``, ``add-reviewer`` and ``join`` run as commands) always start each
of their commands so, so a real start of ``copydesk`` stays tested.

Protocol, over a Unix socket: the client sends its stdin, stdout and stderr pipe ends
(SCM_RIGHTS) with a length-prefixed JSON request ``{"argv": [...], "env": {...}}`` (or
``"code"`` for a script); the server answers the child's pid (8 bytes) at once and
its wait status (8 bytes) when it has exited.
"""

from __future__ import annotations

import array
import contextlib
import gc
import json
import os
import selectors
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PRELOAD = (
    "psycopg", "keyring", "keyring.backend", "keyring.core", "keyring.compat.properties",
    "app.cli", "app.commands.stories", "app.commands.sources", "app.commands.review",
    "app.commands.edit", "app.commands.audit", "app.commands.publish",
    "app.commands.policy", "app.commands.newsroom", "app.newsroom.sync",
    "app.newsroom.status", "app.newsroom.collab", "app.newsroom.server",
    "app.library", "app.audit", "app.check", "app.sources", "app.workflow",
    "tests.newsroom.keyring_file",
)


# --- the server ------------------------------------------------------------------------


def _recv_request(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    fds = array.array("i")
    data, ancillary, _, _ = conn.recvmsg(65536, socket.CMSG_SPACE(3 * fds.itemsize))
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[:len(payload) - len(payload) % fds.itemsize])
    (size,) = struct.unpack("!I", data[:4])
    body = data[4:]
    while len(body) < size:
        more = conn.recv(size - len(body))
        if not more:
            raise ConnectionError("request cut short")
        body += more
    return json.loads(body), list(fds)


def _become(request: dict[str, Any], fds: list[int]) -> int:
    """In the forked child: take the command's stdio and environment, run it; its exit
    code. The interpreter then exits as ``python -m app.cli`` would (threads joined,
    exit handlers run, output flushed)."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.environ.clear()
    os.environ.update(request["env"])
    if "code" in request:
        sys.argv = ["-c"]
        exec(compile(request["code"], "<desk script>", "exec"), {"__name__": "__main__"})
        return 0
    from app.cli import main

    sys.argv = ["copydesk", *request["argv"]]
    return main(list(request["argv"]))


def serve(path: str) -> tuple[dict[str, Any], list[int]]:
    """Fork a child per request, for ever; returns only in a child, with its request."""
    for name in PRELOAD:
        __import__(name)
    # what is imported stays as it is: a child's collections never touch (and so never
    # copy) the server's memory
    gc.freeze()
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # only to wake the loop up
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path + ".new")
    listener.listen(64)
    os.rename(path + ".new", path)  # the path appears once connecting works
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(wake_r, selectors.EVENT_READ)
    waiting: dict[int, socket.socket] = {}
    while True:
        for key, _ in selector.select(timeout=1.0):
            if key.fileobj is listener:
                conn, _ = listener.accept()
                try:
                    request, fds = _recv_request(conn)
                except (OSError, ValueError, ConnectionError):
                    conn.close()
                    continue
                pid = os.fork()
                if pid == 0:  # the child keeps nothing of the server's
                    signal.set_wakeup_fd(-1)
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    for sock in (conn, listener, *waiting.values()):
                        sock.close()
                    selector.close()
                    os.close(wake_r)
                    os.close(wake_w)
                    return request, fds
                for fd in fds:
                    os.close(fd)
                conn.sendall(struct.pack("!q", pid))
                waiting[pid] = conn
            else:
                os.read(wake_r, 4096)
        while waiting:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            conn = waiting.pop(pid, None)
            if conn is not None:
                with contextlib.suppress(OSError):  # the test gave up on it
                    conn.sendall(struct.pack("!q", status))
                conn.close()


# --- the client ------------------------------------------------------------------------


class ForkedProcess:
    """What the tests use of ``subprocess.Popen``: pid, args, returncode, communicate."""

    def __init__(self, path: str, argv: list[str] | None, env: dict[str, str],
                 stdin: str | None, code: str | None = None) -> None:
        self.args = ["copydesk", *(argv or [])] if code is None else ["python", "-c", code]
        self.returncode: int | None = None
        self.stdin = None
        in_r, in_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.connect(path)
        request = {"env": env, **({"code": code} if code is not None else {"argv": argv})}
        body = json.dumps(request).encode()
        message = struct.pack("!I", len(body)) + body
        sent = self._sock.sendmsg([message], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                                               array.array("i", [in_r, out_w, err_w]))])
        if sent < len(message):
            self._sock.sendall(message[sent:])
        for fd in (in_r, out_w, err_w):
            os.close(fd)
        self.pid = struct.unpack("!q", self._read(8, None))[0]
        if stdin:
            # a password line: far below a pipe's buffer. A command that refuses its
            # arguments may exit before reading it; like subprocess.communicate, that is
            # no error of the test's
            with contextlib.suppress(BrokenPipeError):
                os.write(in_w, stdin.encode())
        os.close(in_w)
        self._out, self._err = out_r, err_r

    def _read(self, size: int, deadline: float | None) -> bytes:
        data = b""
        while len(data) < size:
            if deadline is not None:
                self._sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                more = self._sock.recv(size - len(data))
            except TimeoutError:
                raise subprocess.TimeoutExpired(self.args, 0) from None
            if not more:
                raise ConnectionError("the desk process server went away")
            data += more
        return data

    def communicate(self, timeout: float | None = None) -> tuple[str, str]:
        deadline = None if timeout is None else time.monotonic() + timeout
        chunks: dict[int, list[bytes]] = {self._out: [], self._err: []}
        with selectors.DefaultSelector() as selector:
            for fd in chunks:
                selector.register(fd, selectors.EVENT_READ)
            while selector.get_map():
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise subprocess.TimeoutExpired(self.args, timeout or 0)
                for key, _ in selector.select(left):
                    data = os.read(key.fd, 65536)
                    if data:
                        chunks[key.fd].append(data)
                    else:
                        selector.unregister(key.fd)
                        os.close(key.fd)
        status = struct.unpack("!q", self._read(8, deadline))[0]
        self._sock.close()
        self.returncode = os.waitstatus_to_exitcode(status)
        return (b"".join(chunks[self._out]).decode(), b"".join(chunks[self._err]).decode())


class ForkServer:
    """The server process, started on first use, stopped when the test session ends."""

    def __init__(self, env: dict[str, str]) -> None:
        self.folder = tempfile.mkdtemp(prefix="copydesk-desks-")
        self.path = str(Path(self.folder) / "fork.sock")
        self.log = open(Path(self.folder) / "server.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.newsroom.forkserver", self.path], env=env,
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT)
        self.ready = False  # it imports while the caller goes on (PostgreSQL starts)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while not os.path.exists(self.path):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the desk process server did not start; see {self.log.name}")
            time.sleep(0.02)
        self.ready = True

    def start(self, argv: list[str] | None, env: dict[str, str], stdin: str | None = None,
              code: str | None = None) -> ForkedProcess:
        if not self.ready:
            self._wait_ready()
        return ForkedProcess(self.path, argv, env, stdin, code)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)


def _exit(code: object) -> None:
    """End the child as the interpreter's exit would, less tearing down every module
    the server imported (which cost more than most commands' work): non-daemon threads
    joined, exit handlers run (the audit anchors' flush is one), output flushed."""
    import atexit
    import threading

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()  # the public way, sys.exit, would tear everything down
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status & 0xFF)


if __name__ == "__main__":
    request, fds = serve(sys.argv[1])
    try:
        outcome: object = _become(request, fds)
    except SystemExit as done:
        outcome = done.code
    except BaseException:  # noqa: BLE001 - what the interpreter does: traceback, 1
        import traceback

        traceback.print_exc()
        outcome = 1
    _exit(outcome)
