"""The connection check's result: what the handshake and the HTTP request showed, in sentences.

The check itself runs as a background job (it may wait up to its timeout on a silent server);
this panel only shows the report the core returns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from core.destination import Destination
from core.errors import sentence
from gui.jobs import Jobs
from gui.sizing import LIST_MIN_HEIGHT

if TYPE_CHECKING:  # the connection code (OpenSSL, cryptography) loads with the first check
    from core.connection import ConnectionReport
    from core.keystores.inspection import Node

_MARK = {"ok": "✓", "warning": "⚠", "error": "✗", "info": "•"}
_COLOR = {"ok": "#2e7d32", "warning": "#b26a00", "error": "#c62828", "info": "#1565c0"}


class ConnectionPanel(QWidget):
    check_requested = Signal()

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        # No Alt+letter of its own: the tab (Alt+N) leads here, and the form needs the letters.
        self.button = QPushButton("Check Connection", self)
        self.button.setAccessibleName("Check connection")
        self.button.setToolTip(
            "Connect to the URL with the destination's client certificate, as the BTP runtime "
            "would, and report what the server says"
        )
        self.button.clicked.connect(self.check_requested)
        self.status = QLabel("Not checked yet.", self)
        self.status.setWordWrap(True)
        top.addWidget(self.button)
        top.addWidget(self.status, 1)
        layout.addLayout(top)
        self.view = QTextBrowser(self)
        self.view.setMinimumHeight(LIST_MIN_HEIGHT)  # a low screen: lower, not the window taller
        self.view.setAccessibleName("Connection check result")
        self.view.setOpenLinks(False)
        layout.addWidget(self.view, 1)

    def check(
        self,
        destination: Destination,
        folder: Path | None,
        password_for: Callable[[str], str | None],
    ) -> None:
        """Run the check in the background; a newer check or clear() drops this one's result."""
        if folder is None:
            self.failed("Save the destination first: its key stores are found beside its file.")
            return
        url = destination.get("URL") or "(no URL)"
        self.running(url)
        now = datetime.now(UTC)
        self.jobs.run("connection", lambda: _check(destination, folder, password_for, now)).then(
            self.show_report
        ).or_else(lambda exc: self.failed(f"The check stopped: {sentence(exc)}"))

    def clear(self, sentence: str = "Not checked yet.") -> None:
        self.jobs.cancel("connection")
        self.button.setEnabled(True)
        self.status.setText(sentence)
        self.view.clear()

    def running(self, url: str) -> None:
        self.status.setText(f"Connecting to {url} …")
        self.view.clear()
        self.button.setEnabled(False)

    def failed(self, sentence: str) -> None:
        self.button.setEnabled(True)
        self.status.setText(sentence)

    def show_report(self, report: ConnectionReport) -> None:
        self.button.setEnabled(True)
        if report.ok:
            verdict = "ok", "The destination connects."
        else:
            verdict = "error", "The destination does not connect as configured."
        self.status.setText(
            f'<span style="color:{_COLOR[verdict[0]]}">{_MARK[verdict[0]]}</span> {verdict[1]}'
        )
        self.view.setHtml(render_html(report))


def _row(label: str, value: str) -> str:
    return f"<tr><td><b>{escape(label)}</b>&nbsp;&nbsp;</td><td>{value}</td></tr>"


def _check(
    destination: Destination,
    folder: Path,
    password_for: Callable[[str], str | None],
    now: datetime,
) -> ConnectionReport:
    """In the job: the connection code is imported there, off the GUI thread's start-up."""
    from core.connection import check_connection

    return check_connection(destination, folder, password_for, now)


def _node(node: Node, depth: int) -> str:
    days = f"{node.days_left} days left" if node.days_left >= 0 else "expired"
    mark = f'<span style="color:{_COLOR[node.status]}">{_MARK[node.status]}</span>'
    indent = "&nbsp;&nbsp;&nbsp;" * depth + ("└ " if depth else "")
    return f"{indent}{mark} {escape(node.facts.short_name)} <i>({days})</i>"


def render_html(report: ConnectionReport) -> str:
    rows = [_row("URL", escape(report.url))]
    if report.address:
        rows.append(_row("Connected to", escape(report.address)))
    if report.tls_version:
        rows.append(_row("TLS", escape(f"{report.tls_version}, {report.cipher}")))
    if report.server_chain:
        chain = "<br>".join(_node(n, d) for d, n in enumerate(report.server_chain))
        rows.append(_row("Server chain", chain))
    if report.client_cert_requested is not None:
        asked = "requested by the server" if report.client_cert_requested else "not requested"
        if report.client_certificate:
            asked += f"; sent {escape(report.client_certificate)}"
        rows.append(_row("Client certificate", asked))
    if report.acceptable_cas:
        rows.append(
            _row("Accepted client CAs", "<br>".join(escape(ca) for ca in report.acceptable_cas))
        )
    if report.address:
        shake = "succeeded" if report.handshake_ok else "failed"
        if report.alert:
            shake += f" (alert: {escape(report.alert)})"
        rows.append(_row("Handshake", shake))
    if report.http_status is not None:
        rows.append(_row(f"HTTP {report.http_method}", str(report.http_status)))
    parts = [f"<table>{''.join(rows)}</table>"]
    if report.findings:
        items = []
        for f in report.findings:
            level = f.severity.value
            mark = f'<span style="color:{_COLOR[level]}">{_MARK[level]}</span>'
            items.append(f"<li>{mark} {escape(f.message)} <small>({escape(f.code)})</small></li>")
        parts.append(f"<p><b>Findings</b></p><ul>{''.join(items)}</ul>")
    return "".join(parts)
