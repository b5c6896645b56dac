"""The key store inspector: any JKS, JCEKS, PKCS#12, PEM, DER or P7B file, on its own, with
each consumer's verdict below it, and the edits of the Key Store menu."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QSplitter, QWidget

from gui.consumer_view import ConsumerView
from gui.jobs import Jobs
from gui.keystore_edit_dialog import KeystoreEditDialog
from gui.keystore_filters import KEYSTORE_FILTER
from gui.keystore_tools_dialog import KeystoreToolDialog
from gui.sizing import fit_to_screen
from gui.store_view import StoreView

if TYPE_CHECKING:
    from core.keystores.inspection import Report

__all__ = ["KEYSTORE_FILTER", "InspectorWindow"]  # KEYSTORE_FILTER: kept for older imports

_EDITS = (
    ("&Generate Key Pair…", "generate"),
    ("Certificate &Signing Request…", "csr"),
    ("Import CA &Reply…", "import-reply"),
    ("Import &Trusted Certificates…", "import-trusted"),
    None,
    ("Re&name Entry…", "rename"),
    ("&Delete Entry…", "delete"),
    ("Change &Passwords…", "passwd"),
)


class InspectorWindow(QMainWindow):
    made = Signal(Path, str)  # a key store the tools wrote, and its password

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.setWindowTitle("Key Store Inspector")
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.view = StoreView(jobs, with_entries=True, parent=splitter)
        self.consumers = ConsumerView(jobs, splitter)
        splitter.addWidget(self.view)
        splitter.addWidget(self.consumers)
        splitter.setSizes([560, 200])
        self.setCentralWidget(splitter)
        fit_to_screen(self, 900, 760)
        self.setAcceptDrops(True)
        menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open Key Store…", self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.choose)
        close_action = QAction("&Close", self)
        close_action.setShortcut(QKeySequence.StandardKey.Close)
        close_action.triggered.connect(self.close)
        menu.addAction(open_action)
        menu.addAction(close_action)
        edits = self.menuBar().addMenu("&Key Store")
        self.edit_actions: dict[str, QAction] = {}
        for item in _EDITS:
            if item is None:
                edits.addSeparator()
                continue
            text, action = item
            act = edits.addAction(text)
            act.triggered.connect(lambda _=False, a=action: self.edit(a))
            act.setEnabled(False)
            self.edit_actions[action] = act
        tools = self.menuBar().addMenu("&Tools")
        for text, action in (
            ("C&onvert This Key Store…", "convert"),
            ("&Fix This Key Store for SAP…", "fix"),
        ):
            tools.addAction(text).triggered.connect(lambda _=False, a=action: self.tool(a))
        self.view.loaded.connect(self._loaded)
        self.view.failed.connect(lambda _s: self._enable_edits(False))

    def open_path(self, path: Path, password: str | None = None) -> None:
        self.setWindowTitle(f"{path.name} — Key Store Inspector")
        self.consumers.load(None, None)
        self._enable_edits(False)
        self.view.load(path, password)

    def _loaded(self, report: Report) -> None:
        self._enable_edits(True)
        self.consumers.load(self.view.path, report)

    def _enable_edits(self, on: bool) -> None:
        for action in self.edit_actions.values():
            action.setEnabled(on)

    def selected_alias(self) -> str | None:
        report = self.view.view.report
        row = self.view.view.entries.currentIndex().row()
        if report is None or not 0 <= row < len(report.entries):
            return None
        return report.entries[row].alias

    def edit(self, action: str) -> KeystoreEditDialog | None:
        """Open the dialog of one edit on the open key store; the result is shown here."""
        path, password = self.view.showing
        if path is None:
            return None
        alias = None if action in ("generate", "import-trusted") else self.selected_alias()
        dialog = KeystoreEditDialog(
            action, self.jobs, path, password or self.view.password.text() or None, alias, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.edited.connect(self.open_path)
        dialog.show()
        return dialog

    def tool(self, action: str) -> None:
        """Convert or fix the open key store; the new file opens in another inspector."""
        dialog = KeystoreToolDialog(action, self.jobs, source=self.view.path, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.made.connect(self.made)
        dialog.show()

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Inspect key store", "", KEYSTORE_FILTER)
        if name:
            self.open_path(Path(name))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            self.open_path(Path(urls[0].toLocalFile()))
