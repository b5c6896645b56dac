"""Which destination names a folder already holds, per level, so that a second destination with
the same Name is found before an upload overwrites or refuses one of them.

SAP: "Destination name. Must be unique for the destination level." (basic-authentication-4af3980.md,
client-certificate-authentication-4e13a04.md). A workspace folder is one level (the subaccount);
its `instance` subfolder, and the `instance` part of an init_data file, are another.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from core.destination import Destination
from core.errors import InputError
from core.findings import Finding, Severity
from core.formats import load_document

PAGE = "basic-authentication-4af3980.md"


class _Named(NamedTuple):
    level: tuple[Path, str]
    path: Path
    entry: int
    name: str


def level_of(path: Path, entry_level: str | None = None) -> tuple[Path, str]:
    """A destination's level: its folder, and the init_data level inside the file if any."""
    return path.resolve().parent, "instance" if entry_level == "instance" else "subaccount"


class Names:
    """The names of the destinations in a set of files, read once."""

    def __init__(self, rows: Iterable[_Named] = ()) -> None:
        self._rows = list(rows)

    @classmethod
    def read(cls, files: Iterable[Path]) -> Names:
        """Names of every destination of the files; a file that cannot be read names none."""
        rows = []
        for path in files:
            try:
                document = load_document(path)
            except (InputError, OSError):
                continue
            for index, entry in enumerate(document.entries):
                name = entry.destination.name
                if name:
                    rows.append(_Named(level_of(path, entry.level), path.resolve(), index, name))
        return cls(rows)

    def taken(
        self, level: tuple[Path, str], path: Path | None = None, index: int = 0
    ) -> dict[str, list[str]]:
        """The names used at `level` by destinations other than `index` of `path`, each with
        the files it is in."""
        me = (path.resolve(), index) if path is not None else None
        found: dict[str, list[str]] = {}
        for row in self._rows:
            if row.level == level and (row.path, row.entry) != me:
                found.setdefault(row.name, []).append(row.path.name)
        return found

    def files_named(self, names: Iterable[str]) -> list[Path]:
        """The files holding a destination with one of `names`."""
        wanted = set(names)
        return sorted({row.path for row in self._rows if row.name in wanted})


def duplicate_name(destination: Destination, taken: Mapping[str, Sequence[str]]) -> list[Finding]:
    """An error when another destination at the same level has the same Name."""
    name = destination.name
    if not name or name not in taken:
        return []
    where = ", ".join(sorted(set(taken[name])))
    return [
        Finding(
            Severity.ERROR,
            "name.duplicate",
            f"Another destination at this level is also named {name} ({where}); a Name must be "
            f"unique for the destination level ({PAGE}), so one upload would replace the other.",
            key="Name",
        )
    ]
