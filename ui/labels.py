"""The newsroom's words for statuses and verdicts, as the desk shows them.

Kept apart from the models so the window can be built (and painted) before the core
is imported.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

STATUS_LABELS = {
    "new": "New",
    "in_review": "In review",
    "approved": "Approved",
    "changes_requested": "Changes requested",
    "rejected": "Rejected",
    "queued": "Queued",
    "published": "Published",
    "export_failed": "Export failed",
}

VERDICT_NAMES = {
    "supported": "supported",
    "partial": "partly supported",
    "contradicted": "contradicted by the source",
    "unsupported": "not supported",
    "unavailable": "source unavailable",
    "dangling": "no such reference",
    "pending": "checking…",
}


def status_label(status: str) -> str:
    return QCoreApplication.translate("StoryQueueModel", STATUS_LABELS.get(status, status))
