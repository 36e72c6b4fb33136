"""Where the bundled resources (sample stories, icons, styles) live, frozen or not."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def sample_story_files() -> list[Path]:
    """The bundled sample stories, the digest first."""
    folder = resources_dir() / "samples"
    if not folder.is_dir():
        return []
    files = [
        p for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in (".txt", ".md", ".json")
        and p.name.lower() not in ("readme.md",)
    ]
    return sorted(files, key=lambda p: (p.suffix != ".txt", p.name))
