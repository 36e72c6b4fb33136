"""Reaching the newsroom's PostgreSQL: a URL without a secret, a password in the keyring.

The URL (``postgresql://login@host:port/database``) is kept in the library; the
password only in the OS keyring (service ``copydesk``, entry ``newsroom:<URL>``). A URL
that carries a password is refused: it would end up in shell history, in the library
file and in every message that names the newsroom.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlsplit

from app.errors import CopydeskError
from app.newsroom.passwords import KeyringPasswords, PasswordStore

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT_S = 5
_SECRET_PARAMS = {"password", "passfile", "sslpassword", "sslkey"}
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class NewsroomError(CopydeskError):
    """Something about the newsroom that the user must fix (URL, login, schema)."""


class NewsroomOffline(CopydeskError):
    """The newsroom's server cannot be reached now; work goes on locally."""


def check_url(url: str) -> str:
    """The URL as kept: it names a login, a host and a database, and holds no secret."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise NewsroomError(f"{url}: not a PostgreSQL URL ({error})") from None
    if parts.scheme not in ("postgresql", "postgres"):
        raise NewsroomError(f"{_shown(url)}: a newsroom URL starts with postgresql://")
    if parts.password is not None:
        raise NewsroomError(
            "the newsroom URL carries a password: give it without one "
            "(postgresql://login@host/database); the password is asked for, or read "
            "with --password-stdin, and kept only in the keyring")
    secret = {k for k, _ in parse_qsl(parts.query)} & _SECRET_PARAMS
    if secret:
        raise NewsroomError(f"the newsroom URL carries {', '.join(sorted(secret))}: "
                            "give it without; secrets go only to the keyring")
    if not parts.username:
        raise NewsroomError(f"{url}: the URL must name your login (postgresql://login@host/db)")
    if not parts.hostname or not parts.path.strip("/"):
        raise NewsroomError(f"{url}: the URL must name a host and a database")
    del port
    return url


def _shown(url: str) -> str:
    return url.split("@")[-1]


def login_of(url: str) -> str:
    return unquote(urlsplit(url).username or "")


def secret_key(url: str) -> str:
    return f"newsroom:{url}"


def save_password(url: str, password: str, store: PasswordStore | None = None) -> None:
    (store or KeyringPasswords()).set(secret_key(url), password)


def load_password(url: str, store: PasswordStore | None = None) -> str:
    password = (store or KeyringPasswords()).get(secret_key(url))
    if password is None:
        raise NewsroomError(
            f"no password for the newsroom {_shown(url)} in the keyring: "
            "join it again (copydesk newsroom join URL --as NAME)")
    return password


def connect(url: str, password: str, *, timeout_s: int = CONNECT_TIMEOUT_S,
            **options: Any) -> psycopg.Connection[Any]:
    """A connection, or ``NewsroomOffline`` / ``NewsroomError`` in one readable line."""
    psycopg = _psycopg()
    try:
        return psycopg.connect(url, password=password, connect_timeout=timeout_s,
                               application_name="copydesk", **options)
    except psycopg.OperationalError as error:
        text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        if "password authentication failed" in text or "no password supplied" in text:
            raise NewsroomError(f"the newsroom {_shown(url)} refused the login "
                                f"{login_of(url)}: wrong password") from None
        if "does not exist" in text:
            raise NewsroomError(f"the newsroom {_shown(url)}: {text}") from None
        raise NewsroomOffline(f"the newsroom {_shown(url)} cannot be reached ({text})") from None


def _psycopg() -> Any:
    """psycopg, or one line on what is missing. pip installs its binary build (libpq
    inside); the desktop bundle leaves that out (10 MB) and uses the system's libpq."""
    try:
        import psycopg
    except ImportError as error:
        raise NewsroomError(
            "a newsroom needs PostgreSQL's client library, libpq: install it "
            f"(Debian/Ubuntu: apt install libpq5; macOS: brew install libpq) ({error})"
        ) from None
    return psycopg


def is_offline_error(error: BaseException) -> bool:
    """A dropped connection mid-work (the server stopped, the network went)."""
    import psycopg

    return isinstance(error, psycopg.OperationalError | psycopg.InterfaceError)


def hello(conn: psycopg.Connection[Any], desk_id: str) -> tuple[str, str, str, int, int, str]:
    """(login, reviewer name, role, approvals required, log seq, log head) from the
    server, which also notes this desk as seen now."""
    row = conn.execute("SELECT * FROM copydesk.hello(%s)", [desk_id]).fetchone()
    if row is None:  # the function returns one row whenever it does not raise
        raise NewsroomError("the newsroom did not say who this login is")
    login, name, role, rule, seq, head = row
    return str(login), str(name), str(role), int(rule), int(seq), str(head)
