"""The findings at the bottom of the editor, worst first; a click focuses the field.

A model and a view, not a list of items: every finding stays listed (as `validate` lists them),
and a destination with 35,000 of them costs the GUI thread only the rows it paints. The view is a
one-column table drawn as a list: a QListView (even with uniform sizes) or a QTreeView asks the
model about every row when it lays out, 70,000 calls into Python that each wait for the
interpreter while a background job holds it (a 0.5 s stall); a table asks about the rows it
paints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from core.findings import Finding
from gui.icons import status_icon
from gui.sizing import LIST_MIN_HEIGHT

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the property a row's finding concerns, or ""
_Index = QModelIndex | QPersistentModelIndex


def finding_text(finding: Finding) -> str:
    key = finding.key or ""
    # A key store's findings name their property already.
    where = f"{key}: " if key and not finding.message.startswith(key) else ""
    return f"{where}{finding.message}"


class FindingsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.findings: Sequence[Finding] = ()

    def show(self, findings: Sequence[Finding]) -> None:
        self.beginResetModel()
        self.findings = findings
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.findings)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.findings):
            return None
        finding = self.findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return finding_text(finding)
        if role == Qt.ItemDataRole.DecorationRole:
            return status_icon(finding.severity.value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return finding.code
        if role == KEY_ROLE:
            return finding.key or ""
        return None


class FindingsView(QTableView):
    focus_requested = Signal(str)  # the property a finding concerns

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(LIST_MIN_HEIGHT)  # a low screen: lower, not the window taller
        self.setAccessibleName("Findings")
        self.findings_model = FindingsModel(self)
        self.setModel(self.findings_model)
        # A list's looks and keys: no headers or grid, a list's icons, whole rows, one line
        # each, Tab leaves.
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fit_rows()
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.activated.connect(self._activated)
        self.clicked.connect(self._activated)

    def _fit_rows(self) -> None:
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_ListViewIconSize)
        self.setIconSize(QSize(size, size))
        self.verticalHeader().setDefaultSectionSize(self._row_height())

    def changeEvent(self, event: QEvent) -> None:
        # Rows are of a fixed height: made again for a new font or style, as a list's would be.
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_rows()
        super().changeEvent(event)

    def _row_height(self) -> int:
        """A list's row: as high as the style makes an item with an icon and a line of text."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.features = (
            QStyleOptionViewItem.ViewItemFeature.HasDisplay
            | QStyleOptionViewItem.ViewItemFeature.HasDecoration
        )
        option.text = "Xg"
        option.icon = status_icon("error")
        kind = QStyle.ContentsType.CT_ItemViewItem
        return self.style().sizeFromContents(kind, option, QSize(), self).height()

    def show_findings(self, findings: Sequence[Finding]) -> None:
        self.findings_model.show(findings)

    def _activated(self, index: QModelIndex) -> None:
        key = index.data(KEY_ROLE)
        if key:
            self.focus_requested.emit(str(key))
