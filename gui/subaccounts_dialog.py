"""File > Subaccounts…: the remotes (`destination-cli remote add|list|remove`) in a dialog.

A remote is added from a Destination service instance's service key file; its secret (client
secret or private key) goes to the OS keyring in a background job, never to the settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import InputError
from core.remote.remotes import (
    Remote,
    add_remote,
    list_remotes,
    parse_service_key,
    remove_remote,
)
from core.secrets import FallbackStore
from gui.jobs import Jobs


class SubaccountsDialog(QDialog):
    def __init__(self, jobs: Jobs, store: FallbackStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs, self.store = jobs, store
        self.setWindowTitle("Subaccounts")
        self.setAccessibleName("Subaccounts")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Destination service instances reached through their service keys. Secrets live "
            "in the OS keyring.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Subaccounts")
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.add_button = QPushButton("&Add from Service Key…", self)
        self.remove_button = QPushButton("&Remove", self)
        self.add_button.clicked.connect(lambda: self.add())
        self.remove_button.clicked.connect(self.remove)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.remotes: list[Remote] = []
        self.refresh()

    def refresh(self) -> None:
        try:
            self.remotes = list_remotes()
        except InputError as exc:
            self.remotes = []
            self.message.setText(str(exc))
        self.list.clear()
        for r in self.remotes:
            kind = "X.509" if r.kind == "x509" else "client secret"
            self.list.addItem(f"{r.name}  —  {r.api_url}  ({kind})")
        self.remove_button.setEnabled(bool(self.remotes))

    def add(self, key_file: Path | None = None, name: str | None = None) -> None:
        if key_file is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "Service key", "", "JSON (*.json);;All files (*)"
            )
            if not chosen:
                return
            key_file = Path(chosen)
        if name is None:
            name, ok = QInputDialog.getText(self, "Subaccount", "Name for this subaccount:")
            if not ok or not name.strip():
                return
        try:
            remote, secret = parse_service_key(name.strip(), key_file.read_bytes(), str(key_file))
        except (InputError, OSError) as exc:
            self.message.setText(str(exc))
            return
        store = self.store
        self.message.setText(f"Adding {remote.name}…")
        self.jobs.submit(
            "subaccounts",
            lambda: add_remote(remote, secret, store),
            lambda _: self._added(remote),
            lambda exc: self.message.setText(str(exc)),
        )

    def _added(self, remote: Remote) -> None:
        self.refresh()
        where = "in the OS keyring" if self.store.remembers else "for this session only"
        self.message.setText(f"Added {remote.name}; its {remote.secret_key} is kept {where}.")

    def remove(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.remotes):
            return
        name, store = self.remotes[row].name, self.store

        def removed(_: object) -> None:
            self.refresh()
            self.message.setText(f"Removed {name}.")

        self.jobs.submit(
            "subaccounts",
            lambda: remove_remote(name, store),
            removed,
            lambda exc: self.message.setText(str(exc)),
        )
