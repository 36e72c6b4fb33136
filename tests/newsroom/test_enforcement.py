"""The newsroom's rules hold in the database: a desk that skips the client's checks,
or a person with psql and a desk's login, still cannot break them."""

from __future__ import annotations

import json

import pytest

DESK_ID = "d" * 32


def push_sql(events: list[dict]) -> str:
    text = json.dumps(events).replace("'", "''")
    return f"SELECT out_effect FROM copydesk.push('{DESK_ID}', '{text}'::jsonb)"


def event(n: int, action: str, story: str = "", revision: str = "", actor: str = "x",
          **data: object) -> dict:
    return {"event_id": f"{n:032x}", "action": action, "story_id": story,
            "revision": revision, "actor": actor, "note": "", "at": "2026-12-02T00:00:00Z",
            "data": json.dumps(data)}


@pytest.fixture(scope="module")
def room(postgres, tmp_path_factory):
    """One newsroom for the module (desks are slow to make); each test its own story."""
    from tests.newsroom.conftest import make_newsroom

    newsroom = make_newsroom(postgres, tmp_path_factory.mktemp("room"))
    ana = newsroom.desk("Ana")
    ben = newsroom.desk("Ben", admin_desk=ana)  # a checker
    ana.import_story("bridge")
    ana.sync()
    ben.sync()
    return newsroom, ana, ben


def new_story(newsroom, desk, story_id: str) -> str:
    """A story put in the newsroom by a push (no desk process needed); its revision."""
    revision = f"{abs(hash(story_id)):064x}"[-64:]
    extra = json.dumps({"title": story_id, "body": "Text [1].", "references_json": "[]"})
    imported = dict(event(abs(hash(story_id)) % (1 << 100), "import", story_id, revision),
                    extra=extra)
    done = newsroom.as_login(desk, push_sql([imported]))
    assert done.stdout.strip() == "applied", done.stderr
    return revision


WRITES = [
    "INSERT INTO copydesk.approvals VALUES ('bridge', 'r', '{me}', 1, 1)",
    "UPDATE copydesk.stories SET status = 'approved'",
    "DELETE FROM copydesk.events",
    "UPDATE copydesk.rules SET approvals_required = 1",
    "INSERT INTO copydesk.reviewers (login, name, role, added_by) VALUES ('x', 'X', 'admin', 'x')",
    "UPDATE copydesk.reviewers SET role = 'admin'",
    "TRUNCATE copydesk.events",
    "SELECT copydesk.apply_event(copydesk.me(), '{{}}'::jsonb, 1)",
    "SELECT copydesk.log_event(copydesk.me(), 'd', 'e', '', '', '', 'approve', '', '', "
    "'{{}}', '', 'applied')",
    "CREATE TABLE copydesk.mine (x int)",
]


def test_a_desk_login_cannot_write_the_tables_or_call_the_inner_functions(room):
    newsroom, ana, ben = room
    for statement in WRITES:
        for desk in (ben, ana):  # the checker, and the admin's own login too
            done = newsroom.as_login(desk, statement.format(me=desk.login))
            assert done.returncode != 0, statement
            assert "permission denied" in done.stderr, (statement, done.stderr)


def test_even_the_owner_cannot_rewrite_the_log(room):
    newsroom, _, _ = room
    done = newsroom.postgres.psql("DELETE FROM copydesk.events", newsroom.database, check=False)
    assert "append-only" in done.stderr


def test_a_write_right_granted_by_mistake_still_writes_nothing(room):
    newsroom, _, ben = room
    newsroom.postgres.psql(f"GRANT INSERT ON copydesk.approvals TO copydesk_{newsroom.database}"
                           "_desk", newsroom.database)
    try:
        done = newsroom.as_login(
            ben, f"INSERT INTO copydesk.approvals VALUES ('bridge', 'r', '{ben.login}', 1, 1)")
        assert "row-level security" in done.stderr
    finally:
        newsroom.postgres.psql("REVOKE INSERT ON copydesk.approvals FROM "
                               f"copydesk_{newsroom.database}_desk", newsroom.database)


def test_one_reviewer_counts_once_whatever_names_the_desk_sends(room):
    newsroom, ana, ben = room
    revision = new_story(newsroom, ana, "counts")
    forged = [event(1, "approve", "counts", revision, actor="Ben"),
              event(2, "approve", "counts", revision, actor="Carol"),
              event(3, "approve", "counts", revision, actor="Dave")]
    done = newsroom.as_login(ben, push_sql(forged))
    assert done.returncode == 0, done.stderr
    effects = done.stdout.splitlines()
    assert effects[0] == "applied"
    assert all("counts once" in e for e in effects[1:])
    rows = newsroom.server("SELECT actor, claimed_actor FROM copydesk.events "
                           "WHERE action = 'approve' AND story_id = 'counts' ORDER BY server_seq")
    assert rows == [["Ben", "Ben"], ["Ben", "Carol"], ["Ben", "Dave"]]
    assert newsroom.server("SELECT count(*) FROM copydesk.approvals "
                           "WHERE story_id = 'counts'") == [["1"]]


def test_the_same_event_id_is_never_applied_twice(room):
    newsroom, ana, ben = room
    revision = new_story(newsroom, ana, "twice")
    first = newsroom.as_login(ben, push_sql([event(7, "approve", "twice", revision)]))
    again = newsroom.as_login(ben, push_sql([event(7, "reject", "twice", revision)]))
    assert first.stdout.strip() == again.stdout.strip() == "applied"
    assert newsroom.server("SELECT action FROM copydesk.events WHERE event_id = "
                           f"'{7:032x}'") == [["approve"]]


def test_only_an_admin_changes_the_rule_and_it_never_reaches_back(room):
    newsroom, ana, ben = room
    ana.run("rules", "--approvals-required", "2")
    ana.sync()
    # Ben's desk changes the rule in its own library and syncs: the newsroom refuses,
    # and the same change sent straight to the server is refused too.
    ben.run("rules", "--approvals-required", "5")
    done = ben.sync()
    assert "only an admin changes the approval rule" in done.stdout
    forged = newsroom.as_login(ben, push_sql([event(21, "setting", key="approvals_required",
                                                    to=1)]))
    assert forged.stdout.startswith("refused: only an admin changes the approval rule")
    assert newsroom.server("SELECT copydesk.rule()") == [["2"]]
    assert ben.sql("SELECT value FROM settings WHERE key = 'approvals_required'") == [("2",)]
    # The admin lowers the rule: the story, in the newsroom while the rule was 2, still
    # needs two; Ben's approval alone leaves it in review. A story arriving now needs one.
    ana.run("rules", "--approvals-required", "1")
    ana.import_story("ferry", title="Ferry timetable changes")
    ana.sync()
    ben.sync()
    ben.approve("bridge")
    ben.approve("ferry")
    ben.sync()
    assert newsroom.server("SELECT id, status FROM copydesk.stories WHERE id IN "
                           "('bridge', 'ferry') ORDER BY id") == [
        ["bridge", "in_review"], ["ferry", "approved"]]
    # Raising the rule again does not take back the approval already given.
    ana.run("rules", "--approvals-required", "3")
    ana.sync()
    assert newsroom.server("SELECT status FROM copydesk.stories WHERE id = 'ferry'") == [
        ["approved"]]
    rows = newsroom.server("SELECT effect FROM copydesk.events "
                           "WHERE action = 'setting' ORDER BY server_seq")
    assert [r[0].split(":")[0] for r in rows] == [
        "applied", "refused", "refused", "applied", "applied"]


def test_a_checker_cannot_add_reviewers_or_reject(room):
    newsroom, ana, ben = room
    done = newsroom.as_login(ben, "SELECT copydesk.add_reviewer('eve', 'Eve', 'admin')")
    assert "only an admin adds reviewers" in done.stderr
    revision = new_story(newsroom, ana, "kill")
    done = newsroom.as_login(ben, push_sql([event(9, "reject", "kill", revision)]))
    assert done.stdout.startswith("refused: only an editor rejects")


def test_a_login_that_is_no_reviewer_gets_nothing(room):
    newsroom, _, _ = room
    newsroom.postgres.psql("CREATE ROLE stranger LOGIN PASSWORD 'pw'", newsroom.database)
    newsroom.postgres.psql(f"GRANT copydesk_{newsroom.database}_desk TO stranger",
                           newsroom.database)
    from tests.newsroom.desks import Desk

    stranger = Desk("Stranger", "stranger", "pw", newsroom.root, "")  # no desk process
    done = newsroom.as_login(stranger, push_sql([event(11, "approve", "bridge", "r")]))
    assert "is not a reviewer of this newsroom" in done.stderr


def test_a_malformed_story_from_one_desk_does_not_stop_the_others(room):
    newsroom, ana, ben = room
    broken = dict(event(31, "import", "garbled", "f" * 64),
                  extra=json.dumps({"title": "x", "body": "y", "references_json": "[[1]]"}))
    assert newsroom.as_login(ben, push_sql([broken])).stdout.strip() == "applied"
    assert ana.sync().returncode == 0
    assert "garbled" not in ana.states()


def test_an_oversized_event_is_refused_on_the_record_and_the_rest_goes_through(room):
    newsroom, ana, ben = room
    revision = new_story(newsroom, ana, "long")
    long_note = dict(event(41, "request_changes", "long", revision), note="x" * 20001)
    after = event(42, "start_review", "long", revision)
    done = newsroom.as_login(ben, push_sql([long_note, after]))
    assert done.stdout.splitlines()[0].startswith("refused: a field is too long")
    assert done.stdout.splitlines()[1] == "applied"
