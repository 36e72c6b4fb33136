from app.library import Library, list_stories
from app.samples import import_samples_if_empty
from ui.queue_model import StoryQueueModel


def test_queue_model_passes_the_model_tester(qtmodeltester, tmp_path):
    library = Library(tmp_path / "lib.sqlite3")
    import_samples_if_empty(library)
    model = StoryQueueModel(library)
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore():  # the tester may already have fetched a batch
        model.fetchMore()
    assert model.rowCount() == model.total >= 1
    assert model.data(model.index(0, 0), StoryQueueModel.StoryIdRole)
    qtmodeltester.check(model, force_py=True)


def test_queue_fetches_lazily_and_filters(qtmodeltester, tmp_path):
    library = Library(tmp_path / "lib.sqlite3")
    _fill(library, 450)
    model = StoryQueueModel(library)
    assert model.total == 450
    model.fetchMore()
    assert model.rowCount() == StoryQueueModel.BATCH
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 450
    model.set_filter(None, "zebra")
    assert model.total == 1
    model.set_filter("approved", None)
    assert model.total == 0
    qtmodeltester.check(model, force_py=True)


def _fill(library: Library, n: int) -> None:
    with library.transaction() as conn:
        conn.executemany(
            "INSERT INTO stories (id, title, dek, body, status, revision, updated_at, summary) "
            "VALUES (?, ?, '', ?, 'new', ?, ?, '{}')",
            [(f"s{i:06d}", f"Story {i}" + (" zebra" if i == 7 else ""), "body text",
              f"r{i}", f"2026-01-01T00:{i // 60 % 60:02d}:{i % 60:02d}Z") for i in range(n)],
        )


def test_refresh_story_updates_the_row_in_place_without_a_reset(qtmodeltester, qtbot,
                                                                tmp_path):
    library = Library(tmp_path / "lib.sqlite3")
    _fill(library, 450)
    model = StoryQueueModel(library)
    while model.canFetchMore():
        model.fetchMore()
    resets, moves = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsMoved.connect(lambda *_: moves.append(1))
    story_id = model.story_at(300).id
    before = [r.id for r in model._rows]
    with library.transaction() as conn:  # a decision bumps updated_at
        conn.execute("UPDATE stories SET status='approved', updated_at='2030-01-01T00:00:00Z' "
                     "WHERE id=?", [story_id])
    with qtbot.waitSignal(model.dataChanged):
        model.refresh_story(story_id)
    assert resets == [] and moves == []  # the row stays under the reviewer's pointer
    assert model.rowCount() == 450
    assert model.story_at(300).id == story_id and model.story_at(300).status == "approved"
    assert [r.id for r in model._rows] == before
    model.reload()  # the next search or sort puts it in order
    assert model.story_at(0).id == story_id
    assert [r.id for r in model._rows] == [r.id for r in list_stories(library)][:len(model._rows)]
    qtmodeltester.check(model, force_py=True)
