"""The workspace report: every destination of a folder with the certificate that expires first
across its key and trust stores, soonest first. SAP does not renew uploaded certificates, so
this is the administrator's renewal calendar."""

from __future__ import annotations

import csv
import io
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from core.findings import EXPIRING_DAYS, Severity
from core.formats import Document
from core.level_names import Names
from core.secrets import SecretStore
from core.workspace import Summary, display_name, summarize, workspace_files


def workspace_report(
    folder: Path, secrets: SecretStore, now: datetime, days: int = EXPIRING_DAYS
) -> list[Summary]:
    files = workspace_files(folder)
    # Each file is read and parsed once, for its names and its check.
    documents: dict[str, Document | None] = dict.fromkeys(map(os.fspath, files))
    names = Names.read(files, documents)
    rows = [
        row
        for path in files
        for row in summarize(path, secrets, now, days, names, documents.pop(os.fspath(path), None))
    ]
    # Soonest expiry first; destinations without certificates after, by name.
    return sorted(
        rows, key=lambda s: (s.days_left is None, s.days_left or 0, s.name.lower(), s.path.name)
    )


def _count(summary: Summary, severity: Severity) -> int:
    return sum(1 for f in summary.findings if f.severity is severity)


def as_record(summary: Summary) -> dict[str, Any]:
    node = summary.expiry
    return {
        "name": summary.name,
        "file": display_name(summary.path),
        "index": summary.entry_index,
        "level": summary.level,
        "authentication": summary.authentication,
        "status": summary.status,
        "days_left": summary.days_left,
        "expires": None if node is None else node.facts.not_after.date().isoformat(),
        "certificate": None if node is None else node.facts.subject,
        "key_store": summary.expiry_store,
        "errors": _count(summary, Severity.ERROR),
        "warnings": _count(summary, Severity.WARNING),
        "error": summary.error,
    }


CSV_COLUMNS = [
    "name",
    "file",
    "level",
    "authentication",
    "status",
    "days_left",
    "expires",
    "certificate",
    "key_store",
    "errors",
    "warnings",
]


def as_csv(rows: list[Summary]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(as_record(row))
    return out.getvalue()


def counted(n: int, noun: str) -> str:
    """ "1 destination", "2 destinations": the nouns used here take an s."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def as_text(folder: Path, rows: list[Summary], now: datetime) -> str:
    lines = [f"{folder}: {counted(len(rows), 'destination')}, as of {now:%Y-%m-%d}", ""]
    header = ("DAYS", "EXPIRES", "STATUS", "DESTINATION", "KEY STORE", "CERTIFICATE")
    table = [header]
    for row in rows:
        r = as_record(row)
        table.append(
            (
                "-" if r["days_left"] is None else str(r["days_left"]),
                r["expires"] or "-",
                r["status"] + (f" ({r['errors']})" if r["errors"] else ""),
                r["name"] + (f"  [{row.where}]" if row.where else ""),
                r["key_store"] or "-",
                "-" if row.expiry is None else row.expiry.facts.short_name,
            )
        )
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        cells = [
            c.rjust(w) if i == 0 else c.ljust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    unreadable = [row for row in rows if row.error]
    if unreadable:
        lines.append("")
        # The reason names the file already, as validate says it (path: reason).
        lines.extend(row.error for row in unreadable if row.error)
    return "\n".join(lines)
