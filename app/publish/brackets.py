"""Square brackets in a story body, in one linear pass, before Markdown sees them.

Python-Markdown looks for the closing ``]`` of every ``[`` from scratch, up to the end
of the text when there is none: a body with thousands of stray ``[`` took seconds
(4,000 took 3.4 s, four times as long for twice as many). ``quiet_brackets`` pairs the
brackets once and hides those that cannot start a link, a marker or a reference
definition behind a stand-in character that Markdown reads as plain text;
``restore_brackets`` turns it back into ``[`` in the HTML. Every ``[`` that could
mean something to Markdown is left where it was, so the HTML is the same; in bracket
soup a few links Python-Markdown used to miss are found (after a "[" it rejects, its
search resumes too far on, and now there are fewer such "[").

``code_segments`` splits text into code spans and the rest, for the passes (here and
in the Markdown file export) that must leave code as it is.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor

from app.markers import MARKER_RE

#: Unicode noncharacters ("not for interchange"): never meaningful in a story, so they
#: can stand for a hidden "[" and its "]", and be dropped where a body brought one along.
STAND_IN = "\ufdd0"
STAND_IN_CLOSING = "\ufdd1"
#: A link inside this many links is not a link anybody writes; deeper ones are hidden
#: so that no character is scanned more than this many times.
MAX_LINK_NESTING = 16

_BACKTICKS = re.compile(BACKTICK_RE)
_BACKTICK_SPANS = BacktickInlineProcessor(BACKTICK_RE)
# Markdown reads each block on its own, and takes reference definitions out first.
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n|^ {0,3}\[[^\[\]\n]*\]:.*$", re.MULTILINE)
_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:", re.MULTILINE)
_WHOLE_MARKER = re.compile(rf"(?:{MARKER_RE.pattern})\Z")
_LONGEST_LABEL = 64  # "[1, 2, 3-9, ...]": longer brackets are never one marker


def _code_spans(block: str) -> Iterator[tuple[int, int]]:
    """Where Markdown's backtick processor finds code in one block, walking it as that
    processor does (its own opening pattern and closing search)."""
    index = 0
    while True:
        match = _BACKTICKS.search(block, index)
        if match is None:
            return
        # Escaped backslashes before a backtick are text; the backtick still opens.
        begin = match.end() if match.group(1) else match.start()
        start, end = _BACKTICK_SPANS.find_code_spans(begin, block)
        if end is None:
            index = start
            continue
        index = end + (start - begin)
        yield begin, index


def code_segments(text: str) -> Iterator[tuple[str, bool]]:
    """``(piece, is_code)`` in order; a code span never crosses a blank line, as
    Markdown reads each block on its own."""
    position = 0
    breaks = [edge for m in _BLOCK_BREAK.finditer(text) for edge in (m.start(), m.end())]
    for block_start, block_end in zip([0, *breaks], [*breaks, len(text)], strict=True):
        for start, end in _code_spans(text[block_start:block_end]):
            start, end = start + block_start, end + block_start
            if start > position:
                yield text[position:start], False
            yield text[start:end], True
            position = end
    if position < len(text):
        yield text[position:], False


def _pairs(text: str) -> tuple[dict[int, int], list[int]]:
    """Matched brackets (``[`` position -> its ``]``) and the unmatched ``[``, skipping
    backslash escapes (Markdown takes those as literal before it looks for links)."""
    matched: dict[int, int] = {}
    unmatched: list[int] = []
    stack: list[int] = []
    escaped = False
    for position, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            stack.append(position)
        elif char == "]" and stack:
            matched[stack.pop()] = position
    unmatched.extend(stack)
    return matched, unmatched


def _may_mean_something(text: str, opening: int, closing: int, defined: set[str],
                        longest_defined: int, closes_before: Callable[[int], bool]) -> bool:
    short = closing - opening <= max(_LONGEST_LABEL, longest_defined)
    inside = text[opening:closing + 1] if short else ""  # long ones need no reading
    if inside and _WHOLE_MARKER.match(inside):
        return True  # a citation marker
    after = text[closing + 1:closing + 3]
    # An inline link or image, unless no ")" follows in its block at all (Markdown
    # would then search to the end of the block for each such "[...](").
    if after[:1] == "(" and closes_before(closing + 1):
        return True
    if after[:1] in ("[", ":") or (after[:1].isspace() and after[1:2] == "["):
        return True  # a reference link, a definition
    before = text[max(0, opening - 2):opening]
    if before[-1:] == "]" or (before[-1:].isspace() and before[:1] == "]"):
        return True  # the label of a reference link: "[text][label]"
    return bool(inside) and " ".join(inside[1:-1].split()).lower() in defined


def _quiet(text: str, defined: set[str]) -> str:
    # Brackets inside code spans are Markdown's text: blank them out for the pairing.
    seen = "".join("c" * len(piece) if is_code else piece
                   for piece, is_code in code_segments(text))
    matched, unmatched = _pairs(seen)
    closing_parens = [i for i, char in enumerate(seen) if char == ")"]
    block_ends = [m.start() for m in _BLOCK_BREAK.finditer(seen)] + [len(seen)]

    def closes_before(opening_paren: int) -> bool:
        """A ")" after ``opening_paren`` and before the end of its block."""
        after = bisect.bisect_right(closing_parens, opening_paren)
        block_end = block_ends[bisect.bisect_right(block_ends, opening_paren)]
        return after < len(closing_parens) and closing_parens[after] < block_end

    longest_defined = max(map(len, defined), default=0) + 2
    # A pair is hidden as a pair: a lone "]" left inside a kept pair would close it early.
    hidden = set(unmatched)
    kept: list[int] = []
    for opening, closing in sorted(matched.items()):
        if _may_mean_something(seen, opening, closing, defined, longest_defined,
                               closes_before):
            kept.append(opening)
        else:
            hidden.add(opening)
    # Nesting depth among the kept pairs, with a stack of their closing positions; and
    # nothing hidden inside a pair that may be a reference definition ("[x[a]]:" is
    # not one, and must not become one).
    open_until: list[int] = []
    for opening in kept:
        while open_until and open_until[-1] < opening:
            open_until.pop()
        if len(open_until) >= MAX_LINK_NESTING:
            hidden.add(opening)
            continue
        open_until.append(matched[opening])
        if seen[matched[opening] + 1:matched[opening] + 2] == ":":
            hidden.difference_update(range(opening, matched[opening]))
    if not hidden:
        return text
    chars = list(text)
    for position in hidden:
        chars[position] = STAND_IN
        if position in matched:
            chars[matched[position]] = STAND_IN_CLOSING
    return "".join(chars)


def quiet_brackets(body: str) -> str:
    """``body`` with every ``[`` that cannot start a link, image, marker or reference
    definition replaced by ``STAND_IN`` and its ``]`` by ``STAND_IN_CLOSING`` (code
    spans untouched)."""
    body = body.replace(STAND_IN, "").replace(STAND_IN_CLOSING, "")
    if "[" not in body:
        return body
    defined = {" ".join(m.group(1).split()).lower() for m in _DEFINITION.finditer(body)}
    return _quiet(body, defined)


def restore_brackets(html: str) -> str:
    return html.replace(STAND_IN, "[").replace(STAND_IN_CLOSING, "]")
