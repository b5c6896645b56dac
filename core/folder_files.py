"""Which files of a folder are destination files and which are key stores: by name, and for a
`.txt` or extension-less file by what it holds."""

from __future__ import annotations

import os
from pathlib import Path

from core.errors import InputError
from core.formats import load_document

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


def destination_files(folder: Path) -> list[Path]:
    """The folder's destination files. `.properties`, `.props` and `.json` files count by name;
    a `.txt` or extension-less file only when its content reads as a destination (it sets Name
    or Type), so a README.txt or LICENSE is not counted as a broken destination."""
    return sorted(
        (
            p
            for p in folder.iterdir()
            if p.is_file()
            and not p.name.startswith(".")
            and p.suffix.lower() in DESTINATION_SUFFIXES
            and p.suffix.lower() not in KEYSTORE_SUFFIXES
            and (p.suffix.lower() not in _BY_CONTENT or _reads_as_destination(p))
        ),
        key=_in_folder_order,
    )


def _in_folder_order(path: Path) -> str:
    # The order of the paths themselves, which for files of one folder is that of their names
    # as the system compares them; comparing Path objects cost 0.1 s for 10,000 files.
    return os.path.normcase(path.name)


_BY_CONTENT = (".txt", "")


def _reads_as_destination(path: Path) -> bool:
    try:
        document = load_document(path)
    except InputError:
        return False
    return any("Name" in e.destination or "Type" in e.destination for e in document.entries)
