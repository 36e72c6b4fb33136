"""The network indicator: what the last real attempt found, else what the system says.

The system's view (QNetworkInformation, or a cheap route probe) only says a link is
up; a fetch that could not resolve a host says the desk is offline for what it
needs. So the indicator follows the last real attempt until the system reports a
change, and its tooltip says what that attempt was.
"""

from __future__ import annotations

import socket
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ui.i18n import translator

tr = translator("Desk")

# How a failed fetch reads when the network, not the site, was the problem.
OFFLINE_REASONS = ("no network", "could not resolve host", "could not connect to")


def attempt_state(report: Any) -> tuple[str, str] | None:
    """("online" | "offline", why) from a fetch report's outcomes; None when it tried
    nothing over the network (every source kept, shared or cancelled)."""
    reached = [o for o in report.outcomes if o.action in ("fetched", "kept after failure")
               and o.snapshot is not None and o.snapshot.how == "fetched"]
    failed = [o for o in report.outcomes if o.action in ("unavailable", "kept after failure")
              and o.reason.startswith(OFFLINE_REASONS)]
    if failed and not reached:
        return "offline", failed[0].reason
    if reached or any(o.action == "unavailable" for o in report.outcomes):
        return "online", ""  # a site answered (even with an error): the network is there
    return None


class SystemNetwork(QObject):
    """Online/offline from QNetworkInformation when a backend loads, else a cheap probe."""

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._info: Any = None
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if QNetworkInformation.loadBackendByFeatures(
                    QNetworkInformation.Feature.Reachability):
                self._info = QNetworkInformation.instance()
                self._info.reachabilityChanged.connect(lambda _r: self.changed.emit(self.state()))
        except Exception:  # plugin missing or Qt too old: fall back to the probe
            self._info = None
        if self._info is None:
            self._last = self.state()
            self._timer = QTimer(self)
            self._timer.setInterval(60_000)
            self._timer.timeout.connect(self._probe)
            self._timer.start()

    def _probe(self) -> None:
        state = self.state()
        if state != self._last:  # only a change: a real attempt's verdict stays meanwhile
            self._last = state
            self.changed.emit(state)

    def state(self) -> str:
        if self._info is not None:
            from PySide6.QtNetwork import QNetworkInformation

            r = self._info.reachability()
            if r == QNetworkInformation.Reachability.Online:
                return "online"
            if r in (QNetworkInformation.Reachability.Disconnected,
                     QNetworkInformation.Reachability.Local,
                     QNetworkInformation.Reachability.Site):
                return "offline"
            return "unknown"
        return "online" if has_route() else "offline"


def has_route() -> bool:
    """Is there a route to the internet? A UDP connect sends no packet."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            return not s.getsockname()[0].startswith("127.")
    except OSError:
        return False


class Network(QObject):
    network_changed = Signal(str)  # "online", "offline" or "unknown"

    def __init__(self, label: Any) -> None:
        super().__init__()
        self.label = label
        self.system: SystemNetwork | None = None
        self.state: str | None = None

    def start(self, closing: bool = False) -> None:
        # Loading Qt's network-information backend takes ~15 ms: not before the story.
        if closing or self.system is not None:
            return
        self.system = SystemNetwork(self)
        self.system.changed.connect(lambda state: self.show(state, tr("as the system says")))
        self.show(self.system.state(), tr("as the system says"))

    def fetch_attempted(self, report: Any) -> None:
        found = attempt_state(report)
        if found is not None:
            state, why = found
            self.show(state, tr("the last fetch: {why}").format(why=why) if why
                      else tr("the last fetch reached its sites"))

    def show(self, state: str, why: str) -> None:
        text = {"online": tr("● Online"), "offline": tr("○ Offline"),
                "unknown": tr("◌ Network unknown")}[state]
        self.label.setText(text)
        self.label.setToolTip(
            tr("{why}. Snapshotted sources work offline; fetching and sending exports need "
               "the network.").format(why=why[:1].upper() + why[1:]))
        if state != self.state:
            self.state = state
            self.network_changed.emit(state)
