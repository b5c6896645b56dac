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
    # Passwords in the keyring (loaded, or kept there by a save), by property. Passwords typed
    # since, and which are not to be kept, are in the history, so that undo takes them back.
    secrets: dict[str, str] = field(default_factory=dict)
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
    def typed(self) -> dict[str, str]:
        """Passwords typed since the destination was opened (undo takes them back)."""
        return self.history.passwords.as_dict()

    @property
    def session_only(self) -> frozenset[str]:
        """Properties whose password the user chose not to keep in the keyring."""
        return self.history.passwords.not_kept

    def known_passwords(self) -> dict[str, str]:
        """Every password the session holds: from the keyring, and typed since (these win)."""
        return {**self.secrets, **self.typed}

    @property
    def secrets_modified(self) -> bool:
        return self.history.passwords != self.history.saved_passwords

    @secrets_modified.setter
    def secrets_modified(self, value: bool) -> None:
        """Accepted and ignored: a rename flagged this so the passwords would move, and a changed
        Name is already a change the history holds (and `save` moves them)."""

    @property
    def modified(self) -> bool:
        return self.history.modified

    @property
    def title(self) -> str:
        return self.path.name if self.path else "Untitled"

    def password(self, key: str) -> str | None:
        """What the form shows for a password: typed, else a clear-text value from the file."""
        typed = self.typed
        if key in typed:
            return typed[key]
        if key in self.secrets:
            return self.secrets[key]
        value = self.destination.get(key)
        return value or None

    def set_password(self, key: str, value: str, remember: bool = True) -> None:
        """A typed password (an undoable edit). It leaves the file's value behind (moving it to
        the keyring on save). `remember` False: kept for this session only, and taken out of the
        keyring on save."""
        passwords = self.history.passwords.with_typed(key, value, remember)
        destination = self.destination
        if destination.get(key):  # a clear-text value in the file: it goes away on save
            destination = destination.without(key)
        self.history.apply(destination, passwords)

    def set_empty(self, key: str, empty: bool) -> None:
        """SAP's "set empty": the property is present with an empty value, on purpose."""
        self.secrets.pop(key, None)
        passwords = self.history.passwords.without(key)
        if empty:
            self.history.apply(self.destination.with_value(key, ""), passwords, typing=False)
        elif self.destination.get(key) == "":
            self.history.apply(self.destination.without(key), passwords, typing=False)

    def findings(self, context: Context | None = None) -> list[Finding]:
        context = context or Context(
            folder=self.folder, secret_stored=lambda key: bool(self.password(key))
        )
        return [*self.entry_findings, *validate(self.destination, context)]

    def save(self, path: Path | None = None) -> PendingSecrets:
        """Write the file without secrets (temp file, then rename). Returns the passwords still
        to be put into the secret store: the caller runs that off the GUI thread, since a
        keyring may be slow to answer."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("choose a file name first")
        destination = self.destination
        fmt = self.format if target == self.path else _format_for(target)
        keep = {k: v for k, v in self.known_passwords().items() if v and k not in self.session_only}
        keep.update({k: destination[k] for k in secret_keys(destination)})
        # Unticked "Remember in OS keyring": the keyring must not keep an older value either.
        forget = tuple(sorted(k for k in self.session_only if k not in keep))
        layout = self.layout if fmt is self.format and target == self.path else None
        clean = strip_secrets(destination)
        data = render([Entry(clean, (), layout)], fmt)
        atomic_write(target, data)
        old_scope = (
            scope_of(self.path.parent, self.saved_name)
            if self.path is not None and self.saved_name and self.saved_name != clean.name
            else None
        )
        pending = PendingSecrets(scope_of(target.parent, clean.name), keep, old_scope, forget)
        self.secrets.update(keep)
        for key in forget:
            self.secrets.pop(key, None)
        if clean != destination:
            self.history.apply(clean)
        self.path, self.format, self.saved_name = target, fmt, clean.name
        self.layout = data.decode("latin-1") if fmt is Format.PROPERTIES else None
        self.history.mark_saved()
        return pending


@dataclass(frozen=True)
class PendingSecrets:
    """Passwords to keep after a save, and the old scope to move from after a rename."""

    scope: str
    values: dict[str, str]
    moved_from: str | None = None
    forget: tuple[str, ...] = ()  # kept for this session only: out of the keyring

    def apply(self, store: SecretStore) -> list[str]:
        if self.moved_from is not None:
            move_secrets(store, self.moved_from, self.scope)
        for key, value in self.values.items():
            store.set(self.scope, key, value)
        for key in self.forget:
            if store.get(self.scope, key) is not None:
                store.delete(self.scope, key)
        return sorted(self.values)


def _format_for(path: Path) -> Format:
    return Format.JSON if path.suffix.lower() == ".json" else Format.PROPERTIES
