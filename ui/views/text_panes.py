"""The story pane and the source pane's text: inert QTextBrowsers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QByteArray, QEvent, QPoint, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip, QWidget

from ui.render import CLAIM_END, CLAIM_START, CitationKey, citation_href, parse_citation_href
from ui.theme import claim_tint, evidence_tint, matched_word_text, matched_word_tint, swatch

_SENTINELS = re.compile(f"[{re.escape(CLAIM_START)}{re.escape(CLAIM_END)}]")


def utf16_offsets(text: str) -> list[int]:
    """For each str index of ``text`` (and its end), the QTextCursor position: Qt counts
    UTF-16 code units, so a character outside the BMP (an emoji) takes two."""
    if len(text.encode("utf-16-le")) == 2 * len(text):  # no emoji: one unit each
        return list(range(len(text) + 1))
    offsets = [0] * (len(text) + 1)
    n = 0
    for i, ch in enumerate(text):
        offsets[i] = n
        n += 2 if ord(ch) > 0xFFFF else 1
    offsets[len(text)] = n
    return offsets


def utf16_index(text: str, i: int) -> int:
    return len(text[:i].encode("utf-16-le")) // 2


def matched_word_spans(text: str, start: int, end: int,
                       words: Iterable[str]) -> list[tuple[int, int]]:
    """Where the claim's matched words occur in ``text[start:end]`` (str indices).

    Compared the way the scorer compares them, by Snowball stem ("announced" marks
    "announces", "confirm" marks "confirmation", "air" does not mark "airports").
    """
    from app.evidence.text import tokenize  # the scorer's own tokens and stems

    wanted = {t.stem for w in words for t in tokenize(w)}
    return [(t.start, t.end) for t in tokenize(text[start:end], offset=start)
            if t.stem in wanted]


def phrase_spans(text: str, phrases: Iterable[str],
                 within: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """Where each phrase occurs in ``text`` (str indices), ignoring case and how the
    white space runs; inside ``within`` (the evidence passage) when it is there, else
    its first occurrence anywhere. A phrase not in the text is left out."""
    spans = []
    for phrase in phrases:
        words = phrase.split()
        if not words:
            continue
        pattern = re.compile(r"\s+".join(map(re.escape, words)), re.IGNORECASE)
        found = pattern.search(text, *within) if within else None
        found = found or pattern.search(text)
        if found:
            spans.append((found.start(), found.end()))
    return spans


class InertBrowser(QTextBrowser):
    """A text browser that never loads anything: no remote images, no link following."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setTabChangesFocus(True)
        self.document().setUndoRedoEnabled(False)
        self._scroll_target = -1

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 - Qt API
        return QByteArray()  # remote or local: the story and the source stay text only

    def scroll_to_position(self, position: int) -> None:
        """Bring ``position`` (UTF-16) into view, now and once more after the pending
        layout: a pane shown for the first time (the source pane's text page behind its
        placeholder) has no real size yet, so the first attempt can land at the top."""
        self._scroll_target = position
        self._scroll_now(position)
        # with self as context: no call after the pane is gone
        QTimer.singleShot(0, self, lambda: self._scroll_now(position, only_if_still_wanted=True))

    def _scroll_now(self, position: int, only_if_still_wanted: bool = False) -> None:
        if only_if_still_wanted and self._scroll_target != position:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(max(0, min(position, self.document().characterCount() - 1)))
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        visible = self.viewport().height()
        if rect.top() < visible * 0.15 or rect.bottom() > visible * 0.85:
            bar.setValue(bar.value() + rect.top() - visible // 3)


class StoryView(InertBrowser):
    """The rendered story; emits the citation a reader clicked."""

    citation_clicked = Signal(tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyView")
        self.claim_ranges: dict[int, tuple[int, int]] = {}
        self.chip_positions: dict[CitationKey, list[tuple[int, int]]] = {}
        self.tooltip_for: Callable[[CitationKey], str] | None = None
        self.selected: CitationKey | None = None
        self.anchorClicked.connect(self._on_anchor)
        self.document().setDocumentMargin(18)

    def show_story(self, html: str, claim_indexes: list[int]) -> None:
        scroll = self.verticalScrollBar().value()
        self._scroll_target = -1  # a scroll pending for the previous text is void
        self.setHtml(html)
        self._collect(claim_indexes)
        self.verticalScrollBar().setValue(scroll)
        if self.selected:
            self.select(self.selected, scroll=False)

    def _collect(self, claim_indexes: list[int]) -> None:
        """Find and remove the claim sentinels; remember claim ranges and chip spans."""
        doc = self.document()
        text = doc.toPlainText()
        units = utf16_offsets(text)
        # Positions in UTF-16 units, as QTextCursor counts (a sentinel is one unit).
        marks = [(units[m.start()], m.group()) for m in _SENTINELS.finditer(text)]
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()  # one relayout for all removals, not one per sentinel
        for position, _ in reversed(marks):
            cursor.setPosition(position)
            cursor.deleteChar()
        cursor.endEditBlock()
        ranges: dict[int, tuple[int, int]] = {}
        start, k = None, 0
        for removed, (position, ch) in enumerate(marks):
            at = position - removed
            if ch == CLAIM_START:
                start = at
            elif start is not None and k < len(claim_indexes):
                ranges[claim_indexes[k]] = (start, at)
                k += 1
                start = None
        self.claim_ranges = ranges
        chips: dict[CitationKey, list[tuple[int, int]]] = {}
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                href = fragment.charFormat().anchorHref()
                key = parse_citation_href(href) if href else None
                if key:
                    chips.setdefault(key, []).append(
                        (fragment.position(), fragment.position() + fragment.length()))
                it += 1
            block = block.next()
        self.chip_positions = chips

    def select(self, key: CitationKey | None, scroll: bool = True) -> None:
        self.selected = key
        selections = []
        if key is not None:
            claim = self.claim_ranges.get(key[0])
            if claim:
                tint = QTextEdit.ExtraSelection()
                tint.format.setBackground(claim_tint())
                tint.format.setProperty(QTextFormat.Property.FullWidthSelection, False)
                tint.cursor = self._cursor(*claim)
                selections.append(tint)
            for span in self.chip_positions.get(key, []):
                chip = QTextEdit.ExtraSelection()
                chip.format.setBackground(self.palette().color(QPalette.ColorRole.Highlight))
                chip.format.setForeground(
                    self.palette().color(QPalette.ColorRole.HighlightedText))
                chip.format.setFontUnderline(True)
                chip.cursor = self._cursor(*span)
                selections.append(chip)
            if scroll:
                spans = self.chip_positions.get(key) or ([claim] if claim else [])
                if spans:
                    self.scroll_to_position(spans[0][0])
        self.setExtraSelections(selections)

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _on_anchor(self, url: QUrl) -> None:
        key = parse_citation_href(url.toString())
        if key:
            self.citation_clicked.emit(key)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.tooltip_for is not None:
            pos: QPoint = self.viewport().mapFromGlobal(event.globalPos())  # type: ignore[attr-defined]
            key = parse_citation_href(self.anchorAt(pos))
            if key:
                QToolTip.showText(event.globalPos(), self.tooltip_for(key), self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def chip_href(self, key: CitationKey) -> str:
        return citation_href(key)


class SourceText(InertBrowser):
    """A snapshot's text as plain text, with the evidence passage marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceText")
        self.document().setDocumentMargin(18)
        self.evidence: tuple[int, int] | None = None
        self.conflicts: list[tuple[int, int]] = []  # where the source says otherwise
        self._marks: dict[str, list[QTextEdit.ExtraSelection]] = {}

    def show_text(self, text: str, evidence: tuple[int, int] | None,
                  matched: tuple[str, ...] = (), conflicts: Sequence[str] = ()) -> None:
        """Show a snapshot with its evidence passage tinted and, inside it, the claim's
        matched words in a deeper shade (what the scorer found, for the reviewer to
        check); ``conflicts``, what the source says instead of the claim, in the
        contradicted verdict's colours over both."""
        # Same length, so evidence spans still index the shown text.
        shown = text.replace("\r", " ")
        self._scroll_target = -1  # a scroll still pending for the previous text is void
        self.setPlainText(shown)
        self._space_paragraphs()
        self.evidence = None
        self._marks = {"evidence": [], "matched": [], "conflicts": []}
        if evidence and 0 <= evidence[0] < evidence[1] <= len(shown):
            start, end = evidence
            self.evidence = (start, end)  # str indices of the snapshot text
            fmt = QTextCharFormat()
            fmt.setBackground(evidence_tint())
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(QColor("#b08900"))
            self._marks["evidence"] = [self._selection(shown, start, end, fmt)]
            # an extra selection cannot change the font, so the matched words get
            # a deeper shade of the evidence tint rather than bold
            word = QTextCharFormat(fmt)
            word.setBackground(matched_word_tint())
            if (ink := matched_word_text()) is not None:
                word.setForeground(ink)
            self._marks["matched"] = [self._selection(shown, a, b, word) for a, b in
                                      matched_word_spans(shown, start, end, matched)]
        self.conflicts = phrase_spans(shown, conflicts, self.evidence)
        if self.conflicts:
            colours = swatch("contradicted")
            other = QTextCharFormat()
            other.setBackground(QColor(colours.background))
            other.setForeground(QColor(colours.foreground))
            other.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            other.setUnderlineColor(QColor(colours.foreground))
            self._marks["conflicts"] = [self._selection(shown, a, b, other)
                                        for a, b in self.conflicts]
        # drawn in this order: what the source says otherwise stays on top
        self.setExtraSelections([m for marks in self._marks.values() for m in marks])
        self.verticalScrollBar().setValue(0)
        outside = [a for a, b in self.conflicts
                   if not (self.evidence and self.evidence[0] <= a < self.evidence[1])]
        target = outside[0] if outside else self.evidence[0] if self.evidence else None
        if target is not None:
            self.scroll_to_position(utf16_index(shown, target))

    def _selection(self, shown: str, start: int, end: int,
                   fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        mark = QTextEdit.ExtraSelection()
        mark.format = fmt
        cursor = QTextCursor(self.document())
        cursor.setPosition(utf16_index(shown, start))
        cursor.setPosition(utf16_index(shown, end), QTextCursor.MoveMode.KeepAnchor)
        mark.cursor = cursor
        return mark

    def matched_words_shown(self) -> list[str]:
        """The words shaded inside the evidence (for tests and accessibility)."""
        return [s.cursor.selectedText() for s in self._marks.get("matched", [])]

    def conflicting_values_shown(self) -> list[str]:
        """What the source says instead of the claim, as marked in the text."""
        return [s.cursor.selectedText() for s in self._marks.get("conflicts", [])]

    def _space_paragraphs(self) -> None:
        # Extracted pages have one paragraph per line; a gap between blocks makes them
        # readable without changing the text, so evidence positions stay valid.
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        spacing = QTextBlockFormat()
        spacing.setBottomMargin(7)
        cursor.mergeBlockFormat(spacing)
        cursor.endEditBlock()

    def highlighted_text(self) -> str:
        """The evidence passage as marked."""
        sels = self._marks.get("evidence", [])
        return sels[0].cursor.selectedText() if sels else ""
