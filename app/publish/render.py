"""Render an approved story for publishing: Markdown to sanitised HTML.

Each ``[n]`` marker becomes a superscript link to entry ``n`` of the References list
that closes the text. Two shapes come out: a ``fragment`` (body and references, no
title) for a CMS, whose post has its own title field, and a standalone ``page`` for
the folder target.

Markdown extensions are imported as objects rather than named by string, so that a
frozen build (PyInstaller) sees them as imports and bundles them.
"""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from app.markers import MARKER_RE, parse_numbers
from app.model import Reference, Story
from app.publish.brackets import code_segments, quiet_brackets, restore_brackets

# What a published story may contain after sanitising: text structure, links, the
# citation superscripts and their anchors. No scripts, styles, forms or event handlers.
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "s",
    "del", "ins", "sub", "sup", "small", "mark", "q", "cite", "abbr", "code", "pre", "kbd",
    "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot",
    "tr", "th", "td", "caption", "a", "span", "section", "figure", "figcaption", "time",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "id", "title"},
    "sup": {"id", "class"},
    "li": {"id", "value"},
    "ol": {"start", "class"},
    "section": {"id", "class"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "time": {"datetime"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_MARKDOWN_SPECIALS = re.compile(r"[\\`*_\[\]<>#|]")

PAGE_STYLE = (
    "body{font:17px/1.6 Georgia,serif;max-width:42rem;margin:2rem auto;padding:0 1rem;"
    "color:#1b1b1b}h1{line-height:1.2}.dek{font-size:1.15em;color:#444}"
    "sup.citation a{text-decoration:none}section.references{font-size:.9em;"
    "border-top:1px solid #ccc;margin-top:2rem}footer{color:#666;font-size:.8em;"
    "margin-top:2rem}"
)


@dataclass(frozen=True)
class RenderedStory:
    """One story revision as it will be published."""

    title: str
    dek: str
    markdown: str  # the approved body, exactly, followed by nothing else
    fragment: str  # sanitised HTML: body and References, no title (for CMS targets)
    page: str  # a complete HTML document (for the folder target)
    slug_base: str  # the title as a URL slug, without the per-target suffix


class _CitationProcessor(InlineProcessor):
    """``[2]``, ``[2][3]``, ``[2, 3]``, ``[^2]`` → ``<sup><a href="#ref-2">[2]</a></sup>``."""

    def __init__(self, known: set[int]) -> None:
        super().__init__(MARKER_RE.pattern)
        self.known = known
        self.seen: dict[int, int] = {}

    def handleMatch(self, m: re.Match[str], data: str):  # type: ignore[override]  # noqa: N802
        inside = m.group("footnote") or m.group("list")
        wrapper = ET.Element("span")
        for n in parse_numbers(inside):
            count = self.seen.get(n, 0) + 1
            self.seen[n] = count
            sup = ET.SubElement(wrapper, "sup")
            sup.set("class", "citation")
            if n in self.known:
                sup.set("id", f"cite-{n}-{count}")
                link = ET.SubElement(sup, "a")
                link.set("href", f"#ref-{n}")
                link.text = AtomicString(f"[{n}]")  # never re-read as a marker
            else:  # a dangling marker stays visible, linked to nothing
                sup.text = AtomicString(f"[{n}]")
        # A lone citation needs no wrapping span.
        element = wrapper[0] if len(wrapper) == 1 else wrapper
        return element, m.start(0), m.end(0)


class CitationExtension(Extension):
    """Turns citation markers into superscript links to the References list."""

    def __init__(self, known: set[int]) -> None:
        super().__init__()
        self.known = known

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        # Above the link patterns (160/170): "[2]" must never be read as a link label.
        md.inlinePatterns.register(_CitationProcessor(self.known), "copydesk_citation", 175)


def sanitise(fragment: str) -> str:
    """Keep the allowed structure and links, drop everything else (scripts included)."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style"},
        link_rel="noopener noreferrer",
    )


def body_html(body: str, references: tuple[Reference, ...]) -> str:
    """The body as HTML, markers linked; not yet sanitised."""
    converter = markdown.Markdown(
        extensions=[
            SaneListExtension(),
            TableExtension(),
            CitationExtension({ref.n for ref in references}),
        ],
        output_format="html",
    )
    # Stray "[" hidden first: Markdown's own search for each one's "]" is quadratic.
    return restore_brackets(converter.convert(quiet_brackets(body)))


def references_html(references: tuple[Reference, ...]) -> str:
    if not references:
        return ""
    items = []
    for ref in references:
        title = html.escape(ref.title or ref.url)
        if ref.url:
            title = f'<a href="{html.escape(ref.url, quote=True)}">{title}</a>'
        publisher = f"{html.escape(ref.publisher)} — " if ref.publisher else ""
        items.append(f'<li id="ref-{ref.n}" value="{ref.n}">{publisher}{title}</li>')
    return (
        '<section class="references" id="references"><h2>References</h2>'
        '<ol class="references">' + "".join(items) + "</ol></section>"
    )


def slugify(text: str, limit: int = 60) -> str:
    """ASCII, lower case, hyphens: ``Muse Spark’s big day`` → ``muse-sparks-big-day``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug or "story"


def render_story(story: Story, footer: str = "") -> RenderedStory:
    """Render a story revision; ``footer`` (plain text) closes the standalone page."""
    fragment = sanitise(body_html(story.body, story.references)
                        + references_html(story.references))
    title = html.escape(story.title)
    dek = f'<p class="dek">{html.escape(story.dek)}</p>\n' if story.dek else ""
    foot = f"<footer>{html.escape(footer)}</footer>\n" if footer else ""
    page = (
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{title}</title>\n<style>{PAGE_STYLE}</style>\n</head>\n<body>\n"
        f"<article>\n<h1>{title}</h1>\n{dek}{fragment}\n</article>\n{foot}</body>\n</html>\n"
    )
    return RenderedStory(
        title=story.title, dek=story.dek, markdown=story.body, fragment=fragment,
        page=page, slug_base=slugify(story.title),
    )


def _markdown_text(text: str) -> str:
    """Plain text as Markdown that shows it as it is (its specials escaped)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\g<0>", text)


def _linked_markers(body: str, known: set[int]) -> str:
    """Each ``[n]`` of a known reference as ``[[n]](#ref-n)``, outside code spans;
    ``[2, 3]`` and ``[2-4]`` as one link per number, as the HTML shows them."""
    def link(match: re.Match[str]) -> str:
        numbers = parse_numbers(match.group("footnote") or match.group("list"))
        if not numbers or not known.intersection(numbers):
            return match.group(0)
        return "".join(f"[[{n}]](#ref-{n})" if n in known else f"\\[{n}\\]"
                       for n in numbers)

    return "".join(piece if is_code else MARKER_RE.sub(link, piece)
                   for piece, is_code in code_segments(body))


def _reference_item(ref: Reference) -> str:
    # The anchor is raw HTML: Markdown has none of its own, and common renderers
    # (CommonMark, GitHub, Python-Markdown) keep an empty <a id> as the link target.
    # As in the HTML list: "Publisher — Title", the title (else the URL) linked.
    words = [_markdown_text(ref.publisher)] if ref.publisher else []
    shown = _markdown_text(ref.title or ref.url)
    if ref.url:
        shown = f"[{shown}](<{ref.url.replace('>', '%3E')}>)"
    if shown:
        words.append(shown)
    return f'- <a id="ref-{ref.n}"></a>\\[{ref.n}\\] ' + " — ".join(words)


def story_markdown(story: Story) -> str:
    """The story as one Markdown file: title, dek, body with each ``[n]`` linked to its
    entry, and the references as a list, one item each."""
    lines = [f"# {story.title}", ""]
    if story.dek:
        lines += [story.dek, ""]
    known = {ref.n for ref in story.references}
    lines += [_linked_markers(story.body.rstrip(), known), ""]
    if story.references:
        lines += ["## References", ""]
        lines += [_reference_item(ref) for ref in story.references]
        lines.append("")
    return "\n".join(lines)
