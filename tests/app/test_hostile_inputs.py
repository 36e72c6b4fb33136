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


# --- 5. a text story without a dek ---------------------------------------------------

NO_DEK = ("Title about ferries\nFerries run daily [1]. They leave at noon.\n"
          "References\n[1] Town — Ferries — https://town.example.org/f\n")


def test_a_text_story_without_a_dek_is_read() -> None:
    story = parse_story(NO_DEK, "ferries.txt")
    assert (story.title, story.dek) == ("Title about ferries", "")
    assert story.body == "Ferries run daily [1]. They leave at noon."
    assert [r.n for r in story.references] == [1]
    assert [s.cited for s in split_sentences(story.body)] == [(1,), ()]


def test_a_dek_is_still_a_dek_and_a_cited_second_line_is_body() -> None:
    with_dek = parse_story("Ferries\nThe boats are back.\nThey run daily [1].\n", "a.txt")
    assert (with_dek.dek, with_dek.body) == ("The boats are back.", "They run daily [1].")
    cited = parse_story("Ferries\nThey run daily [1].\nAt noon [1].\n", "b.txt")
    assert cited.dek == ""
    assert cited.body == "They run daily [1].\n\nAt noon [1]."
    title_and_line = parse_story("Ferries\nThey run daily.\n", "c.txt")
    assert (title_and_line.dek, title_and_line.body) == ("", "They run daily.")


def test_a_story_without_a_dek_imports_through_the_cli(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "ferries.txt"
    path.write_text(NO_DEK, encoding="utf-8")
    result = run("import", path, db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\t")[1:] == ["imported", "Title about ferries\n"]
