"""Whose figure it is: the claim's value is in the source, but for another name, and the
claim's own name has another figure ("Labour won 26 seats ..., while the Conservatives
won 14" for "The Conservatives won 26 seats"; "Spain's unemployment rate fell to 10.5%
... In Portugal, the jobless rate held at 6.4%" for "Portugal's ... fell to 10.5%").

The names read are those written before the figure in its clause, back to the figure
before it: the subject of a figure in news copy stands before it, often further away
than the few words a figure is bound by.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from .compare import binding, same_value
from .figures import CLAUSE_BREAK, Mention, sentence_mentions, sentence_text
from .index import SourceIndex
from .story_head import DATELINE
from .text import extract_names, is_short_form, name_words, stem, tokenize


def own_words_start(text: str, figure: Mention, figures: list[Mention],
                    whole: bool = False) -> int:
    """Where the words before ``figure`` that are its own begin: after the figure that
    comes before it and, unless ``whole``, in its clause."""
    start = max((m.end for m in figures if m.end <= figure.start), default=0)
    if whole:
        return start
    breaks = list(CLAUSE_BREAK.finditer(text, start, figure.start))
    return breaks[-1].end() if breaks else start


def with_subject(text: str, figure: Mention, figures: list[Mention],
                 whole: bool = False) -> str:
    """The figure's phrase with the words before it in its clause (``whole``: back to
    the figure before it): "the Conservatives won 14", where the phrase alone says
    "won 14"; "In Portugal, the jobless rate held at 6.4%"."""
    start = own_words_start(text, figure, figures, whole)
    if whole:
        # from the last name on: "Rui Carvalho, who received 48%", not the words of
        # the figure before it
        # (unless the words open their own clause: "In Portugal, the jobless rate")
        names = extract_names(text[start:figure.start])
        if names and text[start:figure.start].lstrip()[:1].islower():
            start = max(start, text.rfind(names[-1], start, figure.start))
    at = text.find(figure.phrase, start)
    end = at + len(figure.phrase) if at >= 0 else figure.end
    return text[start:max(end, figure.end)].strip()


def names_before(text: str, figure: Mention, figures: list[Mention],
                 whole: bool = False, opening: bool = False) -> frozenset[str]:
    """Stems of the name words in ``text`` (the figure's sentence or claim) before
    ``figure`` in its clause, and after the figure that comes before it ("to the Isle
    of Skye on Sunday, cut power to 27,000 homes": none; the Isle is the gusts').
    ``whole``: every clause back to the figure before ("In Portugal, the jobless rate
    held at 6.4%"). ``opening``: the capitalised word opening the text is a name too
    ("York will get 500 homes"; the caller must find it among the source's names)."""
    start = own_words_start(text, figure, figures, whole)
    segment = text[start:figure.start]
    if start or opening:
        # mid-sentence: a capital opening the piece is a name ("..., Labour won 26"),
        # not a sentence's first word, so the piece is read as if words came before it
        segment = "so " + segment.lstrip()
    return frozenset(stem(w) for n in extract_names(segment) for w in name_words(n))




def _dateline_end(sentence: str) -> int:
    """Where the sentence begins after a news page's dateline ("PORTO — ", "TARNSIDE,
    9 May 2024 — "), 0 where it has none."""
    dateline = DATELINE.match(sentence.lstrip())
    return len(sentence) - len(sentence.lstrip()) + dateline.end() if dateline else 0


#: How many words a sentence's subject may stand before its figure.
_SUBJECT_WORDS = 15
_RELATIVE = re.compile(r"\s*(?:which|who|whose|that)\b", re.IGNORECASE)


def sentence_subject(text: str, figure: Mention, figures: list[Mention],
                     opening: bool = False) -> frozenset[str]:
    """Stems of the subject of a figure whose clause names none: the first name of
    ``text`` (a sentence, past its dateline) before it ("Ana Mendes won a second term
    on Sunday, taking 52% of the vote"), or in a relative clause the name it follows
    ("Baltic Freight Lines, which runs 14 depots"). ``figures``: the figures alike in
    ``text``; ``opening`` as for :func:`names_before`."""
    if any(m.end <= figure.start for m in figures):
        return frozenset()  # a second figure's is the first's ("leads Shaw 51% to 42%")
    start = own_words_start(text, figure, figures)
    if _RELATIVE.match(text, start):
        names = extract_names(text[:start])
        return frozenset(stem(w) for w in name_words(names[-1])) if names else frozenset()
    segment = text[_dateline_end(text):figure.start]
    names = extract_names("so " + segment.lstrip() if opening else segment)
    # (near enough to be its subject: not the masthead a page's first sentence runs
    # on from, "Open Letter from Dr Tony Xia ... over the next 12 months")
    if not names or len(segment[segment.find(names[0]):].split()) > _SUBJECT_WORDS:
        return frozenset()
    return frozenset(stem(w) for w in name_words(names[0]))


def _beside(cm: Mention, rival: Mention) -> bool:
    """Whether a figure of the claim's value's sentence may stand for it by its names
    alone: a bare figure or one of the claim's figure's thing ("to City's six"), not a
    label nor another thing's ("FFP 9", "a three-time Sprint Cup champion")."""
    return not (cm.label or rival.label) and (not rival.right or bool(
        set(rival.right) & set(cm.right)))


def other_subject(cm: Mention, claim_names: frozenset[str],
                  same: list[tuple[int, Mention, frozenset[str]]],
                  rivals: list[tuple[int, Mention, frozenset[str]]]
                  ) -> tuple[int, Mention] | None:
    """The source figure the claim should have given, or None.

    ``same``: the source's mentions of the claim's value bound to the claim's words,
    each with its sentence and the names before it; ``rivals``: the other figures
    alike, with their sentence and names. The claim's value must stand by another name
    only (the source's figure has a name the claim lacks, and lacks one the claim has),
    and a rival must stand by that missing name: bound to the claim's words, or set
    beside the claim's value in its sentence, where the two are told apart by their
    names alone ("Grace Odum took 44% of the vote, while Phil Carraway finished second
    with 31%"; "Rovers had 14 shots to City's six")."""
    if not claim_names:
        return None
    for k_same, sm, names in same:
        if binding(cm, sm) < 1.0:
            continue
        lacks, other = claim_names - names, names - claim_names
        if not (lacks and other):
            continue
        # (the figure set beside the claim's value first: "Rovers had 14 shots to
        # City's six", not the score of the match two sentences back)
        for k, rival, rival_names in sorted(rivals, key=lambda r: r[0] != k_same):
            if (rival_names & lacks and not rival_names & other
                    and (binding(cm, rival) >= 1.0 or k == k_same and _beside(cm, rival))):
                return k, rival
    return None


def by_others_only(cm: Mention, claim_names: frozenset[str],
                   same: list[tuple[Mention, frozenset[str], frozenset[str]]]) -> bool:
    """Whether the claim's value, where the source binds it to the claim's words,
    stands only by other names, in sentences that never name the claim's ("Nia Okoye
    then scored twice" for "Ellie Brannigan scored twice"). ``same``: the source's
    mentions of the value with the names before each and its sentence's stems."""
    bound = [(names, stems) for sm, names, stems in same if binding(cm, sm) >= 1.0]
    return bool(claim_names and bound) and all(
        names and not names & claim_names and not claim_names & stems
        for names, stems in bound)


_OPENING_WORD = re.compile(r"\s*([A-Z][\w-]+)")


def _opens_with_name(sentence: str, page: str) -> bool:
    """Whether the sentence's first word is a name: the page writes it capitalised in
    the middle of a sentence too ("Rovers had 14 shots" on a page saying "for
    Rovers")."""
    first = _OPENING_WORD.match(sentence, _dateline_end(sentence))
    if not first:
        return False
    # (a page that merely lacks the word in lower case proves nothing: "About 140,000
    # homes", "Organisers said")
    return re.search(rf"[a-z,][ \t]+{re.escape(first.group(1))}\b", page) is not None


def figure_of_another_name(cm: Mention, claim: str, claim_mentions: list[Mention],
                     raw_same: list[tuple[float, int, Mention]],
                     source: list[tuple[int, Mention]],
                     claim_values: set[tuple[str, Decimal]],
                     index: SourceIndex) -> tuple[int, Mention] | None:
    """The claim's value stands by another name in the source, and the claim's name by
    another figure (:func:`other_subject`)."""
    if cm.kind not in ("count", "money", "percent") or not raw_same:
        return None  # (a year beside a name labels it: "the 2016 Olympics")
    # (a rival must stand by the claim's name in the source: so the claim's opening
    # word may be one, "York will get 500 new homes")
    # (its name may stand before the clause: "Toskar pledged the largest contingent, 600
    # soldiers")
    # (nor does a figure of another kind end them: "its Aria 3 Flash model scores 88.1%")
    alike = [m for m in claim_mentions if m.kind == cm.kind]
    claim_names = (names_before(claim, cm, alike, opening=True)
                   or sentence_subject(claim, cm, alike, opening=True))
    if not claim_names:
        return None

    def alike_in(k: int, m: Mention) -> list[Mention]:
        # a figure of another kind does not end this one's words: "Phil Carraway
        # finished second with 31%" is Carraway's 31%
        return [f for f in sentence_mentions(index, k) if f.kind == m.kind]

    def named(k: int, m: Mention, whole: bool = False) -> frozenset[str]:
        text = sentence_text(index, k)
        return names_before(text, m, alike_in(k, m), whole,
                            opening=whole and _opens_with_name(text, index.text))

    # the source's subject may open its sentence too ("Ana Mendes won a second term on
    # Sunday, taking 52% of the vote")
    same = [(k, sm, named(k, sm) or sentence_subject(
        sentence_text(index, k), sm, alike_in(k, sm),
        _opens_with_name(sentence_text(index, k), index.text))) for _, k, sm in raw_same]
    # another of the claim's values is a rival only where the claim gives it to another
    # name: the two swapped ("York will get 500 ..., with Leeds receiving 300" / "Leeds
    # will receive funding for 500 ... and York for 300")
    owners = {(m.kind, m.value): names_before(claim, m, claim_mentions)
              for m in claim_mentions if m is not cm}
    # a rival's subject may open its sentence ("In Portugal, the jobless rate held at")
    rivals = [(k, sm, names) for k, sm in source
              if sm.kind == cm.kind and not same_value(cm, sm)
              for names in [named(k, sm) or named(k, sm, whole=True)]
              if (sm.kind, sm.value) not in claim_values
              or (owners.get((sm.kind, sm.value)) and not owners[(sm.kind, sm.value)] & names)]
    found = other_subject(cm, claim_names, same, rivals)
    if found is None:
        return None
    k, rival = found
    # "source says: the Conservatives won 14", not "won 14": whose figure it is
    said = with_subject(sentence_text(index, k), rival, alike_in(k, rival),
                        whole=not named(k, rival))
    return k, replace(rival, phrase=said)


def figure_of_others_only(cm: Mention, claim: str, claim_mentions: list[Mention],
                          raw_same: list[tuple[float, int, Mention]], index: SourceIndex,
                          aliases: dict[str, str]) -> bool:
    """:func:`by_others_only` for the claim's figure ``cm``; ``aliases``: the source's
    stem for a claim stem it says another way ("EU" / "European Union")."""
    if cm.kind == "year" or cm.kind == "date" or not raw_same:
        return False
    # (the claim's name must be on the page: else it is the source's name said another
    # way, "the FTC" / "the Federal Trade Commission", or no name, "Around 85,000")
    # (nor a short form: "EU car registrations" / "registrations in the European Union"
    # on a page whose headline also says "EU")
    names = frozenset(aliases.get(n, n)
                      for n in names_before(claim, cm, claim_mentions, opening=True))
    if not names <= index.stems or any(t.stem in names and is_short_form(t.text)
                                       for t in tokenize(claim)):
        return False
    return by_others_only(cm, names, [
        (sm, names_before(sentence_text(index, k), sm, sentence_mentions(index, k)),
         frozenset(index.sentence_stems[k])) for _, k, sm in raw_same])
