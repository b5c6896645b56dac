"""Read one destination from a file that may hold several (JSON arrays do)."""

from __future__ import annotations

from pathlib import Path

from core.formats import InputError, load_document
from core.formats.document import Entry


def load_one(path: Path, name: str | None) -> tuple[Entry | None, str]:
    """The chosen entry, or None and a sentence saying why there is none."""
    try:
        document = load_document(path)
    except InputError as exc:
        return None, str(exc)
    entries = document.entries
    if name is not None:
        entries = tuple(e for e in entries if e.destination.name == name)
        if not entries:
            return None, f"{path}: holds no destination named {name}"
    if len(entries) > 1:
        return None, f"{path}: holds {len(entries)} destinations; choose one with --name"
    if not entries:
        return None, f"{path}: holds no destination"
    return entries[0], ""
