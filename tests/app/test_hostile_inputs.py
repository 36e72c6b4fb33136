"""Inputs that used to end in a traceback (issue 15): each is now read, or refused with
one line ``copydesk: FILE: reason`` and exit 2, the library left as it was."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from app import netsafety, workflow
from app.extract import ExtractError, extract_html, extract_pdf
from app.fetch import FetchLimits, fetch_snapshots
from app.library import Library, import_story, load_story
from app.parse import parse_story
from app.publish.render import render_story, story_markdown
from app.sentences import split_sentences

from . import hostile_pdfs
from .helpers import SAMPLE_DIGEST, bundle, tiny_pdf
from .test_cli import library_digest, run

FAST = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=10, max_retry_wait=2)

# Characters nothing exported may hold: C0 controls but tab and newline, DEL, C1.
CONTROL = frozenset(chr(c) for c in [*range(32), *range(0x7F, 0xA0)] if chr(c) not in "\t\n")
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def no_control(text: str) -> bool:
    return not CONTROL.intersection(text)


def one_line_refusal(result, path: Path) -> str:  # type: ignore[no-untyped-def]
    """The single stderr line of a refused input, after checking it is one."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"copydesk: {path}: "), lines[0]
    return lines[0]


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


# --- 2. PDFs that cost far more to read than their size ------------------------------

UNREADABLE = "the PDF could not be read"


def timed_refusal(pdf: bytes, seconds: float, **kwargs: float) -> str:
    started = time.monotonic()
    with pytest.raises(ExtractError) as error:
        extract_pdf(pdf, **kwargs)
    assert time.monotonic() - started < seconds
    return error.value.reason


def test_a_decompression_bomb_is_refused_at_the_stream_limit() -> None:
    pdf = hostile_pdfs.decompression_bomb()  # 195 KB that inflate to 200 MB
    assert len(pdf) < 300_000
    assert timed_refusal(pdf, 5) == f"{UNREADABLE} (too large or too complex inside)"


def test_thirty_thousand_nested_arrays_are_refused() -> None:
    assert timed_refusal(hostile_pdfs.nested_arrays(), 5) == f"{UNREADABLE} (nested too deeply)"
    assert timed_refusal(hostile_pdfs.nested_object(), 5).startswith(UNREADABLE)


def test_a_form_drawn_again_and_again_runs_out_of_time() -> None:
    pdf = hostile_pdfs.repeated_form()  # minutes of parsing for 1.4 KB
    assert timed_refusal(pdf, 5, time_limit=1) == "the PDF took longer than 1 s to read"


def test_a_bad_page_does_not_sink_the_readable_ones() -> None:
    good = hostile_pdfs.stream(hostile_pdfs.text_ops("Ferries run daily from the harbour."))
    deep = hostile_pdfs.stream(b"BT /F1 12 Tf " + b"[" * 30_000 + b"]" * 30_000 + b" TJ ET")
    bomb = hostile_pdfs.inflating_stream(50_000_000)
    page = extract_pdf(hostile_pdfs.pages_pdf([deep, good, bomb]))
    assert page.text == "Ferries run daily from the harbour."


def test_a_page_of_six_hundred_thousand_tags_is_read_as_plain_text_in_seconds() -> None:
    # trafilatura took 110 s and 900 MB on this table; past HTML_MAX_TAGS the page's
    # own text is read, a line per block, with its scripts and styles left out
    rows = "".join(f"<tr><td>ferry {i}</td><td>{i % 60} min</td></tr>" for i in range(200_000))
    page = (f"<html><head><title>Timetable</title><style>td {{color: red}}</style></head>"
            f"<body><script>alert('x')</script><table>{rows}</table></body></html>")
    started = time.monotonic()
    extracted = extract_html(page.encode(), "text/html")
    assert time.monotonic() - started < 30
    lines = extracted.text.split("\n")
    assert lines[:4] == ["ferry 0", "0 min", "ferry 1", "1 min"]
    assert lines[-2:] == ["ferry 199999", "19 min"] and len(lines) == 400_000
    assert extracted.title == "Timetable"
    assert "alert" not in extracted.text and "color" not in extracted.text


@pytest.fixture
def attachable(db: Path) -> tuple[Path, str]:
    listing = json.loads(run("list", "--json", db=db).stdout)
    return db, listing[0]["id"]


@pytest.mark.parametrize(("name", "build", "reason"), [
    ("bomb.pdf", hostile_pdfs.decompression_bomb, "too large or too complex inside"),
    ("nested.pdf", hostile_pdfs.nested_arrays, "nested too deeply"),
    ("operators.pdf", hostile_pdfs.many_operators, "too large or too complex inside"),
    ("truncated.pdf", lambda: hostile_pdfs.readable()[:300], "damaged or not a PDF"),
])
def test_copydesk_attach_of_a_hostile_pdf_is_one_line_and_saves_nothing(
    attachable: tuple[Path, str], tmp_path: Path, name: str, build, reason: str,  # type: ignore[no-untyped-def]
) -> None:
    db, story_id = attachable
    path = tmp_path / name
    path.write_bytes(build())
    before = library_digest(db)
    started = time.monotonic()
    result = run("attach", story_id, 1, path, db=db)
    assert time.monotonic() - started < 20
    line = one_line_refusal(result, path)
    assert line == f"copydesk: {path}: {UNREADABLE} ({reason})"
    assert library_digest(db) == before


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


# --- 4. control characters and zero-width marks --------------------------------------

def nul_bundle() -> str:
    data = bundle(title="Harbour\u0000 bridge\u0007 reopens", dek="Open\u001b again.",
                  body="The bridge reopened on Monday [1].\u0000 It cost\u0000 $14 million [2].")
    data["references"][0]["publisher"] = "City\u0000 Council"
    data["references"][0]["snapshot"] = {"text": "The bridge\u0000 reopened on Monday."}
    return json.dumps(data)  # json.dumps writes NUL as the escape \u0000


def test_nul_escapes_in_a_bundle_are_removed_with_a_warning() -> None:
    text = nul_bundle()
    assert "\\u0000" in text and "\x00" not in text
    story = parse_story(text, "nul.json")
    assert story.title == "Harbour bridge reopens"
    assert story.dek == "Open again."
    assert story.body == "The bridge reopened on Monday [1]. It cost $14 million [2]."
    assert story.reference(1).publisher == "City Council"
    assert story.reference(1).snapshot.text == "The bridge reopened on Monday."
    assert story.warnings == ("removed 7 control characters (invisible codes such as NUL)",)
    rendered = render_story(story, footer="Checked")
    for exported in (rendered.page, rendered.fragment, rendered.markdown, story_markdown(story)):
        assert no_control(exported), repr(exported)


def test_control_characters_in_a_text_file_are_removed() -> None:
    story = parse_story("Ferries\x01\nThe boats\x1f are back.\nThey run\x7f daily [1].\n",
                        "f.txt")
    assert (story.title, story.dek, story.body) == (
        "Ferries", "The boats are back.", "They run daily [1].")
    assert story.warnings == ("removed 3 control characters (invisible codes such as NUL)",)


def test_a_nul_bundle_is_exported_and_reported_without_nul(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "nul.json"
    path.write_text(nul_bundle(), encoding="utf-8")
    imported = run("import", path, db=db)
    assert imported.returncode == 0, imported.stderr
    assert "warning: removed 7 control characters" in imported.stderr
    checked = run("check", "harbour-bridge", "--json", db=db)
    assert checked.returncode in (0, 1), checked.stderr
    assert no_control(checked.stdout)
    assert no_control(json.dumps(json.loads(checked.stdout), ensure_ascii=False))


@pytest.mark.parametrize("mark", list(ZERO_WIDTH))
def test_a_zero_width_mark_inside_a_marker_still_cites(mark: str) -> None:
    body = (f"The bridge reopened on Monday [{mark}1]. It cost $14 million [2{mark}]. "
            f"Traffic is back [1,{mark} 2]. Fares rose [^{mark}2].")
    story = parse_story(json.dumps(bundle(body=body)), "zw.json")
    assert [s.cited for s in split_sentences(story.body)] == [(1,), (2,), (1, 2), (2,)]
    assert mark not in story.body
    text = parse_story(f"Bridge\nDek.\nIt reopened [{mark}1].\nReferences\n"
                       f"[{mark}1] Council — Works — https://council.example.org/b\n", "zw.txt")
    assert [s.cited for s in split_sentences(text.body)] == [(1,)]
    assert [r.n for r in text.references] == [1]
    assert render_story(story).fragment.count('class="citation"') == 5


def test_zero_width_joiners_outside_markers_are_kept() -> None:
    body = "The family emoji \U0001f468\u200d\U0001f469 is one glyph [1]. Zero\u200bwidth [2]."
    story = parse_story(json.dumps(bundle(body=body)), "zwj.json")
    assert story.body == body


def test_an_edit_pasted_with_controls_and_zero_width_marks_is_cleaned(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as library:
        story_id = import_story(library, parse_story(json.dumps(bundle()), "b.json"),
                                "b.json", actor="importer").story_id
        version = workflow.story_state(library, story_id).version
        workflow.save_edit(library, story_id, "Bridge\x00 reopens", "Open\x07 again.",
                           "It reopened [\u200b1].\x00 It cost $14 million [2\u2060].",
                           "writer", version)
        story = load_story(library, story_id)
    assert (story.title, story.dek) == ("Bridge reopens", "Open again.")
    assert story.body == "It reopened [1]. It cost $14 million [2]."


# --- 3. a redirect to javascript:, data: and other non-web addresses -----------------

@pytest.mark.parametrize("location", ["javascript:alert(document.cookie)",
                                      "data:text/html;base64,PHA+aGk8L3A+",
                                      "JavaScript:void(0)", "mailto:desk@example.org",
                                      "about:blank"])
def test_a_redirect_to_a_non_web_address_is_an_unavailable_snapshot(
    httpserver: HTTPServer, location: str,
) -> None:
    httpserver.expect_request("/story").respond_with_data(
        "", status=302, headers={"Location": location})
    url = httpserver.url_for("/story")
    snap = fetch_snapshots([url], allow_private=True, limits=FAST)[url]
    assert snap.status == "unavailable"
    assert snap.reason == "refused: the page redirected to a non-web address"
    assert snap.final_url == url


def test_copydesk_fetch_of_a_javascript_redirect_names_it(
    db: Path, tmp_path: Path, httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/story").respond_with_data(
        "", status=302, headers={"Location": "javascript:alert(1)"})
    data = bundle()
    data["references"] = data["references"][:1]
    data["references"][0]["url"] = httpserver.url_for("/story")
    data["body"] = "The harbour bridge reopened on Monday after six weeks of repairs [1]."
    path = tmp_path / "redirect.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert run("import", path, db=db).returncode == 0
    result = run("fetch", "harbour-bridge", "--allow-private", db=db)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stdout
    line = next(li for li in result.stdout.splitlines() if li.startswith("[1]"))
    assert line.endswith("— refused: the page redirected to a non-web address"), line


@pytest.mark.parametrize(("location", "reason"), [
    ("http://xn--/", "refused: the page redirected to an address that is not valid"),
    ("http://xn--a/page", "refused: the page redirected to an address that is not valid"),
])
def test_a_redirect_to_a_malformed_international_name_is_named(
    httpserver: HTTPServer, location: str, reason: str,
) -> None:
    httpserver.expect_request("/story").respond_with_data(
        "", status=302, headers={"Location": location})
    url = httpserver.url_for("/story")
    assert fetch_snapshots([url], allow_private=True, limits=FAST)[url].reason == reason


def test_a_cited_malformed_international_name_is_refused() -> None:
    url = "http://xn--/story"
    assert fetch_snapshots([url], limits=FAST)[url].reason == "refused: not a valid web address"


# --- 4. (continued) control characters in what a page says about itself -------------

def test_page_titles_and_authors_lose_control_characters() -> None:
    page = extract_html(b"<html><head><title>\x1b\x07</title></head><body><article>"
                        + b"<p>Ferries run daily from the harbour at noon.</p>" * 20
                        + b"</article></body></html>")
    assert page.title == ""
    pdf = tiny_pdf(["Ferries run daily."], title="Ferries\\007 return", author="Jane\\000 Roe")
    document = extract_pdf(pdf)
    assert (document.title, document.author) == ("Ferries return", "Jane Roe")


# --- 6. an IP address written with the root's trailing dot ---------------------------

def no_resolver(host: str, port: int) -> list[str]:
    raise AssertionError(f"{host} was sent to the resolver")


@pytest.mark.parametrize(("url", "reason"), [
    ("http://127.0.0.1./", "refused: address 127.0.0.1 is loopback"),
    ("http://10.0.0.5.:8080/admin", "refused: address 10.0.0.5 is private"),
    ("http://169.254.169.254./latest", "refused: address 169.254.169.254 is link-local"),
])
def test_an_ip_with_a_trailing_dot_is_that_address(
    monkeypatch: pytest.MonkeyPatch, url: str, reason: str,
) -> None:
    monkeypatch.setattr(netsafety, "resolve", no_resolver)
    with pytest.raises(netsafety.RefusedURL) as refused:
        netsafety.check_url(url)
    assert refused.value.reason == reason
    assert fetch_snapshots([url], limits=FAST)[url].reason == reason


def test_allow_private_fetches_an_ip_with_a_trailing_dot(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(netsafety, "resolve", no_resolver)
    httpserver.expect_request("/page").respond_with_data("Ferries run daily.",
                                                         content_type="text/plain")
    url = httpserver.url_for("/page").replace("127.0.0.1", "127.0.0.1.")
    assert netsafety.check_url(url, allow_private=True).addresses == ("127.0.0.1",)
    snap = fetch_snapshots([url], allow_private=True, limits=FAST)[url]
    assert (snap.status, snap.text) == ("ok", "Ferries run daily.")


# --- story files that are not files, or JSON a parser chokes on ----------------------

def _deep_json() -> str:
    return "[" * 100_000 + "]" * 100_000


def _long_number_json() -> str:
    return ('{"format": "copydesk.story/1", "title": "x", "body": "Ferries run [1].", '
            '"references": [{"n": ' + "9" * 5000 + "}]}")


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("deep.json", _deep_json, "not a story bundle: its JSON is nested too deeply"),
    ("digits.json", _long_number_json,
     "not a story bundle: its JSON holds a number too long to read"),
])
def test_json_a_parser_chokes_on_is_one_line(db: Path, tmp_path: Path, name: str, content,  # type: ignore[no-untyped-def]
                                             reason: str) -> None:
    path = tmp_path / name
    path.write_text(content())
    before = library_digest(db)
    for command in ("check", "import"):
        assert one_line_refusal(run(command, path, db=db), path) == f"copydesk: {path}: {reason}"
    assert library_digest(db) == before


def test_a_named_pipe_is_refused_at_once_instead_of_waiting(db: Path, tmp_path: Path) -> None:
    import os

    pipe = tmp_path / "story.txt"
    os.mkfifo(pipe)  # nobody writes to it: reading would wait forever
    before = library_digest(db)
    for command in ("check", "import"):
        line = one_line_refusal(run(command, pipe, db=db), pipe)
        assert line == f"copydesk: {pipe}: is not a regular file (a pipe, socket or device)"
    assert library_digest(db) == before
