"""Export for upload: properties or JSON, with or without the passwords."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QWidget,
)

from core.atomic import atomic_write
from core.cli.writing import SECRETS_HEADER
from core.formats import Entry, Format, render
from core.secrets import SecretStore, fill_secrets, scope_of, strip_secrets
from core.session import Session


def export_bytes(session: Session, store: SecretStore, fmt: Format, include_secrets: bool) -> bytes:
    d = session.destination
    if include_secrets:
        for key, value in session.known_passwords().items():
            if value and not d.get(key):
                d = d.with_value(key, value)
        if session.folder is not None:
            d = fill_secrets(store, scope_of(session.folder, d.name), d)
        header = SECRETS_HEADER if fmt is Format.PROPERTIES else b""
        return header + render([Entry(d)], fmt)
    return render([Entry(strip_secrets(d))], fmt)


class ExportDialog(QDialog):
    def __init__(self, session: Session, store: SecretStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.store = session, store
        self.setWindowTitle("Export for Upload")
        form = QFormLayout(self)
        self.format = QComboBox(self)
        self.format.addItems(["properties", "json"])
        self.format.setAccessibleName("Format")
        form.addRow("&Format:", self.format)
        self.include = QCheckBox("&Include passwords from the OS keyring", self)
        form.addRow(self.include)
        self.warning = QLabel(
            "The file will CONTAIN SECRETS. It is written readable by you only; delete it "
            "after the upload.",
            self,
        )
        self.warning.setWordWrap(True)
        self.warning.setVisible(False)
        form.addRow(self.warning)
        self.include.toggled.connect(self.warning.setVisible)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _save(self) -> None:
        fmt = Format(self.format.currentText())
        base = self.session.destination.name or "destination"
        start = str((self.session.folder or Path.home()) / f"{base}-upload.{fmt.value}")
        name, _ = QFileDialog.getSaveFileName(self, "Export for upload", start)
        if not name:
            return
        include = self.include.isChecked()
        try:
            data = export_bytes(self.session, self.store, fmt, include)
            atomic_write(Path(name), data, 0o600 if include else None)
        except OSError as exc:
            QMessageBox.warning(self, "Not exported", f"The file was not written: {exc.strerror}")
            return
        self.accept()
