"""A key store report on screen: entries, the chain as a tree, a certificate's details (the selected
field's value copied by a button, Ctrl+C or the context menu), and the findings. Shared by the
editor's chain panel and the key store inspector."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.findings import worst_status
from gui.icons import status_icon
from gui.sizing import LIST_MIN_HEIGHT

if TYPE_CHECKING:
    from core.keystores.inspection import EntryReport, Node, Report

_ROLE_NODE = Qt.ItemDataRole.UserRole + 1


class EntriesModel(QAbstractTableModel):
    """The entries of a report, rendered on demand: a store of thousands of certificates costs
    the GUI thread only the rows on screen."""

    HEADERS = ("Alias", "Kind", "Key", "Expires", "Days left", "Status")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: tuple[EntryReport, ...] = ()

    def set_entries(self, entries: tuple[EntryReport, ...]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        entry = self.entries[index.row()]
        leaf = entry.chain[0] if entry.chain else None
        worst = worst_status(n.status for n in entry.chain) or "-"
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            kind = entry.kind.value.replace("_", " ")
            return (
                entry.alias,
                kind if entry.java_visible else f"{kind} (invisible to Java)",
                leaf.facts.key_description if leaf else "-",
                f"{leaf.facts.not_after:%Y-%m-%d}" if leaf else "-",
                str(min(n.days_left for n in entry.chain)) if entry.chain else "-",
                worst,
            )[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 5 and entry.chain:
            return status_icon(worst)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1 and not entry.java_visible:
            return (
                "This certificate lacks Java's trusted-certificate attribute: keytool and the "
                "SAP Java SDK do not see it."
            )
        return None


class _DetailsTable(QTableWidget):
    """A certificate's fields. Ctrl+C copies the selected field's value, not the cell that has
    the focus (Qt's own copy takes the current cell, often the field's name)."""

    copy_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ReportView(QWidget):
    export_requested = Signal(str)  # "pem-cert", "der-cert", "pem-chain"

    def __init__(self, with_entries: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: Report | None = None
        self._entry: EntryReport | None = None  # the entry the tree shows
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        layout.addWidget(splitter)

        self.model = EntriesModel(self)
        self.entries = QTableView(self)
        self.entries.setModel(self.model)
        self.entries.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.entries.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        rows = self.entries.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        rows.setDefaultSectionSize(rows.fontMetrics().height() + 8)
        header = self.entries.horizontalHeader()
        # Fixed widths: sizing columns to their contents costs a pass over thousands of rows.
        for column, width in enumerate((200, 130, 90, 90, 70)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.entries.setAccessibleName("Entries")
        self.entries.setVisible(with_entries)
        splitter.addWidget(self.entries)

        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Certificate chain", "Days left"])
        self.tree.setAccessibleName("Certificate chain")
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        splitter.addWidget(self.tree)

        details_box = QWidget(self)
        dl = QVBoxLayout(details_box)
        dl.setContentsMargins(0, 0, 0, 0)
        self.details = _DetailsTable(0, 2, details_box)
        self.details.setHorizontalHeaderLabels(["Field", "Value"])
        self.details.verticalHeader().setVisible(False)
        self.details.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.details.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.details.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.details.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.details.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.details.setAccessibleName("Certificate details")
        self.details.setWordWrap(False)
        dl.addWidget(self.details)
        # One Copy for the selected field (button, Ctrl+C, context menu), not a button per row:
        # a certificate shown beside the form made 17 of them, each a widget put into a cell,
        # which was most of what filling the panel cost the GUI thread (make bench's stall).
        self.copy_action = QAction("Copy value", self.details)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.setEnabled(False)  # until a field is selected
        self.copy_action.triggered.connect(self.copy_value)
        self.details.copy_requested.connect(self.copy_value)
        self.details.addAction(self.copy_action)
        self.details.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.details.itemSelectionChanged.connect(self._selection_changed)
        self.copy_button = QPushButton("Copy value", details_box)
        self.copy_button.setToolTip("Copy the selected field's value (Ctrl+C)")
        self.copy_button.clicked.connect(self.copy_value)
        # Beside the destination form the panel is narrow: the buttons take two lines there.
        buttons = QGridLayout()
        self.export_pem = QPushButton("Export &PEM…", details_box)
        self.export_der = QPushButton("Export &DER…", details_box)
        self.export_chain = QPushButton("Export c&hain (PEM)…", details_box)
        for i, (key, button) in enumerate(
            (
                ("pem-cert", self.export_pem),
                ("der-cert", self.export_der),
                ("pem-chain", self.export_chain),
                ("", self.copy_button),
            )
        ):
            button.setEnabled(False)
            if not with_entries:
                # Beside the destination form the Alt+letters belong to the form's fields.
                button.setText(button.text().replace("&", ""))
            if key:
                button.clicked.connect(lambda _=False, k=key: self.export_requested.emit(k))
            row, column = (0, i) if with_entries else divmod(i, 2)
            buttons.addWidget(button, row, column)
        buttons.setColumnStretch(4, 1)
        dl.addLayout(buttons)
        splitter.addWidget(details_box)

        self.findings = QListWidget(self)
        self.findings.setAccessibleName("Key store findings")
        self.findings.setWordWrap(True)
        splitter.addWidget(self.findings)
        splitter.setSizes([120 if with_entries else 0, 160, 220, 110])
        if not with_entries:
            # Beside the form, a low window shrinks these lists rather than the whole window
            # needing more height than a small screen has.
            for view in (self.tree, self.details, self.findings):
                view.setMinimumHeight(LIST_MIN_HEIGHT)

        selection = self.entries.selectionModel()
        selection.currentRowChanged.connect(lambda current, _prev: self._show_entry(current.row()))
        self.tree.currentItemChanged.connect(lambda item, _prev: self._show_node(item))

    def clear(self) -> None:
        self.report = None
        self._entry = None
        self.model.set_entries(())
        self.tree.clear()
        self.details.setRowCount(0)
        self.findings.clear()
        for b in (self.export_pem, self.export_der, self.export_chain):
            b.setEnabled(False)

    def show_report(self, report: Report) -> None:
        self.clear()
        self.report = report
        self.model.set_entries(report.entries)
        for finding in report.findings:
            where = f"[{finding.alias}] " if finding.alias else ""
            item = QListWidgetItem(status_icon(finding.severity.value), f"{where}{finding.message}")
            item.setToolTip(finding.code)
            self.findings.addItem(item)
        if report.entries:
            self.entries.setCurrentIndex(self.model.index(0, 0))
            self._show_entry(0)  # should the row's signal not have shown it

    def _show_entry(self, row: int) -> None:
        if self.report is None or not 0 <= row < len(self.report.entries):
            return
        if self.report.entries[row] is not self._entry:  # once, not again for the same entry
            self.show_entry(self.report.entries[row])

    def show_entry(self, entry: EntryReport) -> None:
        self._entry = entry
        self.tree.clear()
        parent: QTreeWidget | QTreeWidgetItem = self.tree
        first = None
        for node in entry.chain:
            label = node.facts.short_name + (" (from another entry)" if node.from_store else "")
            item = QTreeWidgetItem(parent, [label, str(node.days_left)])
            item.setIcon(0, status_icon(node.status))
            item.setToolTip(0, node.facts.subject)
            item.setData(0, _ROLE_NODE, node)
            first = first or item
            parent = item
        if entry.missing_issuer:
            item = QTreeWidgetItem(parent, [f"missing: {entry.missing_issuer}", ""])
            item.setIcon(0, status_icon("error"))
        self.tree.expandAll()
        if first is not None:
            self.tree.setCurrentItem(first)

    def selected_node(self) -> Node | None:
        item = self.tree.currentItem()
        node = item.data(0, _ROLE_NODE) if item is not None else None
        return node if node is not None and hasattr(node, "facts") else None

    def selected_chain(self) -> list[Node]:
        nodes = []
        item = self.tree.topLevelItem(0) if self.tree.topLevelItemCount() else None
        while item is not None:
            node = item.data(0, _ROLE_NODE)
            if node is not None and hasattr(node, "facts"):
                nodes.append(node)
            item = item.child(0) if item.childCount() else None
        return nodes

    def _show_node(self, item: QTreeWidgetItem | None) -> None:
        node = item.data(0, _ROLE_NODE) if item is not None else None
        if node is None or not hasattr(node, "facts"):
            self.details.setRowCount(0)
            return
        from core.keystores.inspection import certificate_fields

        rows = certificate_fields(node)
        self.details.setRowCount(len(rows))
        for i, (label, value) in enumerate(rows):
            self.details.setItem(i, 0, QTableWidgetItem(label))
            self.details.setItem(i, 1, QTableWidgetItem(value))
        for b in (self.export_pem, self.export_der, self.export_chain):
            b.setEnabled(True)

    def copy_value(self) -> None:
        """The selected field's value to the clipboard."""
        rows = self.details.selectionModel().selectedRows(1)
        item = self.details.item(rows[0].row(), 1) if rows else None
        if item is not None:
            QGuiApplication.clipboard().setText(item.text())

    def _selection_changed(self) -> None:
        selected = self.details.selectionModel().hasSelection()
        self.copy_button.setEnabled(selected)
        self.copy_action.setEnabled(selected)
