"""A workspace: a folder of destination files and the key stores they name."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from core.errors import InputError
from core.findings import EXPIRING_DAYS, Finding, Severity
from core.formats import Entry, load_document
from core.secrets import SecretStore, claim_workspace, scope_of
from core.validation import Context, validate

if TYPE_CHECKING:  # cryptography loads with the first scan, not with this module
    from core.keystores.inspection import Node

DESTINATION_SUFFIXES = (".properties", ".props", ".json", ".txt", "")
KEYSTORE_SUFFIXES = (
    ".jks",
    ".jceks",
    ".p12",
    ".pfx",
    ".pem",
    ".der",
    ".cer",
    ".crt",
    ".p7b",
    ".keystore",
)


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

    @property
    def days_left(self) -> int | None:
        return None if self.expiry is None else self.expiry.days_left


def destination_files(folder: Path) -> list[Path]:
    """The folder's destination files. `.properties`, `.props` and `.json` files count by name;
    a `.txt` or extension-less file only when its content reads as a destination (it sets Name
    or Type), so a README.txt or LICENSE is not counted as a broken destination."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and p.suffix.lower() in DESTINATION_SUFFIXES
        and p.suffix.lower() not in KEYSTORE_SUFFIXES
        and (p.suffix.lower() not in _BY_CONTENT or _reads_as_destination(p))
    )


_BY_CONTENT = (".txt", "")


def _reads_as_destination(path: Path) -> bool:
    try:
        document = load_document(path)
    except InputError:
        return False
    return any("Name" in e.destination or "Type" in e.destination for e in document.entries)


INSTANCE_FOLDER = "instance"  # a workspace's init_data instance-level destinations live here


def workspace_files(folder: Path) -> list[Path]:
    """The workspace's destination files, then those of its `instance` subfolder, where a bundle
    import puts init_data's instance-level destinations."""
    files = destination_files(folder)
    if (folder / INSTANCE_FOLDER).is_dir():
        files += destination_files(folder / INSTANCE_FOLDER)
    return files


def display_name(path: Path) -> str:
    """A destination file's name as the workspace shows it: `instance/` marks the instance level."""
    return f"{INSTANCE_FOLDER}/{path.name}" if path.parent.name == INSTANCE_FOLDER else path.name


def keystore_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in KEYSTORE_SUFFIXES
    )


def summarize(
    path: Path, secrets: SecretStore, now: datetime, days: int = EXPIRING_DAYS
) -> list[Summary]:
    """Validate every destination of one file, open the key stores each names, and sum each
    up: one Summary per destination (one for a file that cannot be read)."""
    try:
        document = load_document(path)
    except InputError as exc:
        return [Summary(path, path.name, "", "error", (), str(exc))]
    count = len(document.entries)
    return [
        _summarize_entry(path, entry, index, count, secrets, now, days)
        for index, entry in enumerate(document.entries)
    ]


def _summarize_entry(
    path: Path,
    entry: Entry,
    index: int,
    count: int,
    secrets: SecretStore,
    now: datetime,
    days: int,
) -> Summary:
    from core.linked_stores import linked_stores  # cryptography: loaded by the first scan only

    destination = entry.destination
    scope = scope_of(path.parent, destination.name)

    def password_for(key: str) -> str | None:
        if key in destination:
            return destination[key]
        return secrets.get(scope, key)

    stored = set(secrets.keys(scope))
    findings = [
        *entry.findings,
        *validate(
            destination, Context(folder=path.parent, now=now, secret_stored=stored.__contains__)
        ),
    ]
    expiry: Node | None = None
    expiry_store: str | None = None
    for store in linked_stores(destination, path.parent, password_for, now, days):
        findings.extend(store.findings)
        if store.report is not None:
            nearest = store.report.earliest_expiry
            if nearest is not None and (expiry is None or nearest.days_left < expiry.days_left):
                expiry, expiry_store = nearest, store.path.name
    worst = max(
        (
            2 if f.severity is Severity.ERROR else 1 if f.severity is Severity.WARNING else 0
            for f in findings
        ),
        default=0,
    )
    return Summary(
        path,
        destination.name or (path.stem if count == 1 else f"{path.stem} #{index + 1}"),
        destination.get("Authentication", ""),
        ("ok", "warning", "error")[worst],
        tuple(findings),
        expiry=expiry,
        expiry_store=expiry_store,
        entry_index=index,
        entries=count,
    )


def claim(folder: Path, store: SecretStore, also: Iterable[str] = ()) -> bool:
    """Give the folder its workspace id (see core.secrets.claim_workspace) before a password is
    stored for one of its destinations, moving those stored under the folder's old path."""
    names: list[str] = [*also]
    with contextlib.suppress(OSError):
        for path in destination_files(folder):
            with contextlib.suppress(InputError):
                names += [e.destination.name for e in load_document(path).entries]
    return claim_workspace(folder, store, names)
