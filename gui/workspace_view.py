"""The workspace on the left of the editor: one row per destination (a file that holds several
has a row for each, naming the file), with its status, its authentication type and the days
until its nearest certificate expires."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from core.workspace import Summary
from gui.icons import status_icon

_ROLE_PATH = Qt.ItemDataRole.UserRole + 1
_ROLE_INDEX = Qt.ItemDataRole.UserRole + 2  # which destination of a file that holds several


class WorkspaceView(QTreeWidget):
    chosen = Signal(object, int, object)  # the file, which destination, the row before (or None)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Destination", "Authentication", "Expires in"])
        self.setAccessibleName("Workspace")
        self.setRootIsDecorated(False)
        self.setColumnWidth(0, 115)
        self.setColumnWidth(1, 95)
        self.currentItemChanged.connect(self._current)

    def items(self, path: Path | None = None) -> list[QTreeWidgetItem]:
        """Every row, or the rows of one file."""
        count = self.topLevelItemCount()
        rows = [i for n in range(count) if (i := self.topLevelItem(n)) is not None]
        return rows if path is None else [i for i in rows if _path(i) == path]

    def item_of(self, path: Path, index: int = 0) -> QTreeWidgetItem | None:
        return next((i for i in self.items(path) if _index(i) == index), None)

    def set_files(self, files: list[Path]) -> None:
        """One row per file until its summaries say how many destinations it holds."""
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

    def show_summaries(self, path: Path, summaries: list[Summary]) -> None:
        """One row per destination of the file, in place of the file's rows."""
        items = self.items(path)
        if not items or not summaries:
            return
        at = self.indexOfTopLevelItem(items[0])
        current = self.currentItem()
        chosen = _index(current) if current in items else None
        self.blockSignals(True)
        while len(items) > len(summaries):
            self.takeTopLevelItem(self.indexOfTopLevelItem(items.pop()))
        while len(items) < len(summaries):
            item = QTreeWidgetItem()
            self.insertTopLevelItem(at + len(items), item)
            items.append(item)
        for item, summary in zip(items, summaries, strict=True):
            item.setData(0, _ROLE_PATH, str(path))
            item.setData(0, _ROLE_INDEX, summary.entry_index)
            _show(item, summary)
        if chosen is not None:
            self.setCurrentItem(items[min(chosen, len(items) - 1)])
        self.blockSignals(False)

    def show_failure(self, path: Path, sentence: str) -> None:
        for item in self.items(path):
            item.setText(1, f"({sentence})")
            item.setToolTip(0, sentence)

    def _current(self, item: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.chosen.emit(_path(item), _index(item), previous)


def _path(item: QTreeWidgetItem) -> Path:
    return Path(item.data(0, _ROLE_PATH))


def _index(item: QTreeWidgetItem) -> int:
    return int(item.data(0, _ROLE_INDEX) or 0)


def _show(item: QTreeWidgetItem, summary: Summary) -> None:
    # A file that holds several destinations, or an instance-level one, is named on its rows.
    item.setText(0, summary.name + (f"  [{summary.where}]" if summary.where else ""))
    item.setIcon(0, status_icon(summary.status))
    item.setText(1, summary.authentication or ("unreadable" if summary.error else "-"))
    item.setText(2, "-" if summary.days_left is None else f"{summary.days_left} days")
    item.setToolTip(0, summary.error or f"{summary.path.name}: {summary.name}: {summary.status}")
