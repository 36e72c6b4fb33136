"""The newsroom's desk-facing functions besides push, written in the database.

``hello`` (who this login is, the rule in force, the log's head), ``add_reviewer`` (an
admin adds or changes a reviewer, logged in the chain) and ``open_story`` (who else has
a story open or is editing it). The SQL text only; ``server_functions.FUNCTIONS`` runs it
after the shared helpers and ``push``.
"""

from __future__ import annotations

REVIEWER_FUNCTIONS = r"""
-- Who this login is, the rule in force and the log's head; the desk is seen now.
CREATE FUNCTION copydesk.hello(desk text)
RETURNS TABLE (login text, name text, role text, approvals_required integer,
               head_seq bigint, head text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = copydesk, pg_temp AS $$
DECLARE me copydesk.reviewers := copydesk.me();
BEGIN
    IF desk IS NULL OR desk !~ '^[0-9a-f]{32}$' THEN
        RAISE EXCEPTION 'desk id must be 32 hex digits' USING ERRCODE = '22023';
    END IF;
    INSERT INTO copydesk.desks (desk, login, last_seen) VALUES (desk, me.login, now())
    ON CONFLICT ON CONSTRAINT desks_pkey DO UPDATE SET login = excluded.login, last_seen = now();
    RETURN QUERY SELECT me.login, me.name, me.role, copydesk.rule(), c.seq, c.head
        FROM copydesk.chain c WHERE c.id = 1;
END $$;

CREATE FUNCTION copydesk.add_reviewer(new_login text, new_name text, new_role text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = copydesk, pg_temp AS $$
DECLARE me copydesk.reviewers := copydesk.me();
BEGIN
    IF me.role <> 'admin' THEN
        RAISE EXCEPTION 'only an admin adds reviewers (% is %)', me.name, me.role
            USING ERRCODE = '42501';
    END IF;
    INSERT INTO copydesk.reviewers (login, name, role, added_by)
    VALUES (new_login, btrim(new_name), new_role, me.login)
    ON CONFLICT (login) DO UPDATE SET name = excluded.name, role = excluded.role,
        active = true;
    RETURN copydesk.log_event(me, 'server', md5(random()::text || clock_timestamp()::text),
        me.name, '', '', 'reviewer', '', to_char(now() AT TIME ZONE 'UTC',
        'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        jsonb_build_object('login', new_login, 'name', btrim(new_name), 'role', new_role)::text,
        '', 'applied');
END $$;

-- Open a story: returns who ELSE has it open (and who edits it) until their lock expires.
CREATE FUNCTION copydesk.open_story(desk text, sid text, editing boolean, ttl_seconds integer)
RETURNS TABLE (name text, other_desk text, other_editing boolean, expires_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = copydesk, pg_temp AS $$
DECLARE me copydesk.reviewers := copydesk.me();
BEGIN
    IF ttl_seconds NOT BETWEEN 0 AND 86400 THEN
        RAISE EXCEPTION 'a lock lasts 0 to 86400 seconds' USING ERRCODE = '22023';
    END IF;
    DELETE FROM copydesk.presence p WHERE p.expires_at < now();
    IF ttl_seconds = 0 THEN
        DELETE FROM copydesk.presence p WHERE p.story_id = sid AND p.login = me.login;
    ELSE
        INSERT INTO copydesk.presence (story_id, login, desk, editing, opened_at, expires_at)
        VALUES (sid, me.login, desk, editing, now(), now() + make_interval(secs => ttl_seconds))
        ON CONFLICT ON CONSTRAINT presence_pkey DO UPDATE SET desk = excluded.desk,
            editing = excluded.editing, expires_at = excluded.expires_at;
    END IF;
    RETURN QUERY SELECT r.name, p.desk, p.editing, p.expires_at
        FROM copydesk.presence p JOIN copydesk.reviewers r ON r.login = p.login
        WHERE p.story_id = sid AND p.login <> me.login ORDER BY p.opened_at;
END $$;
"""
