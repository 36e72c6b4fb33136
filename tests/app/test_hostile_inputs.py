"""Inputs that used to end in a traceback (issue 15): each is now read, or refused with
one line ``copydesk: FILE: reason`` and exit 2, the library left as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.parse import parse_story
from app.sentences import split_sentences

from .helpers import SAMPLE_DIGEST
from .test_cli import run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lib.sqlite3"
    result = run("import", SAMPLE_DIGEST, db=path)
    assert result.returncode == 0, result.stderr
    return path


# --- 1. a paragraph followed by a long flat list ---------------------------------------

def long_list_story(items: int) -> str:
    return ("# Ferries\n\nFerries run daily [1]:\n"
            + "\n".join(f"- stop number {i}" for i in range(items))
            + "\n\n## References\n\n1. Town — Ferries — https://town.example.org/f\n")


def test_a_thousand_item_list_is_split_without_recursion() -> None:
    story = parse_story(long_list_story(1000), "list.md")
    sentences = split_sentences(story.body)
    assert len(sentences) == 1001
    assert sentences[0].cited == (1,)
    assert sentences[-1].text == "- stop number 999"


def test_a_thousand_item_list_is_checked_and_imported(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text(long_list_story(1000), encoding="utf-8")
    checked = run("check", path, "--json", db=db)
    assert checked.returncode in (0, 1), checked.stderr
    assert "Traceback" not in checked.stderr
    assert json.loads(checked.stdout)["title"] == "Ferries"
    assert run("import", path, db=db).returncode == 0
