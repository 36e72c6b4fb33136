"""How two figures compare: bound to the same thing (shared words around them), the
same value, a rounding or a bound the other meets, values of one kind and unit."""

from __future__ import annotations

from decimal import Decimal

from .figures import Mention
from .numbers import CURRENCY_WORDS
from .synonyms import same_sense
from .text import number_found, stem

#: Values this close are a rounding ("1.2 million" for 1,187,000), never a contradiction.
ROUNDING = 0.05
#: A different value counts as a contradiction only when it is bound at least this
#: strongly to the claim's words (two shared words on the right, or one there and one
#: on the left, ...), and more strongly than any source mention of the claim's value.
BOUND = 2.0
#: Extra binding when both figures are the value of the same noun ("profit of $3.4
#: billion" / "profit was $610 million"): as strong as a shared word after the number.
MEASURE = 2.0
#: Binding (:func:`binding`) at which two changes ("doubled", "cut by a third") are of
#: one thing whichever side of the verb the thing stands.
CHANGE_BOUND = 4.0
#: ... and a share's, whose noun is said another way more often than not.
SHARE_BOUND = 3.0
#: Words that name what a number measures: two numbers of different units never clash.
_UNITS = frozenset(
    "second minut hour day week month year decad centuri km kilometr mile metr meter "
    "feet foot inch cm mm kg kilogram gram pound ton tonn litr liter gallon acr hectar "
    "degre point percent time".split())  # noqa: SIM905


#: Words of a neighbouring figure, not of what a figure counts: "rose 4 percent to 2.3
#: billion crowns" and "fell 4 percent to 310 million crowns" share no thing.
#: (Not "won", "rand" nor "pound": words of their own, "won the tournament".)
_FIGURE_WORDS = frozenset({stem(w) for w in CURRENCY_WORDS - {"won", "rand", "pound", "pounds"}}
                          | {"thousand", "million", "billion", "trillion"})


#: The period a rate is over, said before it ("annual inflation", "monthly inflation").
_PERIOD = {"annual": "year", "annualis": "year", "month": "month", "quarter": "quarter",
           "week": "week", "daili": "day"}


#: Words of a change, as the figures' neighbours are read (one stem per synonym group).
_CHANGES = frozenset(same_sense(stem(w)) for w in (
    "rise", "fall", "jump", "gain", "grow", "growth", "surge", "plunge", "slump", "cut"))


def binding(a: Mention, b: Mention) -> float:
    """How surely two mentions are about the same thing: shared words on the same
    side count most, words that moved to the other side ("15 routes" / "routes: 15")
    half."""
    a_left, a_right = set(a.left) - _FIGURE_WORDS, set(a.right) - _FIGURE_WORDS
    right = len(a_right & set(b.right))
    left = len(a_left & set(b.left))
    moved = (a_right & set(b.left)) | (a_left & set(b.right))
    cross = len(a_right & set(b.left)) + len(a_left & set(b.right))
    # a change moves sides as a matter of course ("a 3% increase" / "rise 3%"): as
    # sure as a word kept on its side
    changed = len(moved & _CHANGES)
    # a name shared on either side counts once more: names say whose figure it is
    return (2.0 * right + 1.0 * left + 0.5 * cross + 1.5 * changed
            + 1.0 * len(a.names & b.names))


def same_value(claim: Mention, source: Mention) -> bool:
    if (claim.mention is not None and source.mention is not None
            and number_found(claim.mention, source.keys)):
        return True
    return claim.kind == source.kind and claim.value == source.value and claim.kind != "date"


def compatible(claim: Mention, source: Mention) -> bool:
    """Whether the source's value could be what the claim means (a rounding, or a
    bound the source value meets)."""
    if claim.kind in ("date", "year") or source.kind in ("date", "year"):
        return False  # a year is exact: 1987 is no rounding of 1974
    c, s = claim.value, source.value
    if claim.bound == "at_least":
        return s >= c
    if claim.bound == "at_most":
        return s <= c
    biggest = max(abs(c), abs(s))
    if not biggest:
        return True
    if claim.bound:
        # "about 12,000", "nearly 40%": read loosely, within a tenth, or a little
        # further when the figure is the source's rounded ("about 800 million" for 812
        # million, not "about 700 million")
        off = abs(c - s) / biggest
        return off <= Decimal(ROUNDING * 2) or (rounds_to(s, c) and off <= Decimal(ROUNDING * 3))
    # an unhedged figure is a rounding only when it is the source's figure rounded to
    # as many digits as the claim gives ("1.2 million" for 1,187,000, "400" for 426;
    # not "218 votes" for 221), and close to it: "$2B" is no rounding of $1.5 billion
    return rounds_to(s, c) and abs(c - s) / biggest <= Decimal(ROUNDING * 2)


def rounds_to(exact: Decimal, figure: Decimal) -> bool:
    """Whether ``figure`` is ``exact`` rounded to the significant digits ``figure`` shows
    (trailing zeros of a whole number are not significant)."""
    if figure == 0:
        return exact == 0
    sign, digits, exponent = figure.normalize().as_tuple()
    assert isinstance(exponent, int)
    step = Decimal(1).scaleb(exponent)  # the place of the figure's last significant digit
    return abs(exact - figure) <= step / 2


def comparable(claim: Mention, source: Mention) -> bool:
    """Alike (:func:`alike`) and bound to the same thing: the word right after ("15 new
    routes" / "8 new routes") or right before ("employs 1,200" / "employs 2,100"), or
    the noun moved to the other side ("a $5 million donation" / "a donation of
    $500,000"), or the same noun measured."""
    if not alike(claim, source):
        return False
    # an adjective may stand between ("seven library branches" / "five public library
    # branches"): the first word of one side among the first two of the other
    head = bool(set(claim.right[:1]) & set(source.right[:2])
                or set(source.right[:1]) & set(claim.right[:2]))
    verb = bool(set(claim.left[:1]) & set(source.left[:2])
                or set(source.left[:1]) & set(claim.left[:2]))
    moved = bool((claim.right and claim.right[:1] == source.left[:1])
                 or (claim.left and claim.left[:1] == source.right[:1]))
    # a change's object moves round the verb: "cut wait times at Dublin by a third" /
    # "waiting times at Dublin have been halved"; many shared words bind it
    # so does a share's whole, said another way: "Half of the businesses surveyed by the
    # Chamber" / "A third of respondents to the Chamber's survey"
    changed = (claim.kind == "times" and binding(claim, source) >= CHANGE_BOUND
               or claim.share and source.share and binding(claim, source) >= SHARE_BOUND)
    return head or verb or moved or changed or bool(measure_bonus(claim, source))


def alike(claim: Mention, source: Mention) -> bool:
    """Two figures that could be values of one thing: of one kind, neither a label
    ("type 1"), not one end of a range, not in two different units, dates of the same
    precision."""
    if source.in_range or source.label or claim.label or not same_kind(claim, source):
        return False
    units = (claim.right[:1] + source.right[:1])
    if len(units) == 2 and units[0] != units[1] and set(units) <= _UNITS:
        # "20 seconds" and "8 minutes" measure different things; "12% last year" and
        # "7% from the year before" do not (only one of the two words is a unit)
        return False
    periods = (_PERIOD.keys() & set(claim.left[:3]), _PERIOD.keys() & set(source.left[:3]))
    if all(periods) and not {_PERIOD[p] for p in periods[0]} & {_PERIOD[p] for p in periods[1]}:
        return False  # "annual inflation" and "monthly inflation" are two measures
    if claim.right[:1] and claim.right[0] in _UNITS:
        # "30 months" against "two and a half years": the unit comes a word or two on
        later = next((w for w in source.right[:3] if w in _UNITS), claim.right[0])
        if later != claim.right[0] and source.right[:1] != claim.right[:1]:
            return False
    if claim.kind == "date" and source.kind == "date":
        # compare only dates of the same precision (a day with a day)
        assert claim.mention is not None and source.mention is not None
        return len(claim.mention.key) == len(source.mention.key)
    return True


def same_kind(claim: Mention, source: Mention) -> bool:
    """Of one kind; a year is also compared with a source's date that has one ("in 2031"
    / "in July 2033"; not the other way: a date says more than a year can check)."""
    if claim.kind == source.kind:
        return True
    if claim.kind == "year" and source.kind == "date":
        return any(len(k) == 4 for k in source.keys)
    return False


def same_measure(claim: Mention, source: Mention) -> bool:
    """Both figures are the value of one noun: "profit of $3m" / "profit was $2m"."""
    return bool(claim.measure) and claim.measure == source.measure


def measure_bonus(claim: Mention, source: Mention) -> float:
    """How much the nouns the figures measure bind them: the same noun as much as a
    shared word after the number; the noun the source measures standing by the claim's
    figure as its verb ("fined the bank £45m" / "a fine of £27m") half that."""
    if same_measure(claim, source):
        return MEASURE
    if not claim.measure and source.measure and source.measure in claim.left:
        return MEASURE / 2
    return 0.0


def other_measure(claim: Mention, source: Mention) -> bool:
    """The figures are the values of two different nouns, neither named in the other's
    clause ("revenue of $3.4 billion" for "profit of $3.4 billion"; not "election on
    Sunday was 54%" for "Turnout in Sunday's election in Montevia was 54 percent")."""
    return (bool(claim.measure and source.measure) and claim.measure != source.measure
            and claim.measure not in source.clause and source.measure not in claim.clause)
