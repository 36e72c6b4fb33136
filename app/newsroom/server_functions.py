"""The newsroom's rules, written in the database as functions owned by the schema.

A desk can only call these. ``push`` takes a desk's events, applies each one to the
newsroom's stories by the rules in ``server_push`` and appends it to the one
hash-chained log, all under one lock so the log is a single line. The reviewer is
``session_user`` (the role the desk logged in as): the name a desk sends is kept as
``claimed_actor`` and never counts. The effects recorded with each event are listed in
``server_push``.

This module assembles the SQL and the privileges: ``FUNCTIONS`` runs the shared helpers
below (hashing, the caller's role, the rule in force, appending to the log), then
``server_push`` (``push``, ``apply_event``), then ``server_reviewers`` (``hello``,
``add_reviewer``, ``open_story``).
"""

from __future__ import annotations

from app.newsroom.server_push import PUSH_FUNCTIONS
from app.newsroom.server_reviewers import REVIEWER_FUNCTIONS

GENESIS = "0" * 64

SHARED_FUNCTIONS = r"""
CREATE FUNCTION copydesk.field(value text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT length(value)::text || ':' || value $$;

-- Length-prefixed fields: no separator inside a note can make two events hash alike.
CREATE FUNCTION copydesk.event_hash(prev text, seq bigint, event_id text, login text,
    actor text, story_id text, revision text, action text, note text, at text, data text,
    effect text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(
        copydesk.field(prev) || copydesk.field(seq::text) || copydesk.field(event_id) ||
        copydesk.field(login) || copydesk.field(actor) || copydesk.field(story_id) ||
        copydesk.field(revision) || copydesk.field(action) || copydesk.field(note) ||
        copydesk.field(at) || copydesk.field(data) || copydesk.field(effect), 'UTF8')), 'hex')
$$;

-- A snapshot's digest: its fields as UTF-8, each prefixed with its length in bytes
-- (app.newsroom.snapshots.snapshot_digest computes the same on the desks).
CREATE FUNCTION copydesk.bytes_field(value text) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT convert_to(octet_length(convert_to(coalesce(value, ''), 'UTF8'))::text || ':', 'UTF8')
        || convert_to(coalesce(value, ''), 'UTF8')
$$;

CREATE FUNCTION copydesk.snapshot_digest(s jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(
        copydesk.bytes_field(s->>'url') || copydesk.bytes_field(s->>'final_url') ||
        copydesk.bytes_field(s->>'status') || copydesk.bytes_field(s->>'how') ||
        copydesk.bytes_field(s->>'title') || copydesk.bytes_field(s->>'content_type') ||
        copydesk.bytes_field(s->>'fetched_at') || copydesk.bytes_field(s->>'sha256') ||
        copydesk.bytes_field(s->>'reason') || copydesk.bytes_field(s->>'http_status') ||
        copydesk.bytes_field(s->>'author') || copydesk.bytes_field(s->>'published') ||
        copydesk.bytes_field(s->>'text') || copydesk.bytes_field(s->>'html')), 'hex')
$$;

CREATE FUNCTION copydesk.me() RETURNS copydesk.reviewers
LANGUAGE plpgsql STABLE SET search_path = copydesk, pg_temp AS $$
DECLARE r copydesk.reviewers;
BEGIN
    SELECT * INTO r FROM copydesk.reviewers WHERE login = session_user AND active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'login % is not a reviewer of this newsroom', session_user
            USING ERRCODE = '42501';
    END IF;
    RETURN r;
END $$;

CREATE FUNCTION copydesk.rule() RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT approvals_required FROM copydesk.rules ORDER BY id DESC LIMIT 1), 1)
$$;

-- The rule a story must meet: the strictest in force at any time since it entered the
-- newsroom. Raising the rule reaches every story not yet approved; lowering it reaches
-- only stories that arrive afterwards; a story already approved stays approved.
CREATE FUNCTION copydesk.rule_for(sid text) RETURNS integer
LANGUAGE sql STABLE AS $$
    WITH entered AS (SELECT coalesce(min(server_seq), 0) AS seq FROM copydesk.events
                     WHERE story_id = sid)
    SELECT greatest(
        coalesce((SELECT approvals_required FROM copydesk.rules, entered
                  WHERE rules.server_seq <= entered.seq ORDER BY rules.id DESC LIMIT 1), 1),
        coalesce((SELECT max(approvals_required) FROM copydesk.rules, entered
                  WHERE rules.server_seq > entered.seq), 0))
$$;

-- Append one event to the chain; the caller holds the chain's lock.
CREATE FUNCTION copydesk.log_event(me copydesk.reviewers, desk text, event_id text,
    claimed text, story_id text, revision text, action text, note text, at text,
    data text, extra text, effect text) RETURNS bigint
LANGUAGE plpgsql SET search_path = copydesk, pg_temp AS $$
DECLARE c copydesk.chain; digest text;
BEGIN
    SELECT * INTO c FROM copydesk.chain WHERE id = 1 FOR UPDATE;
    digest := copydesk.event_hash(c.head, c.seq + 1, event_id, me.login, me.name,
        story_id, revision, action, note, at, data, effect);
    INSERT INTO copydesk.events (server_seq, event_id, desk, login, actor, claimed_actor,
        story_id, revision, action, note, at, data, extra, effect, prev_hash, hash)
    VALUES (c.seq + 1, event_id, desk, me.login, me.name, claimed, story_id, revision,
        action, note, at, data, extra, effect, c.head, digest);
    UPDATE copydesk.chain SET seq = c.seq + 1, head = digest WHERE id = 1;
    RETURN c.seq + 1;
END $$;
"""

FUNCTIONS = SHARED_FUNCTIONS + PUSH_FUNCTIONS + REVIEWER_FUNCTIONS

CALLABLE = ("push(text, jsonb)", "hello(text)", "add_reviewer(text, text, text)",
            "open_story(text, text, boolean, integer)")
OWNED = CALLABLE + (
    "field(text)", "event_hash(text, bigint, text, text, text, text, text, text, text, text, "
    "text, text)", "bytes_field(text)", "snapshot_digest(jsonb)", "me()", "rule()",
    "rule_for(text)", "superseder(text, text)",
    "log_event(copydesk.reviewers, text, text, text, text, text, text, text, text, text, "
    "text, text)", "apply_event(copydesk.reviewers, jsonb, bigint)", "refuse_change()",
)


def function_privileges(owner: str, desk: str) -> str:
    lines = [f"ALTER FUNCTION copydesk.{f} OWNER TO {owner};" for f in OWNED]
    lines += [f"REVOKE ALL ON FUNCTION copydesk.{f} FROM PUBLIC;" for f in OWNED]
    lines += [f"GRANT EXECUTE ON FUNCTION copydesk.{f} TO {desk};" for f in CALLABLE]
    return "\n".join(lines)


def event_hash(prev: str, seq: int, event_id: str, login: str, actor: str, story_id: str,
               revision: str, action: str, note: str, at: str, data: str, effect: str) -> str:
    """The server's ``event_hash`` in Python: a desk checks the log it pulls with it."""
    import hashlib

    fields = (prev, str(seq), event_id, login, actor, story_id, revision, action, note, at,
              data, effect)
    text = "".join(f"{len(value)}:{value}" for value in fields)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
