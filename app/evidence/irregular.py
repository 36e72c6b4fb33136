"""The forms of English irregular verbs, which no stemmer joins ("gave" / "gives").

A regular verb's tenses already share a stem ("approved" / "approves"), so a claim in
the past matches a source in the present; an irregular verb's do not, and a digest
that writes "said the deal gave workers certainty" against a quotation "this deal gives
our workers certainty" lost its green for a word it has. This is English morphology,
a closed list, not a thesaurus: each group is one verb's forms and nothing else.

Left out where a form has a second everyday meaning in news copy that would join two
different facts: "left" (the political left, what remains), "lay" / "lie", "bore"
(bear, the animal), "wound" (wind; and "wound" is an injury), "sat" (the exam,
Saturday), "bit" (a bit), "spring" (the season), "ground", "dove", "lit", "pay" /
"paid" (the noun "equal pay" is no "paid more": measured in the fifteenth session).
"""

from __future__ import annotations

#: One group per verb: the base form, then its past and past participle.
VERB_FORMS = (
    "give gave given", "take took taken", "go went gone", "come came",
    "become became", "see saw seen", "spend spent", "lead led", "find found",
    "make made", "break broke broken", "bring brought", "think thought",
    "teach taught", "catch caught", "fight fought", "seek sought",
    "write wrote written", "drive drove driven", "eat ate eaten", "fly flew flown",
    "grow grew grown", "know knew known", "throw threw thrown", "draw drew drawn",
    "steal stole stolen", "freeze froze frozen", "forget forgot forgotten",
    "shake shook shaken", "hide hid hidden", "ride rode ridden", "swim swam swum",
    "sing sang sung", "ring rang rung", "run ran", "sink sank sunk",
    "drink drank drunk", "send sent", "lend lent", "meet met", "feed fed",
    "flee fled", "bleed bled", "sleep slept", "sweep swept", "stand stood",
    "understand understood", "withdraw withdrew withdrawn", "undertake undertook",
    "overtake overtook", "forgive forgave forgiven", "strike struck stricken",
    "stick stuck", "swing swung", "hang hung", "dig dug", "spin spun",
    "shoot shot", "wear wore worn", "tear tore torn", "hear heard", "mean meant",
    "deal dealt", "feel felt", "arise arose arisen", "forbid forbade forbidden",
    "prove proven", "show shown", "swear swore sworn", "wake woke woken",
    "weave wove woven", "shine shone", "slide slid", "get got gotten",
    "sell sold", "win won", "hold held", "lose lost",
)
