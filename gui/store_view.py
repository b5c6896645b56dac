"""A key store opened in the background and shown: a plain sentence on top (what happened, or
why it did not open), a password box when one is needed, and the report below.

Used as the editor's chain panel and as the body of the key store inspector.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.keystores.errors import KeyStoreError, PasswordRequired, WrongStorePassword
from gui.jobs import Jobs
from gui.places import export_folder, file_name, remember_export
from gui.report_view import ReportView

if TYPE_CHECKING:
    from core.keystores.inspection import Report


class StoreView(QWidget):
    loaded = Signal(object)  # Report
    failed = Signal(str)
    password_entered = Signal(str)  # the user typed a password that opened the store

    def __init__(self, jobs: Jobs, with_entries: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.channel = f"store-{id(self)}"
        self.path: Path | None = None
        self._password: str | None = None
        self._carried: tuple[str, bytes] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel("No key store.", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Key store status")
        layout.addWidget(self.status)
        row = QWidget(self)
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        self.password = QLineEdit(row)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("Key store password")
        self.password.setAccessibleName("Key store password")
        self.open_button = QPushButton("&Open", row)
        h.addWidget(self.password, 1)
        h.addWidget(self.open_button)
        self.password_row = row
        row.setVisible(False)
        layout.addWidget(row)
        self.view = ReportView(with_entries, self)
        layout.addWidget(self.view, 1)
        self.open_button.clicked.connect(self._retry)
        self.password.returnPressed.connect(self._retry)
        self.view.export_requested.connect(self._export)
        # A window closed while its key store was still opening: drop that result.
        channel = self.channel
        self.destroyed.connect(lambda *_: jobs.cancel(channel))

    @property
    def showing(self) -> tuple[Path | None, str | None]:
        """The key store file and password last asked for."""
        return self.path, self._password

    def load(
        self,
        path: Path | None,
        password: str | None,
        label: str = "",
        carried: tuple[str, bytes] | None = None,
    ) -> None:
        """Open `path` in the background; a result for an earlier call is dropped. `carried`:
        the file that carries a store of that name and its content, opened instead when no
        file stands at `path` (as the findings do, core.linked_stores)."""
        if path != self.path:
            self.password.clear()  # another store's password is not this one's
        self.path, self._password, self._carried = path, password, carried
        if path is None:
            self.jobs.cancel(self.channel)
            self.view.clear()
            self.status.setText(label or "No key store.")
            self.password_row.setVisible(False)
            return
        self.status.setText(f"Opening {path.name}…")
        now = datetime.now(UTC)

        def run() -> tuple[Report, str]:
            # Imported here, on first use: cryptography is not needed to show the window.
            from core.keystores import open_keystore
            from core.keystores.inspection import inspect, inspect_file
            from core.reading import what_is

            if carried is not None and what_is(path) == "missing":
                carrier, data = carried
                return inspect(open_keystore(data, password), password, now), carrier
            return inspect_file(path, password, now=now), ""

        self.jobs.run(self.channel, run).then(lambda done: self._done(path, *done)).or_else(
            lambda exc: self._error(path, exc)
        )

    def _done(self, path: Path, report: Report, carrier: str = "") -> None:
        # Loaded already: the report holds them.
        from core.keystores.model import WITHOUT_INTEGRITY_CHECK, Format, Integrity

        self.view.show_report(report)
        n = len(report.entries)
        errors = sum(1 for f in report.findings if f.severity.value == "error")
        warnings = sum(1 for f in report.findings if f.severity.value == "warning")
        name = WITHOUT_INTEGRITY_CHECK.get(Format(report.format))
        verified = {
            Integrity.VERIFIED: "",
            Integrity.ABSENT: f" The file has no integrity check ({name} has none)."
            if name
            else " The file has no integrity check (no MAC).",
            Integrity.NOT_CHECKED: " Opened without its password: enter it to verify the file "
            "and check the keys.",
        }[report.integrity]
        if report.integrity is not Integrity.NOT_CHECKED and report.password_would_check:
            verified += " Its private key is encrypted: enter its password to check it."
        counts = (
            f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}"
        )
        entries = f"{n} entr{'y' if n == 1 else 'ies'}"
        where = f" (carried in {carrier})" if carrier else ""
        self.status.setText(f"{path.name}{where}: {report.format}, {entries}, {counts}.{verified}")
        # A file without a MAC, or a PEM, DER or PKCS#7 file, has nothing a password could
        # verify: no row for one, unless it holds an encrypted key not yet opened.
        self.password_row.setVisible(report.password_would_check)
        # A PEM key's wrong password still lists the file: only one that opened it is kept.
        opened = not report.password_would_check
        if self._password and self.password.text() == self._password and opened:
            self.password_entered.emit(self._password)
        self.loaded.emit(report)

    def _error(self, path: Path, exc: Exception) -> None:
        self.view.clear()
        if isinstance(exc, KeyStoreError):
            sentence = (
                f"{path.name} {exc}" if str(exc).startswith("is ") else f"{path.name}: {exc}."
            )
        elif isinstance(exc, FileNotFoundError):
            sentence = f"{path.name} is not in the workspace folder."
        elif isinstance(exc, OSError):
            sentence = f"{path.name} cannot be read: {exc.strerror}."
        else:
            sentence = f"{path.name} could not be opened ({type(exc).__name__})."
        needs_password = isinstance(exc, WrongStorePassword | PasswordRequired)
        if needs_password:
            sentence += " Enter its password below."
        self.status.setText(sentence)  # starts with the file name: its case is kept
        self.password_row.setVisible(needs_password)
        self.failed.emit(sentence)

    def _retry(self) -> None:
        if self.path is not None:
            self.load(self.path, self.password.text(), carried=self._carried)

    def _export(self, kind: str) -> None:
        from cryptography.hazmat.primitives.serialization import Encoding

        from core.certinfo import short_name

        nodes = self.view.selected_chain() if kind == "pem-chain" else [self.view.selected_node()]
        certs = [n.cert for n in nodes if n is not None]
        if not certs:
            return
        suffix = ".der" if kind == "der-cert" else ".pem"
        # Named after the certificate (the chain after its first), in the last export folder.
        name = file_name(short_name(certs[0].subject), "certificate")
        name += "-chain" if kind == "pem-chain" else ""
        settings = QSettings()
        start = str(export_folder(settings) / f"{name}{suffix}")
        target, _ = QFileDialog.getSaveFileName(self, "Export certificate", start)
        if not target:
            return
        remember_export(settings, Path(target))
        from core.atomic import atomic_write

        encoding = Encoding.DER if kind == "der-cert" else Encoding.PEM
        try:
            atomic_write(Path(target), b"".join(c.public_bytes(encoding) for c in certs))
        except OSError as exc:  # WriteError: one sentence, the original untouched
            QMessageBox.warning(self, "Not exported", str(exc))
