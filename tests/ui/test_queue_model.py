from app.library import Library
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
