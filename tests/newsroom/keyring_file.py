"""The desks' keyring: one JSON file per desk, as ``tests.servers.support.FileKeyring``
keeps it (same keys ``service/username``, same lock file, same atomic replace).

A module of its own because every desk command is a new process that loads its
keyring backend: ``tests.servers.support`` brings the publishing helpers with it (the
workflow, the parsers, an HTTP server), about a fifth of a desk process's start-up,
paid some two hundred times per run of tests/newsroom. This one imports only keyring.
Selected with PYTHON_KEYRING_BACKEND=tests.newsroom.keyring_file.DeskFileKeyring and
COPYDESK_TEST_KEYRING=<file>.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.compat import properties


class DeskFileKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805
        if not os.environ.get("COPYDESK_TEST_KEYRING"):
            raise RuntimeError("test backend: set COPYDESK_TEST_KEYRING")
        return 1.0

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self.path = Path(path or os.environ["COPYDESK_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            return dict(json.loads(self.path.read_text()))
        except (OSError, ValueError):
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._locked():
            data = self._load()
            data[f"{service}/{username}"] = password
            self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        with self._locked():
            data = self._load()
            data.pop(f"{service}/{username}", None)
            self._save(data)

    # Several processes of one desk may write at once (audit anchors, keys): one
    # writer at a time, and a reader never sees a half-written file.
    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _save(self, data: dict[str, str]) -> None:
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data))
        os.replace(temporary, self.path)
