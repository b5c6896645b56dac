"""The consumer verdict in the inspector: pick a consumer (or all) and see what it would reject
or mishandle in the open key store, why, and the fix. Computed off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.icons import status_icon
from gui.jobs import Jobs

if TYPE_CHECKING:
    from core.keystores.consumers import Verdict
    from core.keystores.inspection import Report

CHOICES = (
    ("All consumers", None),
    ("SAP Cloud SDK for Java", "java-sdk"),
    ("SAP Cloud SDK for JavaScript", "node-sdk"),
    ("BTP cockpit upload", "cockpit"),
    ("Destination service (mTLS)", "destination-service"),
)
_WORD = {"error": "rejects", "warning": "mishandles", "info": "note"}


def judge(path: Path, report: Report) -> list[Verdict]:
    """On a worker thread: ask every consumer about the report the inspector already made (the
    file is read again only for a PKCS#12's algorithms)."""
    from core.keystores import read_keystore_file
    from core.keystores.consumers import verdicts

    return verdicts(read_keystore_file(path), report, path.name)


class ConsumerView(QWidget):
    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.channel = f"consumers-{id(self)}"
        self.verdicts: list[Verdict] = []
        self.judged = False  # no verdict yet: the table stays empty rather than say "accepts"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        label = QLabel("Verdict &for:", self)
        self.choice = QComboBox(self)
        self.choice.setAccessibleName("Consumer")
        for text, key in CHOICES:
            self.choice.addItem(text, key)
        label.setBuddy(self.choice)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        row.addWidget(label)
        row.addWidget(self.choice)
        row.addWidget(self.summary, 1)
        layout.addLayout(row)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["Consumer", "Verdict", "Problem", "Fix"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAccessibleName("Consumer verdicts")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.choice.currentIndexChanged.connect(lambda _i: self._show())
        channel = self.channel
        self.destroyed.connect(lambda *_: jobs.cancel(channel))

    def load(self, path: Path | None, report: Report | None) -> None:
        """Judge `report`, the inspection of `path`; None for both clears the table."""
        self.verdicts, self.judged = [], False
        self._show()
        if path is None or report is None:
            self.jobs.cancel(self.channel)
            self.summary.setText("")
            return
        self.summary.setText("Asking each consumer…")
        self.jobs.submit(self.channel, lambda: judge(path, report), self._done, self._failed)

    def _done(self, verdicts: list[Verdict]) -> None:
        self.verdicts, self.judged = verdicts, True
        self._show()

    def _failed(self, exc: Exception) -> None:
        self.verdicts, self.judged = [], False
        self._show()
        self.summary.setText(
            f"No verdict: the file could not be read again ({type(exc).__name__})."
        )

    def _show(self) -> None:
        from core.keystores.consumers import PROFILES

        if not self.judged:
            self.table.setRowCount(0)
            return
        key = self.choice.currentData()
        consumers = [key] if key else list(PROFILES)
        shown = [v for v in self.verdicts if v.consumer in consumers]
        rows: list[tuple[str, str, str, str, str]] = []
        for who in consumers:
            mine = [v for v in shown if v.consumer == who]
            if not mine:
                rows.append((PROFILES[who], "ok", "accepts", "-", "-"))
            for v in mine:
                severity = v.severity.value
                rows.append((PROFILES[who], severity, _WORD[severity], v.problem, v.fix))
        self.table.setRowCount(len(rows))
        for i, (who, status, word, problem, fix) in enumerate(rows):
            verdict = QTableWidgetItem(status_icon(status), word)
            for column, item in enumerate(
                (QTableWidgetItem(who), verdict, QTableWidgetItem(problem), QTableWidgetItem(fix))
            ):
                item.setToolTip(problem if column == 2 else fix if column == 3 else "")
                self.table.setItem(i, column, item)
        self.table.resizeRowsToContents()
        rejecting = sorted({PROFILES[v.consumer] for v in shown if v.severity.value == "error"})
        self.summary.setText(
            f"Rejected by: {', '.join(rejecting)}." if rejecting else "No consumer rejects it."
        )
