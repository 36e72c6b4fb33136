"""Library-wide settings through one get/set pair (as Anki's ``get_config``/``set_config``):
JSON values in the ``settings`` table, each change an audit event (``setting``)."""

from __future__ import annotations

import json
from typing import Any

from app.library.db import Library


def read_setting(library: Library, key: str, default: Any = None) -> Any:
    """The setting's value, or ``default`` when it is missing or unreadable."""
    row = library.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    if not row:
        return default
    try:
        return json.loads(row[0])
    except (TypeError, ValueError):
        return default


def write_setting(library: Library, key: str, value: Any, before: Any, actor: str) -> None:
    """Store ``value`` and its audit event (from ``before``); in the caller's
    transaction when there is one, so the change and its record land together."""
    with library.transaction() as conn:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value, sort_keys=True)],
        )
        from app import audit  # the signed log: keys and signing, for writes only

        audit.append_event(library, story_id="", revision="", actor=actor, action="setting",
                           data={"key": key, "from": before, "to": value})
