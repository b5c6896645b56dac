"""`destination-cli check-connection FILE [--json] [--timeout S] [--resolve ADDRESS]`."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from core.cli.inspect_cmd import node_line
from core.cli.output import emit_json, fail, finding_line, note_store, sort_findings
from core.cli.passwords import given_password
from core.cli.picking import load_one
from core.connection import ConnectionReport, check_connection
from core.secrets import open_secret_store
from core.services.passwords import PasswordSource


def run(args: argparse.Namespace) -> int:
    path = args.file
    entry, error = load_one(path, args.name)
    if entry is None:
        return fail(error)
    given = given_password(args)
    secrets = open_secret_store()
    folder = path.resolve().parent
    destination = entry.destination
    report = check_connection(
        destination,
        folder,
        PasswordSource(destination, given=given, store=secrets, folder=folder, level=entry.level),
        datetime.now(UTC),
        timeout=args.timeout,
        address=args.resolve,
        days=args.days,
    )
    if args.json:
        emit_json({"version": 1, "path": str(path), "name": destination.name, **report.as_json()})
    else:
        print(render_text(report))
    note_store(secrets)
    return 0 if report.ok else 1


def render_text(report: ConnectionReport) -> str:
    lines = [report.url + (f"  (connected to {report.address})" if report.address else "")]

    def row(label: str, value: str) -> None:
        lines.append(f"  {label + ':' if label else '':<22}{value}")

    if report.tls_version:
        row("TLS", f"{report.tls_version}, {report.cipher}")
    if report.server_chain:
        lines.append("  Server chain:")
        lines.extend("  " + node_line(n, depth) for depth, n in enumerate(report.server_chain))
    if report.client_cert_requested is not None:
        asked = "requested by the server" if report.client_cert_requested else "not requested"
        sent = f"; sent {report.client_certificate}" if report.client_certificate else ""
        row("Client certificate", asked + sent)
    for i, ca in enumerate(report.acceptable_cas):
        row("Accepted client CAs" if i == 0 else "", ca)
    if report.address:
        if report.handshake_ok:
            row("Handshake", "succeeded")
        else:
            row("Handshake", f"failed (alert: {report.alert})" if report.alert else "failed")
    if report.http_status is not None:
        row(f"HTTP {report.http_method}", str(report.http_status))
    lines.append("")
    if report.findings:
        lines.append("Findings:")
        lines.extend(finding_line(f) for f in sort_findings(list(report.findings)))
        lines.append("")
    lines.append(
        "Result: the destination connects."
        if report.ok
        else "Result: the destination does not connect as configured."
    )
    return "\n".join(lines)
