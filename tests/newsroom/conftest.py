"""A real PostgreSQL for the newsroom tests: started once for the session, stopped after.

Each test gets its own database and its own admin login, so tests do not see each
other's newsrooms. Skips with the reason when no server can be had.
"""

from __future__ import annotations

import itertools

import pytest

from tests.newsroom.desks import FRESH, Newsroom, desk_processes
from tests.newsroom.pg import Postgres, PostgresUnavailable, remove, start_postgres

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres() -> Postgres:
    if not FRESH:
        desk_processes()  # starts importing Copydesk while PostgreSQL starts
    try:
        server = start_postgres()
    except PostgresUnavailable as why:
        pytest.skip(f"no PostgreSQL for the newsroom tests: {why}")
    yield server
    remove(server)


@pytest.fixture()
def newsroom(postgres: Postgres, tmp_path) -> Newsroom:
    """An empty database with an admin login ``admin_N`` that may create the newsroom."""
    return make_newsroom(postgres, tmp_path)


@pytest.fixture()
def trio(newsroom):
    """Ana (admin), Ben (editor) and Cy (checker), each desk holding story bridge."""
    ana = newsroom.desk("Ana")
    ben = newsroom.desk("Ben", role="editor", admin_desk=ana)
    cy = newsroom.desk("Cy", admin_desk=ana)  # a checker
    ana.import_story("bridge")
    ana.sync()
    ben.sync()
    cy.sync()
    return newsroom, ana, ben, cy


def make_newsroom(postgres: Postgres, root) -> Newsroom:
    n = next(_numbers)
    database, admin = f"news{n}", f"admin_{n}"
    postgres.psql(f"CREATE DATABASE {database}")
    postgres.psql(f"CREATE ROLE {admin} LOGIN CREATEROLE PASSWORD 'pw-{admin}'")
    postgres.psql(f"GRANT CREATE ON DATABASE {database} TO {admin}")
    return Newsroom(postgres, database, admin, root, n)
