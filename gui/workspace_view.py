"""The workspace on the left of the editor: one row per destination file, with its status, its
authentication type and the days until its nearest certificate expires."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from core.workspace import Summary
from gui.icons import status_icon

_ROLE_PATH = Qt.ItemDataRole.UserRole + 1


class WorkspaceView(QTreeWidget):
    chosen = Signal(object, object)  # the file chosen, and the row chosen before (or None)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Destination", "Authentication", "Expires in"])
        self.setAccessibleName("Workspace")
        self.setRootIsDecorated(False)
        self.setColumnWidth(0, 115)
        self.setColumnWidth(1, 95)
        self.currentItemChanged.connect(self._current)

    def items(self) -> list[QTreeWidgetItem]:
        count = self.topLevelItemCount()
        return [i for n in range(count) if (i := self.topLevelItem(n)) is not None]

    def item_of(self, path: Path) -> QTreeWidgetItem | None:
        return next((i for i in self.items() if Path(i.data(0, _ROLE_PATH)) == path), None)

    def set_files(self, files: list[Path]) -> None:
        self.blockSignals(True)
        self.clear()
        for path in files:
            item = QTreeWidgetItem(self, [path.stem, "…", ""])
            item.setData(0, _ROLE_PATH, str(path))
            item.setToolTip(0, str(path))
        self.blockSignals(False)

    def select(self, item: QTreeWidgetItem | None, quietly: bool = False) -> None:
        if item is not None:
            self.blockSignals(quietly)
            self.setCurrentItem(item)
            self.blockSignals(False)

    def show_summary(self, summary: Summary) -> None:
        item = self.item_of(summary.path)
        if item is None:
            return
        item.setText(0, summary.name)
        item.setIcon(0, status_icon(summary.status))
        item.setText(1, summary.authentication or ("unreadable" if summary.error else "-"))
        item.setText(2, "-" if summary.days_left is None else f"{summary.days_left} days")
        item.setToolTip(0, summary.error or f"{summary.path.name}: {summary.status}")

    def show_failure(self, path: Path, sentence: str) -> None:
        item = self.item_of(path)
        if item is not None:
            item.setText(1, f"({sentence})")
            item.setToolTip(0, sentence)

    def _current(self, item: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.chosen.emit(Path(item.data(0, _ROLE_PATH)), previous)
