"""`destination-cli keystore build|convert|fix ... -o OUT`: always a new file, never in place.
The editing actions (generate, csr, ...) live in keystore_edit_cmd.

The result is opened again and inspected, so the administrator sees at once whether it is what
SAP needs. Exit codes as for inspect: 0 written with no error findings, 1 written with error
findings, 2 nothing written.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from core.atomic import atomic_write
from core.cli.inspect_cmd import render_text
from core.cli.output import fail
from core.cli.passwords import read_password
from core.findings import has_errors
from core.keystore_tools import OUTPUT_FORMATS, ToolError, ToolResult, run_tool
from core.keystores import KeyStoreError, open_keystore
from core.keystores.inspection import inspect


def run(args: argparse.Namespace) -> int:
    if args.action not in ("build", "convert", "fix"):
        from core.cli import keystore_edit_cmd

        return keystore_edit_cmd.run(args)
    out: Path = args.output
    sources = [args.key, args.cert, *args.ca] if args.action == "build" else [args.file]
    if any(out.resolve() == s.resolve() for s in sources):
        return fail(f"{out}: is a source file; the result always goes to a new file")
    if out.exists():
        return fail(f"{out}: exists; choose a new file name (nothing is overwritten)")
    key_password = None
    if args.key_password_env:
        key_password = os.environ.get(args.key_password_env)
        if key_password is None:
            return fail(f"environment variable {args.key_password_env} is not set")
    password = read_password(args, "Password for the new key store: ")
    if password is None:
        return fail("give the key store password (--password-stdin or --password-env VAR)")
    now = datetime.now(UTC)
    try:
        result = _make(args, password, key_password, now)
    except (ToolError, KeyStoreError) as exc:
        return fail(f"{_subject(args)}: {exc}")
    except OSError as exc:
        return fail(f"{exc.filename}: cannot be read: {exc.strerror}")
    try:
        atomic_write(out, result.data, 0o600)  # it holds a private key
    except OSError as exc:
        return fail(f"{out}: cannot be written: {exc.strerror}")
    for change in result.changes:
        print(change, file=sys.stderr)
    print(f"wrote {out} ({result.format.value}, readable by you only)", file=sys.stderr)
    report = inspect(open_keystore(result.data, password), password, now, args.days)
    print(render_text(out, report))
    return 1 if has_errors(list(report.findings)) else 0


def _subject(args: argparse.Namespace) -> str:
    return str(args.key if args.action == "build" else args.file)


def _make(
    args: argparse.Namespace, password: str, key_password: str | None, now: datetime
) -> ToolResult:
    build = args.action == "build"
    return run_tool(
        args.action,
        password=password,
        now=now,
        source=None if build else args.file,
        key_file=args.key if build else None,
        cert_files=[args.cert, *args.ca] if build else None,
        key_password=key_password,
        fmt=OUTPUT_FORMATS[args.to] if args.to else None,
        alias=getattr(args, "alias", "client"),
        keep_alias=getattr(args, "keep_alias", None),
        drop_expired=not getattr(args, "keep_expired", False),
    )
