"""A throwaway PostgreSQL from Debian's packages, on loopback, in a temporary directory.

As root the server runs as the ``postgres`` user (initdb refuses root). Logins over
TCP need a password (scram-sha-256), so the tests exercise real authentication; the
superuser works over the Unix socket in the data directory. The package is installed
with apt-get when missing and the session runs as root, like tests/servers/*.sh do.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "postgresql"


class PostgresUnavailable(Exception):
    """No PostgreSQL binaries and no way to install them: the tests skip with this."""


def _bin_dir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def ensure_binaries() -> Path:
    bin_dir = _bin_dir()
    if bin_dir:
        return bin_dir
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise PostgresUnavailable("no PostgreSQL binaries under /usr/lib/postgresql and not "
                                  "root to apt-get install postgresql")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=600)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", PACKAGE],
                   check=True, env=env, timeout=900)
    bin_dir = _bin_dir()
    if not bin_dir:
        raise PostgresUnavailable("apt-get installed postgresql but no initdb was found")
    return bin_dir


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Postgres:
    """One running cluster; ``psql`` runs as its superuser over the socket."""

    bin_dir: Path
    root: Path
    port: int

    @property
    def data(self) -> Path:
        return self.root / "pg"

    def _as_owner(self, *argv: str) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *argv]
        return list(argv)

    def run(self, tool: str, *args: str, check: bool = True,
            input: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self._as_owner(str(self.bin_dir / tool), *args), check=check,
                              capture_output=True, text=True, input=input, timeout=120)

    def start(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "30",
                 "start", "-o", f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 "
                 "-c fsync=off -c max_connections=200")

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def stop_now(self) -> None:
        """An immediate shutdown this very moment: SIGQUIT to the postmaster, as
        ``pg_ctl -m immediate`` sends, without the tens of milliseconds of starting
        pg_ctl (a test that stops the server mid-sync must not give the sync that long)."""
        import signal
        import time

        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGQUIT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.01)
        self.stop("immediate")

    def psql(self, sql: str, database: str = "postgres", check: bool = True
             ) -> subprocess.CompletedProcess[str]:
        """The superuser's psql over the socket (no password)."""
        return self.run("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-h",
                        str(self.data), "-p", str(self.port), "-U", "postgres", "-d", database,
                        "-c", sql, check=check)

    def user_psql(self, login: str, password: str, database: str, sql: str
                  ) -> subprocess.CompletedProcess[str]:
        """psql as a desk would log in: over TCP, with its password."""
        env = {**os.environ, "PGPASSWORD": password}
        return subprocess.run(
            [str(self.bin_dir / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At",
             "-h", "127.0.0.1", "-p", str(self.port), "-U", login, "-d", database, "-c", sql],
            capture_output=True, text=True, env=env, timeout=60, check=False)

    def connect(self, database: str):  # type: ignore[no-untyped-def]
        """The superuser over the socket, from the test process (psycopg)."""
        import psycopg

        return psycopg.connect(host=str(self.data), port=self.port, user="postgres",
                               dbname=database, autocommit=True)

    def url(self, login: str, database: str) -> str:
        return f"postgresql://{login}@127.0.0.1:{self.port}/{database}"


def start_postgres() -> Postgres:
    bin_dir = ensure_binaries()
    root = Path(tempfile.mkdtemp(prefix="copydesk-pg-"))
    os.chmod(root, 0o777)
    data = root / "pg"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    server = Postgres(bin_dir, root, free_port())
    server.run("initdb", "-D", str(data), "-U", "postgres", "--auth-local=trust",
               "--auth-host=scram-sha-256", "--no-sync")
    server.start()
    return server


def remove(server: Postgres) -> None:
    server.stop("immediate")
    shutil.rmtree(server.root, ignore_errors=True)
