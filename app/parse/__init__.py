"""Parse a story file in any of the three formats into one ``Story``."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from app.errors import InputError
from app.model import Story
from app.parse.bundle import parse_bundle
from app.parse.digest import parse_digest
from app.parse.markdown_story import parse_markdown
from app.textio import clean_text, control_warning, read_text_file

__all__ = ["parse_story", "load_story_file", "detect_format"]


def detect_format(text: str, name: str = "") -> str:
    """'bundle', 'markdown' or 'digest', from the suffix and then the content."""
    suffix = Path(name).suffix.lower()
    head = text.lstrip()
    if suffix == ".json" or head.startswith("{"):
        return "bundle"
    if suffix in (".md", ".markdown") or head.startswith("# "):
        return "markdown"
    return "digest"


def parse_story(text: str, name: str = "<text>", fmt: str | None = None) -> Story:
    """Parse story text; raises ``InputError`` (and only that) for unusable input.

    Control characters are removed (with a warning) and zero-width characters folded
    out of markers before parsing, so no parser and nothing exported ever sees them.
    """
    text, removed = clean_text(text)
    fmt = fmt or detect_format(text, name)
    try:
        if fmt == "bundle":
            story = parse_bundle(text, name)
        elif fmt == "markdown":
            story = parse_markdown(text, name)
        else:
            story = parse_digest(text, name)
    except InputError:
        raise
    except (ValueError, TypeError, RecursionError) as error:  # pragma: no cover - defensive
        raise InputError(name, f"cannot be parsed as a {fmt} story ({error})") from None
    if removed:
        story = replace(story, warnings=story.warnings + (control_warning(removed),))
    return story


def load_story_file(path: str | os.PathLike[str], max_bytes: int | None = None) -> Story:
    decoded = read_text_file(path, max_bytes)
    story = parse_story(decoded.text, str(path))
    if decoded.warnings:
        story = replace(story, warnings=story.warnings + decoded.warnings)
    return story
