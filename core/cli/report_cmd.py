"""`destination-cli report DIR [--days N] [--at DATE] [--json | --csv]`."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from core.cli.output import emit_json, fail, note_store
from core.report import as_csv, as_record, as_text, workspace_report
from core.secrets import open_secret_store


def run(args: argparse.Namespace) -> int:
    folder = args.folder
    if not folder.is_dir():
        return fail(f"{folder}: not a folder")
    now = args.at or datetime.now(UTC)
    secrets = open_secret_store()
    try:
        rows = workspace_report(folder, secrets, now, args.days)
    except OSError as exc:
        return fail(f"{folder}: cannot be read: {exc.strerror}")
    if args.json:
        emit_json(
            {
                "version": 1,
                "folder": str(folder),
                "at": now.date().isoformat(),
                "destinations": [
                    {**as_record(r), "findings": [f.as_json() for f in r.findings]} for r in rows
                ],
            }
        )
    elif args.csv:
        sys.stdout.write(as_csv(rows))
    else:
        print(as_text(folder, rows, now))
    note_store(secrets)
    return 1 if any(r.status == "error" for r in rows) else 0
