"""`destination-cli bundle export FILE|DIR --to api|init-data -o OUT [--include-secrets]` and
`destination-cli bundle import BUNDLE DIR`.

Import moves every secret into the OS keyring and writes destination files without them; with
no keyring it refuses, since the secrets would otherwise be lost or left in clear text.
"""

from __future__ import annotations

import argparse
import sys

from core.atomic import atomic_write
from core.bundles import bundle_bytes, certificate_count, collect, export_bundle, import_bundle
from core.cli.output import note_store, warn
from core.errors import InputError
from core.secrets import open_secret_store


def run(args: argparse.Namespace) -> int:
    return _export(args) if args.action == "export" else _import(args)


def _export(args: argparse.Namespace) -> int:
    store = open_secret_store()
    found = collect(args.source, store, args.include_secrets)
    bundle = export_bundle(found.items, args.to)
    atomic_write(args.output, bundle_bytes(bundle), 0o600 if args.include_secrets else None)
    note_store(store)
    print(
        f"wrote {args.output}: {len(found.items)} destinations, "
        f"{certificate_count(bundle)} key store files",
        file=sys.stderr,
    )
    if args.include_secrets:
        warn(f"{args.output} CONTAINS SECRETS and is readable by you only; delete it after upload")
    hint = "" if args.include_secrets else " (add --include-secrets to include them)"
    for note in found.upload.notes(args.include_secrets):
        warn(note + hint)
    return 0


def _import(args: argparse.Namespace) -> int:
    store = open_secret_store()
    try:
        plan = import_bundle(args.source, args.folder, store)
    except InputError:
        note_store(store)
        raise
    for path, _ in plan.files:
        print(f"wrote {path}", file=sys.stderr)
    if plan.secrets:
        moved = "; ".join(f"{scope.split('::', 1)[-1]}: {key}" for scope, key, _ in plan.secrets)
        print(f"moved into the OS keyring: {moved}", file=sys.stderr)
    return 0
