"""The desk's side of publishing, by feature: the outbox and its sender (``outbox``),
the publishing targets (``targets``) and the fact-check report (``report``).

``PublishingController`` builds the three with the desk's ``DeskContext`` and offers
their signals and the sender's controls under one name, for the desk to wire.

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

_OFFERED = {
    "outbox": ("outbox_sent", "outbox_listed", "outbox_counted", "export_retried",
               "export_cancelled", "send_now", "start_up", "refresh", "network_changed",
               "retry_selected", "cancel_selected", "selected_row", "show_outbox",
               "index_of", "model"),
    "targets": ("target_saved", "target_removed", "target_tested", "target_failed",
                "open_targets", "load_targets", "save_target", "confirm_remove",
                "remove_target", "test_target"),
    "reports": ("report_written", "choose_report_folder", "write_report"),
}


class PublishingController(QObject):
    def __init__(self, ctx: DeskContext, secrets: Any = None) -> None:
        super().__init__()
        self.outbox = Outbox(ctx, secrets)
        self.targets = Targets(ctx, secrets, self.outbox.send_now)
        self.reports = Reports(ctx)
        for feature, names in _OFFERED.items():
            for name in names:
                setattr(self, name, getattr(getattr(self, feature), name))

    # The sender's state, read by the status bar and the tests.
    @property
    def secrets(self) -> Any:
        return self.outbox.secrets

    @secrets.setter
    def secrets(self, store: Any) -> None:  # a test swaps the store of both
        self.outbox.secrets = self.targets.secrets = store

    @property
    def sender_task(self) -> Any:
        return self.outbox.sender_task

    @property
    def last_sender(self) -> Any:
        return self.outbox.last_sender

    @property
    def sender_runs(self) -> int:
        return self.outbox.sender_runs

    @property
    def waiting(self) -> int:
        return self.outbox.waiting

    @property
    def network(self) -> str | None:
        return self.outbox.network

    @property
    def started(self) -> bool:
        return self.outbox.started

    @property
    def targets_dialog(self) -> Any:
        return self.targets.targets_dialog

    @property
    def confirm_box(self) -> Any:
        return self.targets.confirm_box

    def shutdown(self) -> None:
        self.outbox.shutdown()
