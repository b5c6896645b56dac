"""Where passwords live: the OS keyring, never the destination files.

A `SecretStore` keeps secret property values per destination *scope*: the destination's
workspace folder and Name, so that two workspaces with a destination of the same Name do not
share passwords. `KeyringStore` talks to the OS keyring (Secret Service or KWallet on Linux,
Keychain on macOS, Credential Manager on Windows) with a timeout on every call; `MemoryStore`
keeps them for one session. `open_secret_store()` gives the keyring, falling back to memory
with one plain sentence saying why passwords will not be remembered.

Nothing here logs or raises a secret value.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from core.destination import Destination
from core.errors import UserError
from core.schema import is_secret

SERVICE = "destination-editor"
TIMEOUT_SECONDS = 5.0
_INDEX = "\x1findex"  # a property name no destination can have: lists a scope's stored keys
T = TypeVar("T")


def _debug(message: str, *args: object) -> None:
    # logging is imported when used (15 ms of a command's start); the keyring, which is loaded
    # before anything here logs, has imported it by then.
    import logging

    logging.getLogger("destination_editor.secrets").debug(message, *args)


class SecretStoreError(UserError):
    """The keyring refused or failed; the message is a sentence for the user, never a secret."""


# A workspace's identity, in a small non-secret file in its folder: passwords are kept per
# workspace id and destination Name, so a moved folder still finds them (and a copy shares them).
MARKER = ".destination-editor-workspace"
_ID = re.compile(r"[0-9a-f]{32}")


def workspace_id(folder: Path) -> str | None:
    """The id in the folder's marker file, or None when it has none (or an unreadable one)."""
    data = _marker(folder)
    found = data.get("workspace") if data is not None else None
    return found if isinstance(found, str) and _ID.fullmatch(found) else None


def _marker(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((Path(folder) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


# The marker's note that the passwords of init_data instance-level destinations, which versions
# before the instance sub-scope kept under the plain Name, were moved into it (once).
_INSTANCE_SCOPE = "instance_scope"


def instance_scope_noted(folder: Path) -> bool:
    marker = _marker(folder)
    return marker is not None and marker.get(_INSTANCE_SCOPE) is True


def note_instance_scope(folder: Path) -> bool:
    """Record in the marker that the instance-level move is done; False when it cannot be
    written (a read-only folder) or the folder has no marker."""
    from core.atomic import atomic_write

    marker = _marker(folder)
    if marker is None or workspace_id(folder) is None:
        return False
    marker[_INSTANCE_SCOPE] = True
    try:
        atomic_write(Path(folder) / MARKER, (json.dumps(marker, indent=2) + "\n").encode("utf-8"))
    except OSError:
        return False
    return True


def legacy_scope(folder: Path, name: str) -> str:
    """The scope of versions before the marker file: the folder's absolute path."""
    return f"{Path(folder).resolve()}::{name}"


def scope_of(folder: Path, name: str, level: str | None = None) -> str:
    """Where the passwords of the folder's destination `name` are kept. An init_data file's
    instance level has its own sub-scope, since a Name may be at both levels with different
    passwords; the subaccount level and files without levels keep the scope they always had."""
    if level == "instance":
        name = f"instance/{name}"  # "/" is no character of a Name: no clash with one
    found = workspace_id(folder)
    return f"workspace:{found}::{name}" if found else legacy_scope(folder, name)


def claim_workspace(folder: Path, store: SecretStore, names: Iterable[str]) -> bool:
    """Give the folder a workspace id before passwords are stored for it, moving what is stored
    under its old path scope for `names` (the folder's destinations) to the new one. False when
    the marker cannot be written (a read-only folder): the path scope is used then."""
    import uuid

    from core.atomic import atomic_write

    folder = Path(folder)
    if workspace_id(folder) is not None:
        return True
    marker = {
        "workspace": uuid.uuid4().hex,
        "about": "Destination Editor keeps this folder's "
        "passwords in the OS keyring under this id. Not a secret.",
    }
    try:
        atomic_write(folder / MARKER, (json.dumps(marker, indent=2) + "\n").encode("utf-8"))
    except OSError:
        return False
    for name in dict.fromkeys(names):
        move_secrets(store, legacy_scope(folder, name), scope_of(folder, name))
    return True


class SecretStore(Protocol):
    def get(self, scope: str, key: str) -> str | None: ...
    def set(self, scope: str, key: str, value: str) -> None: ...
    def delete(self, scope: str, key: str) -> None: ...
    def keys(self, scope: str) -> list[str]: ...


class MemoryStore:
    """Secrets for this session only."""

    def __init__(self) -> None:
        self._data: dict[str, dict[str, str]] = {}

    def get(self, scope: str, key: str) -> str | None:
        return self._data.get(scope, {}).get(key)

    def set(self, scope: str, key: str, value: str) -> None:
        self._data.setdefault(scope, {})[key] = value

    def delete(self, scope: str, key: str) -> None:
        self._data.get(scope, {}).pop(key, None)

    def keys(self, scope: str) -> list[str]:
        return sorted(self._data.get(scope, {}))


class KeyringStore:
    """The OS keyring through the `keyring` package, each call bounded by a timeout.

    keyring has no way to list entries, so each scope keeps an index entry naming its keys.
    """

    def __init__(self, backend: object | None = None, timeout: float = TIMEOUT_SECONDS) -> None:
        import keyring

        self._backend: Any = backend if backend is not None else keyring.get_keyring()
        self._timeout = timeout

    @property
    def backend_name(self) -> str:
        return type(self._backend).__module__ + "." + type(self._backend).__name__

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        """Run a keyring call in a daemon thread: a backend that hangs (a prompt nobody answers)
        costs at most the timeout, and the thread is left behind."""
        from keyring.errors import KeyringError, KeyringLocked, NoKeyringError

        result: list[T] = []
        error: list[BaseException] = []

        def run() -> None:
            try:
                result.append(fn())
            except BaseException as exc:  # handed over to the caller's thread
                error.append(exc)

        worker = threading.Thread(target=run, name=f"keyring-{what}", daemon=True)
        worker.start()
        worker.join(self._timeout)
        if worker.is_alive():
            raise SecretStoreError(
                f"the OS keyring did not answer within {self._timeout:g} seconds"
            )
        if error:
            exc = error.pop()
            # Drop the traceback now: its frames hold whatever the backend left open (keyring
            # leaks a D-Bus connection on a locked collection), which is then closed here.
            exc.__traceback__ = None
            _debug("keyring %s failed: %s", what, type(exc).__name__)
            if isinstance(exc, NoKeyringError):
                raise SecretStoreError(
                    "no OS keyring is available (on Linux, a Secret Service such as GNOME "
                    "Keyring or KWallet must be running)"
                ) from None
            if isinstance(exc, KeyringLocked):
                raise SecretStoreError(
                    "the OS keyring is locked and was not unlocked (the prompt was refused or "
                    "could not be shown)"
                ) from None
            if isinstance(exc, KeyringError | RuntimeError | OSError):
                raise SecretStoreError(
                    f"the OS keyring refused the request ({type(exc).__name__})"
                ) from None
            raise exc
        return result[0]

    def _user(self, scope: str, key: str) -> str:
        return f"{scope}::{key}"

    def get(self, scope: str, key: str) -> str | None:
        value: str | None = self._call(
            "get",
            lambda: self._backend.get_password(SERVICE, self._user(scope, key)),
        )
        return value

    def set(self, scope: str, key: str, value: str) -> None:
        self._call(
            "set",
            lambda: self._backend.set_password(SERVICE, self._user(scope, key), value),
        )
        self._write_index(scope, [*self.keys(scope), key])
        _debug("stored %s for a destination", key)

    def delete(self, scope: str, key: str) -> None:
        from keyring.errors import PasswordDeleteError

        def remove() -> None:
            with contextlib.suppress(PasswordDeleteError):  # not there: nothing to delete
                self._backend.delete_password(SERVICE, self._user(scope, key))

        self._call("delete", remove)
        self._write_index(scope, [k for k in self.keys(scope) if k != key])

    def keys(self, scope: str) -> list[str]:
        raw = self.get(scope, _INDEX)
        try:
            names = json.loads(raw) if raw else []
        except ValueError:
            names = []
        return sorted(n for n in names if isinstance(n, str))

    def _write_index(self, scope: str, names: list[str]) -> None:
        user = self._user(scope, _INDEX)
        if names:
            payload = json.dumps(sorted(dict.fromkeys(names)))
            self._call("index", lambda: self._backend.set_password(SERVICE, user, payload))
        else:
            from keyring.errors import PasswordDeleteError

            def remove() -> None:
                with contextlib.suppress(PasswordDeleteError):
                    self._backend.delete_password(SERVICE, user)

            self._call("index", remove)


class FallbackStore:
    """The keyring while it works; on its first failure, memory for the rest of the session.

    Whatever was set is kept in memory too, so nothing typed is lost when the keyring fails.
    `problem` holds the one sentence to show the user, once.
    """

    def __init__(self, primary: SecretStore | None, problem: str | None = None) -> None:
        self._primary = primary
        self._memory = MemoryStore()
        self.problem = problem

    @property
    def remembers(self) -> bool:
        return self._primary is not None

    @property
    def persistent(self) -> bool:
        """Whether the store behind it keeps values beyond this process (see `persists`)."""
        return self._primary is not None and persists(self._primary)

    def _fail(self, exc: SecretStoreError) -> None:
        self._primary = None
        self.problem = f"Passwords will not be remembered after this session: {exc}."
        _debug("keyring unavailable, using memory: %s", exc)  # the user sees `problem`

    def get(self, scope: str, key: str) -> str | None:
        value = self._memory.get(scope, key)
        if value is None and self._primary is not None:
            try:
                value = self._primary.get(scope, key)
            except SecretStoreError as exc:
                self._fail(exc)
        return value

    def set(self, scope: str, key: str, value: str) -> None:
        self._memory.set(scope, key, value)
        if self._primary is not None:
            try:
                self._primary.set(scope, key, value)
            except SecretStoreError as exc:
                self._fail(exc)

    def delete(self, scope: str, key: str) -> None:
        self._memory.delete(scope, key)
        if self._primary is not None:
            try:
                self._primary.delete(scope, key)
            except SecretStoreError as exc:
                self._fail(exc)

    def keys(self, scope: str) -> list[str]:
        names = set(self._memory.keys(scope))
        if self._primary is not None:
            try:
                names.update(self._primary.keys(scope))
            except SecretStoreError as exc:
                self._fail(exc)
        return sorted(names)


_NO_KEYRING = (
    "Passwords will not be remembered after this session: no OS keyring is available (on "
    "Linux, a Secret Service such as GNOME Keyring or KWallet must be running)."
)
# keyring's own "no keyring" backends. Named in PYTHON_KEYRING_BACKEND (as scripts and CI jobs
# do to keep keyring quiet), they are what keyring would load before looking anywhere else
# (keyring.core.load_env), so the answer is known without importing keyring (20 ms).
_NO_KEYRING_BACKENDS = ("keyring.backends.fail.Keyring", "keyring.backends.null.Keyring")


def open_secret_store(timeout: float = TIMEOUT_SECONDS) -> FallbackStore:
    """The OS keyring if one answers, else a session-only store that says why."""
    if os.environ.get("PYTHON_KEYRING_BACKEND") in _NO_KEYRING_BACKENDS:
        return FallbackStore(None, _NO_KEYRING)
    try:
        store = KeyringStore(timeout=timeout)
    except Exception as exc:  # a broken keyring setup must not stop us
        return FallbackStore(
            None,
            f"Passwords will not be remembered after this session: the "
            f"OS keyring could not be loaded ({type(exc).__name__}).",
        )
    if store.backend_name.startswith(("keyring.backends.fail.", "keyring.backends.null.")):
        return FallbackStore(None, _NO_KEYRING)
    return FallbackStore(store)


# --- what destinations do with a store ---------------------------------------------------------


def secret_keys(destination: Destination) -> list[str]:
    """The secret properties this destination holds a non-empty value for."""
    return [k for k, v in destination.items() if is_secret(k) and v]


def strip_secrets(destination: Destination) -> Destination:
    """The destination without secret values. An empty value ("set empty") is not a secret and
    stays; a non-empty one is removed with its key, so the file does not claim it is empty."""
    result = destination
    for key in secret_keys(destination):
        result = result.without(key)
    return result


def move_secrets(store: SecretStore, old_scope: str, new_scope: str) -> list[str]:
    """Renaming a destination moves its secrets with it."""
    moved = store.keys(old_scope)
    for key in moved:
        value = store.get(old_scope, key)
        if value is not None:
            store.set(new_scope, key, value)
        store.delete(old_scope, key)
    return moved


def persists(store: SecretStore) -> bool:
    """Whether the store keeps what it is given beyond this process: the OS keyring, not the
    memory a session falls back to (or starts with, before the keyring answers)."""
    if isinstance(store, FallbackStore):
        return store.persistent
    return not isinstance(store, MemoryStore)


def adopt_secrets(store: SecretStore, old_scope: str, new_scope: str) -> list[str]:
    """Move what `old_scope` holds into `new_scope`, where a value set there since wins."""
    moved = store.keys(old_scope)
    for key in moved:
        value = store.get(old_scope, key)
        if value is not None and store.get(new_scope, key) is None:
            store.set(new_scope, key, value)
        store.delete(old_scope, key)
    return moved


def forget_secrets(store: SecretStore, scope: str) -> list[str]:
    """Deleting a destination may delete its secrets (the caller asks the user first)."""
    keys = store.keys(scope)
    for key in keys:
        store.delete(scope, key)
    return keys
