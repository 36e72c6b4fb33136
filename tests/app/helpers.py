"""Story texts the tests build, so each test states the exact input it is about."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE_DIGEST = REPO / "resources" / "samples" / "muse-spark-digest.txt"


def digest_text() -> str:
    return SAMPLE_DIGEST.read_text(encoding="utf-8")


def bundle(**overrides: object) -> dict:
    data: dict = {
        "format": "copydesk.story/1",
        "id": "harbour-bridge",
        "title": "Harbour bridge reopens after repairs",
        "dek": "The city's main bridge is open again.",
        "body": (
            "## What happened\n\n"
            "The harbour bridge reopened on Monday after six weeks of repairs [1]. "
            "The work cost $14.3 million, the council said [1][2].\n\n"
            "Traffic is expected to return to normal by Friday [2]."
        ),
        "references": [
            {"n": 1, "publisher": "City Council", "title": "Bridge works complete",
             "url": "https://council.example.org/bridge"},
            {"n": 2, "publisher": "Harbour Times", "title": "Bridge reopens",
             "url": "https://times.example.org/bridge"},
        ],
    }
    data.update(overrides)
    return data


def write_bundle(path: Path, **overrides: object) -> Path:
    path.write_text(json.dumps(bundle(**overrides)), encoding="utf-8")
    return path
