"""`destination-cli validate FILE... [--json]`."""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.cli.output import count_line, emit_json, finding_line, note_store
from core.cli.passwords import given_password
from core.findings import Finding, has_errors
from core.formats import Document, InputError, load_document
from core.level_names import Names
from core.real_paths import located
from core.secrets import FallbackStore, open_secret_store
from core.services.check import check
from core.services.passwords import PasswordSource
from core.workspace import folder_names


def run(args: argparse.Namespace) -> int:
    given = given_password(args)
    now = datetime.now(UTC)
    secrets: FallbackStore | None = None  # opened for the first readable file only
    reports: list[dict[str, Any]] = []
    unreadable = errors = False
    levels: dict[Path, Names] = {}  # each folder's names, read once however many files it holds
    # The files' documents, by real path, read with their folder's names; taken once checked.
    places = [located(path) for path in args.files]  # (folder_of(path), its real path)
    documents: dict[str, Document | None] = {os.fspath(real): None for _, real in places}
    for path, where in zip(args.files, places, strict=True):
        folder = where[0]
        names = levels.get(folder)
        if names is None:  # its folder is its level: a Name is unique there
            names = levels[folder] = folder_names(folder, documents)
        document = documents.pop(os.fspath(where[1]), None)
        if document is None:  # not one of its folder's destination files, or unreadable
            try:
                document = load_document(path)
            except InputError as exc:
                unreadable = True
                reports.append(
                    {"path": str(path), "format": None, "error": str(exc), "destinations": []}
                )
                continue
        secrets = secrets or open_secret_store()
        dests = []
        for index, entry in enumerate(document.entries):
            passwords = PasswordSource(
                entry.destination, given=given, store=secrets, folder=folder, level=entry.level
            )
            taken = names.taken_at(where, entry.level, index)
            checked = check(
                entry.destination,
                folder,
                passwords,
                now,
                args.days,
                entry.findings,
                document.carried(index),
                taken=taken,
            )
            findings: list[Finding] = list(checked.findings)
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
    if secrets is not None:
        note_store(secrets)
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
