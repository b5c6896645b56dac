"""What the middle of the window shows when no destination is open: the three ways to begin,
instead of a greyed form with every field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePane(QWidget):
    def __init__(self, actions: list[tuple[QAction, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Welcome")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel("<h2>No destination open</h2>", self)
        text = QLabel(
            "Open a folder of destination files (your workspace), try the sample workspace, "
            "or start a new destination.",
            self,
        )
        text.setWordWrap(True)
        for label in (title, text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        self.buttons: list[QPushButton] = []
        for action, words in actions:
            # No mnemonic: the menus own the Alt+letters.
            button = QPushButton(action.icon(), words, self)
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            button.setMinimumWidth(240)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
            self.buttons.append(button)
        layout.addStretch(2)
