"""One destination being edited: its file, its undo history, and the passwords typed for it.

The editor window shows a `Session`; nothing here knows Qt. Passwords are not part of the
undoable destination: typed passwords wait here until saved into the secret store, and the file
written never holds one. An explicitly empty password ("set empty") is an ordinary value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.atomic import atomic_write
from core.destination import Destination, History
from core.findings import Finding
from core.formats import Document, Entry, Format, load_document, render
from core.secrets import SecretStore, move_secrets, scope_of, secret_keys, strip_secrets
from core.validation import Context, validate


@dataclass
class Session:
    path: Path | None
    format: Format
    history: History
    entry_findings: tuple[Finding, ...] = ()
    layout: str | None = None
    # Passwords typed (or loaded from the keyring) for this destination, by property.
    secrets: dict[str, str] = field(default_factory=dict)
    # Properties whose password the user chose not to keep in the keyring.
    session_only: set[str] = field(default_factory=set)
    secrets_modified: bool = False
    saved_name: str = ""  # the Name the secrets are stored under

    @classmethod
    def new(cls) -> Session:
        blank = Destination.of(
            {
                "Name": "",
                "Type": "HTTP",
                "URL": "https://",
                "ProxyType": "Internet",
                "Authentication": "NoAuthentication",
            }
        )
        return cls(None, Format.PROPERTIES, History(blank))

    @classmethod
    def open(cls, path: Path, index: int = 0) -> Session:
        document: Document = load_document(path)
        entry = document.entries[index]
        return cls(
            path,
            document.format,
            History(entry.destination),
            entry.findings,
            entry.layout,
            saved_name=entry.destination.name,
        )

    @property
    def destination(self) -> Destination:
        return self.history.present

    @property
    def folder(self) -> Path | None:
        return self.path.parent if self.path else None

    @property
    def modified(self) -> bool:
        return self.history.modified or self.secrets_modified

    @property
    def title(self) -> str:
        return self.path.name if self.path else "Untitled"

    def password(self, key: str) -> str | None:
        """What the form shows for a password: typed, else a clear-text value from the file."""
        if key in self.secrets:
            return self.secrets[key]
        value = self.destination.get(key)
        return value or None

    def set_password(self, key: str, value: str, remember: bool = True) -> None:
        """A typed password. It leaves the file's value behind (moving it to the keyring)."""
        self.secrets[key] = value
        self.secrets_modified = True
        if remember:
            self.session_only.discard(key)
        else:
            self.session_only.add(key)
        if self.destination.get(key):  # a clear-text value in the file: it goes away on save
            self.history.apply(self.destination.without(key))

    def set_empty(self, key: str, empty: bool) -> None:
        """SAP's "set empty": the property is present with an empty value, on purpose."""
        self.secrets.pop(key, None)
        if empty:
            self.history.apply(self.destination.with_value(key, ""))
        elif self.destination.get(key) == "":
            self.history.apply(self.destination.without(key))

    def findings(self, context: Context | None = None) -> list[Finding]:
        context = context or Context(
            folder=self.folder, secret_stored=lambda key: bool(self.secrets.get(key))
        )
        return [*self.entry_findings, *validate(self.destination, context)]

    def _to_keep(self) -> dict[str, str]:
        destination = self.destination
        keep = {k: v for k, v in self.secrets.items() if v and k not in self.session_only}
        keep.update({k: destination[k] for k in secret_keys(destination)})
        return keep

    def passwords_leaving_file(self) -> list[str]:
        """The passwords a save would keep only in the secret store (typed ones, and clear-text
        values of the file): with no keyring, these die with the process unless kept in the
        file, so the window asks first."""
        return sorted(self._to_keep())

    def save(
        self, path: Path | None = None, keep_in_file: frozenset[str] = frozenset()
    ) -> PendingSecrets:
        """Write the file without secrets (temp file, then rename), except those in
        `keep_in_file`, which the user chose to keep there in clear text. Returns the passwords
        still to be put into the secret store: the caller runs that off the GUI thread, since a
        keyring may be slow to answer."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("choose a file name first")
        destination = self.destination
        fmt = self.format if target == self.path else _format_for(target)
        keep = self._to_keep()
        layout = self.layout if fmt is self.format and target == self.path else None
        clean = strip_secrets(destination)
        for key in sorted(keep_in_file & keep.keys()):
            clean = clean.with_value(key, keep.pop(key))
        data = render([Entry(clean, (), layout)], fmt)
        atomic_write(target, data)
        old_scope = (
            scope_of(self.path.parent, self.saved_name)
            if self.path is not None and self.saved_name and self.saved_name != clean.name
            else None
        )
        pending = PendingSecrets(scope_of(target.parent, clean.name), keep, old_scope)
        for key in keep_in_file:
            self.secrets.pop(key, None)  # now a value of the file, shown from there
        self.secrets.update(keep)
        if clean != destination:
            self.history.apply(clean)
        self.path, self.format, self.saved_name = target, fmt, clean.name
        self.layout = data.decode("latin-1") if fmt is Format.PROPERTIES else None
        self.history.mark_saved()
        self.secrets_modified = False
        return pending


@dataclass(frozen=True)
class PendingSecrets:
    """Passwords to keep after a save, and the old scope to move from after a rename."""

    scope: str
    values: dict[str, str]
    moved_from: str | None = None

    def apply(self, store: SecretStore) -> list[str]:
        if self.moved_from is not None:
            move_secrets(store, self.moved_from, self.scope)
        for key, value in self.values.items():
            store.set(self.scope, key, value)
        return sorted(self.values)


def _format_for(path: Path) -> Format:
    return Format.JSON if path.suffix.lower() == ".json" else Format.PROPERTIES
