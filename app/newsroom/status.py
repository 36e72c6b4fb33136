"""``newsroom status``: what this desk knows, and what the server says when reachable."""

from __future__ import annotations

from typing import Any

from app.library.db import Library
from app.newsroom.apply import mirrored_head, verify_mirror
from app.newsroom.connection import CopydeskError, connect, hello, load_password
from app.newsroom.desk import pending_count, require_desk
from app.newsroom.passwords import PasswordStore
from app.newsroom.upgrade import missing_tables, older_schema_message

SEEN_WITHIN = "15 minutes"  # a desk seen this recently counts as connected


def newsroom_status(library: Library, store: PasswordStore | None = None) -> dict[str, Any]:
    config = require_desk(library)
    head_seq, head = mirrored_head(library)
    not_applied = [f"{r[0]} on {r[1] or 'the newsroom'}: {r[2]}" for r in library.conn.execute(
        "SELECT e.action, e.story_id, o.effect FROM newsroom_outbox o "
        "JOIN events e ON e.seq = o.event_seq WHERE o.state = 'sent' "
        "AND o.effect NOT IN ('applied', 'recorded') ORDER BY o.event_seq DESC LIMIT 20")]
    checked, problem = verify_mirror(library)
    status: dict[str, Any] = {
        "log_checked": checked, "log_problem": problem,
        "url": config.url, "login": config.login, "reviewer": config.reviewer,
        "role": config.role, "pending": pending_count(library),
        "last_sync_at": config.last_sync_at, "last_sync_result": config.last_sync_result,
        "head_seq": head_seq, "head": head, "not_applied": not_applied,
        "server": "", "desks": [], "schema": "",
    }
    try:
        with connect(config.url, load_password(config.url, store), autocommit=True,
                     timeout_s=3) as conn:
            _, _, role, rule, seq, _ = hello(conn, config.desk_id)
            missing = missing_tables(conn)
            desks = conn.execute(
                "SELECT r.name, r.role, d.last_seen, d.desk FROM copydesk.desks d "
                "JOIN copydesk.reviewers r ON r.login = d.login "
                f"WHERE d.last_seen > now() - interval '{SEEN_WITHIN}' ORDER BY r.name"
            ).fetchall()
    except CopydeskError as error:
        status["server"] = f"unreachable ({error})"
        return status
    except Exception as error:  # the server's own refusal, in its words
        status["server"] = f"refused ({str(error).splitlines()[0]})"
        return status
    status.update(server="online", server_seq=seq, approvals_required=rule, role=role,
                  schema=older_schema_message(missing) if missing else "",
                  desks=[{"name": n, "role": r, "last_seen": s.isoformat(timespec="seconds"),
                          "desk": d, "this_desk": d == config.desk_id}
                         for n, r, s, d in desks])
    return status
