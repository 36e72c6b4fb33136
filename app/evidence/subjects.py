"""Whose figure it is: the claim's value is in the source, but for another name, and the
claim's own name has another figure ("Labour won 26 seats ..., while the Conservatives
won 14" for "The Conservatives won 26 seats"; "Spain's unemployment rate fell to 10.5%
... In Portugal, the jobless rate held at 6.4%" for "Portugal's ... fell to 10.5%").

The names read are those written before the figure in its clause, back to the figure
before it: the subject of a figure in news copy stands before it, often further away
than the few words a figure is bound by.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from .compare import binding, same_value
from .figures import CLAUSE_BREAK, Mention, sentence_mentions, sentence_text
from .index import SourceIndex
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


def other_subject(cm: Mention, claim_names: frozenset[str],
                  same: list[tuple[Mention, frozenset[str]]],
                  rivals: list[tuple[int, Mention, frozenset[str]]]
                  ) -> tuple[int, Mention] | None:
    """The source figure the claim should have given, or None.

    ``same``: the source's mentions of the claim's value bound to the claim's words,
    each with its names before it; ``rivals``: the other figures alike, with their
    sentence and names. The claim's value must stand by another name only (the
    source's figure has a name the claim lacks, and lacks one the claim has), and a
    rival bound to the claim's words must stand by that missing name."""
    if not claim_names:
        return None
    for sm, names in same:
        if binding(cm, sm) < 1.0:
            continue
        lacks, other = claim_names - names, names - claim_names
        if not (lacks and other):
            continue
        for k, rival, rival_names in rivals:
            if (rival_names & lacks and not rival_names & other
                    and binding(cm, rival) >= 1.0):
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
    claim_names = names_before(claim, cm, claim_mentions, opening=True)
    if not claim_names:
        return None

    def named(k: int, m: Mention, whole: bool = False) -> frozenset[str]:
        return names_before(sentence_text(index, k), m, sentence_mentions(index, k), whole)

    same = [(sm, named(k, sm)) for _, k, sm in raw_same]
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
    said = with_subject(sentence_text(index, k), rival, sentence_mentions(index, k),
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
