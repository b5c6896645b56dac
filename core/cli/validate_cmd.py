"""`destination-cli validate FILE... [--json]`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from core.cli.output import count_line, emit_json, finding_line, sort_findings
from core.findings import Finding, has_errors
from core.formats import InputError, load_document
from core.validation import Context, validate


def register(sub: Any) -> None:
    p = sub.add_parser("validate", help="check destination files against SAP's rules")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="machine-readable output (see README)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    reports: list[dict[str, Any]] = []
    unreadable = errors = False
    for path in args.files:
        try:
            document = load_document(path)
        except InputError as exc:
            unreadable = True
            reports.append(
                {"path": str(path), "format": None, "error": str(exc), "destinations": []}
            )
            continue
        context = Context(folder=path.resolve().parent)
        dests = []
        for index, entry in enumerate(document.entries):
            findings: list[Finding] = sort_findings(
                [*entry.findings, *validate(entry.destination, context)]
            )
            errors = errors or has_errors(findings)
            dests.append({"index": index, "name": entry.destination.name, "findings": findings})
        reports.append(
            {
                "path": str(path),
                "format": document.format.value,
                "error": None,
                "destinations": dests,
            }
        )

    if args.json:
        for report in reports:
            for d in report["destinations"]:
                d["findings"] = [f.as_json() for f in d["findings"]]
        emit_json({"version": 1, "files": reports})
    else:
        _print_text(reports)
    return 2 if unreadable else 1 if errors else 0


def _print_text(reports: list[dict[str, Any]]) -> None:
    import sys

    for report in reports:
        if report["error"]:
            print(f"destination-cli: {report['error']}", file=sys.stderr)
            continue
        many = len(report["destinations"]) > 1
        for d in report["destinations"]:
            label = report["path"] + (
                f" [{d['name'] or '#' + str(d['index'] + 1)}]" if many else ""
            )
            print(f"{label}: {count_line(d['findings'])}")
            for finding in d["findings"]:
                print(finding_line(finding))
