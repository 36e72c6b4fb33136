"""The newsroom's tables on PostgreSQL, and who may touch them.

Every table belongs to a role that cannot log in (``OWNER``). Desks log in as their
own roles, members of ``DESK``, which may read the tables and call the functions of
``server_functions`` but never write a table: no INSERT/UPDATE/DELETE is granted,
and row-level security has no write policy either, so a privilege granted by mistake
still writes nothing. The log refuses UPDATE and DELETE even from its owner.
"""

from __future__ import annotations

SCHEMA = "copydesk"

TABLES = """
CREATE TABLE copydesk.reviewers (
    login text PRIMARY KEY,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 80),
    role text NOT NULL CHECK (role IN ('checker', 'editor', 'admin')),
    active boolean NOT NULL DEFAULT true,
    added_by text NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX reviewers_name ON copydesk.reviewers (lower(name));

-- The approval rule's history; the rule in force is the last row.
CREATE TABLE copydesk.rules (
    id bigserial PRIMARY KEY,
    approvals_required integer NOT NULL CHECK (approvals_required BETWEEN 1 AND 9),
    changed_by text NOT NULL REFERENCES copydesk.reviewers (login),
    server_seq bigint NOT NULL DEFAULT 0,
    at timestamptz NOT NULL DEFAULT now()
);

-- One line: the head of the log. Locked by every push, so the log is one chain.
CREATE TABLE copydesk.chain (
    id integer PRIMARY KEY CHECK (id = 1),
    seq bigint NOT NULL,
    head text NOT NULL
);

CREATE TABLE copydesk.events (
    server_seq bigint PRIMARY KEY,
    event_id text NOT NULL UNIQUE CHECK (event_id ~ '^[0-9a-f]{32}$'),
    desk text NOT NULL,
    login text NOT NULL REFERENCES copydesk.reviewers (login),
    actor text NOT NULL,
    claimed_actor text NOT NULL,
    story_id text NOT NULL,
    revision text NOT NULL,
    action text NOT NULL,
    note text NOT NULL,
    at text NOT NULL,
    data text NOT NULL,
    extra text NOT NULL DEFAULT '',
    effect text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    prev_hash text NOT NULL,
    hash text NOT NULL UNIQUE
);
CREATE INDEX events_story ON copydesk.events (story_id, server_seq);

CREATE FUNCTION copydesk.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the newsroom log is append-only' USING ERRCODE = '42501';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON copydesk.events
    FOR EACH STATEMENT EXECUTE FUNCTION copydesk.refuse_change();

CREATE TABLE copydesk.stories (
    id text PRIMARY KEY,
    title text NOT NULL,
    dek text NOT NULL,
    body text NOT NULL,
    revision text NOT NULL,
    status text NOT NULL CHECK (status IN ('new', 'in_review', 'approved',
        'changes_requested', 'rejected', 'queued', 'published', 'export_failed')),
    version integer NOT NULL DEFAULT 1,
    conflict boolean NOT NULL DEFAULT false,
    conflict_revisions text[] NOT NULL DEFAULT '{}',
    assigned_to text NOT NULL DEFAULT '',
    imported_by text NOT NULL REFERENCES copydesk.reviewers (login),
    updated_seq bigint NOT NULL
);

CREATE TABLE copydesk.revisions (
    story_id text NOT NULL REFERENCES copydesk.stories (id),
    revision text NOT NULL,
    base_revision text NOT NULL DEFAULT '',
    title text NOT NULL,
    dek text NOT NULL,
    body text NOT NULL,
    references_json text NOT NULL,
    login text NOT NULL REFERENCES copydesk.reviewers (login),
    server_seq bigint NOT NULL,
    PRIMARY KEY (story_id, revision)
);

-- The approvals that count now. The key is the login, not the name a desk sent:
-- one reviewer counts once for a revision, whatever the desk claims.
CREATE TABLE copydesk.approvals (
    story_id text NOT NULL REFERENCES copydesk.stories (id),
    revision text NOT NULL,
    login text NOT NULL REFERENCES copydesk.reviewers (login),
    server_seq bigint NOT NULL,
    rule_in_force integer NOT NULL,
    PRIMARY KEY (story_id, revision, login)
);

CREATE TABLE copydesk.overrides (
    story_id text NOT NULL REFERENCES copydesk.stories (id),
    revision text NOT NULL,
    claim_index integer NOT NULL,
    n integer NOT NULL,
    verdict text NOT NULL,
    note text NOT NULL,
    login text NOT NULL REFERENCES copydesk.reviewers (login),
    server_seq bigint NOT NULL,
    PRIMARY KEY (story_id, revision, claim_index, n)
);

CREATE TABLE copydesk.comments (
    id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
    story_id text NOT NULL REFERENCES copydesk.stories (id),
    revision text NOT NULL,
    claim_index integer NOT NULL CHECK (claim_index >= 0),
    parent_id text NOT NULL DEFAULT '',
    login text NOT NULL REFERENCES copydesk.reviewers (login),
    body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    at text NOT NULL,
    server_seq bigint NOT NULL,
    resolved_by text NOT NULL DEFAULT '',
    resolved_seq bigint
);

-- Who has a story open (an advisory lock with an expiry), and whether to edit it.
CREATE TABLE copydesk.presence (
    story_id text NOT NULL,
    login text NOT NULL REFERENCES copydesk.reviewers (login),
    desk text NOT NULL,
    editing boolean NOT NULL,
    opened_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (story_id, login)
);

-- Page texts fetched or attached on a desk, once each, under their digest (a SHA-256
-- over every field, copydesk.snapshot_digest); a snapshot event in the log names one.
CREATE TABLE copydesk.snapshots (
    digest text PRIMARY KEY CHECK (digest ~ '^[0-9a-f]{64}$'),
    url text NOT NULL,
    final_url text NOT NULL,
    status text NOT NULL CHECK (status = 'ok'),
    how text NOT NULL,
    title text NOT NULL,
    content_type text NOT NULL,
    fetched_at text NOT NULL,
    sha256 text NOT NULL,
    reason text NOT NULL,
    http_status integer,
    author text NOT NULL,
    published text NOT NULL,
    text text NOT NULL,
    html text NOT NULL,
    login text NOT NULL REFERENCES copydesk.reviewers (login),
    server_seq bigint NOT NULL
);
CREATE TRIGGER snapshots_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON copydesk.snapshots
    FOR EACH STATEMENT EXECUTE FUNCTION copydesk.refuse_change();

CREATE TABLE copydesk.desks (
    desk text PRIMARY KEY,
    login text NOT NULL REFERENCES copydesk.reviewers (login),
    last_seen timestamptz NOT NULL,
    last_push timestamptz,
    pushed integer NOT NULL DEFAULT 0
);
"""

READABLE = ("reviewers", "rules", "chain", "events", "stories", "revisions", "approvals",
            "overrides", "comments", "presence", "desks", "snapshots")


def privileges(owner: str, desk: str) -> str:
    """Ownership, grants and row-level security, for role names already quoted."""
    lines = [f"ALTER SCHEMA {SCHEMA} OWNER TO {owner};",
             f"REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC;",
             f"GRANT USAGE ON SCHEMA {SCHEMA} TO {desk};",
             f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {SCHEMA} FROM PUBLIC;"]
    for table in READABLE:
        name = f"{SCHEMA}.{table}"
        lines += [f"ALTER TABLE {name} OWNER TO {owner};",
                  f"REVOKE ALL ON {name} FROM PUBLIC;",
                  f"GRANT SELECT ON {name} TO {desk};",
                  f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;",
                  f"CREATE POLICY desks_read ON {name} FOR SELECT TO {desk} USING (true);"]
    lines.append(f"ALTER SEQUENCE {SCHEMA}.rules_id_seq OWNER TO {owner};")
    return "\n".join(lines)
