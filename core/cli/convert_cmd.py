"""`destination-cli convert FILE --to properties|json [-o OUT]`."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from core.atomic import atomic_write
from core.cli.output import fail, warn
from core.formats import Entry, Format, load_document, render
from core.schema import is_secret


def secret_keys(entries: list[Entry] | tuple[Entry, ...]) -> list[str]:
    """The secret properties with a value, in first-seen order."""
    keys: dict[str, None] = {}
    for entry in entries:
        for key, value in entry.destination.items():
            if is_secret(key) and value:
                keys[key] = None
    return list(keys)


def file_name(entry: Entry, index: int, fmt: Format) -> str:
    name = (
        re.sub(r"[^A-Za-z0-9_.-]", "_", entry.destination.name.strip())
        or f"destination-{index + 1}"
    )
    return f"{name}.{fmt.value}"


def run(args: argparse.Namespace) -> int:
    document = load_document(args.file)
    fmt = Format(args.to)
    entries = list(document.entries)
    if fmt is Format.PROPERTIES and document.format is not Format.PROPERTIES:
        # A .properties layout only makes sense for the file it came from.
        entries = [Entry(e.destination, e.findings) for e in entries]
    secrets = secret_keys(entries)
    mode = 0o600 if secrets else None

    outputs: list[tuple[Path | None, bytes]]
    if fmt is Format.PROPERTIES and len(entries) > 1:
        if args.output is None or (args.output.exists() and not args.output.is_dir()):
            return fail(
                f"{args.file}: holds {len(entries)} destinations; a .properties file "
                "holds one, so name an output folder with -o DIR"
            )
        names = [file_name(e, i, fmt) for i, e in enumerate(entries)]
        clash = sorted({n for n in names if names.count(n) > 1})
        if clash:
            return fail(
                f"{args.file}: several destinations would be written to {clash[0]}; "
                "give them distinct Names"
            )
        args.output.mkdir(parents=True, exist_ok=True)
        outputs = [(args.output / n, render([e], fmt)) for n, e in zip(names, entries, strict=True)]
    elif args.output is not None and args.output.is_dir():
        outputs = [(args.output / file_name(entries[0], 0, fmt), render(entries, fmt))]
    else:
        outputs = [(args.output, render(entries, fmt))]

    for path, data in outputs:
        if path is None:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            atomic_write(path, data, mode)
            print(f"wrote {path}", file=sys.stderr)
    if secrets:
        where = "the output" if args.output is None else str(args.output)
        warn(f"{where} contains secrets ({', '.join(secrets)}); keep it out of version control")
    if document.certificates:
        n = len(document.certificates)
        warn(
            f"{n} key store file{'s' if n > 1 else ''} in the input {'are' if n > 1 else 'is'} "
            "not part of a destination conversion and were left out"
        )
    return 0
