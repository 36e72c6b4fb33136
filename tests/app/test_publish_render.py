"""Rendering for publishing: citation links, the References list, sanitising."""

from __future__ import annotations

import ast
from pathlib import Path

from app.model import Reference, Story
from app.parse import load_story_file
from app.publish.render import render_story, slugify, story_markdown
from tests.app.helpers import SAMPLE_DIGEST

REFS = (Reference(1, "City Council", "Bridge works complete", "https://council.example.org/b"),
        Reference(2, "Harbour Times", "Bridge <reopens>", "https://times.example.org/b"))


def story(body: str, refs: tuple[Reference, ...] = REFS) -> Story:
    return Story(title="Bridge reopens", dek="Open again.", body=body, references=refs)


def test_markers_become_superscript_links_to_the_reference_list():
    out = render_story(story("It reopened [1]. It cost $14m [1][2], or [1, 2].")).fragment
    assert '<sup class="citation" id="cite-1-1"><a href="#ref-1"' in out
    assert 'id="cite-1-2"' in out and 'id="cite-2-1"' in out and 'id="cite-2-2"' in out
    assert '<li id="ref-2" value="2">Harbour Times — <a href="https://times.example.org/b"' in out
    assert "Bridge &lt;reopens&gt;" in out  # reference titles are escaped
    assert out.count("<h2>References</h2>") == 1


def test_dangling_markers_stay_visible_but_link_nowhere_and_code_is_untouched():
    out = render_story(story("A claim [9]. In code: `[1]`. A footnote [^2].")).fragment
    assert '<sup class="citation">[9]</sup>' in out
    assert "<code>[1]</code>" in out
    assert 'href="#ref-2"' in out


def test_html_is_sanitised():
    body = ('Hi <script>alert("x")</script><img src=x onerror=alert(1)> '
            '<a href="javascript:alert(1)" onclick="x()">link</a> '
            '<iframe src="//evil"></iframe> [1]')
    out = render_story(story(body)).fragment
    for bad in ("<script", "alert(", "onerror", "javascript:", "onclick", "<iframe", "<img"):
        assert bad not in out
    assert 'href="#ref-1"' in out


def test_standalone_page_and_markdown_of_the_sample():
    sample = load_story_file(str(SAMPLE_DIGEST))
    rendered = render_story(sample, footer="revision abc")
    assert rendered.page.startswith("<!DOCTYPE html>")
    assert f"<title>{sample.title}</title>" in rendered.page or "<title>" in rendered.page
    assert "<footer>revision abc</footer>" in rendered.page
    assert rendered.markdown == sample.body
    for ref in sample.references:
        assert f'id="ref-{ref.n}"' in rendered.fragment
    md = story_markdown(sample)
    assert md.startswith(f"# {sample.title}") and "## References" in md


def test_slugs_are_plain_ascii():
    assert slugify("Muse Spark’s “big” day — 2026!") == "muse-sparks-big-day-2026"
    assert slugify("¿¡") == "story"
    assert len(slugify("word " * 40)) <= 60


def test_markdown_extensions_are_imported_as_objects_not_named_by_string():
    source = (Path(__file__).resolve().parents[2] / "app" / "publish" / "render.py").read_text()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Markdown":
            extensions = next(k.value for k in node.keywords if k.arg == "extensions")
            assert all(isinstance(e, ast.Call) for e in extensions.elts)
