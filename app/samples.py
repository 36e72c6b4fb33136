"""First run: fill an empty library with the bundled sample stories."""

from __future__ import annotations

from app.errors import InputError
from app.library import Library, count_stories, import_story
from app.library.stories import ImportResult
from app.parse import load_story_file
from app.resources import sample_story_files


def import_samples_if_empty(library: Library) -> list[ImportResult]:
    """Import the bundled samples when the library holds no story yet."""
    if count_stories(library):
        return []
    results = []
    for path in sample_story_files():
        try:
            story = load_story_file(path)
        except InputError:
            continue  # a broken sample must not stop the desk from opening
        results.append(import_story(library, story, f"sample {path.name}"))
    return results
