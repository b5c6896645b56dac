"""The workspace's rows as a table model: one row per destination (a file that holds several has
a row for each), with its status, authentication type and days until its nearest certificate
expires.

The rows appear at once from the file names; the background summaries replace them in batches,
so that a workspace of 10,000 destinations lists, sorts and filters without item widgets and
without a signal per row.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QIcon

from core.workspace import Summary
from gui.icons import status_icon

COLUMNS = ("Destination", "Authentication", "Expires in")
_NO_DAYS = 1 << 40  # rows without a certificate sort after every real count of days
_Index = QModelIndex | QPersistentModelIndex
_ROLES = frozenset(
    (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole)
)


@dataclass
class Row:
    path: Path
    index: int = 0  # which destination of the file
    name: str = ""
    authentication: str = "…"  # until its summary arrives
    status: str | None = None  # "ok", "warning", "error"; None until judged
    days_left: int | None = None
    tooltip: str = ""
    summarized: bool = False

    @property
    def key(self) -> tuple[Path, int]:
        return self.path, self.index


def _from_summary(summary: Summary) -> Row:
    # A file that holds several destinations, or an instance-level one, is named on its rows.
    where = f"  [{summary.where}]" if summary.where else ""
    return Row(
        summary.path,
        summary.entry_index,
        summary.name + where,
        summary.authentication or ("unreadable" if summary.error else "-"),
        summary.status,
        summary.days_left,
        summary.error or f"{summary.path.name}: {summary.name}: {summary.status}",
        True,
    )


# One batch of background summaries: per file, its Summary list, or the sentence why it failed.
Batch = list[tuple[Path, list[Summary] | None, str | None]]


class _Backwards:
    """A list read from its end, for bisecting a list sorted in descending order."""

    def __init__(self, items: list[int]) -> None:
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, n: int) -> int:
        return self._items[len(self._items) - 1 - n]


class WorkspaceModel(QAbstractTableModel):
    """Sorts and filters by itself, in Python's list.sort over plain keys: a proxy model would
    ask `data()` through Python for every comparison, which at 10,000 rows stalls the window
    for each batch of statuses."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []  # in the files' order
        self._first: dict[Path, int] = {}  # a file's first row
        self._count: dict[Path, int] = {}  # how many rows it has
        self._shown: list[int] = []  # the rows shown, in the order shown
        self._column, self._order = 0, Qt.SortOrder.AscendingOrder
        self._filter = ""
        self._icons: dict[str, QIcon] = {}
        self._keys: list[Any] = []  # each row's sort key, by the column sorted on

    # ----- what the view asks ---------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A paint asks each cell for about eight roles and this answers three: the others are
        # told apart first, before the index is read (a paint of the list asks about 1,300
        # times, on the GUI thread, while a worker fills the statuses in).
        if role not in _ROLES or not index.isValid():
            return None
        row, column = self._rows[self._shown[index.row()]], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.name
            if column == 1:
                return row.authentication
            if not row.summarized:
                return ""
            return "-" if row.days_left is None else f"{row.days_left} days"
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and row.status is not None:
            icon = self._icons.get(row.status)
            if icon is None:
                icon = self._icons[row.status] = status_icon(row.status)
            return icon
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.tooltip
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._column, self._order = column, order
        self._arrange()

    # ----- rows ---------------------------------------------------------------------------------
    def row(self, n: int) -> Row:
        """The row shown at position `n`."""
        return self._rows[self._shown[n]]

    def rows(self) -> list[Row]:
        """Every row, shown or filtered out, in the files' order."""
        return list(self._rows)

    def position(self, path: Path, index: int = 0) -> int | None:
        """Where the row of destination `index` of the file is shown, or None."""
        first = self._first.get(path)
        if first is None or index >= self._count[path]:
            return None
        try:
            return self._shown.index(first + index)
        except ValueError:
            return None  # filtered out

    def count_of(self, path: Path) -> int:
        return self._count.get(path, 0)

    def set_filter(self, text: str) -> None:
        self._filter = text.casefold()
        self._arrange()

    def set_files(self, files: list[Path]) -> None:
        """One row per file, named after it, until its summaries say more."""
        self.beginResetModel()
        self._rows = [Row(p, 0, p.stem, tooltip=str(p)) for p in files]
        self._reindex()
        self._shown = self._arranged()
        self.endResetModel()

    def show_batch(self, batch: Batch) -> None:
        """The summaries of some files, in place of their rows."""
        touched: list[int] = []
        relaid = False
        for path, summaries, failure in batch:
            first = self._first.get(path)
            if first is None:
                continue  # a file of a workspace that is no longer shown
            if failure is not None or not summaries:
                for n in range(first, first + self._count[path]):
                    row = self._rows[n]
                    row.authentication, row.tooltip = f"({failure})", failure or ""
                    row.summarized = True
                    touched.append(n)
                continue
            rows = [_from_summary(s) for s in summaries]
            if len(rows) == self._count[path]:
                self._rows[first : first + len(rows)] = rows
                touched.extend(range(first, first + len(rows)))
            else:
                self._replace(path, rows)
                relaid = True
        if relaid:
            self._arrange()  # the rows were numbered again: the others of the batch too
        elif touched:
            self._rearrange(touched)

    def _replace(self, path: Path, rows: list[Row]) -> None:
        """A file holds another number of destinations than it has rows: the rows are laid out
        again (rare: files that hold several destinations)."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        keys = [(self.row(i.row()).key, i.column()) for i in before]
        first = self._first[path]
        self._rows[first : first + self._count[path]] = rows
        self._reindex()
        self._shown = self._arranged()
        where = {self._rows[n].key: at for at, n in enumerate(self._shown)}
        after = [
            self.index(where[key], column) if key in where else QModelIndex()
            for key, column in keys
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _key(self, row: Row) -> Any:
        if self._column == 0:
            return row.name.casefold()
        if self._column == 1:
            return row.authentication.casefold()
        return _NO_DAYS if row.days_left is None else row.days_left

    def _passes(self, row: Row) -> bool:
        text = self._filter
        return not text or text in row.name.casefold() or text in row.authentication.casefold()

    def _arranged(self) -> list[int]:
        """Every row filtered and sorted again; the sort keys are kept for _rearrange. Ties keep
        the files' order, in either direction (list.sort is stable)."""
        rows = self._rows
        self._keys = [self._key(r) for r in rows]
        shown = [n for n, r in enumerate(rows) if self._passes(r)]
        descending = self._order is Qt.SortOrder.DescendingOrder
        shown.sort(key=self._keys.__getitem__, reverse=descending)
        return shown

    def _arrange(self) -> None:
        """Sort and filter again."""
        self._show(self._arranged())

    def _rearrange(self, touched: list[int]) -> None:
        """Rows `touched` took their summaries. Only those whose sort key or filter match
        changed move, each into its place by bisection: sorting all 10,000 rows again for each
        batch of 100 was the longest piece of the window's work while the statuses fill in. The
        order is the one _arranged gives (key, then the files' order)."""
        keys, shown = self._keys, self._shown
        visible = set(shown)
        moved = {
            n
            for n in touched
            if self._key(self._rows[n]) != keys[n] or self._passes(self._rows[n]) != (n in visible)
        }
        if not moved:
            self._show(shown)
            return
        shown = [n for n in shown if n not in moved]
        for n in sorted(moved):
            keys[n] = self._key(self._rows[n])
            if not self._passes(self._rows[n]):
                continue
            if self._order is Qt.SortOrder.AscendingOrder:
                bisect.insort(shown, n, key=lambda m: (keys[m], m))
            else:  # descending by key, ties still in the files' order: ascending read backwards
                at = bisect.bisect(_Backwards(shown), (keys[n], -n), key=lambda m: (keys[m], -m))
                shown.insert(len(shown) - at, n)
        self._show(shown)

    def _show(self, shown: list[int]) -> None:
        """The view hears of a change of order only if there is one."""
        if shown == self._shown:
            if shown:
                bottom = self.index(len(shown) - 1, len(COLUMNS) - 1)
                self.dataChanged.emit(self.index(0, 0), bottom)
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        old = [(self._shown[i.row()], i.column()) for i in before]
        self._shown = shown
        where = {n: at for at, n in enumerate(shown)}
        after = [self.index(where[n], column) if n in where else QModelIndex() for n, column in old]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _reindex(self) -> None:
        self._first, self._count = {}, {}
        for n, row in enumerate(self._rows):
            self._first.setdefault(row.path, n)
            self._count[row.path] = self._count.get(row.path, 0) + 1
