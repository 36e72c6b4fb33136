"""Story-level findings: what is structurally wrong before any source is read."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from app.markers import strip_markers
from app.model import Claim, Finding, Reference, Sentence, Story

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’\-]*[A-Za-z0-9]|[A-Za-z]")
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers him his how i if in into is
    it its itself just me more most my no nor not now of off on once only or other our out
    over own same she should so some such than that the their them then there these they
    this those through to too under until up very was we were what when where which while
    who whom why will with would you your new says said how why what its it's vs via amid
    after over""".split()
)
_FIGURE = re.compile(
    r"[$€£¥]\s?\d[\d,.]*(?:\s*(?:million|billion|trillion|bn|m)\b)?"
    r"|\b\d[\d,.]*(?:\s*(?:%|percent\b|per cent\b|million\b|billion\b|trillion\b))?"
)
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][A-Za-z]*[\s-]|-)$")


def figures_in(text: str) -> list[str]:
    """Numbers stated as facts; not version numbers of names like "Llama 4" or "GPT-5"."""
    found = []
    for match in _FIGURE.finditer(text):
        figure = match.group(0).strip()
        is_bare = figure[0].isdigit() and figure.replace(",", "").replace(".", "").isdigit()
        if is_bare and len(figure) <= 2 and _NAME_BEFORE.search(text[: match.start()]):
            continue
        found.append(figure)
    return found


_QUOTE = re.compile(r"[\"“][^\"”]{3,}[\"”]")


def _tokens(text: str) -> list[str]:
    return [t for t in map(_fold, _WORD.findall(text)) if t not in STOPWORDS]


def _vocabulary(text: str) -> set[str]:
    """Folded content words of a long text; each distinct word is folded once."""
    return {t for t in map(_fold, set(_WORD.findall(text))) if t not in STOPWORDS}


def _fold(token: str) -> str:
    token = token.lower().replace("’", "'")
    if token.endswith("'s"):
        token = token[:-2]
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def body_names(body: str, limit: int = 6) -> list[str]:
    """The body's most frequent name-like words (capitalised, not starting a sentence)."""
    counts: Counter[str] = Counter()
    spelling: dict[str, Counter[str]] = {}
    for line in body.split("\n"):
        if line.startswith("#"):
            continue
        for match in re.finditer(r"(?<=[a-z0-9,;:’'\"”)\]] )([A-Z][A-Za-z0-9\-]+)", line):
            word = _fold(match.group(1))
            if word not in STOPWORDS:
                counts[word] += 1
                spelling.setdefault(word, Counter())[match.group(1)] += 1
    return [spelling[word].most_common(1)[0][0] for word, _ in counts.most_common(limit)]


def title_mismatch(story: Story) -> Finding | None:
    """Flag a title that names a different subject than the body.

    The title fits when it names one of the body's leading names, or when most of
    its content words occur in the body and none of its own names is absent.
    """
    title_tokens = _tokens(story.title)
    if not title_tokens:
        return None
    text_tokens = _vocabulary(story.body) | _vocabulary(story.dek)
    leading = body_names(story.body)
    if any(token in {_fold(name) for name in leading} for token in title_tokens):
        return None
    found = [t for t in title_tokens if t in text_tokens]
    coverage = len(found) / len(title_tokens)
    raw_words = _WORD.findall(story.title)
    absent_names = [
        w for w in raw_words
        if w[:1].isupper() and _fold(w) not in STOPWORDS and _fold(w) not in text_tokens
    ]
    if coverage >= 0.6 and not absent_names:
        return None
    about = ", ".join(leading[:3]) or "other things"
    missing = ", ".join(absent_names) if absent_names else ", ".join(
        t for t in title_tokens if t not in text_tokens
    )
    return Finding(
        "title_mismatch",
        "blocker",
        f"The title “{story.title}” does not match the body: the body is about {about}, "
        f"and it never mentions {missing}.",
    )


def reference_findings(story: Story, sentences: list[Sentence]) -> list[Finding]:
    findings: list[Finding] = []
    numbers = {ref.n for ref in story.references}
    cited: set[int] = set()
    dangling_reported: set[int] = set()
    for sentence in sentences:
        for marker in sentence.markers:
            for n in marker.numbers:
                cited.add(n)
                if n not in numbers and n not in dangling_reported:
                    dangling_reported.add(n)
                    uses = sum(
                        1 for s in sentences for m in s.markers if n in m.numbers
                    )
                    findings.append(Finding(
                        "dangling_marker",
                        "blocker",
                        f"Marker {marker.text} cites reference {n}, which the reference list "
                        f"does not have ({uses} use{'s' if uses != 1 else ''} in the story).",
                        marker.span,
                    ))
    seen_n: dict[int, Reference] = {}
    seen_url: dict[str, Reference] = {}
    for ref in story.references:
        if ref.n in seen_n:
            findings.append(Finding(
                "duplicate_reference", "blocker",
                f"Reference number [{ref.n}] is listed twice; markers [{ref.n}] are ambiguous.",
            ))
        seen_n.setdefault(ref.n, ref)
        key = _url_key(ref.url)
        if key and key in seen_url and seen_url[key].n != ref.n:
            findings.append(Finding(
                "duplicate_reference", "warning",
                f"References [{seen_url[key].n}] and [{ref.n}] point to the same page {ref.url}.",
            ))
        if key:
            seen_url.setdefault(key, ref)
        if ref.n not in cited:
            findings.append(Finding(
                "uncited_reference", "warning",
                f"Reference [{ref.n}] {describe(ref)} is never cited in the story.",
            ))
    return findings


def describe(ref: Reference) -> str:
    parts = [p for p in (ref.publisher, ref.title) if p]
    return " — ".join(parts) if parts else ref.url or "(no details)"


def _url_key(url: str) -> str:
    url = url.strip().lower()
    url = re.sub(r"^https?://(www\.)?", "", url)
    return url.split("#")[0].rstrip("/")


def uncited_factual_findings(sentences: list[Sentence]) -> list[Finding]:
    """Sentences stating figures or quotations with no citation at all."""
    findings = []
    for sentence in sentences:
        if sentence.markers:
            continue
        text = sentence.text
        has_quote = bool(_QUOTE.search(text))
        figures = figures_in(text)
        if not (has_quote or figures):
            continue
        what = "a quotation" if has_quote else f"the figure {figures[0]}"
        shown = text if len(text) <= 90 else text[:87] + "..."
        findings.append(Finding(
            "uncited_factual_sentence", "warning",
            f"“{shown}” states {what} but cites no source.",
            sentence.span,
        ))
    return findings


# --------------------------------------------------------------------------- citations


def citation_findings(claims: Sequence[Claim]) -> list[Finding]:
    """What a citation's check found that a newsroom treats as a risk of its own: a
    contradiction, a quotation the source lacks or words it differently, a number it
    never gives. A citation a reviewer has overridden is settled and raises nothing."""
    findings: list[Finding] = []
    for claim in claims:
        shown = _short(strip_markers(claim.text), 80)
        for c in claim.citations:
            if c.override is not None:
                continue
            where = f"Claim {claim.index + 1} (“{shown}”) cites [{c.n}]"
            if c.verdict == "contradicted":
                said = "; ".join(f"{source} (the claim: {own})" for own, source in c.contradictions)
                findings.append(Finding("contradiction", "blocker",
                                        f"{where}, which says otherwise: {said or c.reason}.",
                                        claim.span))
            if c.missing_quotes:
                quotes = ", ".join(f"“{q}”" for q in c.missing_quotes)
                findings.append(Finding("missing_quotation", "blocker",
                                        f"{where}, which does not contain the quotation {quotes}.",
                                        claim.span))
            if c.near_quotes:
                quotes = ", ".join(f"“{q}”" for q in c.near_quotes)
                findings.append(Finding("misquotation", "blocker",
                                        f"{where}, which words the quotation {quotes} "
                                        "differently: check it letter by letter.", claim.span))
            if c.missing_numbers and c.verdict != "contradicted":
                numbers = ", ".join(c.missing_numbers)
                findings.append(Finding("missing_number", "warning",
                                        f"{where}, which never gives {numbers}.", claim.span))
    return findings


# --------------------------------------------------------------------------- references

# Words of reference lines and URLs that say nothing about a subject.
_GENERIC = frozenset(
    """article articles original editorial board news story stories post posts blog page
    pages home index html htm php aspx www com org net edu gov co uk io projects project
    en us amp category categories tag tags section sections content contents item items
    view read report reports press release releases update updates latest online site
    staff writer editor desk daily weekly times media publications publication issue
    issues fandd http https""".split()  # noqa: SIM905
)


def _subject_words(text: str) -> set[str]:
    """Content words of a reference line or claim, folded, generic ones left out."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9]+", text.replace("_", " "))
    # two-letter words count only as acronyms ("AI", "EU"), which carry a subject
    return {_fold(x) for x in words
            if (len(x) > 2 or x.isupper()) and _fold(x) not in STOPWORDS
            and _fold(x) not in _GENERIC}


def _shares(a: set[str], b: set[str]) -> bool:
    """Any word in common, counting a shared start of five letters ("superintelligence"
    and "superintelligent")."""
    if a & b:
        return True
    starts = {w[:5] for w in b if len(w) >= 5}
    return any(len(w) >= 5 and w[:5] in starts for w in a)


def unrelated_reference_findings(story: Story, claims: Sequence[Claim],
                                 title_mismatched: bool) -> list[Finding]:
    """References whose publisher, title and URL share no word with the claims that
    cite them, while no snapshot of theirs could be read (once one is, the verdicts say
    more); and, where the title does not fit the body but does fit such a reference,
    the sign of two stories merged."""
    findings: list[Finding] = []
    cites: dict[int, set[str]] = {}
    read: set[int] = set()  # references with a snapshot: their verdicts already tell
    for claim in claims:
        words = _subject_words(strip_markers(claim.text))
        for c in claim.citations:
            cites.setdefault(c.n, set()).update(words)
            if c.verdict not in ("unavailable", "dangling"):
                read.add(c.n)
    title_words = _subject_words(story.title)
    body_words = _subject_words(story.body)
    for ref in story.references:
        claim_words = cites.get(ref.n)
        ref_words = _subject_words(" ".join((ref.publisher, ref.title, ref.url)))
        # a reference about the story's subject cited for one of its details ("Bridge
        # reopens" for the traffic outlook) is not flagged: only one about nothing the
        # body mentions at all
        if (not claim_words or ref.n in read or len(ref_words) < 2
                or _shares(ref_words, claim_words) or _shares(ref_words, body_words)):
            continue
        uses = sum(1 for claim in claims for c in claim.citations if c.n == ref.n)
        findings.append(Finding(
            "unrelated_reference", "warning",
            f"Reference [{ref.n}] {describe(ref)} ({ref.url}) shares no word with the "
            f"{uses} claim{'s' if uses != 1 else ''} citing it, nor with the rest of the "
            "story: check it is the right source.",
        ))
        if title_mismatched and _shares(ref_words, title_words):
            findings.append(Finding(
                "merged_stories", "warning",
                f"The title “{story.title}” and reference [{ref.n}] ({ref.url}) agree with "
                "each other but not with the body: the story looks like two stories merged.",
            ))
    return findings


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
