"""Creating a newsroom on its server, and its reviewers.

``create_newsroom`` runs once, as a login that may create roles and schemas (the
newsroom's administrator). It makes two roles that cannot log in, named after the
database: ``copydesk_<db>_owner`` owns every table and function, and
``copydesk_<db>_desk`` is what every reviewer's login is a member of. The
administrator's login keeps no direct right on the tables afterwards: like every
desk, it goes through the functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.newsroom.connection import ROLE_NAME, NewsroomError
from app.newsroom.server_functions import FUNCTIONS, GENESIS, function_privileges
from app.newsroom.server_tables import SCHEMA, TABLES, privileges

REVIEWER_ROLES = ("checker", "editor", "admin")


@dataclass(frozen=True)
class ServerRoles:
    owner: str
    desk: str


def roles_for(database: str) -> ServerRoles:
    stem = re.sub(r"[^a-z0-9_]", "_", database.lower())[:40]
    return ServerRoles(f"copydesk_{stem}_owner", f"copydesk_{stem}_desk")


def schema_exists(conn: Any) -> bool:
    row = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [SCHEMA]).fetchone()
    return row is not None


def create_newsroom(conn: Any, admin_name: str) -> ServerRoles:
    """The schema, its roles and rules, with this login as its first admin; one
    transaction, so a failure leaves the database as it was."""
    from psycopg import errors, sql

    if schema_exists(conn):
        raise NewsroomError("this database already holds a newsroom: join it instead "
                            "(copydesk newsroom join URL --as NAME)")
    database = conn.execute("SELECT current_database()").fetchone()[0]
    roles = roles_for(database)
    owner, desk = sql.Identifier(roles.owner), sql.Identifier(roles.desk)
    try:
        with conn.transaction():
            superuser = conn.execute(
                "SELECT rolsuper FROM pg_roles WHERE rolname = session_user").fetchone()[0]
            for name in (roles.owner, roles.desk):
                if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                    [name]).fetchone():
                    conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
            conn.execute(sql.SQL("GRANT {} TO session_user").format(owner))
            conn.execute(sql.SQL("GRANT {} TO session_user").format(desk))
            conn.execute(sql.SQL("GRANT CREATE ON DATABASE {} TO {}").format(
                sql.Identifier(database), owner))
            conn.execute(f"CREATE SCHEMA {SCHEMA}")
            conn.execute(TABLES)
            conn.execute(FUNCTIONS)
            conn.execute(
                "INSERT INTO copydesk.reviewers (login, name, role, added_by) "
                "VALUES (session_user, %s, 'admin', session_user)", [admin_name])
            conn.execute("INSERT INTO copydesk.rules (approvals_required, changed_by) "
                         "VALUES (1, session_user)")
            conn.execute("INSERT INTO copydesk.chain (id, seq, head) VALUES (1, 0, %s)",
                         [GENESIS])
            owner_text = owner.as_string(conn)
            desk_text = desk.as_string(conn)
            conn.execute(privileges(owner_text, desk_text))
            conn.execute(function_privileges(owner_text, desk_text))
            if not superuser:  # the admin works through the functions like everyone
                conn.execute(sql.SQL("REVOKE {} FROM session_user").format(owner))
    except errors.InsufficientPrivilege as error:
        raise NewsroomError(
            f"the login cannot create a newsroom here ({str(error).splitlines()[0]}); "
            "it needs CREATEROLE and CREATE on the database") from None
    return roles


def add_reviewer(conn: Any, login: str, password: str | None, name: str, role: str) -> None:
    """A reviewer with a login of their own; ``password`` None: the login exists already.

    Only an admin may (the function on the server checks, whatever this desk says).
    """
    from psycopg import errors, sql

    if not ROLE_NAME.fullmatch(login):
        raise NewsroomError(f"{login!r}: a login is lower-case letters, digits and _ "
                            "(at most 63, not starting with a digit)")
    if role not in REVIEWER_ROLES:
        raise NewsroomError(f"{role!r}: a role is one of {', '.join(REVIEWER_ROLES)}")
    database = conn.execute("SELECT current_database()").fetchone()[0]
    desk = sql.Identifier(roles_for(database).desk)
    try:
        with conn.transaction():
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                  [login]).fetchone()
            if password is not None:
                if exists:
                    raise NewsroomError(f"the login {login} exists already; add it with "
                                        "--existing-login")
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(login), sql.Literal(password)))
            elif not exists:
                raise NewsroomError(f"there is no login {login} on the server")
            conn.execute(sql.SQL("GRANT {} TO {}").format(desk, sql.Identifier(login)))
            conn.execute("SELECT copydesk.add_reviewer(%s, %s, %s)", [login, name, role])
    except errors.InsufficientPrivilege as error:
        raise NewsroomError(f"not allowed: {str(error).splitlines()[0]}") from None
    except errors.UniqueViolation:
        raise NewsroomError(f"the newsroom already has a reviewer named {name}") from None


def reviewers(conn: Any) -> list[tuple[str, str, str, bool]]:
    return [tuple(r) for r in conn.execute(  # type: ignore[misc]
        "SELECT login, name, role, active FROM copydesk.reviewers ORDER BY name")]
