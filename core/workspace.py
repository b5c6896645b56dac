"""A workspace: a folder of destination files and the key stores they name."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from core.errors import InputError
from core.findings import EXPIRING_DAYS, Finding, status_of
from core.formats import load_document
from core.secrets import SecretStore
from core.services.check import check
from core.services.passwords import PasswordSource

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

    @property
    def days_left(self) -> int | None:
        return None if self.expiry is None else self.expiry.days_left


def destination_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and p.suffix.lower() in DESTINATION_SUFFIXES
        and p.suffix.lower() not in KEYSTORE_SUFFIXES
    )


def keystore_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in KEYSTORE_SUFFIXES
    )


def summarize(
    path: Path, secrets: SecretStore, now: datetime, days: int = EXPIRING_DAYS
) -> Summary:
    """Check one destination file (core.services.check) and sum it up."""
    try:
        document = load_document(path)
    except InputError as exc:
        return Summary(path, path.name, "", "error", (), str(exc))
    entry = document.entries[0]
    destination = entry.destination
    folder = path.resolve().parent
    passwords = PasswordSource(destination, store=secrets, folder=folder)
    checked = check(destination, folder, passwords, now, days, entry.findings)
    expiry = checked.expiry
    return Summary(
        path,
        destination.name or path.stem,
        destination.get("Authentication", ""),
        status_of(checked.findings),
        checked.findings,
        expiry=None if expiry is None else expiry[0],
        expiry_store=None if expiry is None else expiry[1],
    )
