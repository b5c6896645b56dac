"""A workspace: a folder of destination files and the key stores they name."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from core.destination import Destination
from core.errors import InputError
from core.findings import EXPIRING_DAYS, Finding, status_of

# Re-exported: callers have always found them here.
from core.folder_files import KEYSTORE_SUFFIXES as KEYSTORE_SUFFIXES
from core.folder_files import destination_files as destination_files
from core.formats import Document, Entry, load_document
from core.instance_scope import adopt_instance_passwords, names_by_level
from core.level_names import Names, Where
from core.real_paths import real_folder
from core.secrets import SecretStore, claim_workspace
from core.services.check import check
from core.services.passwords import LINKS, PasswordSource

if TYPE_CHECKING:  # cryptography loads with the first scan, not with this module
    from core.keystores.inspection import Node


class Summary(NamedTuple):
    path: Path
    name: str
    authentication: str
    status: str  # "ok", "warning", "error"
    findings: tuple[Finding, ...]
    error: str | None = None  # the file could not be read
    expiry: Node | None = None  # the certificate that expires first, across its key stores
    expiry_store: str | None = None  # the key store file it is in
    entry_index: int = 0  # which destination of the file
    entries: int = 1  # how many destinations the file holds
    level: str | None = None  # init_data: "subaccount" or "instance"
    stores: tuple[Path, ...] = ()  # the key store files it names, where they are looked up

    @property
    def days_left(self) -> int | None:
        return None if self.expiry is None else self.expiry.days_left

    @property
    def where(self) -> str:
        """Which file (and init_data level) the destination is in, when its Name alone does not
        tell: a file holding several, or one in the instance folder. Else ""."""
        file = display_name(self.path)
        if self.entries <= 1 and file == self.path.name:
            return ""
        return f"{file} · {self.level}" if self.level else file


INSTANCE_FOLDER = "instance"  # a workspace's init_data instance-level destinations live here


def workspace_files(folder: Path) -> list[Path]:
    """The workspace's destination files, then those of its `instance` subfolder, where a bundle
    import puts init_data's instance-level destinations."""
    files = destination_files(folder)
    if (folder / INSTANCE_FOLDER).is_dir():
        files += destination_files(folder / INSTANCE_FOLDER)
    return files


def level_folder(workspace: Path, level: str | None) -> Path:
    """Where a workspace keeps the destinations of a level: the instance level's in its
    `instance` subfolder (bundle import, convert, remote pull), the subaccount's in itself."""
    return workspace / INSTANCE_FOLDER if level == "instance" else workspace


def workspace_of(path: Path) -> Path:
    """The workspace a destination file belongs to: its folder, or the folder above for an
    instance-level file in the `instance` subfolder."""
    folder = path.resolve().parent
    return folder.parent if folder.name == INSTANCE_FOLDER else folder


def folder_of(path: Path) -> Path:
    """The real folder a destination file lives in, where its key stores are looked up. A
    workspace's thousands of files share one folder: it is resolved once, unless the file is a
    symbolic link (then its target's folder counts)."""
    return real_folder(path)


def display_name(path: Path) -> str:
    """A destination file's name as the workspace shows it: `instance/` marks the instance level."""
    return f"{INSTANCE_FOLDER}/{path.name}" if path.parent.name == INSTANCE_FOLDER else path.name


def folder_names(folder: Path, keep: dict[str, Document | None] | None = None) -> Names:
    """The destination names of one folder's files (one level of the workspace); `keep`: the
    files whose documents to keep (Names.read)."""
    try:
        return Names.read(destination_files(folder), keep)
    except OSError:
        return Names()


def workspace_names(folder: Path) -> Names:
    """The destination names of a workspace: its folder and its `instance` subfolder."""
    try:
        return Names.read(workspace_files(folder))
    except OSError:
        return Names()


def keystore_files(folder: Path) -> list[Path]:
    # By name first, then a stat: the editor lists them on opening a destination, and a folder
    # of 10,000 destination files cost it a third of a second with a stat per file.
    with os.scandir(folder) as entries:
        return sorted(
            folder / e.name
            for e in entries
            # The suffix by one C call (splitext took 40 ms for 10,000 names); a name that is
            # only the suffix, as splitext sees it, has none.
            if (name := e.name.lower()).endswith(KEYSTORE_SUFFIXES)
            and name not in KEYSTORE_SUFFIXES
            and e.is_file()
        )


def summarize(
    path: Path,
    secrets: SecretStore,
    now: datetime,
    days: int = EXPIRING_DAYS,
    names: Names | None = None,
    document: Document | None = None,
) -> list[Summary]:
    """Check every destination of one file (core.services.check) and sum each up: one Summary
    per destination (one for a file that cannot be read). `names` are those of the file's folder
    (read here when not given), for the duplicate-Name finding; `document` the file as already
    read, if it was."""
    if document is None:
        try:
            document = load_document(path)
        except InputError as exc:
            return [Summary(path, path.name, "", "error", (), str(exc))]
    count = len(document.entries)
    names = names if names is not None else folder_names(path.parent)
    where = names.where_of(path)  # once for all its destinations
    return [
        _summarize_entry(
            path, where, entry, index, count, secrets, now, days, document.carried(index), names
        )
        for index, entry in enumerate(document.entries)
    ]


def _summarize_entry(
    path: Path,
    where: Where,
    entry: Entry,
    index: int,
    count: int,
    secrets: SecretStore,
    now: datetime,
    days: int,
    carried: dict[str, bytes],
    names: Names,
) -> Summary:
    destination = entry.destination
    folder = where[0]  # folder_of(path)
    passwords = PasswordSource(destination, store=secrets, folder=folder, level=entry.level)
    taken = names.taken_at(where, entry.level, index)
    checked = check(destination, folder, passwords, now, days, entry.findings, carried, taken)
    expiry = checked.expiry
    return Summary(
        path,
        destination.name or (path.stem if count == 1 else f"{path.stem} #{index + 1}"),
        destination.get("Authentication", ""),
        status_of(checked.findings),
        checked.findings,
        expiry=None if expiry is None else expiry[0],
        expiry_store=None if expiry is None else expiry[1],
        entry_index=index,
        entries=count,
        level=entry.level,
        stores=_named_stores(destination, folder),
    )


def _named_stores(destination: Destination, folder: Path) -> tuple[Path, ...]:
    """The files its location properties name (a name with a folder in it names none: see
    core.linked_stores), for the editor to watch."""
    names = ((destination.get(key) or "").strip() for key in LINKS)
    return tuple(folder / n for n in names if n and "/" not in n and "\\" not in n)


def claim(folder: Path, store: SecretStore, also: Iterable[str] = ()) -> bool:
    """Give the folder its workspace id (see core.secrets.claim_workspace) before a password is
    stored for one of its destinations, moving those stored under the folder's old path (and
    then those of its instance-level destinations into their sub-scope)."""
    claimed = claim_workspace(folder, store, [*also, *sorted(names_in(folder))])
    if claimed:
        adopt_instance_passwords(folder, store)
    return claimed


def names_in(folder: Path) -> set[str]:
    """The Names of the destinations in the folder's files (those that can be read)."""
    instance, others = names_by_level(folder)
    return instance | others
