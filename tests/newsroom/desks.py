"""Desks as separate processes: each runs ``copydesk`` with its own library file,
its own keyring file and its own reviewer name, as a person at their computer would."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.app.helpers import bundle
from tests.newsroom.forkserver import ForkedProcess, ForkServer
from tests.newsroom.pg import Postgres

REPO = Path(__file__).resolve().parents[2]
# Every desk command is a new Python process. With PYTHONDONTWRITEBYTECODE (set where
# these tests run) each one compiled Copydesk's modules from source again; compiled
# once into a cache of this session instead (never into the worktree), a desk process
# starts in about a third less time, and these tests start a few hundred of them.
PYCACHE = tempfile.mkdtemp(prefix="copydesk-desk-pycache-")
atexit.register(shutil.rmtree, PYCACHE, True)
# Desk commands are forked from one interpreter that imported Copydesk already
# (tests/newsroom/forkserver.py says why and how); 1 starts each as a new interpreter.
FRESH = os.environ.get("COPYDESK_TEST_FRESH_DESKS", "") == "1"
_forkserver: ForkServer | None = None


def desk_processes() -> ForkServer:
    global _forkserver
    if _forkserver is None:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        _forkserver = ForkServer({**env, "PYTHONPATH": str(REPO),
                                  "PYTHONPYCACHEPREFIX": PYCACHE})
        atexit.register(_forkserver.stop)
    return _forkserver


@dataclass
class Desk:
    name: str
    login: str
    password: str
    home: Path
    url: str
    fresh: bool = False  # every command a new interpreter (python -m app.cli)

    @property
    def db(self) -> Path:
        return self.home / "library.sqlite3"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        return {**env, "PYTHONPATH": str(REPO), "PYTHONPYCACHEPREFIX": PYCACHE,
                "COPYDESK_DB": str(self.db),
                "PYTHON_KEYRING_BACKEND": "tests.newsroom.keyring_file.DeskFileKeyring",
                "COPYDESK_TEST_KEYRING": str(self.home / "keyring.json"),
                "COPYDESK_REVIEWER": self.name, "XDG_CONFIG_HOME": str(self.home / "config"),
                "XDG_DATA_HOME": str(self.home / "data"), "QT_QPA_PLATFORM": "offscreen"}

    def start(self, *args: str, stdin: str | None = None,
              env: dict[str, str] | None = None) -> subprocess.Popen[str] | ForkedProcess:
        """``copydesk ARGS`` as a process of its own, running while the test goes on."""
        environment = {**self.env(), **(env or {})}
        if not self.fresh and not FRESH:
            return desk_processes().start(list(args), environment, stdin)
        process = subprocess.Popen([sys.executable, "-m", "app.cli", *args],
                                   env=environment,
                                   stdin=subprocess.PIPE if stdin is not None else None,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if stdin is not None:
            assert process.stdin is not None
            process.stdin.write(stdin)
            process.stdin.close()
            process.stdin = None  # communicate() must not write or close it again
        return process

    def script(self, code: str) -> subprocess.CompletedProcess[str]:
        """Python on this desk's library, with the desk's environment (its keyring...)."""
        if not self.fresh and not FRESH:
            forked = desk_processes().start(None, self.env(), code=code)
            out, err = forked.communicate(timeout=180)
            done = subprocess.CompletedProcess(forked.args, forked.returncode, out, err)
        else:
            done = subprocess.run([sys.executable, "-c", code], env=self.env(),
                                  capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        return done

    def run(self, *args: str, stdin: str | None = None,
            ok: bool | None = True) -> subprocess.CompletedProcess[str]:
        """``copydesk ARGS`` as a process of its own, to its end."""
        process = self.start(*args, stdin=stdin)
        out, err = process.communicate(timeout=120)
        done = subprocess.CompletedProcess(process.args, process.returncode, out, err)
        if ok is True:
            assert done.returncode == 0, f"{self.name}: copydesk {' '.join(args)}\n{done.stderr}"
        return done

    def join(self, create: bool = False) -> subprocess.CompletedProcess[str]:
        verb = "init" if create else "join"
        return self.run("newsroom", verb, self.url, "--as", self.name, "--password-stdin",
                        stdin=self.password + "\n")

    def sync(self, ok: bool | None = True) -> subprocess.CompletedProcess[str]:
        return self.run("sync", "--json", ok=ok)

    def import_story(self, story_id: str, **overrides: Any) -> None:
        path = self.home / f"{story_id}.json"
        path.write_text(json.dumps(bundle(id=story_id, **overrides)), encoding="utf-8")
        self.run("import", str(path))

    def approve(self, story_id: str, *extra: str) -> subprocess.CompletedProcess[str]:
        return self.run("review", story_id, "--approve", "--despite-open", *extra)

    def saved(self) -> dict[str, int]:
        """Event id -> local seq of every event this desk saved for the newsroom."""
        return {r[0]: r[1] for r in self.sql("SELECT event_id, event_seq FROM newsroom_outbox")}

    def pending(self) -> int:
        return int(self.sql("SELECT COUNT(*) FROM newsroom_outbox WHERE state = 'pending'")[0][0])

    def sql(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(query, params).fetchall()

    def states(self) -> dict[str, tuple[str, str]]:
        return {r[0]: (r[1], r[2]) for r in self.sql("SELECT id, status, revision FROM stories")}

    def head(self) -> tuple[int, str]:
        row = self.sql("SELECT pulled_seq, head FROM newsroom_desk")[0]
        return int(row[0]), str(row[1])

    def saved_event_ids(self) -> set[str]:
        return {r[0] for r in self.sql("SELECT event_id FROM newsroom_outbox")}


@dataclass
class Newsroom:
    postgres: Postgres
    database: str
    admin: str
    root: Path
    number: int
    desks: list[Desk] = field(default_factory=list)

    def desk(self, name: str, login: str | None = None, role: str = "checker",
             admin_desk: Desk | None = None, cli: bool = False) -> Desk:
        """A desk; the first is the admin's (it creates the newsroom), later ones get a
        login of their own from the admin. ``cli``: through ``copydesk newsroom init /
        add-reviewer / join`` processes; otherwise the same core calls in this process
        (several seconds quicker per desk on a busy machine; the CLI path has its tests)."""
        home = self.root / name
        home.mkdir()
        if admin_desk is None:
            desk = Desk(name, self.admin, f"pw-{self.admin}", home,
                        self.postgres.url(self.admin, self.database), fresh=cli)
            if cli:
                desk.join(create=True)
            else:
                self._join(desk, create=True)
        else:
            login = login or f"{name.lower()}_{self.number}"
            password = f"pw-{login}"
            desk = Desk(name, login, password, home, self.postgres.url(login, self.database),
                        fresh=cli)
            if cli:
                admin_desk.run("newsroom", "add-reviewer", login, "--name", name, "--role",
                               role, "--password-stdin", stdin=password + "\n")
                desk.join()
            else:
                self._add_login(admin_desk, desk, role)
                self._join(desk)
        self.desks.append(desk)
        return desk

    def _add_login(self, admin_desk: Desk, desk: Desk, role: str) -> None:
        from app.newsroom.connection import connect
        from app.newsroom.server import add_reviewer

        with connect(admin_desk.url, admin_desk.password, autocommit=True) as conn:
            add_reviewer(conn, desk.login, desk.password, desk.name, role)

    def _join(self, desk: Desk, create: bool = False) -> None:
        from app.library import Library
        from app.newsroom.desk import join_newsroom

        with Library(desk.db) as library:
            join_newsroom(library, desk.url, desk.password, desk.name, create=create,
                          store=DeskKeyring(desk.home / "keyring.json"))

    def add_desks(self, admin_desk: Desk, names: list[str], roles: list[str]) -> list[Desk]:
        """Several desks at once: their logins made, then their joins run side by side."""
        made = []
        for name, role in zip(names, roles, strict=True):
            home = self.root / name
            home.mkdir()
            login = f"{name.lower()}_{self.number}"
            desk = Desk(name, login, f"pw-{login}", home, self.postgres.url(login, self.database))
            made.append(desk)
            self._add_login(admin_desk, desk, role)
        finish([d.start("newsroom", "join", d.url, "--as", d.name, "--password-stdin",
                        stdin=d.password + "\n") for d in made])
        self.desks += made
        return made

    def server(self, sql: str) -> list[list[str]]:
        out = self.postgres.psql(sql, self.database).stdout
        return [line.split("|") for line in out.splitlines() if line]

    def as_login(self, desk: Desk, sql: str) -> subprocess.CompletedProcess[str]:
        return self.postgres.user_psql(desk.login, desk.password, self.database, sql)


class DeskKeyring:
    """A desk's keyring file as tests.newsroom.keyring_file keeps it, so the
    desk's processes find the password a join in this process stored."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, str]:
        try:
            return dict(json.loads(self.path.read_text()))
        except (OSError, ValueError):
            return {}

    def get(self, key: str) -> str | None:
        return self._load().get(f"copydesk/{key}")

    def set(self, key: str, secret: str) -> None:
        self.path.write_text(json.dumps({**self._load(), f"copydesk/{key}": secret}))

    def delete(self, key: str) -> None:
        data = self._load()
        data.pop(f"copydesk/{key}", None)
        self.path.write_text(json.dumps(data))


def finish(processes: list[subprocess.Popen[str] | ForkedProcess], ok: bool = True
           ) -> list[int]:
    """Wait for processes started with ``Desk.start``; their exit codes."""
    codes = []
    for p in processes:
        out, err = p.communicate(timeout=180)
        if ok:
            assert p.returncode == 0, f"{p.args}\n{err}"
        codes.append(p.returncode)
    return codes


def side_by_side(desks: list[Desk], *args: str, ok: bool = True) -> list[int]:
    """The same command on every desk at once, as a newsroom at work would."""
    return finish([d.start(*args) for d in desks], ok=ok)
