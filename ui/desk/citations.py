"""Walking the citations: select one, show its source, step with J / K and N, the
tooltips over the story, and the findings that point at a citation."""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, Signal

from ui.desk.context import DeskContext
from ui.i18n import translator
from ui.labels import VERDICT_NAMES
from ui.render import CitationKey
from ui.theme import OVERRIDE_SYMBOL, VERDICT_SYMBOL, is_dark
from ui.triage import problems_by_risk, step_through

tr = translator("Desk")


class Citations(QObject):
    citation_selected = Signal(tuple)

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        w = ctx.window
        w.story_view.citation_clicked.connect(self.select_citation)
        w.story_view.tooltip_for = self.citation_tooltip
        w.findings.citation_chosen.connect(self.select_citation)
        w.findings.finding_chosen.connect(self.show_finding)
        w.act_next.triggered.connect(lambda: self.step_citation(+1))
        w.act_prev.triggered.connect(lambda: self.step_citation(-1))
        w.act_next_problem.triggered.connect(lambda: self.step_citation(+1, problems=True))
        w.act_prev_problem.triggered.connect(lambda: self.step_citation(-1, problems=True))

    def story_shown(self) -> None:
        """The story was drawn again: the source pane follows what is selected."""
        if self.ctx.session.selected:
            self.show_source()
        else:
            self.ctx.window.source.show_nothing()

    def select_citation(self, key: tuple) -> None:
        session = self.ctx.session
        if session.current is None:
            return
        key = (int(key[0]), int(key[1]))
        session.selected = key
        w = self.ctx.window
        if w.tabs.currentWidget() is not w.story_view and w.tabs.currentWidget() is not w.editor:
            w.tabs.setCurrentWidget(w.story_view)
        w.story_view.select(key)
        w.findings.select_citation(key)
        self.show_source()
        self.citation_selected.emit(key)

    def show_source(self) -> None:
        c, key = self.ctx.session.current, self.ctx.session.selected
        if c is None or key is None:
            return
        self.ctx.window.source.show_citation(c.story.reference(key[1]), c.citation(key), key,
                                             is_dark(), c.waivers.get(key))

    def step_citation(self, step: int, problems: bool = False) -> None:
        """J / K: every citation in story order; N / Shift+N: the problems, riskiest
        first (``ui.triage``)."""
        session = self.ctx.session
        c = session.current
        if not session.order or c is None:
            return
        if not problems:
            self.select_citation(step_through(session.order, session.selected, step))
            return
        keys = problems_by_risk(session.order, c.citation)
        if not keys:
            self.ctx.status(tr("Still checking…") if c.report is None
                            else tr("No problems left in this story."), 4000)
            return
        key = step_through(keys, session.selected, step)
        self.select_citation(key)
        cit = c.citation(key)
        verdict = cit.effective_verdict if cit else "pending"
        self.ctx.status(tr("Problem {i} of {n}: [{ref}] {verdict}").format(
            i=keys.index(key) + 1, n=len(keys), ref=key[1],
            verdict=f"{VERDICT_SYMBOL[verdict]} {tr(VERDICT_NAMES[verdict])}"), 4000)

    def citation_tooltip(self, key: CitationKey) -> str:
        c = self.ctx.session.current
        if c is None:
            return ""
        ref = c.story.reference(key[1])
        cit = c.citation(key)
        who = (f"[{ref.n}] {ref.publisher} — {ref.title}" if ref
               else tr("[{n}] is not in the reference list").format(n=key[1]))
        verdict = cit.effective_verdict if cit else "pending"
        lines = [who, f"{VERDICT_SYMBOL[verdict]} {tr(VERDICT_NAMES[verdict])}"]
        if cit and cit.override:
            lines.append(f"{OVERRIDE_SYMBOL} {tr('overridden by')} {cit.override.actor}: "
                         f"{cit.override.note}")
        if key in c.waivers:
            actor, note = c.waivers[key]
            lines.append(f"{OVERRIDE_SYMBOL} {tr('waived by')} {actor}: {note}")
        return "\n".join(lines)

    def show_finding(self, i: int) -> None:
        session = self.ctx.session
        c = session.current
        if c is None or c.report is None or not (0 <= i < len(c.report.findings)):
            return
        finding = c.report.findings[i]
        target: CitationKey | None = None
        if finding.location:
            for claim in c.claims:
                if claim.span[0] <= finding.location[0] < claim.span[1] and claim.citations:
                    target = (claim.index, claim.citations[0].n)
                    break
        if target is None:
            m = re.search(r"\[(\d+)\]", finding.message)
            if m:
                target = next((k for k in session.order if k[1] == int(m.group(1))), None)
        if target is not None:
            self.select_citation(target)
            self.ctx.window.findings.setFocus()
        self.ctx.status(finding.message, 8000)
