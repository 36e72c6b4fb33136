"""The head of a news story: its headline, byline and dateline sentence ("FENWICK, 11
March 2024 — Fenwick County Council will double ..."). What it names is the context of
every passage below it: "Cllr Graham Tolley said" is Fenwick's councillor where the head
says the story is Fenwick's, so a claim saying "Fenwick's cabinet member" is backed by
the passage with the quotation and the head together."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from .index import SourceIndex
from .page_dates import page_date
from .text import Token, tokenize
from .verbs import is_verb_form

# a line opening with a dateline, its date optional: "MARLOW — ", "ELMFORD, Ind., March
# 6 (Metro Wire) — ", "LONDON, 17 October 2024 – "; not an editor's label ("UPDATE — the
# council has since ...")
DATELINE = re.compile(r"^(?!(?:UPDATED?|CORRECTIONS?|CLARIFICATION|EDITOR['’]S NOTE|BREAKING|"
                       r"WATCH|LISTEN|READ MORE|ADVERTISEMENT|EXCLUSIVE|ANALYSIS|OPINION)\b)"
                       r"[A-Z][A-Z.'’ -]{2,}(?:,[^\n—–]{0,40})?\s*(?:\([^)\n]{0,40}\)\s*)?[—–]",
                       re.MULTILINE)
#: How far down a page its dateline may stand (masthead, menus, headline, byline).
_HEAD_CHARS = 1500


@lru_cache(maxsize=64)
def _head_end(text: str) -> int:
    """Where the dateline sentence begins, or -1 where the page has no dateline."""
    found = DATELINE.search(text, 0, _HEAD_CHARS)
    if found:
        return found.start()
    date = page_date(text)
    if date is None or not date.dateline:
        return -1
    return text.find(date.written)


def head_stems(index: SourceIndex) -> frozenset[str]:
    """The content stems of the story's head: every sentence up to and including its
    dateline sentence; none for a page without a dateline."""
    at = _head_end(index.text)
    if at < 0:
        return frozenset()
    out: set[str] = set()
    for k, (start, _) in enumerate(index.sentences):
        if start > at:
            break
        out.update(index.sentence_stems[k])
    return frozenset(out)


def head_context(tokens: list[Token], aliases: Mapping[str, str], index: SourceIndex,
                 pid: int, pass_stems: set[str]) -> tuple[list[str], set[str]]:
    """The claim words only the story's head gives, beside passage ``pid``, and their
    stems: the words the head adds to what the passage backs."""
    head = head_stems(index) - pass_stems
    shown = index.passage_text(pid)
    # what the head says was done is lent only to a passage that tells of nothing else
    # done: not to "a separate plan ... was deferred" under "Council approves budget"
    names_only = bool(_ANOTHER_THING.search(shown))
    head_only = [t.text for i, t in enumerate(tokens) if t.content
                 and (_is_name(t, i) or not names_only)
                 and aliases.get(t.stem) in head and not rival_name(tokens, i, shown)]
    return head_only, {aliases[t.stem] for t in tokens if t.text in head_only}


_ANOTHER_THING = re.compile(r"\b(?:separate|another|"
                            r"deferred|postponed|delayed|shelved|withdrawn|rejected|scrapped|"
                            r"dropped|blocked|halted|paused|overturned|cancell?ed)\b",
                            re.IGNORECASE)


def _is_name(token: Token, i: int) -> bool:
    """A capitalised word that is no verb opening the claim ("EU", "Fenwick's"; not
    "Jailing")."""
    return token.text[0].isupper() and (i > 0 or not is_verb_form(token.lower, ing=True))


def rival_name(claim_tokens: list[Token], i: int, passage: str) -> bool:
    """Whether the passage has another name where the claim has its name ``i``, before
    the claim's next word: "Harlow's cabinet member" where the claim says "Fenwick's
    cabinet member" (the head's Fenwick is then no context of this passage)."""
    after = next((t.stem for t in claim_tokens[i + 1:] if t.content), None)
    if after is None:
        return False
    claim_stems = {t.stem for t in claim_tokens}
    words = [t for t in tokenize(passage) if t.content]
    return any(w.stem == after and (
        k > 0 and _name_inside(words[k - 1], passage) and words[k - 1].stem not in claim_stems
        or _rival_after(passage, w.end, claim_stems)) for k, w in enumerate(words))


# "cabinet member for highways at neighbouring Harlow District Council": whose the
# member is, said after the word, up to the clause's end
_OF_WHOM = re.compile(r"[^,;.()—–]{0,60}?\b(?:at|of|from|with)\s+(?:the\s+|neighbou?ring\s+|"
                      r"nearby\s+|rival\s+)?(?P<name>[A-Z][\w'’-]+)")


def _rival_after(passage: str, end: int, claim_stems: set[str]) -> bool:
    """Whether the words after ``end`` say the thing belongs to a name the claim does
    not have ("chief executive of Marlow Rowing Club")."""
    found = _OF_WHOM.match(passage, end)
    return bool(found) and all(t.stem not in claim_stems for t in tokenize(found["name"]))


def _name_inside(word: Token, passage: str) -> bool:
    """A capitalised word not opening a sentence ("New car registrations" is no name)."""
    before = passage[:word.start].rstrip()
    return word.text[0].isupper() and bool(before) and before[-1] not in ".!?—–:\"“'‘"
