"""The Markdown export (``story.md``): a real reference list, every ``[n]`` linked, and
a cost that grows with the text, not with its square, however many ``[`` it holds."""

from __future__ import annotations

import re

import markdown
import pytest
from markdown.inlinepatterns import LinkInlineProcessor
from markdown_it import MarkdownIt

from app.library import Library
from app.model import Reference, Story
from app.publish import outbox as ob
from app.publish.render import render_story, story_markdown
from app.publish.secrets import MemorySecretStore
from app.publish.targets import TargetConfig
from app.publish.targets_store import save_target
from tests.servers.support import approved_story

REFS = (Reference(1, "City *Council*", "Bridge works [complete]", "https://council.example.org/b_(1)"),
        Reference(2, "Harbour Times", "Bridge reopens", "https://times.example.org/b"),
        Reference(4, "Port Authority", "", "https://port.example.org/"))
BODY = ("It reopened [1]. It cost $14m [1][2], or so [2, 4] said. A dangling one [9].\n\n"
        "In code the marker stays: `[1]`. A footnote marker [^4].")
RENDERERS = {
    "Python-Markdown": lambda text: markdown.markdown(text),
    "CommonMark (markdown-it)": lambda text: MarkdownIt("commonmark").render(text),
}


def story(body: str = BODY, refs: tuple[Reference, ...] = REFS) -> Story:
    return Story(title="Bridge reopens", dek="Open again.", body=body, references=refs)


@pytest.mark.parametrize("renderer", RENDERERS, ids=list(RENDERERS))
def test_each_reference_is_its_own_list_item_with_the_anchor_its_markers_link_to(renderer):
    page = RENDERERS[renderer](story_markdown(story()))
    items = re.findall(r"<li>(.*?)</li>", page, re.S)
    assert len(items) == 3  # one per reference, not one paragraph of all three
    assert items[0].startswith('<a id="ref-1"></a>[1] City *Council* — '
                               '<a href="https://council.example.org/b_(1)">'
                               "Bridge works [complete]</a>")
    assert items[1].startswith('<a id="ref-2"></a>[2] Harbour Times — ')
    assert items[2] == ('<a id="ref-4"></a>[4] Port Authority — '
                        '<a href="https://port.example.org/">https://port.example.org/</a>')
    body = page.split("<h2>References</h2>")[0]
    links = re.findall(r'<a href="#ref-(\d+)">\[(\d+)\]</a>', body)
    assert all(target == shown for target, shown in links)
    # [1], [1][2], [2, 4] and [^4]: each number its own link, as in the HTML export
    assert [n for n, _ in links] == ["1", "1", "2", "2", "4", "4"]
    assert "A dangling one [9]." in body and "<code>[1]</code>" in body


def test_the_folder_target_writes_that_markdown(tmp_path):
    with Library(str(tmp_path / "lib.db")) as library:
        save_target(library, TargetConfig("drop", "folder", str(tmp_path / "exports")))
        story_id = approved_story(library)
        ob.enqueue_export(library, story_id, "drop", "ana")
        assert ob.send_pending(library, MemorySecretStore()).sent == 1
    (written,) = (tmp_path / "exports").glob("*/story.md")
    page = markdown.markdown(written.read_text(encoding="utf-8"))
    items = re.findall(r"<li>(.*?)</li>", page, re.S)
    assert len(items) == 2 and all(f'<a id="ref-{n}"></a>' in items[n - 1] for n in (1, 2))
    assert '<a href="#ref-1">[1]</a>' in page and '<a href="#ref-2">[2]</a>' in page


def scanned_by_link_search(body: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """Characters Markdown's link processors read looking for the "]" of a "[" and the
    ")" of a "](" while the story is rendered for export (a count, not a clock)."""
    scanned = 0
    get_text, get_link = LinkInlineProcessor.getText, LinkInlineProcessor.getLink

    def counting_text(self, data, index):  # type: ignore[no-untyped-def]
        nonlocal scanned
        text, end, handled = get_text(self, data, index)
        scanned += end - index
        return text, end, handled

    def counting_link(self, data, index):  # type: ignore[no-untyped-def]
        nonlocal scanned
        href, title, end, handled = get_link(self, data, index)
        scanned += max(0, end - index) if handled else len(data) - index
        return href, title, end, handled

    monkeypatch.setattr(LinkInlineProcessor, "getText", counting_text)
    monkeypatch.setattr(LinkInlineProcessor, "getLink", counting_link)
    render_story(story(body))
    return scanned


@pytest.mark.parametrize("shape", [
    lambda n: "Text " + "[" * n + " and a claim [1].",
    lambda n: "[" * n + "x" + "]" * n + " [1]",
    lambda n: "see [a](" * n + " [1]",
    lambda n: "a [stray] bracket word " * n,
], ids=["stray [", "nested [[]]", "unclosed [a](", "[word]"])
def test_export_reads_thousands_of_brackets_a_bounded_number_of_times(shape, monkeypatch):
    n = 4000
    body = shape(n)
    scanned = scanned_by_link_search(body, monkeypatch)
    assert scanned <= 20 * len(body), (scanned, len(body))  # linear: was about n²


def test_hidden_brackets_come_back_as_written():
    body = "Odd [ text [with] brackets ]] and `[code` [1] and [a link](https://e.org/)."
    fragment = render_story(story(body)).fragment
    assert "Odd [ text [with] brackets ]] and <code>[code</code> " in fragment
    assert '<a href="https://e.org/" rel="noopener noreferrer">a link</a>' in fragment
    assert '<a href="#ref-1" rel="noopener noreferrer">[1]</a>' in fragment
    assert "\ufdd0" not in fragment and "\ufdd1" not in fragment
