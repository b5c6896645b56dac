"""What a destination file holds once read: its destinations, their read findings, its shape."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from core.destination import Destination
from core.errors import InputError
from core.findings import Finding

__all__ = ["Certificate", "Document", "Entry", "Format", "InputError"]


class Format(StrEnum):
    PROPERTIES = "properties"
    JSON = "json"


@dataclass(frozen=True)
class Certificate:
    """A key store carried inside Destination service JSON: `{Name, Type, Content}`."""

    name: str
    type: str | None
    content: str  # base64, as the service sends it
    level: str | None = None  # init_data: "subaccount" or "instance"


@dataclass(frozen=True)
class Entry:
    destination: Destination
    findings: tuple[Finding, ...] = ()  # what reading noticed: duplicate keys, converted values
    layout: str | None = None  # the original .properties text, so comments survive a save
    level: str | None = None  # init_data: "subaccount" or "instance"
    # Where the destination object sits in the JSON document: keys and indexes from its root.
    where: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class Document:
    format: Format
    shape: str  # "properties", "object", "array", "find_destination", "init_data"
    entries: tuple[Entry, ...]
    certificates: tuple[Certificate, ...] = ()
    # The whole JSON value as read (objects keep their key order), so that saving one
    # destination can keep every other destination, certificate and wrapper field.
    root: Any = None

    def carried(self, index: int) -> dict[str, bytes]:
        """The key stores the file carries for destination `index`, by Name: a find-destination
        response's certificates, or those of its init_data level (the service resolves
        KeyStoreLocation there). Content that is not base64 is left out."""
        level = self.entries[index].level
        out: dict[str, bytes] = {}
        for certificate in self.certificates:
            if certificate.level == level:
                try:
                    out[certificate.name] = base64.b64decode(certificate.content, validate=True)
                except (binascii.Error, ValueError):
                    continue
        return out
