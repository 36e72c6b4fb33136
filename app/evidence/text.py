"""Text primitives for evidence checks: sentences, stems, quotations, names, clauses.

Numbers are read in :mod:`app.evidence.numbers` (re-exported here).

Everything here is deterministic, pure and fast: words are found by compiled regular
expressions, and each distinct word is stemmed once (``snowballstemmer``, which runs the
C build ``PyStemmer`` when it is installed) and remembered; ``rapidfuzz`` (fuzzy
matching) is used by the callers.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import snowballstemmer

from .kept import KEPT_TEXT_CHARS, KEPT_TEXTS, _keep  # noqa: F401 - KEPT_TEXTS: part of this API
from .numbers import (  # noqa: F401 - re-exported: callers keep reaching them as text.*
    _NUMBER_RE,
    NumberMention,
    _number_matches,
    claim_numbers,
    extract_numbers,
    number_found,
)

_STEMMER = snowballstemmer.stemmer("english")

# A compact English stopword list: function words, auxiliaries, pronouns and the
# vague verbs/adverbs that AI answers sprinkle everywhere ("also", "various"), and the
# attribution frame digests open with ("According to Reuters", "reportedly"): who said
# it is checked as a name, the frame's own words are in no source. The connectives an
# answer strings its sentences with ("Furthermore", "Nevertheless") say how
# a sentence follows the last one, nothing a source states.
STOPWORDS: frozenset[str] = frozenset(
    """
        a about above after again against all also am an and any are aren't as at be
        because been before being below between both but by can can't cannot could
        couldn't did didn't do does doesn't doing don't down during each either else etc
        ever every few for from further had hadn't has hasn't have haven't having he
        he'd he'll he's her here here's hers herself him himself his how how's however i
        i'd i'll i'm i've if in into is isn't it it's its itself just let's may me might
        more most much must mustn't my myself nor of off on once one only or other
        others ought our ours ourselves out over own per rather same shan't she she'd
        she'll she's should shouldn't so some such than that that's the their theirs
        them themselves then there there's these they they'd they'll they're they've
        this those though through thus to too under until up upon us very via was wasn't
        we we'd we'll we're we've were weren't what what's when when's where where's
        whether which while who who's whom whose why why's will with within won't would
        wouldn't yet you you'd you'll you're you've your yours yourself yourselves s t
        also well many several various including include includes included like among
        amongst along around across another certain often usually generally particularly
        specifically especially namely i.e e.g et al would'nt it'll since
        according reportedly now still already currently recently mostly mainly largely
        alongside
        nevertheless nonetheless furthermore moreover additionally therefore
        consequently hence accordingly similarly likewise conversely alternatively
        meanwhile besides notably importantly essentially basically indeed actually
        really although whereas ultimately
        """.split()  # noqa: SIM905
)

NEGATION_CUES: frozenset[str] = frozenset(
    """
        not no never none nobody nothing neither nor without cannot can't don't doesn't
        didn't isn't aren't wasn't weren't won't wouldn't shouldn't couldn't hasn't
        haven't hadn't mustn't unable
        """.split()  # noqa: SIM905
)
_NOT_CONTENT = STOPWORDS | NEGATION_CUES

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_QUOTE_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"',
                             "„": '"', "‟": '"', "«": '"', "»": '"', "′": "'", "″": '"'})


def fold(text: str) -> str:
    """Fold typographic quotes and runs of whitespace; lower-case."""
    return " ".join(text.translate(_QUOTE_FOLD).split()).casefold()


#: Words remembered before the caches start afresh (bounds memory on hostile input).
CACHE_WORDS = 300_000


class _Stems(dict[str, str]):
    """Lower-cased word -> Snowball stem, each word stemmed once."""

    def __missing__(self, word: str) -> str:
        if len(self) >= CACHE_WORDS:
            self.clear()
        base = word[:-2] if word.endswith(("'s", "’s")) else word
        result: str = _STEMMER.stemWord(base)
        self[word] = result
        return result


class _ContentStems(dict[str, "str | None"]):
    """Lower-cased word -> its stem when it is a content word (not a stopword, not a
    negation cue, not a bare number, longer than one letter), else None."""

    def __missing__(self, lower: str) -> str | None:
        if len(self) >= CACHE_WORDS:
            self.clear()
        content = not lower[0].isdigit() and lower not in _NOT_CONTENT and len(lower) > 1
        result = _STEM[lower] if content else None
        self[lower] = result
        return result


class _Surfaces(dict[str, "tuple[str, str, bool]"]):
    """Surface word -> (lower-cased, stem, content)."""

    def __missing__(self, surface: str) -> tuple[str, str, bool]:
        if len(self) >= CACHE_WORDS:
            self.clear()
        lower = surface.casefold().replace("’", "'")
        result = (lower, _STEM[lower], _CONTENT[lower] is not None)
        self[surface] = result
        return result


_STEM = _Stems()
_CONTENT = _ContentStems()
_SURFACE = _Surfaces()
#: For the index, which lower-cases whole sentences at once: the word pattern, and
#: each lower-cased word's stem when it is a content word, else None.
WORD_RE = _WORD_RE
CONTENT_STEMS = _CONTENT


def stem(word: str) -> str:
    """Snowball stem of a lower-cased word (possessive ``'s`` dropped)."""
    return _STEM[word]


class Token(NamedTuple):
    """A word of a text (a named tuple: the index builds many thousands of them)."""

    text: str  # surface form
    lower: str
    stem: str
    start: int
    end: int
    content: bool  # not a stopword, not a bare number


_new_token = tuple.__new__


_TOKENS_KEPT: dict[tuple[str, int], tuple[Token, ...]] = {}


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Word tokens with stems and character offsets (relative to ``offset``)."""
    short = len(text) <= KEPT_TEXT_CHARS
    if short:
        kept = _TOKENS_KEPT.get((text, offset))
        if kept is not None:
            return list(kept)
    out = _tokenize(text, offset)
    if short:
        _keep(_TOKENS_KEPT, (text, offset), tuple(out))
    return out


def _tokenize(text: str, offset: int) -> list[Token]:
    surfaces = _SURFACE
    out: list[Token] = []
    append = out.append
    for m in _WORD_RE.finditer(text):
        surface = m.group()
        lower, stemmed, content = surfaces[surface]
        start, end = m.span()
        append(_new_token(Token, (surface, lower, stemmed, start + offset, end + offset,
                                  content)))
    return out


def content_stems(text: str) -> list[str]:
    return [t.stem for t in tokenize(text) if t.content]


# --------------------------------------------------------------------------- sentences

_ABBREV = frozenset(
    """
        mr mrs ms dr prof sr jr st mt no vs etc inc ltd co corp dept gen gov sen rep col
        lt sgt fig al approx est jan feb mar apr jun jul aug sep sept oct nov dec u.s
        u.k e.g i.e
        """.split()  # noqa: SIM905
)
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"'”’)\]]*\s+|\n\s*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (stripped of surrounding space).

    Newlines always end a sentence (snapshots keep paragraphs and list items on their
    own lines); ``.``, ``!`` and ``?`` end one unless they close a known abbreviation
    or an initial ("Thomas K. Arnold").
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        end = m.end()
        if "\n" not in m.group() and text[m.start()] == ".":
            before = text[start : m.start()].rsplit(None, 1)
            last = before[-1].casefold().rstrip(".") if before else ""
            nxt = text[end : end + 1]
            if last in _ABBREV or (len(last) == 1 and last.isalpha()) or (nxt and nxt.islower()):
                continue
        _push(text, start, m.start() + len(m.group().rstrip()), spans)
        start = end
    _push(text, start, len(text), spans)
    return spans


def _push(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and any(c.isalnum() for c in text[start:end]):
        spans.append((start, end))


# --------------------------------------------------------------------------- quotations

_QUOTE_RE = re.compile(r'"([^"\n]{2,400}?)"|(?<![\w])\'([^\'\n]{2,400}?)\'(?![\w])')


_ELLIPSIS_RE = re.compile(r"\s*(?:\[\s*(?:\.\s*){3}\]|\[…\]|…|\.\.\.)\s*")
_WORD_CHARS_RE = re.compile(r"\w+")


def fold_alnum(text: str) -> str:
    """Only the words, lower-cased, one space apart: for looking up quotations."""
    # the runs of word characters are what splitting at the others leaves (a word
    # character is never white space): found at once, twice as fast on a long page
    return " ".join(_WORD_CHARS_RE.findall(text.casefold()))


def quote_parts(quote: str) -> list[str]:
    """A quotation's pieces between ellipses ("mature, tasteful, and [...] sexy")."""
    return [p for p in _ELLIPSIS_RE.split(quote) if p.strip()]


def extract_quotes(text: str) -> list[str]:
    """Quoted passages of two words or more (one-word scare quotes are names, not quotes)."""
    folded = text.translate(_QUOTE_FOLD)
    out = []
    for m in _QUOTE_RE.finditer(folded):
        q = (m.group(1) or m.group(2) or "").strip(" ,.;:")
        if len(_WORD_RE.findall(q)) >= 2:
            out.append(q)
    return out


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Where the quotations of :func:`extract_quotes` stand in ``text``."""
    folded = text.translate(_QUOTE_FOLD)
    return [m.span() for m in _QUOTE_RE.finditer(folded)
            if len(_WORD_RE.findall(m.group(1) or m.group(2) or "")) >= 2]


# --------------------------------------------------------------------------- names

_NAME_JOINERS = frozenset({"of", "de", "la", "du", "von", "van", "der", "del", "da", "&", "the"})
_NOT_NAMES = frozenset(
    """
        i the a an in on at for to of and but or if as this that these those it its he
        she they we you his her their our there here when while after before during
        however although though since because according also yet still what which who
        how why where many most some all each both one two three first new january
        february march april may june july august september october november december
        monday tuesday wednesday thursday friday saturday sunday
        mon tue tues wed thu thur thurs fri sat
        """.split()  # noqa: SIM905
)
_CAP_RE = re.compile(r"[A-Z][\w'’.-]*")


def short_form_letters(word: str) -> str:
    """``word`` without its dots and a plural "s" after capitals ("U.S." -> "US", "EVs"
    -> "EV")."""
    letters = word.replace(".", "")
    if len(letters) >= 3 and letters.endswith("s") and letters[:-1].isupper():
        letters = letters[:-1]
    return letters


def is_short_form(word: str) -> bool:
    """A word written as an abbreviation: two to five capitals, one of them maybe a
    digit ("EU", "NHS", "Q4"), maybe with a plural "s" ("EVs")."""
    letters = short_form_letters(word)
    return (2 <= len(letters) <= 5 and letters[0].isalpha() and letters.isalnum()
            and letters.upper() == letters and sum(c.isdigit() for c in letters) <= 1)


def extract_names(text: str) -> list[str]:
    """Capitalised words and multi-word names (people, organisations, products).

    A capitalised word that opens a sentence counts only when it runs into another
    capitalised word ("Media Play News launched" → "Media Play News") or is written as
    a short form ("NHS").
    """
    # the words of a date are no name ("Oct. 4", "Jan. 14, 2026"; "Jan Koum" is one)
    dates = [(n.start, n.end) for n in extract_numbers(text) if n.is_date]
    tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[\w'’.&-]+", text)
              if not any(s <= m.start() < e for s, e in dates)]
    names: list[str] = []
    i = 0
    while i < len(tokens):
        word, start, _ = tokens[i]
        word = word.rstrip(".")
        if word and _CAP_RE.fullmatch(word) and word.casefold() not in _NOT_NAMES:
            j = i + 1
            parts = [word]
            while j < len(tokens):
                w = tokens[j][0].rstrip(".")
                gap = text[tokens[j - 1][2] : tokens[j][1]]
                prev = tokens[j - 1][0]
                if gap.strip() or (
                    prev.endswith(".") and len(prev) > 3 and any(c.islower() for c in prev)
                ):
                    break  # punctuation between the words: not one name
                if w and _CAP_RE.fullmatch(w) and w.casefold() not in _NOT_NAMES or (
                    w.casefold() in _NAME_JOINERS and j + 1 < len(tokens)
                    and _CAP_RE.fullmatch(tokens[j + 1][0].rstrip("."))
                    and tokens[j + 1][0].casefold() not in _NOT_NAMES
                ):
                    parts.append(w)
                    j += 1
                else:
                    break
            # skip a lone capitalised word at the start of a sentence: it is just the
            # sentence's first word (unless it is written as a short form, "NHS waiting
            # lists grew", or is a possessive, "Portugal's jobless rate": names both)
            prefix = text[:start].rstrip()
            sentence_start = not prefix or prefix[-1] in '.!?:;"“(\n'
            possessive = (len(parts) == 1 and parts[0].endswith(("'s", "’s"))
                          and parts[0][:-2].casefold() not in _NOT_CONTENT)
            if not (sentence_start and len(parts) == 1 and not is_short_form(parts[0])
                    and not possessive):
                names.append(" ".join(parts))
            i = j
        else:
            i += 1
    seen: dict[str, None] = {}
    for n in names:
        n = n.strip(".-'’")
        if n and not n.isdigit():
            seen.setdefault(n, None)
    return list(seen)


def name_words(name: str) -> list[str]:
    """The words of a name that must be in the source (joiners and possessives dropped)."""
    out = []
    for w in _WORD_RE.findall(name):
        w = w.casefold().replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if w not in _NAME_JOINERS:
            out.append(w)
    return out


# --------------------------------------------------------------------------- clauses

_CLAUSE_SPLIT_RE = re.compile(
    r"\s*;\s*|,\s+(?=(?:and|but|while|whereas|which|who|although|though|yet|as well as|"
    r"while also|with|making|leading|resulting|allowing|enabling)\b)|\s+(?=(?:and|but|whereas)\s)"
)


def split_clauses(text: str, min_content: int = 3) -> list[tuple[int, int]]:
    """Spans of the single facts in a long claim.

    Splits at semicolons and at commas or conjunctions that open a new clause; a piece
    with fewer than ``min_content`` content words is merged back into its neighbour.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE_SPLIT_RE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if e <= s:
            continue
        n = sum(1 for t in tokenize(text[s:e]) if t.content or t.lower[0].isdigit())
        if merged and (n < min_content or _count_content(text, *merged[-1]) < min_content):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged or [(0, len(text))]


def _count_content(text: str, s: int, e: int) -> int:
    return sum(1 for t in tokenize(text[s:e]) if t.content or t.lower[0].isdigit())
