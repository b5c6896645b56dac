"""One destination being edited: its file, its undo history, and the passwords typed for it.

The editor's controller (gui/editor.py) holds a `Session`; nothing here knows Qt. Its undo
history is private: every change goes through edit, rename, set_password, set_empty, undo and
redo. Typed passwords are part of the undoable state, never of the destination: they wait in the
history until saved into the secret store, and the file written never holds one. An explicitly
empty password ("set empty") is an ordinary value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.atomic import atomic_write
from core.destination import Destination, History
from core.errors import InputError
from core.findings import Finding
from core.formats import Document, Entry, Format, load_document, read_document, render
from core.formats.edit import add_entry, remove_entry, replace_entry
from core.secrets import SecretStore, move_secrets, scope_of, secret_keys, strip_secrets
from core.workspace import claim


@dataclass
class Session:
    path: Path | None
    format: Format
    _history: History  # private: edits go through edit, rename, set_password, undo, redo
    entry_findings: tuple[Finding, ...] = ()
    layout: str | None = None
    # Passwords in the keyring (loaded, or kept there by a save), by property. Passwords typed
    # since, and which are not to be kept, are in the history, so that undo takes them back.
    secrets: dict[str, str] = field(default_factory=dict)
    saved_name: str = ""  # the Name the secrets are stored under
    # The file as read, and which of its destinations this is: saving rewrites that one only.
    document: Document | None = None
    index: int = 0

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
            document=document,
            index=index,
        )

    @property
    def destination(self) -> Destination:
        return self._history.present

    @property
    def folder(self) -> Path | None:
        return self.path.parent if self.path else None

    @property
    def level(self) -> str | None:
        """The init_data level of this destination ("subaccount", "instance"), else None."""
        if self.document is None or self.index >= len(self.document.entries):
            return None
        return self.document.entries[self.index].level

    @property
    def typed(self) -> dict[str, str]:
        """Passwords typed since the destination was opened (undo takes them back)."""
        return self._history.passwords.as_dict()

    @property
    def session_only(self) -> frozenset[str]:
        """Properties whose password the user chose not to keep in the keyring."""
        return self._history.passwords.not_kept

    def known_passwords(self) -> dict[str, str]:
        """Every password the session holds: from the keyring, and typed since (these win)."""
        return {**self.secrets, **self.typed}

    @property
    def secrets_modified(self) -> bool:
        return self._history.passwords != self._history.saved_passwords

    @property
    def modified(self) -> bool:
        return self._history.modified

    @property
    def title(self) -> str:
        if self.path is None:
            return "Untitled"
        if self.document is not None and len(self.document.entries) > 1:
            return f"{self.path.name}: {self.saved_name or f'#{self.index + 1}'}"
        return self.path.name

    @property
    def can_undo(self) -> bool:
        return self._history.can_undo

    @property
    def can_redo(self) -> bool:
        return self._history.can_redo

    def edit(self, key: str, value: str | None) -> None:
        """Set a property (None removes it). Typing on in the same text field continues the
        same undo step, as in a text editor. (A new Name moves the passwords on save.)"""
        d = self.destination
        self._history.apply(d.without(key) if value is None else d.with_value(key, value))

    def rename(self, old: str, new: str) -> None:
        """Rename a property, keeping its value and place; one undoable step."""
        self._history.apply(self.destination.renamed(old, new))

    def undo(self) -> None:
        self._history.undo()

    def redo(self) -> None:
        self._history.redo()

    def password(self, key: str) -> str | None:
        """What the form shows for a password: typed, else kept in the keyring, else a
        clear-text value from the file."""
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
        passwords = self._history.passwords.with_typed(key, value, remember)
        destination = self.destination
        if destination.get(key):  # a clear-text value in the file: it goes away on save
            destination = destination.without(key)
        self._history.apply(destination, passwords)

    def set_empty(self, key: str, empty: bool) -> None:
        """SAP's "set empty": the property is present with an empty value, on purpose."""
        self.secrets.pop(key, None)
        passwords = self._history.passwords.without(key)
        if empty:
            self._history.apply(self.destination.with_value(key, ""), passwords, typing=False)
        elif self.destination.get(key) == "":
            self._history.apply(self.destination.without(key), passwords, typing=False)

    def _container(self, target: Path, fmt: Format) -> tuple[Document | None, int]:
        """The JSON document this destination is saved into, read again from disk so that a
        change saved meanwhile to another destination of the same file is kept; None when the
        destination is written alone."""
        if fmt is not Format.JSON or self.document is None or self.format is not Format.JSON:
            return None, 0
        document = self.document
        if target == self.path:
            try:
                document = load_document(target)
            except InputError as exc:
                # Gone: written anew from the copy read at open. Changed into something that
                # cannot be read: that is another program's edit, not to be overwritten.
                if target.exists() or target.is_symlink():
                    why = str(exc).removeprefix(f"{target}: ")
                    raise InputError(
                        f"{target.name} changed on disk and cannot be read now ({why}); it was "
                        "left as it is: use Save As to keep this destination"
                    ) from None
        if document.shape == "object" and target != self.path:
            return None, 0
        for i in (self.index, *range(len(document.entries))):
            if i < len(document.entries) and document.entries[i].destination.name == (
                self.saved_name
            ):
                return document, i
        raise ValueError(
            f"{target.name} no longer holds the destination {self.saved_name or '(no Name)'}; "
            "use Save As"
        )

    def _to_keep(self) -> dict[str, str]:
        destination = self.destination
        keep = {k: v for k, v in self.known_passwords().items() if v and k not in self.session_only}
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
        old_level = self.level
        keep = self._to_keep()
        # Unticked "Remember in OS keyring": the keyring must not keep an older value either.
        forget = tuple(sorted(k for k in self.session_only if k not in keep))
        layout = self.layout if fmt is self.format and target == self.path else None
        clean = strip_secrets(destination)
        for key in sorted(keep_in_file & keep.keys()):
            clean = clean.with_value(key, keep.pop(key))
        document, index = self._container(target, fmt)
        if document is not None:
            _check_name_free(document, index, clean.name, target)
            data = replace_entry(document, index, clean)
        else:
            data = render([Entry(clean, (), layout)], fmt)
        atomic_write(target, data)
        if fmt is Format.JSON:
            self.document = read_document(data, str(target))
            self.index = index if document is not None else 0
        else:
            self.document, self.index = None, 0
        moved_from = (
            (self.path.parent, self.saved_name)
            if self.path is not None and self.saved_name and self.saved_name != clean.name
            else None
        )
        pending = PendingSecrets(
            target.parent, clean.name, keep, moved_from, forget, self.level, old_level
        )
        for key in keep_in_file:
            self.secrets.pop(key, None)  # now a value of the file, shown from there
        self.secrets.update(keep)
        for key in forget:
            self.secrets.pop(key, None)
        if clean != destination:
            self._history.apply(clean)
        self.path, self.format, self.saved_name = target, fmt, clean.name
        self.layout = data.decode("latin-1") if fmt is Format.PROPERTIES else None
        self._history.mark_saved()
        return pending


@dataclass(frozen=True)
class PendingSecrets:
    """Passwords to keep after a save, and the (folder, Name) to move them from after a rename.
    Scopes are worked out when applied: the folder gets its workspace id then, if it has none."""

    folder: Path
    name: str
    values: dict[str, str]
    moved_from: tuple[Path, str] | None = None
    forget: tuple[str, ...] = ()  # kept for this session only: out of the keyring
    level: str | None = None  # init_data level now, and where the passwords were (moved_from)
    moved_level: str | None = None

    @property
    def scope(self) -> str:
        return scope_of(self.folder, self.name, self.level)

    def apply(self, store: SecretStore) -> list[str]:
        if self.values or self.moved_from is not None:
            claim(
                self.folder, store, [self.name, *(self.moved_from[1:] if self.moved_from else ())]
            )
        if self.moved_from is not None:
            old_folder, old_name = self.moved_from
            move_secrets(store, scope_of(old_folder, old_name, self.moved_level), self.scope)
        for key, value in self.values.items():
            store.set(self.scope, key, value)
        for key in self.forget:
            if store.get(self.scope, key) is not None:
                store.delete(self.scope, key)
        return sorted(self.values)


def _check_name_free(document: Document, index: int, name: str, target: Path) -> None:
    """A new Name must not be another destination's of the file (of its init_data level): the
    service refuses the clash, and the two would share one keyring entry for their passwords."""
    entry = document.entries[index]
    if name == entry.destination.name:
        return  # not renamed: a clash the file already had is not this save's doing
    if any(
        i != index and e.level == entry.level and e.destination.name == name
        for i, e in enumerate(document.entries)
    ):
        raise InputError(
            f"{target.name} already holds a destination named {name}; choose another Name"
        )


def _format_for(path: Path) -> Format:
    return Format.JSON if path.suffix.lower() == ".json" else Format.PROPERTIES


def add_to_file(path: Path, destination: Destination, level: str | None = None) -> Session:
    """Add a destination (without its secrets) to a file that holds several; returns it open."""
    before = load_document(path)
    data = add_entry(before, strip_secrets(destination), level)
    atomic_write(path, data)
    document = read_document(data, str(path))
    had = {e.level for e in before.entries if e.destination.name == destination.name}
    index = next(
        i
        for i, e in enumerate(document.entries)
        if e.destination.name == destination.name and e.level not in had
    )
    return Session.open(path, index)


def remove_from_file(path: Path, index: int, expected_name: str) -> Destination:
    """Remove destination `index` from its file, after checking it is still the one named
    `expected_name`; returns it, so the caller can forget its passwords."""
    document = load_document(path)
    if index >= len(document.entries) or document.entries[index].destination.name != (
        expected_name
    ):
        raise InputError(f"{path.name} changed on disk; open it again before removing")
    atomic_write(path, remove_entry(document, index))
    return document.entries[index].destination


def add_new_to_file(session: Session) -> Session:
    """A new destination in the open destination's file (at its init_data level), with a Name
    the file does not use yet; returns it open."""
    if session.path is None or session.document is None or session.format is not Format.JSON:
        raise InputError("only a JSON file holds several destinations; save this one as .json")
    names = {e.destination.name for e in session.document.entries}
    name = next(
        n
        for n in (f"new-destination{f'-{i}' if i else ''}" for i in range(len(names) + 1))
        if n not in names
    )
    level = session.document.entries[session.index].level
    return add_to_file(session.path, Session.new().destination.with_value("Name", name), level)


def duplicate(session: Session, name: str, target: Path) -> tuple[Session, PendingSecrets]:
    """A copy of the destination as it is now, named `name`, with every password the session
    knows (a session-only one stays session-only). It is added to the session's own file when
    `target` is that file (JSON holds several), else written to the new file `target`. Returns
    the copy open and the passwords still to be put into the secret store."""
    source = session.destination
    passwords = {k: source[k] for k in secret_keys(source) if source[k]}
    passwords.update(session.known_passwords())
    copy = source.with_value("Name", name)
    if target == session.path:
        level = session.document.entries[session.index].level if session.document else None
        new = add_to_file(target, copy, level)
    elif target.exists():
        raise InputError(f"{target.name} already exists")
    else:
        new = Session(None, _format_for(target), History(copy))
    for key, value in passwords.items():
        new.set_password(key, value, key not in session.session_only)
    return new, new.save(target)
