"""The fact-check PDF fills the A4 page: wrapped columns across its width, text at
the size the report asks for, from the desk's printer and from ``copydesk report``."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.library import Library
from app.publish.report import report_html
from tests.app.helpers import bundle
from tests.servers.support import REPO, approved_story
from ui.report_pdf import write_report_pdf

LONG_PASSAGE = (
    "The harbour bridge reopened on Monday after six weeks of repairs, the city council "
    "announced in a statement that also thanked residents for their patience during the "
    "closure, described the strengthening of the deck, the new expansion joints and the "
    "repainting of the main span, and said that the work had been finished on schedule "
    "and within the budget that councillors approved last spring.")
A4_WIDTH = 595.0  # points


@dataclass(frozen=True)
class Run:
    text: str
    x: float  # points from the left edge of the page
    y: float  # points from the top
    size: float  # the font size as printed, in points


def first_page_runs(pdf: Path) -> tuple[float, list[Run]]:
    page = PdfReader(str(pdf)).pages[0]
    runs: list[Run] = []

    def visit(text, cm, tm, _font, size):  # type: ignore[no-untyped-def]
        if text.strip():
            scale = abs(cm[0] * tm[0])
            runs.append(Run(" ".join(text.split()), cm[0] * tm[4] + cm[4],
                            float(page.mediabox.height) - (cm[3] * tm[5] + cm[5]),
                            size * scale))

    page.extract_text(visitor_text=visit)
    return float(page.mediabox.width), runs


def story_with_a_long_passage(library: Library) -> str:
    references = bundle()["references"]
    references[0]["snapshot"] = {"text": LONG_PASSAGE, "fetched_at": "2026-12-01T10:00:00Z"}
    references[1]["snapshot"] = {"text": "Traffic is expected to return to normal by "
                                 "Friday. The work cost $14.3 million, the council said.",
                                 "fetched_at": "2026-12-01T10:00:00Z"}
    return approved_story(library, references=references)


def assert_fills_the_page(pdf: Path) -> None:
    width, runs = first_page_runs(pdf)
    assert width == pytest.approx(A4_WIDTH, abs=1)
    body = [r for r in runs if r.text.startswith("Nothing open")]
    assert body and 10 <= body[0].size <= 12  # 11 pt as the report's style says
    # text from the left margin to the evidence column in the right half
    assert min(r.x for r in runs) < 0.12 * width
    assert max(r.x for r in runs) > 0.6 * width
    # the long passage wraps in its column, at the body's size, not shrunk to fit
    words = set(LONG_PASSAGE.split())
    passage = [r for r in runs if len(set(r.text.split()) & words) >= 3 and r.x > 0.5 * width]
    assert len({round(r.y) for r in passage}) >= 6, passage
    assert len({round(r.x) for r in passage}) == 1  # one column, one left edge
    assert all(abs(r.size - body[0].size) < 1 for r in passage)
    # the whole sheet is used: no line of the passage is wider than its column
    column_left = passage[0].x
    assert all(column_left + 0.45 * r.size * len(r.text) < width for r in passage)


def test_the_desks_pdf_fills_the_a4_width_and_wraps_a_long_passage(tmp_path):
    with Library(str(tmp_path / "lib.db")) as library:
        story_id = story_with_a_long_passage(library)
        document = report_html(library, story_id)
    pdf = write_report_pdf(document, tmp_path / "report.pdf")
    assert_fills_the_page(pdf)


def test_copydesk_report_pdf_is_laid_out_the_same(tmp_path):
    db = tmp_path / "lib.db"
    with Library(str(db)) as library:
        story_id = story_with_a_long_passage(library)
    pdf = tmp_path / "cli.pdf"
    env = {**os.environ, "PYTHONPATH": str(REPO), "COPYDESK_DB": str(db),
           "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "app.cli", "report", story_id,
                             "--pdf", str(pdf)], env=env, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert_fills_the_page(pdf)


def test_no_word_of_the_report_is_broken_across_lines(tmp_path):
    # a verdict or a heading split mid-word ("unavailab le", "Severit y") reads as a
    # typo in a document that goes to an editor; times break at their space only
    with Library(str(tmp_path / "lib.db")) as library:
        story_id = approved_story(library)  # no snapshots: every citation unavailable
        document = report_html(library, story_id)
    pdf = write_report_pdf(document, tmp_path / "report.pdf")
    words = [w for page in PdfReader(str(pdf)).pages
             for w in page.extract_text().split()]
    assert "Severity" in words and "unavailable" in words
    assert not {"Severit", "unavailab", "unsupport", "unavaila"} & set(words)
    assert not any(w.endswith("T") and w[:4].isdigit() for w in words)  # no "2026-12-02T"
