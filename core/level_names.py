"""Which destination names a folder already holds, per level, so that a second destination with
the same Name is found before an upload overwrites or refuses one of them.

SAP: "Destination name. Must be unique for the destination level." (basic-authentication-4af3980.md,
client-certificate-authentication-4e13a04.md). A workspace folder is one level (the subaccount);
its `instance` subfolder, and the `instance` part of an init_data file, are another.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from core.destination import Destination
from core.errors import InputError
from core.findings import Finding, Severity
from core.formats import MAX_FILE_SIZE, Document, Format, load_document
from core.real_paths import located, real_folder, real_path

PAGE = "basic-authentication-4af3980.md"
KEEP_BYTES = 16 * 1024 * 1024  # of documents kept for a second use (Names.read)


class _Named(NamedTuple):
    level: tuple[Path, str]
    path: Path  # real
    entry: int
    name: str
    file: str  # the real path as text: compared once per destination asking


def level_of(path: Path, entry_level: str | None = None) -> tuple[Path, str]:
    """A destination's level: its folder, and the init_data level inside the file if any."""
    return real_folder(path), _level_name(entry_level)


def _level_name(entry_level: str | None) -> str:
    return "instance" if entry_level == "instance" else "subaccount"


class _Taken(Mapping[str, list[str]]):
    """The names of one level without one destination (`me`), each with the files it is in.
    A view, not a copy: a workspace of 10,000 destinations asks once per destination, and
    copying the level's names each time made that quadratic."""

    def __init__(self, level: dict[str, list[_Named]], me: tuple[str, int] | None) -> None:
        self._level, self._me = level, me

    def _files(self, rows: list[_Named]) -> list[str]:
        return [row.path.name for row in rows if (row.file, row.entry) != self._me]

    def __getitem__(self, name: str) -> list[str]:
        files = self._files(self._level[name])
        if not files:
            raise KeyError(name)
        return files

    def __iter__(self) -> Iterator[str]:
        return (name for name, rows in self._level.items() if self._files(rows))

    def __len__(self) -> int:
        return sum(1 for _ in self)


Where = tuple[Path, Path]  # a file's real folder and real path (core.real_paths.located)


class Names:
    """The names of the destinations in a set of files, read once."""

    def __init__(self, rows: Iterable[_Named] = (), where: dict[str, Where] | None = None) -> None:
        self._rows = list(rows)
        # By level, then by name, in the order read: `taken` answers without a scan.
        self._levels: dict[tuple[Path, str], dict[str, list[_Named]]] = {}
        for row in self._rows:
            self._levels.setdefault(row.level, {}).setdefault(row.name, []).append(row)
        self._where = where or {}

    @classmethod
    def read(cls, files: Iterable[Path], keep: dict[str, Document | None] | None = None) -> Names:
        """Names of every destination of the files; a file that cannot be read names none.

        `keep` names files (by their path in `files`, as text) whose document a run checks
        next: each read is filled in, so that it is not read and parsed a second time. Files
        of more than KEEP_BYTES in all are left to be read again, so that memory stays
        bounded."""
        rows = []
        where: dict[str, Where] = {}
        budget = KEEP_BYTES
        for path in files:
            try:
                document = load_document(path)
            except (InputError, OSError):
                continue
            text = os.fspath(path)
            if keep is not None and text in keep and budget > 0:
                budget -= _size(document)
                keep[text] = document
            folder, real = where[text] = located(path)
            file = os.fspath(real)
            for index, entry in enumerate(document.entries):
                name = entry.destination.name
                if name:
                    level = (folder, _level_name(entry.level))
                    rows.append(_Named(level, real, index, name, file))
        return cls(rows, where)

    def where_of(self, path: Path) -> Where:
        """core.real_paths.located(path), remembered from reading when the file was read."""
        found = self._where.get(os.fspath(path))
        return found if found is not None else located(path)

    def taken(
        self, level: tuple[Path, str], path: Path | None = None, index: int = 0
    ) -> Mapping[str, list[str]]:
        """The names used at `level` by destinations other than `index` of `path`, each with
        the files it is in."""
        me = (os.fspath(real_path(path)), index) if path is not None else None
        return _Taken(self._levels.get(level, {}), me)

    def taken_at(
        self, where: Where, entry_level: str | None, index: int
    ) -> Mapping[str, list[str]]:
        """`taken(level_of(path, entry_level), path, index)` for a file `where` it is (its real
        folder and path, worked out once for all its destinations)."""
        level = (where[0], _level_name(entry_level))
        return _Taken(self._levels.get(level, {}), (os.fspath(where[1]), index))

    def files_named(self, names: Iterable[str]) -> list[Path]:
        """The files holding a destination with one of `names`."""
        wanted = set(names)
        return sorted({row.path for row in self._rows if row.name in wanted})


def _size(document: Document) -> int:
    """About the bytes a document was read from: its text, or for JSON a bound by the file's
    size limit (a JSON file holds many destinations, and its tree is kept whole)."""
    if document.format is Format.PROPERTIES:
        return sum(len(entry.layout or "") for entry in document.entries)
    return MAX_FILE_SIZE


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
