"""Which words of a clause are its verbs, read from their form alone (no tagger): a past
form or participle ("robbed", "shown", "born", "held") or an "-ing" form ("starting").
What a place or a "before" is said of is the verb, not the subject or the object:
"born in Cork" and "grew up in Dublin" share the singer, not an event."""

from __future__ import annotations

import re

# a verb's past form or participle ("robbed", "shown", "born"), not a noun's ending
# ("hundred", "garden", "children")
_PAST_OR_PARTICIPLE = re.compile(r"[a-z]{2,}(?:[^e\W]ed|ied|wn|rn|[kvt]en)")
_ING = re.compile(r"[a-z]{3,}ing")
_NOT_VERBS = frozenset(
    "hundred garden children women kitchen citizen heaven seven eleven dozen often token "
    "chicken oxygen warden morning evening during thing something nothing everything "
    "anything king ring spring string ceiling building meeting funding housing".split())  # noqa: SIM905
_IRREGULAR = frozenset(
    "held won lost led met made took taken gave given told sold built began begun grew "
    "kept spent sent struck chose wrote broke caught sought left paid bought brought ran "
    "saw seen drove rose fell shot beat drew threw got went came stood became died hit "
    "found fought flew sang sung swam taught".split())  # noqa: SIM905


def is_verb_form(word: str, ing: bool = False) -> bool:
    """Whether lower-case ``word`` reads as a verb's past form or participle (with
    ``ing``, its "-ing" form too)."""
    if word in _NOT_VERBS:
        return False
    return (word in _IRREGULAR or bool(_PAST_OR_PARTICIPLE.fullmatch(word))
            or (ing and bool(_ING.fullmatch(word))))
