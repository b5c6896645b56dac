"""`destination-cli keystore generate|csr|import-reply|import-trusted|delete|rename|passwd`.

Each edit writes the store anew: to `-o OUT`, or over the store after keeping `STORE.bak`
beside it. The result is opened again and inspected, as for the other key store tools. Exit
codes: 0 written with no error findings, 1 written with error findings, 2 nothing written.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from core import keystore_edit as edit
from core.atomic import atomic_write
from core.cli.inspect_cmd import render_text
from core.cli.output import fail
from core.cli.passwords import read_password
from core.errors import InputError
from core.findings import has_errors
from core.keystore_tools import ToolError
from core.keystores import KeyStoreError, open_keystore
from core.keystores.inspection import inspect

_Edit = Callable[[edit.Editable], edit.Change]


def run(args: argparse.Namespace) -> int:
    path: Path = args.file
    if path.is_dir():
        return fail(f"{path}: is a folder, not a key store")
    create = None
    if args.action in ("generate", "import-trusted") and not path.exists():
        create = edit.format_for(path, args.type)
    elif not path.exists():
        return fail(f"{path}: no such file")
    password = read_password(args, f"Password for {path.name}: ")
    if password is None:
        return fail("give the key store password (--password-stdin or --password-env VAR)")
    key_passwords = {}
    if args.key_password_env:
        key_passwords[args.alias or edit.EVERY_KEY] = _env(args.key_password_env)
    now = datetime.now(UTC)
    try:
        if args.action == "csr":
            return _csr(args, path, password, key_passwords)
        change, new_password = _change(args, password, now)
        result = edit.apply(
            path,
            password,
            change,
            output=args.output,
            new_password=new_password,
            key_passwords=key_passwords,
            create=create,
        )
    except (ToolError, KeyStoreError) as exc:
        return fail(f"{path}: {exc}")
    except OSError as exc:
        where = exc.filename or path
        return fail(f"{where}: cannot be read or written: {exc.strerror}")
    for line in result.changes:
        print(line, file=sys.stderr)
    kept = f"; the old store is kept as {result.backup}" if result.backup else ""
    print(f"wrote {result.path} (readable by you only){kept}", file=sys.stderr)
    report = inspect(open_keystore(result.data, result.password), result.password, now, args.days)
    print(render_text(result.path, report))
    return 1 if has_errors(list(report.findings)) else 0


def _env(name: str) -> str:
    value = os.environ.get(name)
    if value is None:
        raise InputError(f"environment variable {name} is not set")
    return value


def _change(args: argparse.Namespace, password: str, now: datetime) -> tuple[_Edit, str | None]:
    action = args.action
    if action == "generate":
        return partial(
            edit.generate,
            alias=args.alias,
            subject=args.subject,
            sans=args.san,
            key_type=args.key_type,
            size=args.key_size,
            curve=args.curve,
            days=args.valid_days,
            now=now,
        ), None
    if action == "import-reply":
        reply = edit.read_certificates(args.reply.read_bytes(), str(args.reply))
        cas = [c for f in args.ca for c in edit.read_certificates(f.read_bytes(), str(f))]
        return partial(edit.import_reply, alias=args.alias, reply=reply, cas=cas), None
    if action == "import-trusted":
        certs = [c for f in args.certs for c in edit.read_certificates(f.read_bytes(), str(f))]
        return partial(edit.import_trusted, certs=certs, alias=args.alias), None
    if action == "delete":
        return partial(edit.delete, alias=args.alias), None
    if action == "rename":
        return partial(edit.rename, alias=args.alias, new_alias=args.new_alias), None
    return _passwd(args, password)


def _passwd(args: argparse.Namespace, password: str) -> tuple[_Edit, str | None]:
    new_password = None
    if args.new_password_env:
        new_password = _env(args.new_password_env)
    elif args.new_password_stdin:
        line = sys.stdin.readline()
        new_password = line[:-1] if line.endswith("\n") else line
    if new_password is None and args.alias is None:
        raise InputError(
            "say what changes: a new store password (--new-password-env VAR or "
            "--new-password-stdin), or a key password (--alias)"
        )
    if new_password == "":
        raise InputError("the new store password is empty; Java cannot open such a store")
    final = new_password if new_password is not None else password
    key_password = _env(args.new_key_password_env) if args.new_key_password_env else final

    def change(store: edit.Editable) -> edit.Change:
        changes = []
        if new_password is not None:
            changes.append("The store password changed; keys under the store password follow it.")
        if args.alias is not None:
            store, more = edit.set_key_password(store, args.alias, key_password, final)
            changes += more
        return store, changes

    return change, new_password


def _csr(args: argparse.Namespace, path: Path, password: str, key_passwords: dict[str, str]) -> int:
    out: Path = args.output
    if out.exists():
        return fail(f"{out}: exists; choose a new file name (nothing is overwritten)")
    from core.keystores import read_keystore_file

    store = edit.load_for_edit(read_keystore_file(path), password, key_passwords)
    pem = edit.csr(store, args.alias, args.subject, args.san)
    atomic_write(out, pem)
    print(f"wrote {out}: send it to the CA, then import its reply with keystore import-reply")
    return 0
