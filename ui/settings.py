"""One typed wrapper over QSettings: every option the desk keeps, with its default."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

MAX_RECENT_FILES = 8


def suggested_reviewer() -> str:
    """The name the command line would record (``--as`` aside): $COPYDESK_REVIEWER,
    then ``copydesk whoami --set``'s name, then the OS login; "" when none is usable."""
    from app.identity import configured_name, os_user, reviewer_name

    try:
        name = reviewer_name()
    except Exception:  # an unusable $COPYDESK_REVIEWER: what would come after it
        name = configured_name() or os_user()
    return "" if name == "unknown" else name  # no login name: let the reviewer type one


class Option(Generic[T]):
    """A declared setting: key, type and default; read and written as an attribute."""

    def __init__(self, key: str, default: T, kind: type) -> None:
        self.key, self.default, self.kind = key, default, kind

    def __get__(self, obj: DeskSettings | None, owner: type) -> Any:
        if obj is None:
            return self
        value = obj.store.value(self.key, None)
        if value is None:
            return self.default
        return _coerce(value, self.kind, self.default)

    def __set__(self, obj: DeskSettings, value: T) -> None:
        obj.store.setValue(self.key, value)


def _coerce(value: Any, kind: type, default: Any) -> Any:
    try:
        if kind is bool:
            return value if isinstance(value, bool) else str(value).lower() in ("1", "true")
        if kind is list:
            if isinstance(value, str):
                return [value] if value else []
            return [str(v) for v in value]
        if kind is QByteArray:
            return value if isinstance(value, QByteArray) else QByteArray(value)
        if kind is int:
            return int(value)
        return kind(value)
    except (TypeError, ValueError):
        return default


class DeskSettings:
    """The desk's settings. Tests pass an ini file under tmp_path, never the user's."""

    reviewer_name = Option("review/reviewer_name", "", str)
    geometry = Option("window/geometry", QByteArray(), QByteArray)
    window_state = Option("window/state", QByteArray(), QByteArray)
    main_splitter = Option("window/main_splitter", QByteArray(), QByteArray)
    panes_splitter = Option("window/panes_splitter", QByteArray(), QByteArray)
    last_story = Option("library/last_story", "", str)
    recent_files: Option[list[str]] = Option("library/recent_files", [], list)
    status_filter = Option("queue/status_filter", "", str)
    # Fetching from private, loopback and link-local addresses (intranet sources) is
    # refused unless the reviewer turns this on (Story › Fetch from intranet addresses).
    allow_private = Option("fetch/allow_private", False, bool)
    export_target = Option("export/last_target", "", str)
    # Where the last file dialog was left, by purpose ("open", "attach", "report").
    open_folder = Option("files/open_folder", "", str)
    attach_folder = Option("files/attach_folder", "", str)
    report_folder = Option("files/report_folder", "", str)

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings("copydesk", "Copydesk")

    @classmethod
    def at(cls, path: str) -> DeskSettings:
        return cls(QSettings(path, QSettings.Format.IniFormat))

    def add_recent_file(self, path: str) -> list[str]:
        files = [path] + [p for p in self.recent_files if p != path]
        self.recent_files = files[:MAX_RECENT_FILES]
        return self.recent_files

    def sync(self) -> None:
        self.store.sync()
