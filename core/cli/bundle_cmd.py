"""`destination-cli bundle export FILE|DIR --to api|init-data -o OUT [--include-secrets]` and
`destination-cli bundle import BUNDLE DIR`.

Import moves every secret into the OS keyring and writes destination files without them; with
no keyring it refuses, since the secrets would otherwise be lost or left in clear text.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.atomic import atomic_write
from core.bundles import bundle_bytes, export_bundle, plan_import
from core.cli.output import fail, note_store, warn
from core.destination import Destination
from core.errors import InputError
from core.formats import load_document
from core.rules import field_states
from core.schema import BY_KEY, Kind
from core.secrets import fill_secrets, open_secret_store, scope_of, secret_keys, strip_secrets
from core.workspace import destination_files


def run(args: argparse.Namespace) -> int:
    return _export(args) if args.action == "export" else _import(args)


def _export(args: argparse.Namespace) -> int:
    source: Path = args.source
    files = destination_files(source) if source.is_dir() else [source]
    if not files:
        return fail(f"{source}: holds no destination files")
    store = open_secret_store()
    items: list[tuple[Destination, Path]] = []
    left_out: list[str] = []
    missing: list[str] = []
    for path in files:
        folder = path.resolve().parent
        for entry in load_document(path).entries:
            d = entry.destination
            scope = scope_of(folder, d.name)
            if args.include_secrets:
                d = fill_secrets(store, scope, d)
                missing += [
                    f"{d.name}: {k}"
                    for k, s in field_states(d).items()
                    if s.shown and BY_KEY[k].kind is Kind.SECRET and k not in d
                ]
            else:
                left_out += [
                    f"{d.name}: {k}" for k in dict.fromkeys([*secret_keys(d), *store.keys(scope)])
                ]
                d = strip_secrets(d)
            items.append((d, folder))
    bundle = export_bundle(items, args.to)
    try:
        atomic_write(args.output, bundle_bytes(bundle), 0o600 if args.include_secrets else None)
    except OSError as exc:
        return fail(f"{args.output}: cannot be written: {exc.strerror}")
    note_store(store)
    print(
        f"wrote {args.output}: {len(items)} destinations, {_count(bundle)} key store files",
        file=sys.stderr,
    )
    if args.include_secrets:
        warn(f"{args.output} CONTAINS SECRETS and is readable by you only; delete it after upload")
        if missing:
            warn(f"no value is stored for: {'; '.join(missing)}")
    elif left_out:
        warn(f"secrets left out: {'; '.join(left_out)} (add --include-secrets to include them)")
    return 0


def _count(bundle: dict[str, object]) -> int:
    body = bundle.get("init_data", bundle)
    level = body.get("subaccount", body) if isinstance(body, dict) else {}
    certificates = level.get("certificates", []) if isinstance(level, dict) else []
    return len(certificates) if isinstance(certificates, list) else 0


def _import(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    document = load_document(args.source)
    folder.mkdir(parents=True, exist_ok=True)
    plan = plan_import(document, folder.resolve())
    store = open_secret_store()
    if plan.secrets:
        if not store.remembers:
            note_store(store)
            raise InputError(
                f"{args.source}: holds secrets and there is no OS keyring to move them into; "
                "nothing was imported"
            )
        for scope, key, value in plan.secrets:
            store.set(scope, key, value)
        if not store.remembers:
            note_store(store)
            return fail(f"{args.source}: the secrets could not be stored; nothing was imported")
    for path, data in plan.files:
        atomic_write(path, data)
        print(f"wrote {path}", file=sys.stderr)
    if plan.secrets:
        print(
            "moved into the OS keyring: "
            + "; ".join(f"{scope.split('::', 1)[-1]}: {key}" for scope, key, _ in plan.secrets),
            file=sys.stderr,
        )
    return 0
