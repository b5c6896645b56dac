"""`destination-cli bundle export FILE|DIR --to find-destination|init-data|rest -o OUT
[--policy fail|ignore|update] [--include-secrets]` and `destination-cli bundle import BUNDLE DIR`.

Import moves every secret into the OS keyring and writes destination files without them; with
no keyring it refuses, since the secrets would otherwise be lost or left in clear text.
"""

from __future__ import annotations

import argparse
import sys

from core.atomic import atomic_write
from core.bundles import bundle_files, certificate_count, collect, export_bundle, import_bundle
from core.cli.output import note_store, warn
from core.errors import InputError
from core.report import counted
from core.secrets import open_secret_store


def run(args: argparse.Namespace) -> int:
    return _export(args) if args.action == "export" else _import(args)


def _export(args: argparse.Namespace) -> int:
    store = open_secret_store()
    found = collect(args.source, store, args.include_secrets)
    bundle = export_bundle(found.items, args.to, args.policy, found.left_out)
    outputs = bundle_files(bundle, args.to, args.output)
    for path, data in outputs:
        if path.parent != args.output.parent:
            path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data, 0o600 if args.include_secrets else None)
    note_store(store)
    written = ", ".join(str(path) for path, _ in outputs)
    print(
        f"wrote {written}: {counted(len(found.items), 'destination')}, "
        f"{counted(certificate_count(bundle), 'key store file')}",
        file=sys.stderr,
    )
    if args.include_secrets:
        warn(f"{written} CONTAINS SECRETS and is readable by you only; delete it after upload")
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
