"""Parts the key store tool and edit dialogs share: a file row, a password box, and the result
line with Apply/Close under the form."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)


class PathRow(QWidget):
    """A file name with a Choose… button (an open or a save dialog)."""

    def __init__(self, title: str, file_filter: str, save: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.title, self.file_filter, self.save = title, file_filter, save
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(title)
        button = QPushButton("Choose…", self)
        button.clicked.connect(self.choose)
        layout.addWidget(self.edit, 1)
        layout.addWidget(button)

    def choose(self) -> None:
        pick = QFileDialog.getSaveFileName if self.save else QFileDialog.getOpenFileName
        name, _ = pick(self, self.title, self.edit.text(), self.file_filter)
        if name:
            self.edit.setText(name)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text) if text else None


def password_edit(name: str, parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


def result_area(
    dialog: QDialog, layout: QBoxLayout, ok_text: str, on_ok: Callable[[], None]
) -> tuple[QLabel, QDialogButtonBox]:
    """The line that says what happened, and the OK (named `ok_text`) and Close buttons."""
    message = QLabel("", dialog)
    message.setWordWrap(True)
    message.setAccessibleName("Result")
    layout.addWidget(message)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close, dialog
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return message, buttons


def say(message: QLabel, text: str, error: bool = True) -> None:
    color = "#c62828" if error else "#2e7d32"
    message.setText(f'<span style="color:{color}">{text}</span>')
