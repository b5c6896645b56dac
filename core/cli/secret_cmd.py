"""`destination-cli secret set|get|delete|list|import FILE [PROPERTY]`: passwords in the keyring."""

from __future__ import annotations

import argparse
import getpass
import sys

from core.atomic import WriteError, atomic_write
from core.cli.output import fail, note_store
from core.formats import Document, Entry, load_document, read_document
from core.formats.edit import replace_entry
from core.instance_scope import scope_for
from core.schema import is_secret
from core.secrets import FallbackStore, open_secret_store, secret_keys, strip_secrets
from core.workspace import claim


def _pick(entries: tuple[Entry, ...], name: str | None, source: str) -> list[Entry]:
    if name is not None:
        chosen = [e for e in entries if e.destination.name == name]
        if not chosen:
            raise LookupError(f"{source}: holds no destination named {name}")
        return chosen
    return list(entries)


def run(args: argparse.Namespace) -> int:
    document = load_document(args.file)
    folder = args.file.resolve().parent
    try:
        entries = _pick(document.entries, args.name, str(args.file))
    except LookupError as exc:
        return fail(str(exc))
    store = open_secret_store()
    action = args.action

    if action == "list":
        for entry in entries:
            keys = store.keys(scope_for(store, folder, entry.destination.name, entry.level))
            print(
                f"{entry.destination.name or '(no Name)'}: {', '.join(keys) or 'no stored secrets'}"
            )
        note_store(store)
        return 0

    if action == "import":
        return _import(args, document, entries, store)

    if len(entries) != 1:
        return fail(f"{args.file}: holds {len(entries)} destinations; choose one with --name")
    if not args.property:
        return fail(f"secret {action} needs a PROPERTY, e.g. KeyStorePassword")
    if not is_secret(args.property):
        return fail(f"{args.property} is not a secret property; it belongs in the file")
    scope = scope_for(store, folder, entries[0].destination.name, entries[0].level)

    if action == "set":
        if not store.remembers:
            note_store(store)
            return fail(f"{args.property} was not stored: there is no OS keyring to keep it")
        claim(folder, store)
        scope = scope_for(store, folder, entries[0].destination.name, entries[0].level)
        value = _read_value(args.property)
        store.set(scope, args.property, value)
        if not store.remembers:  # the keyring failed during the call
            note_store(store)
            return fail(f"{args.property} was not stored")
        print(f"stored {args.property} for {entries[0].destination.name}", file=sys.stderr)
        return 0
    if action == "get":
        found = store.get(scope, args.property)
        note_store(store)
        if found is None:
            print(
                f"destination-cli: no {args.property} is stored for {entries[0].destination.name}",
                file=sys.stderr,
            )
            return 1
        print(found)
        return 0
    # delete
    store.delete(scope, args.property)
    note_store(store)
    return 0


def _read_value(key: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(f"{key}: ")
    line = sys.stdin.readline()
    return line[:-1] if line.endswith("\n") else line


def _import(
    args: argparse.Namespace, document: Document, chosen: list[Entry], store: FallbackStore
) -> int:
    """Move clear-text secrets from the file into the keyring, then remove them from the file.
    Only the chosen destinations change; every other part of the file is kept as it is."""
    if not store.remembers:
        note_store(store)
        return fail(f"{args.file}: left unchanged: there is no OS keyring to move the secrets into")
    moved: list[str] = []
    data: bytes | None = None
    if any(secret_keys(e.destination) for e in chosen):
        claim(args.file.resolve().parent, store)
    for index, entry in enumerate(document.entries):
        if entry not in chosen:
            continue
        scope = scope_for(store, args.file.resolve().parent, entry.destination.name, entry.level)
        keys = secret_keys(entry.destination)
        for key in keys:
            store.set(scope, key, entry.destination[key])
        if not store.remembers:
            note_store(store)
            return fail(f"{args.file}: left unchanged: the secrets could not be stored")
        if keys:
            moved += [f"{entry.destination.name}: {k}" for k in keys]
            data = replace_entry(document, index, strip_secrets(entry.destination))
            document = read_document(data, str(args.file))
    if data is None:
        print(f"{args.file}: holds no secrets", file=sys.stderr)
        return 0
    try:
        atomic_write(args.file, data)
    except WriteError as exc:
        # The keyring has them now, and the file still does: nothing is lost.
        return fail(f"{exc}; the secrets were copied into the OS keyring and are still in the file")
    print(
        f"moved into the OS keyring and removed from {args.file}: {'; '.join(moved)}",
        file=sys.stderr,
    )
    return 0
