"""`destination-cli convert FILE --to properties|json [-o OUT]`: a faithful conversion."""

from __future__ import annotations

import argparse

from core.cli.output import warn
from core.cli.writing import plan, secret_keys, write
from core.formats import Entry, Format, load_document


def run(args: argparse.Namespace) -> int:
    document = load_document(args.file)
    fmt = Format(args.to)
    entries = list(document.entries)
    if fmt is Format.PROPERTIES and document.format is not Format.PROPERTIES:
        # A .properties layout only makes sense for the file it came from.
        entries = [Entry(e.destination, e.findings, level=e.level) for e in entries]
    secrets = secret_keys(entries)
    write(plan(args.file, entries, fmt, args.output), private=bool(secrets))
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
