"""The workspace on the left of the editor: one row per destination (a file that holds several
has a row for each, naming the file), with its status, its authentication type and the days
until its nearest certificate expires. Sorted by any column; the rows live in
gui/workspace_model.py, so 10,000 of them cost no widget each."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from core.workspace import Summary
from gui.workspace_model import Batch, Row, WorkspaceModel

# A row as the window keeps hold of it: the file and which of its destinations.
Handle = tuple[Path, int]


class WorkspaceView(QTreeView):
    chosen = Signal(object, int, object)  # the file, which destination, the row before (or None)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = WorkspaceModel(self)
        self.setModel(self.rows)
        self.setAccessibleName("Workspace")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)  # no row is measured: 10,000 rows lay out at once
        self.setAllColumnsShowFocus(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.setColumnWidth(0, 115)
        self.setColumnWidth(1, 95)
        self._quiet = False
        self._current: Handle | None = None
        selection = self.selectionModel()
        selection.currentRowChanged.connect(self._current_changed)

    # ----- rows, in the order shown -----------------------------------------------------------
    def count(self) -> int:
        return self.rows.rowCount()

    def shown(self, n: int) -> Row:
        """The row shown at position `n` (after sorting and filtering)."""
        return self.rows.row(n)

    def items(self, path: Path | None = None) -> list[Handle]:
        """Every row as shown, or the rows of one file."""
        rows = (self.shown(n) for n in range(self.count()))
        return [r.key for r in rows if path is None or r.path == path]

    def first(self) -> Handle | None:
        return self.shown(0).key if self.count() else None

    def first_of(self, path: Path) -> Handle | None:
        """The file's row shown first, or None (none of its rows is shown). Asks the model per
        row of the file, not for all 10,000 rows: the window asks after every batch."""
        rows = self.rows
        at = [
            (p, n) for n in range(rows.count_of(path)) if (p := rows.position(path, n)) is not None
        ]
        return (path, min(at)[1]) if at else None

    def item_of(self, path: Path, index: int = 0) -> Handle | None:
        return (path, index) if index < self.rows.count_of(path) else None

    def current(self) -> Handle | None:
        return self._current

    def set_filter(self, text: str) -> None:
        self.rows.set_filter(text)

    # ----- what the window tells --------------------------------------------------------------
    def set_files(self, files: list[Path]) -> None:
        """One row per file until its summaries say how many destinations it holds."""
        self._quiet = True
        self._current = None
        self.rows.set_files(files)
        self._quiet = False

    def select(self, item: Handle | None, quietly: bool = False) -> None:
        if item is None:
            return
        at = self.rows.position(*item)
        if at is None:
            return
        self._quiet = quietly
        self.setCurrentIndex(self.rows.index(at, 0))
        self._quiet = False

    def show_batch(self, batch: Batch) -> None:
        keep = self._current
        self._quiet = True
        self.rows.show_batch(batch)
        if keep is not None and self._current != keep:
            # Its row went: a file that now holds fewer destinations keeps the nearest chosen.
            count = self.rows.count_of(keep[0])
            at = self.rows.position(keep[0], min(keep[1], count - 1)) if count else None
            if at is not None:
                self.setCurrentIndex(self.rows.index(at, 0))
        self._quiet = False

    def show_summaries(self, path: Path, summaries: list[Summary]) -> None:
        self.show_batch([(path, summaries, None)])

    def show_failure(self, path: Path, sentence: str) -> None:
        self.show_batch([(path, None, sentence)])

    def _current_changed(self, now: QModelIndex, _previous: QModelIndex) -> None:
        previous = self._current
        self._current = None
        if now.isValid():
            self._current = self.rows.row(now.row()).key
        if self._current is not None and not self._quiet and self._current != previous:
            self.chosen.emit(self._current[0], self._current[1], previous)
