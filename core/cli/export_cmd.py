"""`destination-cli export FILE --to properties|json [-o OUT] [--include-secrets]`.

An upload-ready copy: without --include-secrets every secret is left out (key and value, so the
upload does not set a password empty); with it, secrets come from the OS keyring and the file is
written with owner-only permissions and marked.
"""

from __future__ import annotations

import argparse

from core.cli.output import fail, note_store, warn
from core.cli.writing import plan, write
from core.formats import Entry, Format, load_document
from core.secrets import open_secret_store
from core.services.passwords import PasswordSource
from core.services.upload import SECRETS_HEADER, prepare_upload


def run(args: argparse.Namespace) -> int:
    if args.include_secrets and args.output is None:
        return fail("--include-secrets writes only to a file (-o OUT), never to the terminal")
    document = load_document(args.file)
    fmt = Format(args.to)
    folder = args.file.resolve().parent
    store = open_secret_store()
    upload = prepare_upload(
        (
            (
                e.destination,
                PasswordSource(e.destination, store=store, folder=folder, level=e.level),
            )
            for e in document.entries
        ),
        args.include_secrets,
    )
    entries = [
        Entry(d, entry.findings, entry.layout if fmt is document.format else None, entry.level)
        for d, entry in zip(upload.destinations, document.entries, strict=True)
    ]
    header = SECRETS_HEADER if args.include_secrets else b""
    write(plan(args.file, entries, fmt, args.output, header), private=args.include_secrets)
    note_store(store)
    if args.include_secrets:
        warn(f"{args.output} CONTAINS SECRETS and is readable by you only; delete it after upload")
    hint = "" if args.include_secrets else " (add --include-secrets to include them)"
    for note in upload.notes(args.include_secrets):
        warn(note + hint)
    return 0
