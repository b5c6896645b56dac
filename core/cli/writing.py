"""Writing destination files from the command line: one file, a folder of them, or stdout."""

from __future__ import annotations

import sys
from pathlib import Path

from core.atomic import WriteError, atomic_write
from core.errors import InputError
from core.formats import Entry, Format, file_name, render
from core.secrets import secret_keys as destination_secret_keys


def secret_keys(entries: list[Entry]) -> list[str]:
    """The secret properties with a value in any of the entries, in first-seen order."""
    return list(dict.fromkeys(k for e in entries for k in destination_secret_keys(e.destination)))


def plan(
    source: Path, entries: list[Entry], fmt: Format, output: Path | None, header: bytes = b""
) -> list[tuple[Path | None, bytes]]:
    """Which bytes go where; raises InputError before anything is written."""
    if fmt is Format.PROPERTIES and len(entries) > 1:
        if output is None or (output.exists() and not output.is_dir()):
            raise InputError(
                f"{source}: holds {len(entries)} destinations; a .properties file holds one, "
                "so name an output folder with -o DIR"
            )
        names = [_level_folder(e) / file_name(e, i, fmt) for i, e in enumerate(entries)]
        clash = sorted({str(n) for n in names if names.count(n) > 1})
        if clash:
            raise InputError(
                f"{source}: several destinations would be written to {clash[0]}; "
                "give them distinct Names"
            )
        return [
            (output / n, header + render([e], fmt)) for n, e in zip(names, entries, strict=True)
        ]
    # JSON has no comments: its secrets warning goes to stderr instead.
    head = header if fmt is Format.PROPERTIES else b""
    if output is not None and output.is_dir():
        return [(output / file_name(entries[0], 0, fmt), head + render(entries, fmt))]
    return [(output, head + render(entries, fmt))]


def _level_folder(entry: Entry) -> Path:
    """Where in the output folder a destination goes: init_data's instance level into the
    `instance` subfolder, as a bundle import lays out a workspace (a Name is unique per level,
    so both levels may hold it)."""
    if entry.level != "instance":
        return Path()
    from core.workspace import INSTANCE_FOLDER  # only now: it brings the workspace's imports

    return Path(INSTANCE_FOLDER)


def write(outputs: list[tuple[Path | None, bytes]], private: bool) -> None:
    """Write each output atomically; `private` files get owner-only permissions (0600)."""
    for path, data in outputs:
        if path is None:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            if path.parent != Path(""):
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise WriteError(f"{path.parent}: cannot be made: {exc.strerror}") from None
            atomic_write(path, data, 0o600 if private else None)
            print(f"wrote {path}", file=sys.stderr)
