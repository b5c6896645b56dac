"""The keyring sub-scope of init_data instance-level destinations (`instance/NAME`), and the
passwords earlier versions kept for them under the plain Name, moved there once."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

from core.errors import InputError
from core.folder_files import destination_files
from core.formats import load_document
from core.secrets import (
    SecretStore,
    adopt_secrets,
    instance_scope_noted,
    note_instance_scope,
    persists,
    scope_of,
    workspace_id,
)


def scope_for(store: SecretStore, folder: Path, name: str, level: str | None) -> str:
    """core.secrets.scope_of, once the folder's instance-level passwords are where it looks."""
    if level == "instance":
        adopt_instance_passwords(folder, store)
    return scope_of(folder, name, level)


_ADOPTED: set[str] = set()  # folders whose instance-level passwords are in their sub-scope
_ADOPTING = threading.Lock()


def adopt_instance_passwords(folder: Path, store: SecretStore) -> None:
    """The first use of a workspace's init_data instance-level passwords moves those that
    versions before the instance sub-scope kept under the plain Name into `instance/NAME`,
    once, as claim_workspace moves path-scoped ones to the id; the marker notes it. A Name that
    a destination of another level in the folder also uses keeps them where they are: they were
    shared, and the subaccount level finds them there as before. A folder without a marker
    does this when it gets one; a session-only store moves nothing (there is nothing in it to
    move, and noting the move would lose what the keyring holds)."""
    key = os.fspath(folder)
    if key in _ADOPTED or not persists(store):
        return
    with _ADOPTING:
        if key in _ADOPTED or workspace_id(folder) is None:
            return
        if not instance_scope_noted(folder):
            instance, others = names_by_level(folder)
            for name in sorted(instance - others):
                adopt_secrets(store, scope_of(folder, name), scope_of(folder, name, "instance"))
            if not persists(store):  # the keyring failed meanwhile: again next time
                return
            note_instance_scope(folder)
        _ADOPTED.add(key)


def names_by_level(folder: Path) -> tuple[set[str], set[str]]:
    """The Names of the folder's init_data instance-level destinations, and those of the rest."""
    instance: set[str] = set()
    others: set[str] = set()
    with contextlib.suppress(OSError):
        for path in destination_files(folder):
            with contextlib.suppress(InputError):
                for entry in load_document(path).entries:
                    (instance if entry.level == "instance" else others).add(entry.destination.name)
    return instance, others


def shares_scope(folder: Path, name: str, level: str | None) -> bool:
    """Whether a destination of the folder still uses the passwords kept for `name` at `level`:
    one with that Name at the same level (the instance level of init_data files has a sub-scope
    of its own; every other destination of the folder shares the plain one)."""
    instance, others = names_by_level(folder)
    return name in (instance if level == "instance" else others)
