"""File > Export Bundle: destinations with their key store files as Destination service JSON.

The same choices as `destination-cli bundle export`: one destination as a find-destination
response, or the whole workspace as a service instance's init_data; passwords only when asked,
and then the file is readable by its owner only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.atomic import atomic_write
from core.bundles import bundle_bytes, certificate_count, collect, export_bundle
from core.report import counted
from core.secrets import SecretStore
from core.services.upload import as_sentences
from gui.jobs import Jobs


class BundleDialog(QDialog):
    def __init__(
        self,
        jobs: Jobs,
        store: SecretStore,
        file: Path | None,
        folder: Path | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.jobs, self.store, self.file, self.folder = jobs, store, file, folder
        self.setWindowTitle("Export Bundle")
        layout = QVBoxLayout(self)
        self.api = QRadioButton(
            "This destination with its key stores, as a find-destination response (&API)", self
        )
        self.init_data = QRadioButton(
            "The whole workspace, as a service instance's init_data &config.json", self
        )
        self.api.setEnabled(file is not None)
        self.init_data.setEnabled(folder is not None)
        (self.api if file is not None else self.init_data).setChecked(True)
        # SAP's existing_*_policy; fail (SAP's default) first. update needs the passwords.
        self.policy = QComboBox(self)
        self.policy.addItems(["fail", "ignore", "update"])
        self.policy.setAccessibleName("If a destination already exists")
        self.policy_label = QLabel("If a destination already &exists:", self)
        self.policy_label.setBuddy(self.policy)
        self.init_data.toggled.connect(self.policy.setEnabled)
        self.policy.setEnabled(self.init_data.isChecked())
        self.include = QCheckBox("Include &passwords from the OS keyring", self)
        self.warning = QLabel(
            "The file will contain passwords in clear text. It is written readable by you "
            "only; delete it after the upload.",
            self,
        )
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #c62828")
        self.warning.setVisible(False)
        self.include.toggled.connect(self.warning.setVisible)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        for w in (
            self.api,
            self.init_data,
            self.policy_label,
            self.policy,
            self.include,
            self.warning,
            self.message,
        ):
            layout.addWidget(w)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def export(self) -> None:
        shape = "find-destination" if self.api.isChecked() else "init-data"
        source = self.file if shape == "find-destination" else self.folder
        assert source is not None
        suggested = (source.stem if shape == "find-destination" else "config") + ".json"
        name, _ = QFileDialog.getSaveFileName(
            self, "Export bundle", str(source.parent / suggested if source else ""), "JSON (*.json)"
        )
        if not name:
            return
        target, include, store = Path(name), self.include.isChecked(), self.store
        policy = self.policy.currentText()

        def work() -> str:
            found = collect(source, store, include)
            bundle = export_bundle(found.items, shape, policy, found.left_out)
            atomic_write(target, bundle_bytes(bundle), 0o600 if include else None)
            said = (
                f"Wrote {target.name}: {counted(len(found.items), 'destination')}, "
                f"{counted(certificate_count(bundle), 'key store file')}."
            )
            if include:
                said += " It CONTAINS PASSWORDS and is readable by you only."
            return " ".join([said, *as_sentences(found.upload.notes(include))])

        self.buttons.setEnabled(False)
        self.jobs.run("bundle-export", work).then(self._done).or_else(self._failed)

    def _done(self, sentence: str) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(sentence)

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(f'<span style="color:#c62828">Not written: {exc}</span>')
