"""Triage on the desk: N walks the riskiest citations first, a contradiction shows both
sides, and the queue filters and sorts by what is still open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocument

from app.library.queue import open_items
from app.model import Citation, Override
from ui.render import chip_html
from ui.triage import problems_by_risk, risk_kind

from .helpers import open_path, second_bundle

# In story order: unsupported, supported, unavailable, contradicted, dangling; so the
# risk order (contradicted, dangling, unsupported, unavailable) is not the story's.
BUS_STORY = """# Bus plan approved; ridership and depot

Council leader Maria Okafor said ridership fell 34% in 2024 [2]. Officials said the \
depot on Harbour Road will open in March [4]. The mayor said fares will stay frozen \
until 2028 [3]. The plan adds 15 new bus routes [1]. Night buses will return in May [9].

## References

1. Transit Weekly — Bus plan approved — https://transit.example/plan
2. City Ledger — Council statement on ridership — https://ledger.example/ridership
3. Radio City — Mayor on fares — https://radio.example/fares
4. Depot News — Harbour Road depot — https://depot.example/harbour
"""
SNAPSHOTS = {
    1: "The plan will add 8 new bus routes by 2027, fewer than the 15 first proposed.",
    2: "The weather in the region was mild this spring and the harvest festival drew "
       "large crowds.",
    4: "Officials said the depot on Harbour Road will open in March, after two years of "
       "building work.",
}
UNSUPPORTED, SUPPORTED, UNAVAILABLE, CONTRADICTED, DANGLING = (
    (0, 2), (1, 4), (2, 3), (3, 1), (4, 9))
EXPECTED = {UNSUPPORTED: "unsupported", SUPPORTED: "supported", UNAVAILABLE: "unavailable",
            CONTRADICTED: "contradicted", DANGLING: "dangling"}


def open_bus_story(qtbot, desk, tmp_path: Path) -> None:
    """Import the Markdown story, then attach each saved source the way the Attach
    file… button does, waiting for the check after each."""
    path = tmp_path / "bus.md"
    path.write_text(BUS_STORY, encoding="utf-8")
    open_path(qtbot, desk, path)
    story_id = desk.current.id
    for n, text in SNAPSHOTS.items():
        saved = tmp_path / f"source-{n}.txt"
        saved.write_text(text, encoding="utf-8")
        with qtbot.waitSignal(desk.source_attached, timeout=10_000), \
                qtbot.waitSignal(desk.story_checked, timeout=10_000):
            desk.sources.attach_path(story_id, n, str(saved))
    verdicts = {k: desk.current.citation(k).effective_verdict for k in desk.order}
    assert verdicts == EXPECTED, "the scorer's verdicts changed; pick new test sources"


def test_n_walks_the_riskiest_citations_first_and_shift_n_goes_back(qtbot, desk, tmp_path):
    open_bus_story(qtbot, desk, tmp_path)
    desk.window.story_view.setFocus()
    seen = []
    for _ in range(5):
        qtbot.keyClick(desk.window, Qt.Key.Key_N)
        seen.append(desk.selected)
    # riskiest first; the supported citation is never visited; then around again
    assert seen == [CONTRADICTED, DANGLING, UNSUPPORTED, UNAVAILABLE, CONTRADICTED]
    assert "Problem 1 of 4" in desk.window.statusBar().currentMessage()
    qtbot.keyClick(desk.window, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert desk.selected == UNAVAILABLE
    qtbot.keyClick(desk.window, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert desk.selected == UNSUPPORTED
    # the menu's Next problem is the same walk; from a supported citation it starts over
    desk.citations.select_citation(SUPPORTED)
    desk.window.act_next_problem.trigger()
    assert desk.selected == CONTRADICTED
    # J still walks every citation in story order
    qtbot.keyClick(desk.window, Qt.Key.Key_J)
    assert desk.selected == DANGLING == desk.order[-1]


def test_a_contradicted_citation_shows_claim_and_source_side_by_side(qtbot, desk, tmp_path):
    open_bus_story(qtbot, desk, tmp_path)
    qtbot.keyClick(desk.window, Qt.Key.Key_N)
    assert desk.selected == CONTRADICTED
    source = desk.window.source
    label = source.verdict.text()
    citation = desk.current.citation(CONTRADICTED)
    assert citation.contradictions and citation.reason
    # the reason, in words, as the scorer gave it
    doc = QTextDocument()
    doc.setHtml(label)
    shown = doc.toPlainText()
    assert "contradicted by the source" in shown
    assert "add 8 new bus routes (the claim: adds 15 new bus routes)" in shown
    # a two-column block: Claim says | Source says
    cells = _table_cells(doc)
    assert cells[0] == ["Claim says", "Source says"]
    assert cells[1] == ["adds 15 new bus routes", "add 8 new bus routes"]
    # the source's value is marked in the snapshot, inside the evidence passage
    assert source.stack.currentWidget() is source.text
    assert source.text.conflicting_values_shown() == ["add 8 new bus routes"]
    start, end = source.text.evidence
    (a, b), = source.text.conflicts
    assert start <= a < b <= end
    # the findings panel and the header name and count it
    assert "contradicted" in desk.window.findings.currentItem().text(1)
    assert "1≠" in desk.window.story_status.text()
    # other verdicts explain themselves too
    desk.citations.select_citation(SUPPORTED)
    assert "every part of the claim" in source.verdict.text()
    assert source.text.conflicting_values_shown() == []


def test_contradicted_chips_are_underlined_like_unsupported():
    for verdict in ("contradicted", "unsupported"):
        assert "text-decoration:underline" in chip_html((0, 1), Citation(1, verdict), False)
    assert "text-decoration:none" in chip_html((0, 1), Citation(1, "supported"), False)


def test_queue_filters_and_sorts_by_what_is_open(qtbot, desk, tmp_path):
    open_path(qtbot, desk, second_bundle(tmp_path))  # one unavailable source, no contradiction
    other = desk.current.id
    open_bus_story(qtbot, desk, tmp_path)
    bus = desk.current.id
    queue = desk.window.queue

    def shown() -> list[str]:
        return [desk.model.story_at(i).id for i in range(desk.model.rowCount())]

    def choose(label: str) -> None:
        index = queue.triage.findText(label)
        assert index >= 0, label
        queue.triage.setCurrentIndex(index)

    assert sorted(shown()) == sorted([bus, other])
    choose("Has contradicted")
    assert shown() == [bus]
    assert queue.count.text() == "1 story"
    assert queue.table.currentIndex().row() == 0  # the open story stays selected
    choose("Has unchecked")
    assert sorted(shown()) == sorted([bus, other])
    choose("Needs review")
    assert sorted(shown()) == sorted([bus, other])
    choose("All")

    # the To check column: citations not supported plus blockers, from the summary
    column = desk.model.COLUMNS.index("open")
    opened = {}
    for i in range(desk.model.rowCount()):
        row = desk.model.story_at(i)
        opened[row.id] = open_items(row)
        assert desk.model.data(desk.model.index(i, column)) == opened[row.id]
    assert opened[bus] >= 4 > 0 < opened[other]
    header = queue.table.horizontalHeader()
    middle = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2,
                    header.height() // 2)
    orders = []
    for _ in range(2):  # a click sorts by Open, a second click turns the order round
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
        assert desk.model.sort_by == "open"
        counts = [opened[i] for i in shown()]
        assert counts == sorted(counts, reverse=desk.model.descending)
        orders.append(desk.model.descending)
    assert orders[0] != orders[1]
    if not desk.model.descending:
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert shown()[0] == max(opened, key=lambda k: opened[k])  # the riskiest on top
    # the Verdicts column has no order of its own: a click there keeps the Open order
    verdicts = desk.model.COLUMNS.index("verdicts")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(
        header.sectionViewportPosition(verdicts) + 5, header.height() // 2))
    assert desk.model.sort_by == "open" and header.sortIndicatorSection() == column


def test_queue_model_with_filter_and_sort_passes_the_model_tester(qtmodeltester, qtbot, desk,
                                                                  tmp_path):
    open_bus_story(qtbot, desk, tmp_path)
    desk.model.set_filter(None, None, "needs_review")
    desk.model.sort(desk.model.COLUMNS.index("open"), Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(desk.model, force_py=True)
    assert desk.model.rowCount() == 1


def test_risk_order_puts_a_partial_missing_a_number_or_quote_before_other_partials():
    cite = Citation
    citations = {
        (0, 1): cite(1, "partial"),
        (1, 2): cite(2, "partial", missing_numbers=("34%",)),
        (2, 3): cite(3, "unavailable"),
        (3, 4): cite(4, "partial", missing_quotes=("a historic day",)),
        (4, 5): cite(5, "supported"),
        (5, 6): cite(6, "contradicted",
                     override=Override("supported", "checked the tape", "Ana", "now")),
        (6, 7): cite(7, "supported",
                     override=Override("unsupported", "the page was changed", "Ana", "now")),
        (7, 8): cite(8, "dangling"),
    }
    order = list(citations)
    assert risk_kind(citations[(1, 2)]) == "partial_fact"
    assert risk_kind(citations[(0, 1)]) == "partial"
    assert risk_kind(None) is None
    # by the effective verdict: an override to supported leaves the walk
    assert problems_by_risk(order, citations.get) == [
        (7, 8), (6, 7), (2, 3), (1, 2), (3, 4), (0, 1)]


def _table_cells(doc: QTextDocument) -> list[list[str]]:
    frame = doc.rootFrame()
    for child in frame.childFrames():
        table = child if hasattr(child, "cellAt") else None
        if table is None:
            continue
        rows = []
        for r in range(table.rows()):
            cells = []
            for c in range(table.columns()):
                cell = table.cellAt(r, c)
                cursor = cell.firstCursorPosition()
                cursor.setPosition(cell.lastCursorPosition().position(),
                                   cursor.MoveMode.KeepAnchor)
                cells.append(cursor.selectedText().strip())
            rows.append(cells)
        return rows
    raise AssertionError("no table in the verdict note")



def test_the_queue_count_is_not_called_open(qtbot, desk) -> None:
    # the gate's "open items" are what the policy blocks, less waivers; the queue's count
    # is what is left to read: one word for both made a new user read them as one
    column = desk.model.COLUMNS.index("open")
    shown = desk.model.headerData(column, Qt.Orientation.Horizontal)
    assert shown == "To check"
    tip = desk.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "gate" in tip
