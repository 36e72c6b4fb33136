"""Two desks, two library files, one newsroom: offline work meets on the server."""

from __future__ import annotations

import json


def test_two_desks_share_one_queue_after_working_offline(newsroom):
    ana = newsroom.desk("Ana")
    ben = newsroom.desk("Ben", role="editor", admin_desk=ana)
    ana.import_story("bridge")
    assert json.loads(ana.sync().stdout)["pushed"] >= 1
    ben.sync()
    assert ben.states() == ana.states()
    # Ben works offline (no sync) while Ana approves; then both sync.
    ben.approve("bridge")
    ana.approve("bridge")
    ben.sync()
    ana.sync()
    ben.sync()
    assert ana.states() == ben.states()
    assert ana.head() == ben.head()
    counted = newsroom.server("SELECT login FROM copydesk.approvals ORDER BY login")
    assert [r[0] for r in counted] == sorted([ana.login, ben.login])
    # every event either desk saved is on the server exactly once
    for desk in (ana, ben):
        ids = desk.saved_event_ids()
        rows = newsroom.server("SELECT event_id, count(*) FROM copydesk.events GROUP BY 1")
        on_server = {r[0]: int(r[1]) for r in rows}
        assert all(on_server.get(i) == 1 for i in ids)
