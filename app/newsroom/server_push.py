"""The newsroom's push, written in the database: ``push`` and the rules it applies.

``push`` takes a desk's events, applies each one to the newsroom's stories with
``apply_event`` and appends it to the one hash-chained log (``log_event``, in
``server_functions``), all under one lock so the log is a single line. Effects recorded
with each event:

- ``applied``: it changed the newsroom as the desk meant;
- ``void: …``: it arrived too late to count (superseded revision, story moved on);
- ``conflict: …``: an edit of a revision another desk already replaced: both texts are
  kept and the story waits for an editor to choose;
- ``refused: …``: the reviewer's role does not allow it;
- ``recorded``: kept for the record, no effect on the newsroom's state.

The SQL text only; ``server_functions.FUNCTIONS`` runs it after the shared helpers it calls.
"""

from __future__ import annotations

PUSH_FUNCTIONS = r"""
CREATE FUNCTION copydesk.superseder(sid text, rev text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT actor FROM copydesk.events WHERE story_id = sid AND revision = rev
        AND action IN ('import', 'edit', 'choose_revision') AND effect = 'applied'
        ORDER BY server_seq DESC LIMIT 1), 'another desk')
$$;

CREATE FUNCTION copydesk.apply_event(me copydesk.reviewers, e jsonb, seq bigint)
RETURNS text LANGUAGE plpgsql SET search_path = copydesk, pg_temp AS $$
DECLARE
    act text := e->>'action';
    sid text := coalesce(e->>'story_id', '');
    rev text := coalesce(e->>'revision', '');
    d jsonb;
    x jsonb := '{}';
    s copydesk.stories;
    known boolean;
    rank integer := CASE me.role WHEN 'admin' THEN 3 WHEN 'editor' THEN 2 ELSE 1 END;
    need integer;
    have integer;
    base text;
    next_status text;
    snap jsonb;
    kept copydesk.snapshots;
BEGIN
    BEGIN
        d := (e->>'data')::jsonb;
        IF coalesce(e->>'extra', '') <> '' THEN x := (e->>'extra')::jsonb; END IF;
    EXCEPTION WHEN others THEN
        RETURN 'refused: its details are not JSON';
    END;
    IF d IS NULL OR jsonb_typeof(d) <> 'object' OR jsonb_typeof(x) <> 'object' THEN
        RETURN 'refused: its details are not a JSON object';
    END IF;

    IF act = 'setting' THEN
        IF d->>'key' IS DISTINCT FROM 'approvals_required' THEN
            RETURN 'recorded';
        END IF;
        IF me.role <> 'admin' THEN
            RETURN format('refused: only an admin changes the approval rule (%s is %s)',
                          me.name, me.role);
        END IF;
        IF jsonb_typeof(d->'to') <> 'number' OR (d->>'to')::numeric NOT BETWEEN 1 AND 9
           OR (d->>'to')::numeric <> trunc((d->>'to')::numeric) THEN
            RETURN 'refused: approvals required must be a whole number from 1 to 9';
        END IF;
        need := (d->>'to')::integer;
        INSERT INTO copydesk.rules (approvals_required, changed_by, server_seq)
        VALUES (need, me.login, seq);
        RETURN 'applied';
    END IF;
    IF sid = '' THEN
        RETURN 'recorded';
    END IF;

    SELECT * INTO s FROM copydesk.stories WHERE id = sid FOR UPDATE;
    known := FOUND;
    IF act = 'import' THEN
        IF known AND (rev = s.revision OR EXISTS (SELECT 1 FROM copydesk.revisions
                WHERE story_id = sid AND revision = rev)) THEN
            RETURN 'void: already in the newsroom';
        END IF;
        IF x->>'body' IS NULL OR x->>'title' IS NULL THEN
            RETURN 'refused: an import must carry the story';
        END IF;
        IF NOT known THEN
            INSERT INTO copydesk.stories (id, title, dek, body, revision, status, imported_by,
                updated_seq)
            VALUES (sid, x->>'title', coalesce(x->>'dek', ''), x->>'body', rev, 'new',
                me.login, seq);
            INSERT INTO copydesk.revisions (story_id, revision, title, dek, body,
                references_json, login, server_seq)
            VALUES (sid, rev, x->>'title', coalesce(x->>'dek', ''), x->>'body',
                coalesce(x->>'references_json', '[]'), me.login, seq);
            RETURN 'applied';
        END IF;
        act := 'edit';  -- a new text of a known story: an edit of the text it replaced
    END IF;
    IF NOT known THEN
        RETURN format('void: no story %s in the newsroom', sid);
    END IF;

    IF act IN ('snapshot', 'attach') THEN
        -- A page text fetched or attached on a desk; see app/newsroom/snapshots.py.
        IF d->>'status' IS DISTINCT FROM 'ok' OR coalesce(x->>'snapshot_digest', '') = '' THEN
            RETURN 'recorded';  -- a failed fetch stays the desk's own, as does a bare event
        END IF;
        base := x->>'snapshot_digest';
        IF base !~ '^[0-9a-f]{64}$' THEN
            RETURN 'refused: a snapshot digest is 64 hex digits';
        END IF;
        snap := x->'snapshot';
        IF jsonb_typeof(snap) = 'object' THEN
            IF EXISTS (SELECT 1 FROM jsonb_each(snap) WHERE key <> 'http_status'
                       AND jsonb_typeof(value) <> 'string')
               OR coalesce(jsonb_typeof(snap->'http_status'), 'null') NOT IN ('number', 'null')
               OR (jsonb_typeof(snap->'http_status') = 'number'
                   AND snap->>'http_status' !~ '^[0-9]{1,3}$') THEN
                RETURN 'refused: a snapshot''s fields are text, its HTTP status a number';
            END IF;
            IF copydesk.snapshot_digest(snap) <> base THEN
                RETURN 'refused: the snapshot does not match its digest';
            END IF;
            IF snap->>'status' IS DISTINCT FROM 'ok' OR btrim(coalesce(snap->>'text', '')) = ''
            THEN
                RETURN 'refused: only a usable snapshot (status ok, with text) travels';
            END IF;
            INSERT INTO copydesk.snapshots (digest, url, final_url, status, how, title,
                content_type, fetched_at, sha256, reason, http_status, author, published,
                text, html, login, server_seq)
            VALUES (base, coalesce(snap->>'url', ''), coalesce(snap->>'final_url', ''),
                snap->>'status', coalesce(snap->>'how', ''), coalesce(snap->>'title', ''),
                coalesce(snap->>'content_type', ''), coalesce(snap->>'fetched_at', ''),
                coalesce(snap->>'sha256', ''), coalesce(snap->>'reason', ''),
                (snap->>'http_status')::integer, coalesce(snap->>'author', ''),
                coalesce(snap->>'published', ''), coalesce(snap->>'text', ''),
                coalesce(snap->>'html', ''), me.login, seq)
            ON CONFLICT (digest) DO NOTHING;
        END IF;
        SELECT * INTO kept FROM copydesk.snapshots WHERE digest = base;
        IF NOT FOUND THEN
            RETURN format('refused: the newsroom holds no snapshot %s; its text must come '
                          'with the event', left(base, 12));
        END IF;
        -- the digest travels outside the signed fields: it must name the page they name
        IF kept.url IS DISTINCT FROM d->>'url' OR kept.sha256 IS DISTINCT FROM d->>'sha256' THEN
            RETURN 'refused: the snapshot is not the page its event names';
        END IF;
        RETURN 'applied';
    END IF;

    IF act = 'edit' THEN
        base := coalesce(d->>'previous_revision', x->>'base_revision', '');
        IF x->>'body' IS NULL OR x->>'title' IS NULL THEN
            RETURN 'refused: an edit must carry its text';
        END IF;
        IF s.status IN ('rejected', 'queued') THEN
            RETURN format('void: story %s is %s', sid, s.status);
        END IF;
        INSERT INTO copydesk.revisions (story_id, revision, base_revision, title, dek, body,
            references_json, login, server_seq)
        VALUES (sid, rev, base, x->>'title', coalesce(x->>'dek', ''), x->>'body',
            coalesce(x->>'references_json', '[]'), me.login, seq)
        ON CONFLICT DO NOTHING;
        IF rev = s.revision THEN
            RETURN 'void: the story already has this text';
        END IF;
        next_status := CASE WHEN s.status = 'new' THEN 'new' ELSE 'in_review' END;
        IF base = s.revision AND NOT s.conflict THEN
            UPDATE copydesk.stories SET title = x->>'title', dek = coalesce(x->>'dek', ''),
                body = x->>'body', revision = rev, status = next_status,
                version = version + 1, updated_seq = seq WHERE id = sid;
            DELETE FROM copydesk.approvals WHERE story_id = sid;
            RETURN 'applied';
        END IF;
        UPDATE copydesk.stories SET conflict = true, status = next_status,
            conflict_revisions = ARRAY(SELECT DISTINCT unnest(
                conflict_revisions || ARRAY[s.revision, rev]) ORDER BY 1),
            version = version + 1, updated_seq = seq WHERE id = sid;
        DELETE FROM copydesk.approvals WHERE story_id = sid;
        RETURN format('conflict: an edit of revision %s, which %s already replaced with %s; '
            'both texts are kept and an editor must choose one', left(base, 12),
            copydesk.superseder(sid, s.revision), left(s.revision, 12));
    END IF;

    IF act = 'choose_revision' THEN
        IF rank < 2 THEN
            RETURN format('refused: only an editor chooses between conflicting edits (%s is %s)',
                          me.name, me.role);
        END IF;
        IF NOT EXISTS (SELECT 1 FROM copydesk.revisions WHERE story_id = sid
                       AND revision = rev) THEN
            RETURN format('void: story %s has no revision %s', sid, left(rev, 12));
        END IF;
        UPDATE copydesk.stories st SET title = r.title, dek = r.dek, body = r.body,
            revision = rev, conflict = false, conflict_revisions = '{}',
            status = CASE WHEN st.status = 'new' THEN 'new' ELSE 'in_review' END,
            version = st.version + 1, updated_seq = seq
        FROM copydesk.revisions r
        WHERE st.id = sid AND r.story_id = sid AND r.revision = rev;
        IF rev <> s.revision THEN
            DELETE FROM copydesk.approvals WHERE story_id = sid;
        END IF;
        RETURN 'applied';
    END IF;

    IF act = 'approve' THEN
        IF rev <> s.revision THEN
            RETURN format('void: approval of revision %s, which %s superseded with revision %s',
                left(rev, 12), copydesk.superseder(sid, s.revision), left(s.revision, 12));
        END IF;
        IF s.conflict THEN
            RETURN 'void: the story is in an edit conflict; an editor must choose a revision first';
        END IF;
        IF s.status NOT IN ('new', 'in_review', 'approved') THEN
            RETURN format('void: story %s is %s', sid, s.status);
        END IF;
        need := copydesk.rule_for(sid);
        INSERT INTO copydesk.approvals (story_id, revision, login, server_seq, rule_in_force)
        VALUES (sid, rev, me.login, seq, need) ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
            RETURN format('void: %s has already approved this revision; a reviewer counts once',
                          me.name);
        END IF;
        SELECT count(*) INTO have FROM copydesk.approvals WHERE story_id = sid AND revision = rev;
        IF s.status <> 'approved' THEN
            UPDATE copydesk.stories SET version = version + 1, updated_seq = seq,
                status = CASE WHEN have >= need THEN 'approved' ELSE 'in_review' END
            WHERE id = sid;
        END IF;
        RETURN 'applied';
    END IF;

    IF act IN ('request_changes', 'reject', 'reopen', 'start_review', 'override', 'queue',
               'publish', 'export_failed', 'cancel_export') THEN
        IF act = 'reject' AND rank < 2 THEN
            RETURN format('refused: only an editor rejects a story (%s is %s)', me.name, me.role);
        END IF;
        IF act IN ('override', 'queue') AND rev <> s.revision THEN
            RETURN format('void: revision %s was superseded by revision %s',
                          left(rev, 12), left(s.revision, 12));
        END IF;
        next_status := CASE act
            WHEN 'request_changes' THEN CASE WHEN s.status IN ('new', 'in_review', 'approved')
                THEN 'changes_requested' END
            WHEN 'reject' THEN CASE WHEN s.status IN ('new', 'in_review', 'approved',
                'changes_requested') THEN 'rejected' END
            WHEN 'reopen' THEN CASE WHEN s.status IN ('rejected', 'changes_requested')
                THEN 'in_review' END
            WHEN 'start_review' THEN CASE WHEN s.status = 'new' THEN 'in_review' END
            WHEN 'override' THEN CASE WHEN s.status IN ('new', 'in_review') THEN 'in_review'
                WHEN s.status = 'changes_requested' THEN s.status END
            WHEN 'queue' THEN CASE WHEN s.status IN ('approved', 'export_failed', 'published')
                THEN 'queued' END
            WHEN 'publish' THEN CASE WHEN s.status = 'queued' THEN 'published' END
            WHEN 'export_failed' THEN CASE WHEN s.status = 'queued' THEN 'export_failed' END
            WHEN 'cancel_export' THEN CASE WHEN s.status IN ('queued', 'export_failed')
                THEN 'approved' END
        END;
        IF next_status IS NULL THEN
            RETURN format('void: story %s is %s', sid, s.status);
        END IF;
        IF act = 'override' THEN
            IF jsonb_typeof(d->'claim') <> 'number' OR jsonb_typeof(d->'n') <> 'number'
               OR coalesce(d->>'verdict', '') = '' THEN
                RETURN 'refused: an override names its claim, reference and verdict';
            END IF;
            INSERT INTO copydesk.overrides (story_id, revision, claim_index, n, verdict, note,
                login, server_seq)
            VALUES (sid, rev, (d->>'claim')::integer, (d->>'n')::integer, d->>'verdict',
                coalesce(e->>'note', ''), me.login, seq)
            ON CONFLICT (story_id, revision, claim_index, n) DO UPDATE SET
                verdict = excluded.verdict, note = excluded.note, login = excluded.login,
                server_seq = excluded.server_seq;
        END IF;
        IF act IN ('request_changes', 'reject', 'reopen') THEN
            DELETE FROM copydesk.approvals WHERE story_id = sid;
        END IF;
        UPDATE copydesk.stories SET status = next_status, version = version + 1,
            updated_seq = seq WHERE id = sid;
        RETURN 'applied';
    END IF;

    IF act = 'comment' THEN
        IF coalesce(d->>'comment_id', '') !~ '^[0-9a-f]{32}$'
           OR jsonb_typeof(d->'claim') <> 'number' OR coalesce(d->>'text', '') = '' THEN
            RETURN 'refused: a comment needs its id, claim and text';
        END IF;
        INSERT INTO copydesk.comments (id, story_id, revision, claim_index, parent_id, login,
            body, at, server_seq)
        VALUES (d->>'comment_id', sid, rev, (d->>'claim')::integer,
            coalesce(d->>'parent', ''), me.login, d->>'text', coalesce(e->>'at', ''), seq)
        ON CONFLICT DO NOTHING;
        RETURN CASE WHEN FOUND THEN 'applied' ELSE 'void: that comment is already there' END;
    END IF;

    IF act = 'resolve_comment' THEN
        UPDATE copydesk.comments SET resolved_by = me.name, resolved_seq = seq
        WHERE id = d->>'comment_id' AND story_id = sid AND resolved_seq IS NULL;
        RETURN CASE WHEN FOUND THEN 'applied' ELSE 'void: no open comment with that id' END;
    END IF;

    IF act = 'assign' THEN
        SELECT login INTO base FROM copydesk.reviewers
        WHERE lower(name) = lower(coalesce(d->>'assignee', '')) AND active;
        IF base IS NULL THEN
            RETURN format('void: the newsroom has no reviewer named %s', d->>'assignee');
        END IF;
        IF rank < 2 AND base <> me.login THEN
            RETURN format('refused: only an editor assigns a story to someone else (%s is %s)',
                          me.name, me.role);
        END IF;
        UPDATE copydesk.stories SET assigned_to = base, version = version + 1,
            updated_seq = seq WHERE id = sid;
        RETURN 'applied';
    END IF;
    RETURN 'recorded';
END $$;

CREATE FUNCTION copydesk.push(desk text, batch jsonb)
RETURNS TABLE (out_id text, out_seq bigint, out_effect text, out_duplicate boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = copydesk, pg_temp AS $$
DECLARE
    me copydesk.reviewers := copydesk.me();
    e jsonb;
    eff text;
    old copydesk.events;
    n integer := 0;
BEGIN
    IF desk IS NULL OR desk !~ '^[0-9a-f]{32}$' THEN
        RAISE EXCEPTION 'desk id must be 32 hex digits' USING ERRCODE = '22023';
    END IF;
    IF jsonb_typeof(batch) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'a push is a JSON array of events' USING ERRCODE = '22023';
    END IF;
    PERFORM 1 FROM copydesk.chain WHERE id = 1 FOR UPDATE;  -- one line: pushes queue here
    FOR e IN SELECT value FROM jsonb_array_elements(batch) LOOP
        out_id := e->>'event_id';
        IF out_id IS NULL OR out_id !~ '^[0-9a-f]{32}$' THEN
            RAISE EXCEPTION 'event id % is not 32 hex digits', out_id USING ERRCODE = '22023';
        END IF;
        SELECT * INTO old FROM copydesk.events ev WHERE ev.event_id = out_id;
        IF FOUND THEN  -- already here: never applied twice
            out_seq := old.server_seq; out_effect := old.effect; out_duplicate := true;
            RETURN NEXT;
            CONTINUE;
        END IF;
        IF length(coalesce(e->>'story_id', '')) > 80 OR length(coalesce(e->>'note', '')) > 20000
           OR length(coalesce(e->>'actor', '')) > 200 OR length(coalesce(e->>'action', '')) > 40
           OR length(coalesce(e->>'revision', '')) > 64 OR length(coalesce(e->>'at', '')) > 40
           OR length(coalesce(e->>'data', '')) > 1000000 OR coalesce(e->>'action', '') = '' THEN
            -- recorded (cut to size) rather than raised: one bad event must not block
            -- the rest of a desk's queue for ever
            eff := 'refused: a field is too long (story id 80, note 20000, name 200 '
                   'characters, details 1 MB) or the action is missing';
            e := jsonb_build_object('story_id', left(e->>'story_id', 80),
                'note', left(e->>'note', 20000), 'actor', left(e->>'actor', 200),
                'action', coalesce(nullif(left(e->>'action', 40), ''), '?'),
                'revision', left(e->>'revision', 64), 'at', left(e->>'at', 40), 'data', '{}');
        ELSE
            eff := copydesk.apply_event(me, e, (SELECT seq + 1 FROM copydesk.chain WHERE id = 1));
        END IF;
        IF e->>'action' IN ('snapshot', 'attach')
           AND position('"snapshot"' IN coalesce(e->>'extra', '')) > 0 THEN
            BEGIN  -- the page text is kept in copydesk.snapshots, the log keeps its digest
                e := jsonb_set(e, '{extra}', to_jsonb(((e->>'extra')::jsonb - 'snapshot')::text));
            EXCEPTION WHEN others THEN
                e := jsonb_set(e, '{extra}', '""');
            END;
        END IF;
        out_seq := copydesk.log_event(me, desk, out_id, coalesce(e->>'actor', ''),
            coalesce(e->>'story_id', ''), coalesce(e->>'revision', ''), e->>'action',
            coalesce(e->>'note', ''), coalesce(e->>'at', ''), coalesce(e->>'data', '{}'),
            coalesce(e->>'extra', ''), eff);
        out_effect := eff; out_duplicate := false; n := n + 1;
        RETURN NEXT;
    END LOOP;
    INSERT INTO copydesk.desks (desk, login, last_seen, last_push, pushed)
    VALUES (desk, me.login, now(), now(), n)
    ON CONFLICT ON CONSTRAINT desks_pkey DO UPDATE SET login = excluded.login,
        last_seen = now(), last_push = now(), pushed = copydesk.desks.pushed + n;
END $$;
"""
