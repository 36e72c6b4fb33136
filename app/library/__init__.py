"""The library: one SQLite file holding stories, revisions, snapshots and decisions."""

from app.library.db import Library, default_library_path
from app.library.stories import (
    ImportResult,
    StoryRow,
    count_stories,
    import_story,
    list_stories,
    load_overrides,
    load_story,
    resolve_story_id,
)

__all__ = [
    "Library", "default_library_path", "ImportResult", "StoryRow", "count_stories",
    "import_story", "list_stories", "load_overrides", "load_story", "resolve_story_id",
]
