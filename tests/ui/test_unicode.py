"""Characters outside the BMP (emoji) take two UTF-16 units in Qt's documents."""

from __future__ import annotations

import json

from ui.render import CLAIM_END, CLAIM_START

from .helpers import SNAPSHOT_TEXT, bundle


def test_emoji_in_story_and_snapshot_keep_panes_and_evidence_right(qtbot, desk, tmp_path):
    path = bundle(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["body"] = data["body"].replace("The port", "🚢 The port").replace(
        "Officials said", "🚢🚢 Officials said")
    snapshot = "🚢 Ships! " + SNAPSHOT_TEXT
    data["references"][0]["snapshot"]["text"] = snapshot
    path.write_text(json.dumps(data), encoding="utf-8")
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.sources.open_files([str(path)])
    story = desk.window.story_view
    shown = story.toPlainText()
    assert CLAIM_START not in shown and CLAIM_END not in shown
    assert "🚢 The port of Leith handled 4.2 million tonnes" in shown
    assert "🚢🚢 Officials said the new crane doubled" in shown
    with qtbot.waitSignal(desk.citation_selected):
        desk.citations.select_citation((1, 1))
    tinted = [s.cursor.selectedText() for s in story.extraSelections()]
    # the whole claim, no more: "🚢🚢 Officials … throughput [1]✓ ."
    assert tinted[0].startswith("🚢🚢 Officials said") and tinted[0].endswith("."), tinted
    assert "mayor" not in tinted[0] and "Leith" not in tinted[0]
    source = desk.window.source.text
    assert source.toPlainText() == snapshot
    start, end = source.evidence
    assert source.highlighted_text() == snapshot[start:end]
    assert "crane" in snapshot[start:end]


def test_matched_words_are_found_by_stem_and_only_inside_the_passage():
    from ui.views.text_panes import matched_word_spans

    text = ("Meta announced it. The lab announces Muse Spark; AI labs open airports. "
            "It opened in Baku.")
    start = text.index("The lab")
    end = text.index("It opened")
    found = [text[a:b] for a, b in matched_word_spans(
        text, start, end, ["announced", "AI", "Meta", "lab", "air"])]
    # by stem: not "Meta" (outside the passage), not "airports" for "air"
    assert found == ["lab", "announces", "AI", "labs"]
    emoji = "😀 Baku opened"
    assert [emoji[a:b] for a, b in matched_word_spans(emoji, 0, len(emoji), ["open"])] == [
        "opened"]
