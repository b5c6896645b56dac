"""Tools > Build / Convert / Fix Key Store: the same three tools as `destination-cli keystore`.

The work runs as a background job; the result always goes to a new file, and the window then
opens it in the inspector, so its findings show at once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.atomic import atomic_write
from core.keystore_tools import OUTPUT_FORMATS, ToolError, ToolResult, run_tool
from core.keystores import KeyStoreError
from gui.dialog_parts import PathRow, password_edit, result_area, say
from gui.jobs import Jobs
from gui.keystore_filters import KEYSTORE_FILTER

TITLES = {
    "build": "Build Key Store from PEM Files",
    "convert": "Convert Key Store",
    "fix": "Fix Key Store for SAP",
}
INTROS = {
    "build": "A key store from the private key and certificate files a CA hands out. The chain "
    "is completed and ordered from the CA files; the key gets the store password.",
    "convert": "The same entries as JKS or PKCS#12, every key under the store password.",
    "fix": "What the SAP SDKs need: one private key, its password equal to the store password, "
    "its whole chain in order, no expired extra certificates.",
}
PEM_FILTER = "PEM or DER files (*.pem *.key *.crt *.cer *.der);;All files (*)"


class KeystoreToolDialog(QDialog):
    made = Signal(Path, str)  # the new file and its store password, for the inspector

    def __init__(
        self, action: str, jobs: Jobs, source: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.action, self.jobs = action, jobs
        self._pending: tuple[Path, str] | None = None  # the file being made, and its password
        self.setWindowTitle(TITLES[action])
        layout = QVBoxLayout(self)
        intro = QLabel(INTROS[action], self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        if action == "build":
            self.key = PathRow("Private key file", PEM_FILTER, False, self)
            self.key_password = password_edit("Key file password", self)
            self.key_password.setPlaceholderText("only if the key file is encrypted")
            self.cert = PathRow("Certificate file", PEM_FILTER, False, self)
            self.cas = QListWidget(self)
            self.cas.setAccessibleName("CA certificate files")
            self.cas.setMaximumHeight(90)
            add, remove = QPushButton("Add…", self), QPushButton("Remove", self)
            add.clicked.connect(self._add_ca)
            remove.clicked.connect(lambda: self.cas.takeItem(self.cas.currentRow()))
            buttons = QHBoxLayout()
            buttons.addWidget(add)
            buttons.addWidget(remove)
            buttons.addStretch(1)
            self.alias = QLineEdit("client", self)
            self.alias.setAccessibleName("Alias")
            form.addRow("&Private key:", self.key)
            form.addRow("Key file pass&word:", self.key_password)
            form.addRow("&Certificate:", self.cert)
            form.addRow("C&A certificates:", self.cas)
            form.addRow("", _wrap(buttons, self))
            form.addRow("A&lias:", self.alias)
        else:
            self.source = PathRow("Key store", KEYSTORE_FILTER, False, self)
            if source is not None:
                self.source.edit.setText(str(source))
            self.key_password = password_edit("Key password", self)
            self.key_password.setPlaceholderText("only if it differs from the store password")
            form.addRow("&Key store:", self.source)
            form.addRow("Key pass&word:", self.key_password)
            if action == "fix":
                self.keep_alias = QLineEdit(self)
                self.keep_alias.setAccessibleName("Private key to keep")
                self.keep_alias.setPlaceholderText("the first private key")
                self.drop_expired = QCheckBox("Leave out expired trusted certificates", self)
                self.drop_expired.setChecked(True)
                form.addRow("Keep private &key:", self.keep_alias)
                form.addRow("", self.drop_expired)
        self.format = QComboBox(self)
        self.format.setAccessibleName("Format of the new file")
        if action == "fix":
            self.format.addItem("Same as the key store", None)
        self.format.addItem("PKCS#12 (.p12)", "p12")
        self.format.addItem("JKS (.jks)", "jks")
        self.password = password_edit("Key store password", self)
        self.output = PathRow("New key store file", KEYSTORE_FILTER, True, self)
        form.addRow("&Format:", self.format)
        form.addRow("Store pa&ssword:", self.password)
        form.addRow("&New file:", self.output)
        self.message, self.buttons = result_area(self, layout, "C&reate", self.make)
        self.resize(620, self.sizeHint().height())

    def _add_ca(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "CA certificate files", "", PEM_FILTER)
        self.cas.addItems(names)

    def _say(self, text: str, error: bool = True) -> None:
        say(self.message, text, error)

    def make(self) -> None:
        out, password = self.output.path(), self.password.text()
        if out is None:
            self._say("Choose the new file.")
            return
        if not password:
            self._say("Give the key store password: the new file and its key are protected by it.")
            return
        sources = (
            [self.key.path(), self.cert.path()] if self.action == "build" else [self.source.path()]
        )
        if any(s is None for s in sources):
            self._say("Choose the input files.")
            return
        if out.exists() or any(out.resolve() == s.resolve() for s in sources if s):
            self._say(f"{out.name} exists: choose a new file, nothing is overwritten.")
            return
        fmt = self.format.currentData()
        kwargs = {
            "password": password,
            "now": datetime.now(UTC),
            "key_password": self.key_password.text() or None,
            "fmt": OUTPUT_FORMATS[fmt] if fmt else None,
        }
        if self.action == "build":
            kwargs |= {
                "key_file": self.key.path(),
                "cert_files": [self.cert.path()]
                + [Path(self.cas.item(i).text()) for i in range(self.cas.count())],
                "alias": self.alias.text().strip() or "client",
            }
        else:
            kwargs["source"] = self.source.path()
            if self.action == "fix":
                kwargs["keep_alias"] = self.keep_alias.text().strip() or None
                kwargs["drop_expired"] = self.drop_expired.isChecked()

        def work() -> ToolResult:
            result = run_tool(self.action, **kwargs)  # type: ignore[arg-type]
            atomic_write(out, result.data, 0o600)  # it holds a private key
            return result

        self.buttons.setEnabled(False)
        self._say("Working …", error=False)
        self.jobs.submit(f"keystore-tool:{id(self)}", work, self._done, self._failed)
        self._pending = (out, password)

    def _done(self, result: ToolResult) -> None:
        self.buttons.setEnabled(True)
        assert self._pending is not None
        out, password = self._pending
        self._say(f"Wrote {out.name}. " + " ".join(result.changes), error=False)
        self.made.emit(out, password)

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ToolError | KeyStoreError):
            self._say(f"Not written: {exc}.")
        elif isinstance(exc, OSError):
            self._say(f"Not written: {exc.filename}: {exc.strerror}.")
        else:
            self._say(f"Not written: {exc}")


def _wrap(layout: QHBoxLayout, parent: QWidget) -> QWidget:
    box = QWidget(parent)
    layout.setContentsMargins(0, 0, 0, 0)
    box.setLayout(layout)
    return box
