"""`destination-cli inspect KEYSTORE [--password-stdin | --password-env VAR] [--days N]`."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from core.cli.output import emit_json, fail
from core.cli.passwords import read_password
from core.findings import Severity, has_errors
from core.keystores import KeyStoreError, open_keystore, read_keystore_file
from core.keystores.inspection import Node, Report, certificate_fields, inspect
from core.keystores.model import WITHOUT_INTEGRITY_CHECK, Format, Integrity

if TYPE_CHECKING:
    from core.keystores.consumers import Verdict

_MARK = {"ok": "✓", "warning": "⚠", "error": "✗", "info": "i"}
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_INTEGRITY = {
    Integrity.VERIFIED: "integrity verified",
    Integrity.ABSENT: "no integrity check (the file has no MAC)",
    Integrity.NOT_CHECKED: "integrity NOT verified (no password)",
}


def run(args: argparse.Namespace) -> int:
    path: Path = args.file
    if path.is_dir():
        return fail(f"{path}: is a folder, not a key store")
    password = read_password(args, f"Password for {path.name}: ")
    try:
        data = read_keystore_file(path)
        store = open_keystore(data, password)
        report = inspect(store, password, datetime.now(UTC), args.days)
    except KeyStoreError as exc:
        return fail(f"{path}: {exc}")
    except FileNotFoundError:
        return fail(f"{path}: no such file")
    except PermissionError:
        return fail(f"{path}: cannot be read: permission denied")
    except OSError as exc:
        return fail(f"{path}: cannot be read: {exc.strerror}")
    from core.keystores.consumers import PROFILES, verdicts

    chosen = None if args.consumer == "all" else [args.consumer]
    said = verdicts(data, report, path.name, chosen)
    if args.json:
        consumers = [v.as_json() for v in said]
        emit_json({"version": 1, "path": str(path), **report.as_json(), "consumers": consumers})
    else:
        print(render_text(path, report, args.verbose))
        print()
        print(render_verdicts(said, chosen or list(PROFILES)))
    rejected = chosen is not None and any(v.severity is Severity.ERROR for v in said)
    return 1 if has_errors(list(report.findings)) or rejected else 0


def render_verdicts(said: list[Verdict], consumers: list[str]) -> str:
    """One table: each consumer, whether it takes the file, and per problem the fix."""
    lines = [f"  {'Consumer':<21}{'Verdict':<12}Problem, and the fix"]
    for who in consumers:
        mine = [v for v in said if v.consumer == who]
        worst = min((_RANK[v.severity] for v in mine), default=3)
        word = ("rejects", "mishandles", "accepts", "accepts")[worst]
        if not mine:
            lines.append(f"  {who:<21}{word:<12}-")
        for i, v in enumerate(sorted(mine, key=lambda v: _RANK[v.severity])):
            first = f"  {who if i == 0 else '':<21}{word if i == 0 else '':<12}"
            lines.append(f"{first}{_MARK[v.severity.value]} {v.problem}  ({v.code})")
            lines.append(f"  {'':<33}fix: {v.fix}")
    return "Consumers:\n" + "\n".join(lines)


def _integrity(report: Report) -> str:
    name = WITHOUT_INTEGRITY_CHECK.get(Format(report.format))
    if report.integrity is Integrity.ABSENT and name:
        return f"no integrity check ({name} has none)"
    return _INTEGRITY[report.integrity]


def render_text(path: Path, report: Report, verbose: bool = False) -> str:
    n = len(report.entries)
    entries = f"{n} entr{'y' if n == 1 else 'ies'}"
    lines = [f"{path}: {report.format}, {entries}, {_integrity(report)}"]
    for entry in report.entries:
        kind = entry.kind.value.replace("_", " ")
        key = f", {entry.chain[0].facts.key_description}" if entry.chain else ""
        key += "" if entry.java_visible else ", invisible to Java"
        lines.append("")
        lines.append(f"{entry.alias}  ({kind}{key})")
        for depth, node in enumerate(entry.chain):
            lines.append(node_line(node, depth))
            if verbose:
                lines.extend(_details(node, depth))
        if entry.missing_issuer:
            lines.append(f"{'   ' * len(entry.chain)}└─ ✗ missing: {entry.missing_issuer}")
    lines.append("")
    if report.findings:
        lines.append("Findings:")
        for f in report.findings:
            where = f" [{f.alias}]" if f.alias else ""
            lines.append(f"  {f.severity.value:<7} {f.message}{where}  ({f.code})")
    else:
        lines.append("No findings.")
    return "\n".join(lines)


def node_line(node: Node, depth: int) -> str:
    f = node.facts
    prefix = "   " * (depth - 1) + "└─ " if depth else ""
    days = (
        f"{node.days_left} days left"
        if node.days_left >= 0
        else f"expired {-node.days_left} days ago"
    )
    extra = " (self-signed)" if f.self_issued else ""
    extra += " (from another entry)" if node.from_store else ""
    until = f"until {f.not_after:%Y-%m-%d}, {days}"
    return f"  {prefix}{_MARK[node.status]} {f.short_name}{extra}  {until}"


def _details(node: Node, depth: int) -> list[str]:
    pad = "  " + "   " * depth + "    "
    return [f"{pad}{label + ':':<20}{value}" for label, value in certificate_fields(node)]
