"""Snapshots fetched or attached after a story's import, travelling between desks.

A ``snapshot`` or ``attach`` event (``app.sources``) says which page text reference
[n] of a story now holds. The newsroom keeps each page text once, under its digest
(a SHA-256 over every field of the snapshot, ``snapshot_digest``), in
``copydesk.snapshots``; the event in the log carries only the digest. So:

- pushing, a desk sends the text only when the newsroom does not hold that digest yet
  (and once per push, however many references share it); the server recomputes the
  digest and refuses a text that does not match it;
- pulling, a desk downloads only the digests its library does not hold already
  (a page it fetched itself, or received before, is never downloaded again), checks
  each against its digest and against the url and sha256 of the event (which the log's
  chain and the desk's signature cover), and refuses the batch when one does not match;
- applying, every desk links, event by event in the newsroom's order, the snapshot to
  the references the event names: the last snapshot event of a reference wins on every
  desk, so every desk checks a story against the same texts.

Only usable snapshots travel: a fetch that failed here says something about this
desk's network, not about the page.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.errors import CopydeskError
from app.library.db import Library
from app.library.snapshots import save_snapshot, snapshot_from_row
from app.model import Snapshot

ACTIONS = ("snapshot", "attach")
# The fields of a snapshot in the order the digest reads them (the server's
# ``copydesk.snapshot_digest`` reads the same, in the same order).
FIELDS = ("url", "final_url", "status", "how", "title", "content_type", "fetched_at",
          "sha256", "reason", "http_status", "author", "published", "text", "html")
TABLE = "copydesk.snapshots"


class BrokenSnapshot(CopydeskError):
    """A snapshot the newsroom sent does not match its digest or its event."""


@dataclass(frozen=True)
class Wanted:
    """A snapshot event in a pulled batch: the digest and what the event says of it."""

    digest: str
    url: str
    sha256: str


def travelling(snapshot: Snapshot | dict[str, Any]) -> dict[str, Any]:
    """The snapshot as it travels: every field, text without NUL characters (PostgreSQL
    text cannot hold them; the digest is of this form on every side)."""
    row = snapshot if isinstance(snapshot, dict) else snapshot.__dict__
    out: dict[str, Any] = {}
    for name in FIELDS:
        value = row.get(name)
        if name == "http_status":
            out[name] = int(value) if value not in (None, "") else None
        else:
            out[name] = str(value or "").replace("\x00", "")
    return out


def snapshot_digest(row: dict[str, Any]) -> str:
    """SHA-256 over the fields as UTF-8, each prefixed with its length in bytes, so
    no character inside a field can make two snapshots digest alike."""
    parts = []
    for name in FIELDS:
        value = row.get(name)
        text = "" if value is None else str(value)
        data = text.encode("utf-8")
        parts.append(str(len(data)).encode() + b":" + data)
    return hashlib.sha256(b"".join(parts)).hexdigest()


def _rows(library: Library, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = library.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def local_snapshot(library: Library, digest: str, url: str, sha256: str) -> int | None:
    """The id of this library's copy of the snapshot with ``digest``, if it has one.
    The library keeps no digest column: the candidates are its snapshots of that url
    with that sha256, digested here (a few rows at most)."""
    for row in _rows(library, "SELECT * FROM snapshots WHERE url = ? AND sha256 = ? "
                     "AND status = 'ok' ORDER BY id DESC", [url, sha256]):
        if snapshot_digest(travelling(row)) == digest:
            return int(row["id"])
    return None


def event_snapshot(library: Library, story_id: str, details: dict[str, Any]
                   ) -> dict[str, Any] | None:
    """The snapshot a local ``snapshot``/``attach`` event is about, in travelling form:
    the copy the reference points at when it is that page (same url and sha256), else
    this library's newest usable copy of it. None for a failed fetch."""
    url, sha256 = details.get("url"), details.get("sha256")
    if details.get("status") != "ok" or not isinstance(url, str) or not isinstance(
            sha256, str) or not sha256:
        return None
    numbers = [n for n in details.get("n", []) if isinstance(n, int)]
    candidates = _rows(
        library,
        "SELECT s.*, 0 AS rank FROM story_references r JOIN snapshots s "
        "ON s.id = r.snapshot_id WHERE r.story_id = ? AND r.n IN (SELECT value FROM "
        "json_each(?)) AND s.url = ? AND s.sha256 = ? AND s.status = 'ok' "
        "UNION ALL SELECT s.*, CASE WHEN s.how IN ('fetched', 'attached') THEN 1 ELSE 2 END "
        "FROM snapshots s WHERE s.url = ? AND s.sha256 = ? AND s.status = 'ok' "
        "ORDER BY rank, id DESC LIMIT 1",
        [story_id, json.dumps(numbers), url, sha256, url, sha256])
    if not candidates:
        return None
    row = travelling(candidates[0])
    return row if row["text"].strip() else None


def attach_to_push(library: Library, conn: Any, events: list[dict[str, Any]],
                   has_table: bool) -> int:
    """Give each snapshot event of a push its digest, and the text of each digest the
    newsroom does not hold yet (once); returns how many texts go up."""
    found: list[tuple[dict[str, Any], dict[str, Any], str]] = []
    for event in events:
        if not has_table or event["action"] not in ACTIONS:
            continue
        try:
            details = json.loads(event["data"] or "{}")
        except ValueError:
            continue
        row = event_snapshot(library, event["story_id"], details) if isinstance(
            details, dict) else None
        if row is not None:
            found.append((event, row, snapshot_digest(row)))
    if not found:
        return 0
    known = {r[0] for r in conn.execute(f"SELECT digest FROM {TABLE} WHERE digest = ANY(%s)",
                                        [sorted({d for _, _, d in found})])}
    sent = 0
    for event, row, digest in found:
        extra = json.loads(event.get("extra") or "{}")
        extra["snapshot_digest"] = digest
        if digest not in known:
            extra["snapshot"] = row
            known.add(digest)
            sent += 1
        event["extra"] = json.dumps(extra, ensure_ascii=False)
    return sent


def wanted(events: Iterable[Any]) -> list[Wanted]:
    """The snapshot events of a pulled batch that the newsroom applied."""
    out = []
    for e in events:
        if e.action not in ACTIONS or e.effect != "applied" or not e.extra:
            continue
        digest = _digest_of(e.extra)
        details = e.details()
        if digest and isinstance(details.get("url"), str):
            out.append(Wanted(digest, details["url"], str(details.get("sha256") or "")))
    return out


def _digest_of(extra: str) -> str:
    try:
        loaded = json.loads(extra)
    except ValueError:
        return ""
    digest = loaded.get("snapshot_digest") if isinstance(loaded, dict) else None
    return digest if isinstance(digest, str) else ""


def download_missing(library: Library, conn: Any, want: Sequence[Wanted]
                     ) -> dict[str, Snapshot]:
    """The snapshots of ``want`` this library lacks, from the newsroom, each checked
    against its digest and its event's url and sha256."""
    missing = {w.digest: w for w in want if local_snapshot(library, w.digest, w.url,
                                                          w.sha256) is None}
    if not missing:
        return {}
    rows = conn.execute(f"SELECT digest, {', '.join(FIELDS)} FROM {TABLE} "
                        "WHERE digest = ANY(%s)", [sorted(missing)]).fetchall()
    received: dict[str, Snapshot] = {}
    for digest, *values in rows:
        row = travelling(dict(zip(FIELDS, values, strict=True)))
        event = missing[digest]
        if snapshot_digest(row) != digest:
            raise BrokenSnapshot(f"the newsroom's snapshot {digest[:12]} of {event.url} does "
                                 "not match its digest: it was altered on the server")
        if row["url"] != event.url or row["sha256"] != event.sha256 or row["status"] != "ok":
            raise BrokenSnapshot(f"the newsroom's snapshot {digest[:12]} is not the page its "
                                 f"event names ({event.url})")
        snapshot = snapshot_from_row(row)
        if snapshot is not None:
            received[digest] = snapshot
    absent = sorted(set(missing) - set(received))
    if absent:
        raise BrokenSnapshot(f"the newsroom's log names snapshot {absent[0][:12]} of "
                             f"{missing[absent[0]].url}, which it does not hold")
    return received


def apply_snapshot(library: Library, e: Any, received: dict[str, Snapshot]) -> str | None:
    """Link the snapshot of one pulled snapshot event to the references it names (inside
    the pull's transaction); the story id when a reference changed."""
    digest = _digest_of(e.extra or "")
    details = e.details()
    url = details.get("url")
    if not digest or not isinstance(url, str):
        return None
    numbers = json.dumps([n for n in details.get("n", []) if isinstance(n, int)])
    where = ("story_id = ? AND url = ? AND n IN (SELECT value FROM json_each(?))",
             [e.story_id, url, numbers])
    if library.conn.execute(f"SELECT 1 FROM story_references WHERE {where[0]}",
                            where[1]).fetchone() is None:
        return None  # a story this library does not hold (or no longer cites that page)
    snapshot_id = local_snapshot(library, digest, url, str(details.get("sha256") or ""))
    if snapshot_id is None:
        snapshot = received.get(digest)
        if snapshot is None:
            return None
        snapshot_id = save_snapshot(library, snapshot)
    changed = library.conn.execute(
        f"UPDATE story_references SET snapshot_id = ? WHERE {where[0]} "
        "AND snapshot_id IS NOT ?", [snapshot_id, *where[1], snapshot_id]).rowcount
    return e.story_id if changed else None
