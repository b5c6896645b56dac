"""Export for upload: properties or JSON, with or without the passwords.

What goes into the file is decided by core.services.upload, as for `destination-cli export`:
the dialog then says which passwords were left out, or which are missing, as the command does.
"""

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
    QWidget,
)

from core.atomic import atomic_write
from core.destination import Destination
from core.errors import sentence
from core.formats import Entry, Format, render
from core.services.passwords import PasswordSource
from core.services.upload import SECRETS_HEADER, as_sentences, prepare_upload
from gui.jobs import Jobs


def export_file(
    destination: Destination, passwords: PasswordSource, fmt: Format, include: bool, target: Path
) -> str:
    """Write the upload file; returns what to tell the user. Waits on the keyring: a job."""
    upload = prepare_upload([(destination, passwords)], include)
    header = SECRETS_HEADER if include and fmt is Format.PROPERTIES else b""
    data = header + render([Entry(d) for d in upload.destinations], fmt)
    atomic_write(target, data, 0o600 if include else None)
    said = f"Wrote {target.name}."
    if include:
        said += " It CONTAINS PASSWORDS and is readable by you only; delete it after the upload."
    return " ".join([said, *as_sentences(upload.notes(include))])


class ExportDialog(QDialog):
    def __init__(
        self,
        jobs: Jobs,
        destination: Destination,
        folder: Path | None,
        passwords: PasswordSource,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.jobs, self.destination, self.folder = jobs, destination, folder
        self.passwords = passwords
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
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Export result")
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def _save(self) -> None:
        fmt = Format(self.format.currentText())
        base = self.destination.name or "destination"
        start = str((self.folder or Path.home()) / f"{base}-upload.{fmt.value}")
        name, _ = QFileDialog.getSaveFileName(self, "Export for upload", start)
        if name:
            self.export_to(Path(name), fmt)

    def export_to(self, target: Path, fmt: Format) -> None:
        """Write in the background; the result, or why not, shows in the dialog."""
        d, passwords, include = self.destination, self.passwords, self.include.isChecked()
        self.buttons.setEnabled(False)
        self.message.setText("Exporting …")
        self.jobs.run("export", lambda: export_file(d, passwords, fmt, include, target)).then(
            self._done
        ).or_else(self._failed)

    def _done(self, said: str) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(said)

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(f"Not written: {sentence(exc)}")
