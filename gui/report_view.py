"""A key store report on screen: entries, the chain as a tree, a certificate's details with copy
buttons, and the findings. Shared by the editor's chain panel and the key store inspector."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication
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
    QToolButton,
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


class ReportView(QWidget):
    export_requested = Signal(str)  # "pem-cert", "der-cert", "pem-chain"

    def __init__(self, with_entries: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: Report | None = None
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
        self.details = QTableWidget(0, 3, details_box)
        self.details.setHorizontalHeaderLabels(["Field", "Value", ""])
        self.details.verticalHeader().setVisible(False)
        self.details.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.details.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.details.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.details.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.ResizeToContents
        )
        self.details.setAccessibleName("Certificate details")
        self.details.setWordWrap(False)
        dl.addWidget(self.details)
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
            )
        ):
            button.setEnabled(False)
            if not with_entries:
                # Beside the destination form the Alt+letters belong to the form's fields.
                button.setText(button.text().replace("&", ""))
            button.clicked.connect(lambda _=False, k=key: self.export_requested.emit(k))
            row, column = (0, i) if with_entries else divmod(i, 2)
            buttons.addWidget(button, row, column)
        buttons.setColumnStretch(3, 1)
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
            self._show_entry(0)

    def _show_entry(self, row: int) -> None:
        if self.report is None or not 0 <= row < len(self.report.entries):
            return
        self.show_entry(self.report.entries[row])

    def show_entry(self, entry: EntryReport) -> None:
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
            copy = QToolButton(self.details)
            copy.setText("Copy")
            copy.setAccessibleName(f"Copy {label}")
            copy.clicked.connect(lambda _=False, v=value: QGuiApplication.clipboard().setText(v))
            self.details.setCellWidget(i, 2, copy)
        for b in (self.export_pem, self.export_der, self.export_chain):
            b.setEnabled(True)
