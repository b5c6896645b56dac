"""The status bar's Cancel: shown once background work has run for a while, it gives all of
that work up (gui/jobs.py). Quick jobs come and go without it flashing up."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton, QWidget

from gui.jobs import Jobs

CANCEL_AFTER_MS = 700


class CancelButton(QPushButton):
    def __init__(self, jobs: Jobs, parent: QWidget) -> None:
        super().__init__("Cancel", parent)
        self.setAccessibleName("Cancel the work running in the background")
        self.setToolTip("Stop waiting for what runs in the background")
        self.hide()
        self.clicked.connect(jobs.cancel_all)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CANCEL_AFTER_MS)
        self.timer.timeout.connect(lambda: self.setVisible(jobs.pending > 0))
        jobs.started.connect(self.timer.start)
        jobs.idle.connect(self.hide)
