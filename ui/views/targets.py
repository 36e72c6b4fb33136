"""Settings › Publishing targets…: the list of targets and a form for one.

Layout only; the controller (``ui.publishing``) saves, removes and tests on workers.
The secret field is a password field; what is typed there goes to the secret store
(the OS keyring) and nowhere else, and the field is cleared once it is saved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import translator

tr = translator("TargetsDialog")


KIND_HELP = {
    "folder": ("&Folder", "", ""),
    "wordpress": ("Site &address", "Application &password",
                  "WordPress › Users › Profile › Application passwords"),
    "ghost": ("Site &address", "Admin API &key", "Ghost › Settings › Integrations: ID:SECRET"),
    "webhook": ("&Endpoint", "Signing &key", "HMAC-SHA256 key (a whsec_ key is decoded)"),
}


class TargetsDialog(QDialog):
    """List on the left, the selected (or new) target's settings on the right."""

    def __init__(self, kinds: Sequence[str], status_options: Mapping[str, Sequence[str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("targetsDialog")
        self.setWindowTitle(tr("Publishing targets"))
        self.status_options = {k: tuple(v) for k, v in status_options.items()}

        self.list = QListWidget()
        self.list.setObjectName("targetList")
        self.list.setAccessibleName(tr("Publishing targets"))
        self.list.setSpacing(3)
        self.add = QPushButton(tr("&New target"))
        self.remove = QPushButton(tr("&Remove"))
        self.remove.setEnabled(False)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.add)
        row.addWidget(self.remove)
        left.addLayout(row)

        self.name = QLineEdit()
        self.name.setAccessibleName(tr("Target name"))
        self.name.setPlaceholderText(tr("e.g. site, staging, archive"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(tr("Kind"))
        for kind in kinds:
            self.kind.addItem(kind, kind)
        self.url = QLineEdit()
        self.url.setAccessibleName(tr("Address or folder"))
        self.browse = QPushButton(tr("&Browse…"))
        url_row = QHBoxLayout()
        url_row.setContentsMargins(0, 0, 0, 0)
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.browse)
        self.user = QLineEdit()
        self.user.setAccessibleName(tr("User"))
        self.status = QComboBox()
        self.status.setAccessibleName(tr("Post status"))
        self.secret = QLineEdit()
        self.secret.setObjectName("targetSecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(tr("Password or key"))
        self.secret.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText
                                        | Qt.InputMethodHint.ImhNoPredictiveText
                                        | Qt.InputMethodHint.ImhSensitiveData)
        self.secret_hint = QLabel()
        self.secret_hint.setWordWrap(True)
        self.secret_hint.setEnabled(False)

        self.form = QFormLayout()
        self.form.addRow(tr("&Name:"), self.name)
        self.form.addRow(tr("&Kind:"), self.kind)
        self.url_label = QLabel(tr("&Address:"))
        self.url_label.setBuddy(self.url)
        self.form.addRow(self.url_label, url_row)
        self.form.addRow(tr("&User:"), self.user)
        self.form.addRow(tr("Post &status:"), self.status)
        self.secret_label = QLabel(tr("&Password:"))
        self.secret_label.setBuddy(self.secret)
        self.form.addRow(self.secret_label, self.secret)
        self.form.addRow("", self.secret_hint)

        self.save = QPushButton(tr("&Save target"))
        self.save.setDefault(True)
        self.test = QPushButton(tr("&Test connection"))
        self.test.setEnabled(False)
        self.message = QLabel()
        self.message.setObjectName("targetMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(tr("Result"))
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.test)
        actions.addWidget(self.save)
        right = QVBoxLayout()
        right.addLayout(self.form)
        right.addLayout(actions)
        right.addWidget(self.message)
        right.addStretch(1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)

        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.browse.clicked.connect(self._browse)
        self.add.clicked.connect(self.new_target)
        self.list.currentItemChanged.connect(self._on_current)
        self.setTabOrder(self.list, self.name)
        self.setMinimumSize(820, 420)
        self._kind_changed()

    # -- what the controller calls ------------------------------------------------------
    def show_targets(self, targets: Sequence[Any], select: str | None = None) -> None:
        """``targets``: the core's ``TargetConfig``s (name, kind, url, user, options)."""
        self.list.blockSignals(True)
        self.list.clear()
        chosen = None
        for config in targets:
            item = QListWidgetItem(f"{config.name} — {config.kind}\n{config.url}")
            item.setData(Qt.ItemDataRole.UserRole, config)
            item.setToolTip(config.url)
            self.list.addItem(item)
            if config.name == select:
                chosen = item
        self.list.blockSignals(False)
        if chosen is not None:
            self.list.setCurrentItem(chosen)
        elif not targets:
            self.new_target()
        self.remove.setEnabled(self.list.currentItem() is not None)

    def selected(self) -> Any | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def values(self) -> dict[str, Any]:
        """The form as plain values (the secret separately, see ``take_secret``)."""
        kind = str(self.kind.currentData())
        options: dict[str, Any] = {}
        if kind in self.status_options and self.status.currentData():
            options["status"] = str(self.status.currentData())
        return {"name": self.name.text().strip(), "kind": kind, "url": self.url.text().strip(),
                "user": self.user.text().strip() if self.user.isEnabled() else "",
                "options": options}

    def take_secret(self) -> str:
        """The typed secret; the field is emptied so it does not linger in the dialog."""
        secret = self.secret.text()
        self.secret.clear()
        return secret

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: palette(link);" if not error else
                                   "color: #b3261e; font-weight: bold;")

    def new_target(self) -> None:
        self.list.blockSignals(True)
        self.list.setCurrentRow(-1)
        self.list.clearSelection()
        self.list.blockSignals(False)
        self.remove.setEnabled(False)
        self.test.setEnabled(False)
        self.name.clear()
        self.name.setReadOnly(False)
        self.url.clear()
        self.user.clear()
        self.secret.clear()
        self.kind.setCurrentIndex(0)
        self._kind_changed()
        self.name.setFocus()

    # -- form behaviour -----------------------------------------------------------------
    def _on_current(self, item: QListWidgetItem | None, _previous: object) -> None:
        config = item.data(Qt.ItemDataRole.UserRole) if item else None
        self.remove.setEnabled(config is not None)
        self.test.setEnabled(config is not None)
        if config is None:
            return
        self.name.setText(config.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(config.kind)))
        self.url.setText(config.url)
        self.user.setText(config.user)
        self.secret.clear()
        self._kind_changed()
        status = config.options.get("status")
        if status:
            self.status.setCurrentIndex(max(0, self.status.findData(status)))

    def _kind_changed(self) -> None:
        kind = str(self.kind.currentData())
        address, secret, hint = KIND_HELP.get(kind, ("&Address", "&Secret", ""))
        self.url_label.setText(tr(address) + ":")
        self.url.setPlaceholderText(tr("/path/to/exports") if kind == "folder"
                                    else "https://")
        self.browse.setVisible(kind == "folder")
        self.user.setEnabled(kind == "wordpress")
        self.user.setPlaceholderText(tr("WordPress login") if kind == "wordpress"
                                     else tr("not used"))
        current = self.status.currentData()
        self.status.clear()
        options = self.status_options.get(kind, ())
        for option in options:
            self.status.addItem(option, option)
        self.status.setEnabled(bool(options))
        if not options:
            self.status.addItem(tr("not used"), "")
        elif current in options:
            self.status.setCurrentIndex(self.status.findData(current))
        has_secret = kind != "folder"
        self.secret.setEnabled(has_secret)
        self.secret_label.setText(tr(secret or "&Password") + ":")
        if not has_secret:
            self.secret.setPlaceholderText(tr("not needed"))
            self.secret_hint.setText("")
        else:
            self.secret.setPlaceholderText(
                tr("empty: keep the saved one") if self.selected() is not None
                else tr("kept in the system keyring only"))
            self.secret_hint.setText(tr(hint))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Export folder"), self.url.text())
        if folder:
            self.url.setText(folder)
