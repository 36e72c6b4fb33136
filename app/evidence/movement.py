"""The stems of the verbs that say something moved up or down ("rose", "fell", "doubled",
"slumped"): read by states.py for a state that flips and by changes.py for a change
given by its two ends."""

from __future__ import annotations

UP = frozenset("rise rose risen increas grow grew grown climb jump surg soar gain expand "
               "rais boost doubl tripl".split())  # noqa: SIM905
DOWN = frozenset("fall fell fallen drop declin decreas shrink shrank cut reduc lower plung "
                 "slump lost halv collaps".split())  # noqa: SIM905
