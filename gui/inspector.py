"""The key store inspector: any JKS, JCEKS, PKCS#12, PEM, DER or P7B file, on its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QWidget

from gui.jobs import Jobs
from gui.sizing import fit_to_screen
from gui.store_view import StoreView

KEYSTORE_FILTER = (
    "Key stores (*.jks *.jceks *.p12 *.pfx *.pem *.crt *.cer *.der *.p7b *.keystore);;All files (*)"
)


class InspectorWindow(QMainWindow):
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

    def open_path(self, path: Path, password: str | None = None) -> None:
        self.setWindowTitle(f"{path.name} — Key Store Inspector")
        self.view.load(path, password)

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Inspect key store", "", KEYSTORE_FILTER)
        if name:
            self.open_path(Path(name))

    def dragEnterEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            self.open_path(Path(urls[0].toLocalFile()))
