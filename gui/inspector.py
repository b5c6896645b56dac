"""The key store inspector: any JKS, JCEKS, PKCS#12, PEM, DER or P7B file, on its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QWidget

from gui.filters import KEYSTORE_FILTER
from gui.jobs import Jobs
from gui.keystore_tools_dialog import KeystoreToolDialog
from gui.sizing import fit_to_screen
from gui.store_view import StoreView


class InspectorWindow(QMainWindow):
    made = Signal(Path, str)  # a key store the tools wrote, and its password

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.setWindowTitle("Key Store Inspector")
        self.view = StoreView(jobs, with_entries=True, parent=self)
        self.setCentralWidget(self.view)
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
        tools = self.menuBar().addMenu("&Tools")
        for text, action in (
            ("C&onvert This Key Store…", "convert"),
            ("&Fix This Key Store for SAP…", "fix"),
        ):
            tools.addAction(text).triggered.connect(lambda _=False, a=action: self.tool(a))

    def open_path(self, path: Path, password: str | None = None) -> None:
        self.setWindowTitle(f"{path.name} — Key Store Inspector")
        self.view.load(path, password)

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
