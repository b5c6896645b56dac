"""The findings at the bottom of the editor, worst first; a click focuses the field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from core.findings import Finding
from gui.icons import status_icon
from gui.sizing import LIST_MIN_HEIGHT

_ROLE_KEY = Qt.ItemDataRole.UserRole + 1


class FindingsView(QListWidget):
    focus_requested = Signal(str)  # the property a finding concerns

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(LIST_MIN_HEIGHT)  # a low screen: lower, not the window taller
        self.setAccessibleName("Findings")
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)

    def show_findings(self, findings: tuple[Finding, ...] | list[Finding]) -> None:
        self.clear()
        for finding in findings:
            key = finding.key or ""
            # A key store's findings name their property already.
            where = f"{key}: " if key and not finding.message.startswith(key) else ""
            item = QListWidgetItem(status_icon(finding.severity.value), f"{where}{finding.message}")
            item.setData(_ROLE_KEY, key)
            item.setToolTip(finding.code)
            self.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        key = item.data(_ROLE_KEY)
        if key:
            self.focus_requested.emit(str(key))
