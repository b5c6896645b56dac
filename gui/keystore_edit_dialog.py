"""Key Store > Generate / CSR / Import Reply / Import Trusted / Rename / Delete / Passwords: the
inspector's edits, the same as `destination-cli keystore generate|csr|...`.

The edit runs as a background job. It replaces the store after keeping `STORE.bak` beside it,
or writes a new file when one is named; the inspector then shows the result.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.dialog_parts import PathRow, password_edit, result_area, say
from gui.jobs import Jobs
from gui.keystore_filters import CERTIFICATE_FILTER, KEYSTORE_FILTER

TITLES = {
    "generate": "Generate Key Pair",
    "csr": "Certificate Signing Request",
    "import-reply": "Import CA Reply",
    "import-trusted": "Import Trusted Certificates",
    "rename": "Rename Entry",
    "delete": "Delete Entry",
    "passwd": "Change Passwords",
}
INTROS = {
    "generate": "A new private key with a self-signed placeholder certificate. Make a CSR for "
    "it next, and import the CA's reply.",
    "csr": "A certificate signing request (PEM) for the CA, or for the Destination service's "
    "external service option. Subject and SAN default to the entry's certificate.",
    "import-reply": "The CA's signed certificate (PEM, DER or P7B) goes into the key entry; it "
    "must hold the entry's public key. Add the CA's files so that the chain is complete.",
    "import-trusted": "Certificates (PEM, DER or P7B) become trusted entries.",
    "rename": "The entry gets a new alias. JKS keeps aliases in lower case.",
    "delete": "The entry is removed from the store.",
    "passwd": "A new store password, and or a new key password for one entry. The SAP Java SDK "
    "needs every key password equal to the store password.",
}
KEY_TYPES = (
    ("RSA 2048", ("rsa", 2048, None)),
    ("RSA 3072", ("rsa", 3072, None)),
    ("RSA 4096", ("rsa", 4096, None)),
    ("EC P-256", ("ec", None, "P-256")),
    ("EC P-384", ("ec", None, "P-384")),
)


class KeystoreEditDialog(QDialog):
    edited = Signal(Path, str)  # the file written and its store password

    def __init__(
        self,
        action: str,
        jobs: Jobs,
        path: Path,
        password: str | None,
        alias: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.action, self.jobs, self.path = action, jobs, path
        self.setWindowTitle(f"{TITLES[action]} — {path.name}")
        layout = QVBoxLayout(self)
        intro = QLabel(INTROS[action], self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.alias = QLineEdit(alias or "", self)
        self.alias.setAccessibleName("Alias")
        if action == "generate":
            self.alias.setText("" if alias else "client")
        if action != "import-trusted":
            form.addRow("&Alias:", self.alias)
        else:
            self.alias.clear()
            self.alias.setPlaceholderText("from the certificate's name")
        self.subject = QLineEdit(self)
        self.subject.setAccessibleName("Subject")
        self.subject.setPlaceholderText("CN=client.example.com,O=Example,C=DE")
        self.san = QLineEdit(self)
        self.san.setAccessibleName("Subject alternative names")
        self.san.setPlaceholderText("DNS:client.example.com, IP:10.0.0.1")
        self.key_type = QComboBox(self)
        self.key_type.setAccessibleName("Key type")
        for text, value in KEY_TYPES:
            self.key_type.addItem(text, value)
        self.days = QSpinBox(self)
        self.days.setRange(1, 3650)
        self.days.setValue(365)
        self.days.setAccessibleName("Valid days")
        self.file = PathRow("File", CERTIFICATE_FILTER, action == "csr", self)
        self.cas = QLineEdit(self)
        self.cas.setAccessibleName("CA files")
        self.cas.setPlaceholderText("CA files, separated by ;")
        self.new_alias = QLineEdit(self)
        self.new_alias.setAccessibleName("New alias")
        self.new_password = password_edit("New store password", self)
        self.new_password.setPlaceholderText("unchanged")
        self.new_key_password = password_edit("New key password", self)
        self.new_key_password.setPlaceholderText("the store password")
        if action == "generate":
            form.addRow("&Subject:", self.subject)
            form.addRow("S&AN:", self.san)
            form.addRow("&Key:", self.key_type)
            form.addRow("&Valid days:", self.days)
        elif action == "csr":
            self.subject.setPlaceholderText("the certificate's subject")
            self.san.setPlaceholderText("the certificate's SAN")
            form.addRow("&Subject:", self.subject)
            form.addRow("S&AN:", self.san)
            form.addRow("&Request file:", self.file)
        elif action == "import-reply":
            form.addRow("&Reply:", self.file)
            form.addRow("&CA files:", self.cas)
        elif action == "import-trusted":
            self.file.edit.setPlaceholderText("files, separated by ;")
            form.addRow("&Certificates:", self.file)
            form.addRow("&Alias:", self.alias)
        elif action == "rename":
            form.addRow("&New alias:", self.new_alias)
        elif action == "passwd":
            self.alias.setPlaceholderText("no key password changes")
            form.addRow("New &store password:", self.new_password)
            form.addRow("New &key password:", self.new_key_password)
        self.password = password_edit("Store password", self)
        self.password.setText(password or "")
        self.key_password = password_edit("Key password", self)
        self.key_password.setPlaceholderText("only if the key has a password of its own")
        self.output = PathRow("New key store file", KEYSTORE_FILTER, True, self)
        self.output.edit.setPlaceholderText(f"replace {path.name}, keeping {path.name}.bak")
        form.addRow("Store pass&word:", self.password)
        form.addRow("Key passwor&d:", self.key_password)
        if action != "csr":
            form.addRow("&Write to:", self.output)
        self.message, self.buttons = result_area(self, layout, "&Apply", self.apply)
        self.resize(600, self.sizeHint().height())

    def _say(self, text: str, error: bool = True) -> None:
        say(self.message, text, error)

    def apply(self) -> None:
        password = self.password.text()
        if not password:
            self._say("Give the store password.")
            return
        try:
            work = self._work(password)
        except ValueError as exc:
            self._say(str(exc))
            return
        self.buttons.setEnabled(False)
        self._say("Working …", error=False)
        self.jobs.submit(f"keystore-edit:{id(self)}", work, self._done, self._failed)

    def _work(self, password: str) -> Callable[[], Any]:
        """What the job runs, built from the form on the GUI thread; ValueError: a field is
        missing."""
        from core import keystore_edit as edit

        alias = self.alias.text().strip()
        if self.action not in ("import-trusted", "passwd") and not alias:
            raise ValueError("Give the alias.")
        key_passwords = {alias or edit.EVERY_KEY: self.key_password.text()}
        if not self.key_password.text():
            key_passwords = {}
        sans = [s.strip() for s in self.san.text().split(",") if s.strip()]
        path, output = self.path, self.output.path()
        if self.action == "csr":
            target = self.file.path()
            if target is None:
                raise ValueError("Choose the request file.")
            subject = self.subject.text().strip() or None  # read here: the job reads no widget

            def make_csr() -> Path:
                from core.atomic import atomic_write
                from core.keystore_tools import ToolError
                from core.keystores import read_keystore_file

                if target.exists():
                    raise ToolError(f"{target.name} exists; choose a new file")
                store = edit.load_for_edit(read_keystore_file(path), password, key_passwords)
                atomic_write(target, edit.csr(store, alias, subject, sans or None))
                return target

            return make_csr
        change = self._change(alias, sans)
        new_password = self.new_password.text() or None
        return lambda: edit.apply(
            path,
            password,
            change,
            output=output,
            new_password=new_password,
            key_passwords=key_passwords,
            create=None,
        )

    def _change(self, alias: str, sans: list[str]) -> Callable[[Any], Any]:
        from core import keystore_edit as edit

        action = self.action
        if action == "generate":
            key_type, size, curve = self.key_type.currentData()
            subject, days = self.subject.text().strip(), self.days.value()
            if not subject:
                raise ValueError("Give the subject, e.g. CN=client.example.com,O=Example.")
            return lambda s: edit.generate(s, alias, subject, sans, key_type, size, curve, days)
        if action in ("import-reply", "import-trusted"):
            files = [Path(p.strip()) for p in self.file.edit.text().split(";") if p.strip()]
            if not files:
                raise ValueError("Choose the certificate file.")
            cas = [Path(p.strip()) for p in self.cas.text().split(";") if p.strip()]

            def read(paths: list[Path]) -> list[Any]:
                return [c for p in paths for c in edit.read_certificates(p.read_bytes(), p.name)]

            if action == "import-reply":
                return lambda s: edit.import_reply(s, alias, read(files), read(cas))
            return lambda s: edit.import_trusted(s, read(files), alias or None)
        if action == "delete":
            return lambda s: edit.delete(s, alias)
        if action == "rename":
            new_alias = self.new_alias.text().strip()
            if not new_alias:
                raise ValueError("Give the new alias.")
            return lambda s: edit.rename(s, alias, new_alias)
        new_store = self.new_password.text()
        new_key = self.new_key_password.text()
        if not new_store and not alias:
            raise ValueError("Give a new store password, or the alias whose key password changes.")
        final = new_store or self.password.text()

        def passwd(s: Any) -> Any:
            changes = ["The store password changed."] if new_store else []
            if alias:
                s, more = edit.set_key_password(s, alias, new_key or final, final)
                changes += more
            return s, changes

        return passwd

    def _done(self, result: Any) -> None:
        self.buttons.setEnabled(True)
        if isinstance(result, Path):  # a CSR
            self._say(f"Wrote {result.name}: send it to the CA, then import its reply.", False)
            return
        kept = f" The old store is kept as {result.backup.name}." if result.backup else ""
        self._say(f"Wrote {result.path.name}. {' '.join(result.changes)}{kept}", error=False)
        self.edited.emit(result.path, result.password)

    def _failed(self, exc: Exception) -> None:
        from core.keystore_tools import ToolError
        from core.keystores import KeyStoreError

        self.buttons.setEnabled(True)
        if isinstance(exc, ToolError | KeyStoreError):
            self._say(f"Not changed: {exc}.")
        elif isinstance(exc, OSError):
            self._say(f"Not changed: {exc.filename or self.path}: {exc.strerror}.")
        else:
            self._say(f"Not changed: {type(exc).__name__}.")
