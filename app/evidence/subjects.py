"""Whose figure it is: the claim's value is in the source, but for another name, and the
claim's own name has another figure ("Labour won 26 seats ..., while the Conservatives
won 14" for "The Conservatives won 26 seats"; "Spain's unemployment rate fell to 10.5%
... In Portugal, the jobless rate held at 6.4%" for "Portugal's ... fell to 10.5%").

The names read are those written before the figure in its clause, back to the figure
before it: the subject of a figure in news copy stands before it, often further away
than the few words a figure is bound by.
"""

from __future__ import annotations

from .compare import binding
from .figures import CLAUSE_BREAK, Mention
from .text import extract_names, name_words, stem


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
                 whole: bool = False) -> frozenset[str]:
    """Stems of the name words in ``text`` (the figure's sentence or claim) before
    ``figure`` in its clause, and after the figure that comes before it ("to the Isle
    of Skye on Sunday, cut power to 27,000 homes": none; the Isle is the gusts').
    ``whole``: every clause back to the figure before ("In Portugal, the jobless rate
    held at 6.4%")."""
    start = own_words_start(text, figure, figures, whole)
    segment = text[start:figure.start]
    if start:
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
