"""Story files for the desk tests."""

from __future__ import annotations

import json
from pathlib import Path

SNAPSHOT_TEXT = (
    "Harbour report. The port of Leith handled 4.2 million tonnes of cargo in 2025, "
    "a record for the harbour authority. Officials said the new crane doubled "
    "container throughput. Weather delayed two ships in March."
)


def bundle(tmp_path: Path, name: str = "harbour.json") -> Path:
    data = {
        "format": "copydesk.story/1",
        "id": "harbour-1",
        "title": "Leith port sets a cargo record",
        "dek": "A new crane doubled throughput.",
        "body": (
            "## The record\n\n"
            "The port of Leith handled 4.2 million tonnes of cargo in 2025 [1]. "
            "Officials said the new crane doubled container throughput [1]. "
            "The mayor called it a historic day [2]."
        ),
        "references": [
            {"n": 1, "publisher": "Harbour Gazette", "title": "Leith cargo record",
             "url": "https://gazette.example/leith",
             "snapshot": {"text": SNAPSHOT_TEXT, "fetched_at": "2026-01-05T10:00:00Z"}},
            {"n": 2, "publisher": "City Times", "title": "Mayor on the port",
             "url": "https://times.example/mayor"},
        ],
    }
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def open_bundle(qtbot, desk, tmp_path) -> None:
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.sources.open_files([str(bundle(tmp_path))])


def second_bundle(tmp_path: Path, story_id: str = "ferry-2") -> Path:
    """Another story, so a test can switch between two."""
    data = json.loads(bundle(tmp_path, "first.json").read_text(encoding="utf-8"))
    data["id"] = story_id
    data["title"] = "Ferry timetable changes"
    data["body"] = data["body"].replace("Leith", "Rosyth")
    path = tmp_path / f"{story_id}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def open_path(qtbot, desk, path: Path) -> None:
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.sources.open_files([str(path)])


def open_approvable(qtbot, desk, tmp_path) -> None:
    """The harbour story without its unsnapshotted [2]: nothing for the gate to stop."""
    path = bundle(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["body"] = data["body"].replace(" The mayor called it a historic day [2].", "")
    data["references"] = data["references"][:1]
    path.write_text(json.dumps(data), encoding="utf-8")
    with qtbot.waitSignal(desk.story_checked, timeout=10_000):
        desk.sources.open_files([str(path)])


def approve_despite_open_items(qtbot, desk, counts: str = "1 unchecked citation") -> None:
    """After the approve dialog's OK on a story with open items (the harbour story's
    [2] has no snapshot): the confirmation names them; approve anyway."""
    from ui.views.gate import ConfirmOpenItemsBox

    qtbot.waitUntil(lambda: isinstance(desk.active_dialog, ConfirmOpenItemsBox), timeout=5000)
    box = desk.active_dialog
    assert counts in box.text(), box.text()
    box.approve.click()
