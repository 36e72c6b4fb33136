"""This desk's membership of a newsroom: joining, and what it knows of its state.

A library joins at most one newsroom. Joining checks the login against the server
first (the server says which reviewer the login is), then keeps the password in the
keyring and the URL in the library, and queues the library's existing events so the
newsroom receives the stories this desk already has.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.identity import clean_name, same_reviewer
from app.library.db import Library
from app.library.stories import now_iso
from app.newsroom.connection import (
    NewsroomError,
    check_url,
    connect,
    hello,
    login_of,
    save_password,
)
from app.newsroom.passwords import KeyringPasswords, PasswordStore


@dataclass(frozen=True)
class DeskConfig:
    url: str
    login: str
    reviewer: str
    role: str
    desk_id: str
    joined_at: str
    last_sync_at: str
    last_sync_result: str
    pulled_seq: int
    head: str


@dataclass(frozen=True)
class JoinResult:
    url: str
    login: str
    reviewer: str
    role: str
    created: bool
    queued: int  # events of this library queued for the newsroom


def desk_config(library: Library) -> DeskConfig | None:
    row = library.conn.execute(
        "SELECT url, login, reviewer, role, desk_id, joined_at, last_sync_at, "
        "last_sync_result, pulled_seq, head FROM newsroom_desk WHERE id = 1").fetchone()
    return DeskConfig(*row) if row else None


def require_desk(library: Library) -> DeskConfig:
    config = desk_config(library)
    if config is None:
        raise NewsroomError(f"{library.path}: this library has not joined a newsroom "
                            "(copydesk newsroom join URL --as NAME)")
    return config


def pending_count(library: Library) -> int:
    return int(library.conn.execute(
        "SELECT COUNT(*) FROM newsroom_outbox WHERE state = 'pending'").fetchone()[0])


def join_newsroom(library: Library, url: str, password: str, name: str, *, create: bool = False,
                  store: PasswordStore | None = None) -> JoinResult:
    """Join (``create``: first create) the newsroom at ``url`` as reviewer ``name``.

    Nothing is kept unless every step worked: the server knows the login as ``name``,
    the keyring took the password, the library recorded the newsroom.
    """
    from app.newsroom.server import create_newsroom, schema_exists

    url = check_url(url)
    name = clean_name(name)
    current = desk_config(library)
    if current is not None and current.url != url:
        raise NewsroomError(f"{library.path}: this library belongs to the newsroom "
                            f"{current.url.split('@')[-1]} already; a library joins one newsroom")
    desk_id = current.desk_id if current else uuid.uuid4().hex
    with connect(url, password, autocommit=True) as conn:
        if create:
            create_newsroom(conn, name)
        elif not schema_exists(conn):
            raise NewsroomError(f"{url.split('@')[-1]}: no newsroom in this database yet "
                                "(an admin creates it: copydesk newsroom init URL --as NAME)")
        try:
            login, reviewer, role, *_ = hello(conn, desk_id)
        except Exception as error:  # the server's own words: not a reviewer, no rights
            raise NewsroomError(str(error).splitlines()[0]) from None
    if not same_reviewer(reviewer, name):
        raise NewsroomError(f"the newsroom knows the login {login} as reviewer {reviewer!r}, "
                            f"not {name!r}; join --as {reviewer!r}, or ask an admin")
    secrets = store or KeyringPasswords()
    save_password(url, password, secrets)
    try:
        with library.transaction() as db:
            db.execute(
                "INSERT INTO newsroom_desk (id, url, login, reviewer, role, desk_id, joined_at) "
                "VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "reviewer = excluded.reviewer, role = excluded.role",
                [url, login_of(url), reviewer, role, desk_id, now_iso()])
            queued = db.execute(
                "INSERT INTO newsroom_outbox (event_seq, event_id) "
                "SELECT seq, lower(hex(randomblob(16))) FROM events "
                "WHERE seq NOT IN (SELECT event_seq FROM newsroom_outbox) "
                "AND data NOT LIKE '%\"newsroom\":{%' ORDER BY seq").rowcount
    except BaseException:
        if current is None:
            secrets.delete(f"newsroom:{url}")
        raise
    return JoinResult(url, login, reviewer, role, create, max(queued, 0))


def record_sync(library: Library, result: str) -> None:
    with library.transaction() as db:
        db.execute("UPDATE newsroom_desk SET last_sync_at = ?, last_sync_result = ? "
                   "WHERE id = 1", [now_iso(), result])
