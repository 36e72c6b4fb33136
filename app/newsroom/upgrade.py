"""A newsroom created by an older Copydesk, brought up to date.

The schema has grown once since the first newsroom: ``copydesk.snapshots`` (page texts
fetched or attached after an import, ``app.newsroom.snapshots``) and the push that
fills it. A newsroom without it still syncs (its desks keep their fetches to
themselves); ``newsroom status`` and ``sync`` say so, and ``copydesk newsroom upgrade
URL --as ADMIN`` adds what is missing. The upgrade runs as the newsroom's admin, takes
the owner role for the one transaction (a ``CREATEROLE`` login may, as ``init`` did)
and gives it up again; run twice, it changes nothing the second time.
"""

from __future__ import annotations

from typing import Any

from app.identity import clean_name, same_reviewer
from app.newsroom.connection import NewsroomError
from app.newsroom.server_functions import FUNCTIONS, function_privileges
from app.newsroom.server_tables import SCHEMA, TABLES

# The tables added since the first newsroom, each with the statement that makes it.
ADDED_TABLES = ("snapshots",)


def missing_tables(conn: Any) -> list[str]:
    """The tables of this Copydesk's schema the newsroom does not have."""
    return [t for t in ADDED_TABLES if conn.execute(
        "SELECT to_regclass(%s) IS NULL", [f"{SCHEMA}.{t}"]).fetchone()[0]]


def older_schema_message(missing: list[str]) -> str:
    """One line for a newsroom whose schema is older than this Copydesk."""
    return (f"the newsroom's schema is older than this Copydesk (no {SCHEMA}."
            f"{', '.join(missing)}: pages fetched or attached after an import stay on "
            "the desk that fetched them); its admin upgrades it with "
            "`copydesk newsroom upgrade URL --as ADMIN`")


def _table_sql(table: str) -> str:
    """The CREATE TABLE statement of ``table`` in ``TABLES``, with its trigger."""
    start = TABLES.index(f"CREATE TABLE {SCHEMA}.{table} (")
    end = TABLES.index(f"CREATE TABLE {SCHEMA}.", start + 1)
    return TABLES[start:end]


def upgrade_newsroom(conn: Any, name: str) -> list[str]:
    """Add the missing tables and bring every function up to date, as the admin
    ``name``; the tables added (empty: it was up to date, and nothing changed)."""
    from psycopg import errors, sql

    from app.newsroom.server import roles_for

    name = clean_name(name)
    row = conn.execute(f"SELECT name, role FROM {SCHEMA}.reviewers "
                       "WHERE login = session_user AND active").fetchone()
    if row is None:
        raise NewsroomError("this login is not a reviewer of the newsroom")
    if not same_reviewer(str(row[0]), name):
        raise NewsroomError(f"this login is {row[0]} in the newsroom, not {name}")
    if row[1] != "admin":
        raise NewsroomError(f"only an admin upgrades the newsroom ({row[0]} is {row[1]})")
    missing = missing_tables(conn)
    if not missing:
        return []
    database = conn.execute("SELECT current_database()").fetchone()[0]
    roles = roles_for(database)
    owner, desk = sql.Identifier(roles.owner), sql.Identifier(roles.desk)
    try:
        with conn.transaction():
            member = conn.execute("SELECT pg_has_role(session_user, %s, 'MEMBER')",
                                  [roles.owner]).fetchone()[0]
            if not member:
                conn.execute(sql.SQL("GRANT {} TO session_user").format(owner))
            conn.execute(sql.SQL("SET LOCAL ROLE {}").format(owner))
            owner_text, desk_text = owner.as_string(conn), desk.as_string(conn)
            for table in missing:
                conn.execute(_table_sql(table))
                name_sql = f"{SCHEMA}.{table}"
                conn.execute(f"REVOKE ALL ON {name_sql} FROM PUBLIC; "
                             f"GRANT SELECT ON {name_sql} TO {desk_text}; "
                             f"ALTER TABLE {name_sql} ENABLE ROW LEVEL SECURITY; "
                             f"CREATE POLICY desks_read ON {name_sql} FOR SELECT "
                             f"TO {desk_text} USING (true);")
            # the push of the older schema knows nothing of the new tables
            conn.execute(FUNCTIONS.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
            conn.execute(function_privileges(owner_text, desk_text))
            conn.execute("RESET ROLE")
            if not member:
                conn.execute(sql.SQL("REVOKE {} FROM session_user").format(owner))
    except errors.InsufficientPrivilege as error:
        raise NewsroomError(f"the login cannot upgrade the newsroom "
                            f"({str(error).splitlines()[0]})") from None
    return missing
