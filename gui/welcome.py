"""What the middle of the window shows when no destination is open: the three ways to begin,
instead of a greyed form with every field."""

from __future__ import annotations

from pathlib import Path

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
        # Why not, when a destination failed to open: the dialog saying so is gone once read,
        # and this pane would otherwise look like nothing had been tried.
        self.reason = QLabel(self)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)  # the sentence quotes file content
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName("Why no destination is open")
        self.reason.setVisible(False)
        text = QLabel(
            "Open a folder of destination files (your workspace), try the sample workspace, "
            "or start a new destination.",
            self,
        )
        text.setWordWrap(True)
        for label in (title, self.reason, text):
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

    def show_reason(self, path: Path | None, sentence: str = "") -> None:
        """Say why the destination file chosen last did not open (None: nothing failed). The
        sentence names the file as the command line run in its folder does: a full path would
        not wrap, and would widen the window."""
        if path is not None and sentence.startswith(f"{path}: "):
            sentence = f"{path.name}: {sentence[len(str(path)) + 2 :]}"
        self.reason.setText(f"Not opened: {sentence}." if path is not None else "")
        self.reason.setVisible(path is not None)
