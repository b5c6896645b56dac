"""Tools > Compare with Subaccount…: the workspace against what a subaccount holds.

The same comparison as `destination-cli remote diff`: one row per destination that differs
(only here, only in the subaccount, changed), with a row per property beneath (secrets by
presence only), and certificates by fingerprint. Rows can be ticked for Push Selected….
Reading the subaccount runs in a background job.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.errors import InputError
from core.remote.actions import Comparison, compare_workspace
from core.remote.remotes import list_remotes
from core.secrets import FallbackStore
from gui.jobs import Jobs

CHANNEL = "compare"


def _shown(value: str | None) -> str:
    return "(absent)" if value is None else value


class CompareView(QWidget):
    def __init__(
        self, jobs: Jobs, store: FallbackStore, folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.jobs, self.store, self.folder = jobs, store, folder
        self.setWindowTitle(f"Compare {folder.name} with a Subaccount")
        self.setAccessibleName("Compare with Subaccount")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        label = QLabel("&Subaccount:", self)
        self.remote = QComboBox(self)
        self.remote.setAccessibleName("Subaccount")
        label.setBuddy(self.remote)
        self.level = QComboBox(self)
        self.level.addItems(["subaccount", "instance"])
        self.level.setAccessibleName("Level")
        self.compare_button = QPushButton("&Compare", self)
        self.compare_button.clicked.connect(self.compare)
        for w in (label, self.remote, self.level, self.compare_button):
            row.addWidget(w)
        row.addStretch(1)
        layout.addLayout(row)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Differences")
        self.tree.setHeaderLabels(["Destination / property", "Here", "Subaccount"])
        self.tree.setColumnWidth(0, 260)
        self.tree.setColumnWidth(1, 260)
        layout.addWidget(self.tree)
        bottom = QHBoxLayout()
        self.status = QLabel("Choose a subaccount and Compare.", self)
        self.status.setWordWrap(True)
        self.push_button = QPushButton("&Push Selected…", self)
        self.push_button.setEnabled(False)
        self.push_button.clicked.connect(self.push_selected)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.push_button)
        layout.addLayout(bottom)
        self.comparison: Comparison | None = None
        self.push_dialog: QWidget | None = None
        self.tree.itemChanged.connect(lambda *_: self._update_push())
        self.resize(820, 520)
        self.reload_remotes()

    def reload_remotes(self) -> None:
        self.remote.clear()
        try:
            self.remote.addItems([r.name for r in list_remotes()])
        except InputError as exc:
            self.status.setText(str(exc))
        self.compare_button.setEnabled(self.remote.count() > 0)
        if self.remote.count() == 0:
            self.status.setText("No subaccounts yet: add one in File > Subaccounts….")

    def compare(self) -> None:
        name, level = self.remote.currentText(), self.level.currentText()
        folder, store = self.folder, self.store
        self.status.setText(f"Reading {name}…")
        self.compare_button.setEnabled(False)
        self.jobs.submit(
            CHANNEL,
            lambda: compare_workspace(name, folder, store, level),
            self._show,
            self._failed,
        )

    def _failed(self, exc: Exception) -> None:
        self.compare_button.setEnabled(True)
        text = str(exc) if isinstance(exc, InputError) else f"unexpected: {type(exc).__name__}"
        self.status.setText(f"Could not compare: {text}.")

    def _show(self, comparison: Comparison) -> None:
        self.compare_button.setEnabled(True)
        self.comparison = comparison
        diff = comparison.diff
        self.tree.blockSignals(True)
        self.tree.clear()
        for name in diff.only_local:
            self._row(name, "only here", "")
        for name in diff.only_remote:
            self._row(name, "", "only in the subaccount")
        for name, changes in diff.changed.items():
            item = self._row(name, "changed", "changed")
            for c in changes:
                QTreeWidgetItem(item, [c.key, _shown(c.local), _shown(c.remote)])
            item.setExpanded(True)
        for cert in diff.certificates:
            QTreeWidgetItem(
                self.tree,
                [
                    f"certificate {cert.name}",
                    cert.local[:16] + "…" if cert.local else "(absent)",
                    cert.remote[:16] + "…" if cert.remote else "(absent)",
                ],
            )
        self.tree.blockSignals(False)
        if diff.equal:
            self.status.setText(
                f"{self.folder.name} and {self.remote.currentText()} hold the same."
            )
        else:
            count = len(diff.only_local) + len(diff.only_remote) + len(diff.changed)
            self.status.setText(
                f"{count} destinations and {len(diff.certificates)} certificates differ. "
                "Tick the ones to push."
            )
        self._update_push()

    def _row(self, name: str, here: str, there: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [name, here, there])
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Unchecked)
        item.setData(0, Qt.ItemDataRole.UserRole, name)
        return item

    def selected(self) -> list[str]:
        names = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            name = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
            if item is not None and name and item.checkState(0) == Qt.CheckState.Checked:
                names.append(str(name))
        return names

    def _update_push(self) -> None:
        self.push_button.setEnabled(bool(self.selected()))

    def push_selected(self) -> None:
        from gui.push_dialog import PushDialog

        dialog = PushDialog(
            self.jobs,
            self.store,
            self.remote.currentText(),
            self.folder,
            self.level.currentText(),
            self.selected(),
            self,
        )
        dialog.finished.connect(lambda _: self.compare())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.push_dialog = dialog
        dialog.show()
