"""The command line as a user runs it: exit codes, one-line errors, library untouched."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import SAMPLE_DIGEST, write_bundle


def run(*args, db, env=None, stdin=None):
    environment = {**os.environ, "COPYDESK_DB": str(db), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *map(str, args)],
        capture_output=True, text=True, env=environment, input=stdin, timeout=60,
    )


def library_digest(db: Path) -> str:
    """A fingerprint of every row, so a test can say the library did not change."""
    import sqlite3

    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'stories_fts%' "
        "ORDER BY name")]
    h = hashlib.sha256()
    for table in tables:
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1"):
            h.update(repr(row).encode())
    conn.close()
    return h.hexdigest()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "lib.sqlite3"
    result = run("import", SAMPLE_DIGEST, db=path)
    assert result.returncode == 0, result.stderr
    return path


def test_check_sample_json_exits_1_with_the_design_fields(db):
    result = run("check", SAMPLE_DIGEST, "--json", db=db)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["title"] == "OxCaml Labs"
    assert [r["n"] for r in report["references"]] == [1, 2, 3, 4]
    assert sum(len(c["markers"]) for c in report["claims"]) == 46
    claim = report["claims"][0]
    assert set(claim) >= {"text", "span", "markers", "citations"}
    citation = claim["citations"][0]
    assert citation["n"] == 3 and citation["verdict"] == "unavailable"
    assert set(citation) >= {"n", "verdict", "score", "evidence", "missing"}
    # DESIGN.md's three, and the words the source never uses
    assert set(citation["missing"]) == {"numbers", "quotes", "names", "words"}
    kinds = {f["kind"]: f["severity"] for f in report["findings"]}
    assert kinds["title_mismatch"] == "blocker"
    assert kinds["trailing_boilerplate"] == "info"
    assert report["summary"]["unavailable"] == 45


def test_check_text_report_is_readable(db):
    result = run("check", SAMPLE_DIGEST, db=db)
    assert result.returncode == 1
    assert "OxCaml Labs" in result.stdout
    assert "[BLOCKER] The title “OxCaml Labs” does not match the body" in result.stdout
    assert "1 blocker." in result.stdout


def test_check_by_library_id_and_clean_story_exits_0(db, tmp_path):
    listing = json.loads(run("list", "--json", db=db).stdout)
    story_id = listing[0]["id"]
    assert run("check", story_id, db=db).returncode == 1
    clean = write_bundle(tmp_path / "clean.json")
    assert run("check", clean, db=db).returncode == 0


def test_import_prints_id_status_title_per_file(db, tmp_path):
    bundle = write_bundle(tmp_path / "b.json")
    result = run("import", bundle, SAMPLE_DIGEST, db=db)
    lines = result.stdout.strip().split("\n")
    assert lines[0].split("\t") == ["harbour-bridge", "imported",
                                     "Harbour bridge reopens after repairs"]
    assert lines[1].split("\t")[1:] == ["already there", "OxCaml Labs"]
    assert result.returncode == 0


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "undecodable.txt").write_bytes(b"Title\nDek\nBody \x81\x8d\x8f\x90 text [1].\n")
    (tmp_path / "folder").mkdir()
    write_bundle(tmp_path / "missing-field.json", body=None)
    write_bundle(tmp_path / "mistyped.json", references=[{"n": "one"}])
    (tmp_path / "big.txt").write_text("Title\nDek\n" + "Words [1]. " * 200_000)
    return {
        "missing": (tmp_path / "nope.txt", "no such file"),
        "directory": (tmp_path / "folder", "is a directory"),
        "empty": (tmp_path / "empty.txt", "file is empty"),
        "binary": (tmp_path / "binary.txt", "binary"),
        "undecodable": (tmp_path / "undecodable.txt", "cannot be decoded"),
        "missing field": (tmp_path / "missing-field.json", "field 'body' is missing"),
        "mistyped field": (tmp_path / "mistyped.json", "references[0].n"),
        "too big": (tmp_path / "big.txt", "over the 1 MB limit"),
    }


@pytest.mark.parametrize("command", ["import", "check"])
def test_each_bad_input_exits_2_with_one_line_and_leaves_the_library(db, tmp_path, command):
    before = library_digest(db)
    for label, (path, reason) in _bad_inputs(tmp_path).items():
        result = run(command, path, db=db, env={"COPYDESK_MAX_INPUT_MB": "1"})
        assert result.returncode == 2, label
        lines = result.stderr.strip().split("\n")
        assert len(lines) == 1, (label, result.stderr)
        assert lines[0].startswith(f"copydesk: {path}: "), label
        assert reason in lines[0], (label, lines[0])
        assert "Traceback" not in result.stderr
    assert library_digest(db) == before


def test_cp1252_file_is_read_with_a_warning(db, tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Caf\xe9 reopens\nThe caf\xe9 is open.\nIt opened on Monday [1].\n"
                     "References\n[1] Town — Caf\xe9 news — https://town.example.org/cafe\n"
                     .encode("cp1252"))
    result = run("import", path, db=db)
    assert result.returncode == 0
    assert "Café reopens" in result.stdout
    assert "Windows-1252" in result.stderr


def test_utf16_with_bom_is_read(db, tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Bridge\nDek line.\nIt opened [1].\nReferences\n"
                     "[1] Town — News — https://town.example.org/b\n".encode("utf-16"))
    assert run("import", path, db=db).returncode == 0


def test_unknown_story_id_is_bad_input(db):
    result = run("check", "zzzzzzzz", db=db)
    assert result.returncode == 2
    assert result.stderr.startswith("copydesk: zzzzzzzz: ")


def test_an_unexpected_error_is_one_line_and_exit_2(monkeypatch, capsys, tmp_path):
    """A bug of ours under a command must not show a user a traceback."""
    from app import cli

    def broken(args):
        raise ZeroDivisionError("division by zero")

    parser_of = cli.build_parser

    def build(argv):
        parser = parser_of(argv)
        parse = parser.parse_args

        def parse_with_a_bug(args=None, namespace=None):
            parsed = parse(args, namespace)
            parsed.func = broken
            return parsed

        parser.parse_args = parse_with_a_bug  # type: ignore[method-assign]
        return parser

    monkeypatch.setattr(cli, "build_parser", build)
    assert cli.main(["--db", str(tmp_path / "lib.sqlite3"), "list"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "copydesk: internal error (ZeroDivisionError: division by zero)"
    assert "Traceback" not in err


def test_list_counts_contradicted_citations_apart(db, tmp_path):
    # the source gives another cost for the same works: "≠", not folded into "✗" or "~"
    said = ("The harbour bridge reopened on Monday. The repairs cost $12.1 million, "
            "the council said.")
    story = write_bundle(tmp_path / "c.json", references=[
        {"n": 1, "publisher": "City Council", "title": "Bridge works complete",
         "url": "https://council.example.org/bridge",
         "snapshot": {"text": said, "sha256": hashlib.sha256(said.encode()).hexdigest()}},
        {"n": 2, "publisher": "Harbour Times", "title": "Bridge reopens",
         "url": "https://times.example.org/bridge"}])
    assert run("import", story, db=db).returncode == 0
    line = next(li for li in run("list", db=db).stdout.splitlines()
                if li.startswith("harbour-bridge"))
    assert "1≠" in line.split("\t")[2], line
