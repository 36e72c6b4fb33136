"""The desk's side of publishing, by feature: the outbox and its sender (``outbox``),
the publishing targets (``targets``) and the fact-check report (``report``).

``PublishingController`` builds the three with the desk's ``DeskContext``; the desk
and the tests use each part by its name (``outbox``, ``targets``, ``reports``).

When the sender runs: at start-up (after ``recover_interrupted`` put back what a dead
sender left ``sending``), right after an export, every 60 s while exports wait, when
the network comes back, on Send now and after a retry or saved credentials.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from ui.desk.context import DeskContext
from ui.publishing.outbox import SEND_INTERVAL_MS, SENDER_LANE, Outbox
from ui.publishing.report import Reports
from ui.publishing.targets import Targets

__all__ = ["SEND_INTERVAL_MS", "SENDER_LANE", "PublishingController"]


class PublishingController(QObject):
    def __init__(self, ctx: DeskContext, secrets: Any = None) -> None:
        super().__init__()
        self.outbox = Outbox(ctx, secrets)
        self.targets = Targets(ctx, secrets, self.outbox.send_now)
        self.reports = Reports(ctx)

    @property
    def secrets(self) -> Any:
        return self.outbox.secrets

    @secrets.setter
    def secrets(self, store: Any) -> None:  # the sender and the targets use one store
        self.outbox.secrets = self.targets.secrets = store

    def shutdown(self) -> None:
        self.outbox.shutdown()
