"""`destination-cli export FILE --to properties|json [-o OUT] [--include-secrets]`.

An upload-ready copy: without --include-secrets every secret is left out (key and value, so the
upload does not set a password empty); with it, secrets come from the OS keyring and the file is
written with owner-only permissions and marked.
"""

from __future__ import annotations

import argparse

from core.cli.output import fail, note_store, warn
from core.cli.writing import SECRETS_HEADER, plan, write
from core.formats import Entry, Format, load_document
from core.rules import field_states
from core.schema import is_secret
from core.secrets import fill_secrets, open_secret_store, scope_of, secret_keys, strip_secrets


def run(args: argparse.Namespace) -> int:
    if args.include_secrets and args.output is None:
        return fail("--include-secrets writes only to a file (-o OUT), never to the terminal")
    document = load_document(args.file)
    fmt = Format(args.to)
    folder = args.file.resolve().parent
    store = open_secret_store()
    entries: list[Entry] = []
    left_out: list[str] = []
    missing: list[str] = []
    for entry in document.entries:
        d = entry.destination
        scope = scope_of(folder, d.name)
        layout = entry.layout if fmt is document.format else None
        if args.include_secrets:
            d = fill_secrets(store, scope, d)
            states = field_states(d)
            missing += [
                f"{d.name}: {k}"
                for k, s in states.items()
                if s.shown and is_secret(k) and k not in d
            ]
        else:
            keys = dict.fromkeys([*secret_keys(d), *store.keys(scope)])
            left_out += [f"{d.name}: {k}" for k in keys]
            d = strip_secrets(d)
        entries.append(Entry(d, entry.findings, layout))
    header = SECRETS_HEADER if args.include_secrets else b""
    write(plan(args.file, entries, fmt, args.output, header), private=args.include_secrets)
    note_store(store)
    if args.include_secrets:
        warn(f"{args.output} CONTAINS SECRETS and is readable by you only; delete it after upload")
        if missing:
            warn(f"no value is stored for: {'; '.join(missing)}")
    elif left_out:
        warn(f"secrets left out: {'; '.join(left_out)} (add --include-secrets to include them)")
    return 0
