"""Story and diff HTML for the desk's text panes (pure functions, no widgets).

The story body is Markdown written by a machine, so it is rendered and then sanitised
with nh3 before Qt sees it. Citation markers are swapped for private-use placeholders
before rendering (Markdown would otherwise read ``[2]`` as link syntax) and replaced by
verdict chips afterwards; claim boundaries are marked with two more private-use
characters that the story view removes after layout, keeping their positions so the
selected claim can be tinted.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ui.theme import OVERRIDE_SYMBOL, VERDICT_SYMBOL, swatch

if TYPE_CHECKING:  # the views import this module before the core is loaded
    from app.model import Citation, Claim, Report, Story

CLAIM_START = "\ue000"
CLAIM_END = "\ue001"
_MARK_OPEN, _MARK_CLOSE = "\ue002", "\ue003"
_PLACEHOLDER_RE = re.compile(f"{_MARK_OPEN}(\\d+){_MARK_CLOSE}")
_LINE_PREFIX_RE = re.compile(r"(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)+")

CitationKey = tuple[int, int]  # (claim index, reference number)

_ALLOWED_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "ul", "ol",
    "li", "blockquote", "code", "pre", "br", "hr", "span", "sup", "sub", "del", "ins",
}


def citation_href(key: CitationKey) -> str:
    return f"cite:{key[0]}:{key[1]}"


def parse_citation_href(href: str) -> CitationKey | None:
    match = re.fullmatch(r"cite:(\d+):(\d+)", href)
    return (int(match.group(1)), int(match.group(2))) if match else None


@dataclass(frozen=True)
class RenderedStory:
    html: str
    citations: tuple[CitationKey, ...]  # in reading order, each once


def sanitise(fragment: str) -> str:
    """Keep text formatting only: no links, images, scripts, styles or attributes."""
    import nh3  # imported on first use so the window paints before it loads

    return nh3.clean(fragment, tags=_ALLOWED_TAGS, attributes={}, link_rel=None,
                     url_schemes=set(), strip_comments=True)


def render_markdown(text: str) -> str:
    import markdown  # ~10 ms to import: on first use, after the window is painted

    return sanitise(markdown.markdown(text, extensions=["sane_lists"], output_format="html"))


def verdict_label(citation: Citation | None) -> str:
    if citation is None:
        return "pending"
    return citation.effective_verdict


def chip_html(key: CitationKey, citation: Citation | None, dark: bool,
              waived: bool = False) -> str:
    verdict = verdict_label(citation)
    colours = swatch(verdict, dark)
    symbol = VERDICT_SYMBOL.get(verdict, "")
    if citation is not None and (citation.override is not None or waived):
        symbol += OVERRIDE_SYMBOL  # a reviewer settled it with a note
    # Underline on chips that need attention, so the cue survives colour blindness
    # and greyscale printing as well as the symbol does.
    decoration = ("underline" if verdict in ("contradicted", "unsupported", "dangling", "partial")
                  else "none")
    return (
        f'<a href="{citation_href(key)}" style="background-color:{colours.background};'
        f"color:{colours.foreground};text-decoration:{decoration};font-weight:600;\">"
        f"&#8202;[{key[1]}]{html.escape(symbol)}&#8202;</a>"
    )


def _citation_map(report: Report | None) -> dict[CitationKey, Citation]:
    if report is None:
        return {}
    return {(claim.index, c.n): c for claim in report.claims for c in claim.citations}


def render_story(story: Story, claims: tuple[Claim, ...], report: Report | None,
                 dark: bool, waived: set[CitationKey] | frozenset[CitationKey] = frozenset()
                 ) -> RenderedStory:
    """The story as sanitised HTML with verdict chips; ``claims`` come from the report
    when there is one, else from splitting the body, so chips show before checking
    ends; a citation in ``waived`` is marked ✎, settled by a reviewer's note as an
    override is."""
    body = story.body
    cites = _citation_map(report)
    # (position, order, text); at one position END comes before START before a marker
    inserts: list[tuple[int, int, str]] = []
    chips: list[str] = []
    order: list[CitationKey] = []
    seen: set[CitationKey] = set()
    for claim in claims:
        start, end = claim.span
        line_start = body.rfind("\n", 0, start) + 1
        if line_start == start:
            prefix = _LINE_PREFIX_RE.match(body, start)
            if prefix:
                start = prefix.end()
        inserts.append((start, 1, CLAIM_START))
        inserts.append((end, 0, CLAIM_END))
        for marker in claim.markers:
            parts = []
            for n in marker.numbers:
                key = (claim.index, n)
                parts.append(len(chips))
                chips.append(chip_html(key, cites.get(key), dark, key in waived))
                if key not in seen:
                    seen.add(key)
                    order.append(key)
            placeholder = "".join(f"{_MARK_OPEN}{i}{_MARK_CLOSE}" for i in parts)
            inserts.append((marker.span[0], 2, "\x00" + str(marker.span[1]) + "\x00"
                            + placeholder))
    out: list[str] = []
    pos = 0
    for at, _, text in sorted(inserts, key=lambda t: (t[0], t[1])):
        if at < pos:
            continue
        out.append(body[pos:at])
        if text.startswith("\x00"):
            _, end_s, placeholder = text.split("\x00", 2)
            out.append(placeholder)
            pos = int(end_s)
        else:
            out.append(text)
            pos = at
    out.append(body[pos:])
    rendered = render_markdown("".join(out))
    rendered = _PLACEHOLDER_RE.sub(lambda m: chips[int(m.group(1))], rendered)
    head = f"<h1>{html.escape(story.title)}</h1>"
    if story.dek:
        head += f'<p style="font-size:large;font-style:italic;">{html.escape(story.dek)}</p>'
    return RenderedStory(head + rendered, tuple(order))


DIFF_TOKENS_MAX = 60_000  # words in a changed stretch; beyond it, whole paragraphs


def _words(text: str) -> list[str]:
    # A word keeps the whitespace after it, so there are no whitespace tokens for the
    # matcher to pair up by the thousand (that made a rewrapped story take a minute).
    return re.findall(r"\s*\S+\s*", text) if text.strip() else ([text] if text else [])


def _word_ops(old: str, new: str) -> list[tuple[str, str, str]]:
    """(op, removed, added) runs: lines are matched first, then words within changed
    lines, so an edit in a long story costs little more than the lines it touched.
    Words match on their letters alone, so rewrapping a paragraph is no change."""
    a_lines, b_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    runs: list[tuple[str, str, str]] = []
    lines = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
    for op, i1, i2, j1, j2 in lines.get_opcodes():
        before, after = "".join(a_lines[i1:i2]), "".join(b_lines[j1:j2])
        if op != "replace":
            runs.append((op, before, after))
            continue
        runs.extend(_replace_ops(before, after))
    return runs


def _replace_ops(before: str, after: str) -> list[tuple[str, str, str]]:
    a, b = _words(before), _words(after)
    if len(a) + len(b) > DIFF_TOKENS_MAX:
        return _paragraph_ops(before, after)
    a_keys, b_keys = [w.strip() for w in a], [w.strip() for w in b]
    # autojunk (on from 200 words) skips the commonest words as anchors: near-linear.
    words = difflib.SequenceMatcher(None, a_keys, b_keys)
    return [(wop, "".join(a[w1:w2]), "".join(b[v1:v2]))
            for wop, w1, w2, v1, v2 in words.get_opcodes()]


def _paragraph_ops(before: str, after: str) -> list[tuple[str, str, str]]:
    a = re.split(r"(?<=\n\n)", before)
    b = re.split(r"(?<=\n\n)", after)
    a_keys, b_keys = [" ".join(p.split()) for p in a], [" ".join(p.split()) for p in b]
    paragraphs = difflib.SequenceMatcher(None, a_keys, b_keys)
    return [(op, "".join(a[i1:i2]), "".join(b[j1:j2]))
            for op, i1, i2, j1, j2 in paragraphs.get_opcodes()]


def word_diff_html(old: str, new: str, dark: bool,
                   against: str = "the imported original") -> str:
    """A word-level diff: removed words struck through, added words underlined;
    ``against`` names what ``old`` is, for the summary line."""
    removed = swatch("unsupported", dark)
    added = swatch("supported", dark)
    parts: list[str] = []
    changes = 0
    runs = [("equal", old, new)] if old == new else _word_ops(old, new)
    for op, before, after in runs:
        if op == "equal":
            parts.append(html.escape(before))
            continue
        changes += 1
        if before:
            parts.append(
                f'<span style="background-color:{removed.background};color:{removed.foreground};'
                f'text-decoration:line-through;">{html.escape(before)}</span>'
            )
        if after:
            parts.append(
                f'<span style="background-color:{added.background};color:{added.foreground};'
                f'text-decoration:underline;">{html.escape(after)}</span>'
            )
    body = "".join(parts).replace("\n", "<br>")
    what = html.escape(against)
    summary = (f"<p><b>{changes} change{'s' if changes != 1 else ''}</b> against {what}. "
               "<s>Struck</s> words were removed, <u>underlined</u> words were added.</p>"
               ) if changes else f"<p><b>No changes</b> against {what}.</p>"
    return summary + f'<div style="white-space:pre-wrap;">{body}</div>'
