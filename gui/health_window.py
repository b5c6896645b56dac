"""Workspace health: every destination of the folder with the certificate that expires first,
soonest first. SAP does not renew uploaded certificates; this is where renewals are planned.
Double-click a row to open that destination."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.findings import EXPIRING_DAYS, worst_first
from core.report import as_record, workspace_report
from core.secrets import SecretStore
from core.workspace import Summary
from gui.icons import status_icon
from gui.jobs import Jobs
from gui.sizing import fit_to_screen

_PATH = Qt.ItemDataRole.UserRole + 1
_SORT = Qt.ItemDataRole.UserRole + 2
_INDEX = Qt.ItemDataRole.UserRole + 3
COLUMNS = ["Days left", "Expires", "Destination", "Authentication", "Key store", "Certificate"]
COLUMNS += ["Findings", "Most serious"]


class _Row(QTreeWidgetItem):
    """Sorts by the value kept for sorting (numbers as numbers, no expiry last)."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        column = self.treeWidget().sortColumn() if self.treeWidget() else 0
        mine, theirs = self.data(column, _SORT), other.data(column, _SORT)
        if mine is None or theirs is None:
            return super().__lt__(other)
        return bool(mine < theirs)


class HealthWindow(QMainWindow):
    open_requested = Signal(Path, int)  # the file, and which of its destinations

    def __init__(
        self, jobs: Jobs, secrets: Callable[[], SecretStore], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.secrets = secrets
        self.folder: Path | None = None
        self.setWindowTitle("Workspace Health")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        top = QHBoxLayout()
        self.summary = QLabel("", body)
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton("&Refresh", body)
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.table = QTreeWidget(body)
        self.table.setAccessibleName("Destinations by certificate expiry")
        self.table.setHeaderLabels(COLUMNS)
        self.table.setRootIsDecorated(False)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.itemActivated.connect(self._activated)
        for column, width in enumerate((80, 90, 130, 210, 130, 130, 130)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(body)
        fit_to_screen(self, 1280, 420)

    def load(self, folder: Path) -> None:
        self.folder = folder
        self.setWindowTitle(f"{folder.name} — Workspace Health")
        self.refresh()

    def refresh(self) -> None:
        folder, store, now = self.folder, self.secrets(), datetime.now(UTC)
        if folder is None:
            return
        self.summary.setText(f"Checking every destination in {folder.name} …")
        self.refresh_button.setEnabled(False)
        self.jobs.run("health", lambda: workspace_report(folder, store, now)).then(
            self._show
        ).or_else(self._failed)

    def _failed(self, exc: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self.summary.setText(f"The workspace could not be read: {exc}")

    def _show(self, rows: list[Summary]) -> None:
        self.refresh_button.setEnabled(True)
        self.table.setSortingEnabled(False)
        self.table.clear()
        for summary in rows:
            r = as_record(summary)
            days = r["days_left"]
            cells = [
                "—" if days is None else f"{days}",
                r["expires"] or "—",
                r["name"] + (f"  [{summary.where}]" if summary.where else ""),
                r["authentication"] or "—",
                r["key_store"] or "—",
                summary.expiry.facts.short_name if summary.expiry else "—",
                _counts(r["errors"], r["warnings"]),
                _worst(summary),
            ]
            item = _Row(cells)
            item.setIcon(0, status_icon(summary.status))
            item.setData(0, _PATH, str(summary.path))
            item.setData(0, _INDEX, summary.entry_index)
            sort_keys = [
                float("inf") if days is None else days,
                r["expires"] or "9999",
                r["name"].lower(),
                r["authentication"],
                r["key_store"] or "",
                cells[5],
                (-r["errors"], -r["warnings"]),
                cells[7],
            ]
            for column, key in enumerate(sort_keys):
                item.setData(column, _SORT, key)
            tip = "\n".join(f.message for f in summary.findings[:8]) or "No findings."
            for column in range(len(COLUMNS)):
                item.setToolTip(column, summary.error or tip)
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        soon = sum(1 for s in rows if s.days_left is not None and 0 <= s.days_left <= EXPIRING_DAYS)
        expired = sum(1 for s in rows if s.days_left is not None and s.days_left < 0)
        self.summary.setText(
            f"{len(rows)} destinations in {self.folder.name if self.folder else ''}: "
            f"{expired} with an expired certificate, "
            f"{soon} expiring within {EXPIRING_DAYS} days. Double-click a row to open it."
        )

    def _activated(self, item: QTreeWidgetItem) -> None:
        self.open_requested.emit(Path(item.data(0, _PATH)), int(item.data(0, _INDEX) or 0))


def _counts(errors: int, warnings: int) -> str:
    parts = [f"{errors} error{'s' * (errors != 1)}"] if errors else []
    parts += [f"{warnings} warning{'s' * (warnings != 1)}"] if warnings else []
    return ", ".join(parts) or "none"


def _worst(summary: Summary) -> str:
    if summary.error:
        return summary.error
    ranked = worst_first(summary.findings)
    return ranked[0].message if ranked else ""
