"""Fixtures for the core's tests.

``httpserver`` here replaces pytest-httpserver's single-threaded one: the fetcher and
the publishing targets send several requests at once, so the loopback server must
answer them concurrently. One server per module, cleared before each test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    yield srv
    srv.clear()
    srv.stop()


@pytest.fixture
def httpserver(server: HTTPServer) -> HTTPServer:
    server.clear()
    return server
