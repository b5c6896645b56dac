"""The questions the editor window asks before the controller acts: unsaved changes, copying a
key store into the workspace, deleting a destination."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from gui.editor import EditorController


def delete_question(editor: EditorController) -> str:
    """What Delete will do to the open destination, as the question says it."""
    session = editor.session
    assert session is not None and session.path is not None
    name = session.saved_name or "(no Name)"
    if editor.trashes_file:
        return f"Move {session.path.name} ({name}) to the trash?"
    return f"Remove {name} from {session.path.name}? The file's other destinations stay."


def ask_delete(parent: QWidget, editor: EditorController, ask: bool = True) -> bool:
    """Delete the open destination after a Yes, offering to delete its keyring entries too."""
    session = editor.session
    if session is None or session.path is None:
        return False
    forget = QCheckBox("Also delete its passwords from the OS keyring")
    forget.setChecked(True)
    if ask:
        buttons = QMessageBox.StandardButton
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete destination",
            delete_question(editor),
            buttons.Yes | buttons.Cancel,
            parent,
        )
        box.setCheckBox(forget)
        box.setDefaultButton(buttons.Cancel)
        if box.exec() != buttons.Yes:
            return False
    return editor.delete(forget.isChecked())


def ask_unsaved(parent: QWidget, title: str) -> QMessageBox.StandardButton:
    """Save, Discard or Cancel."""
    buttons = QMessageBox.StandardButton
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Unsaved changes",
        f"{title} has unsaved changes. Save them?",
        buttons.Save | buttons.Discard | buttons.Cancel,
        parent,
    )
    box.setDefaultButton(buttons.Save)
    return buttons(box.exec())


def ask_copy(parent: QWidget, path: Path, folder: Path) -> bool:
    question = (
        f"{path.name} is not in the workspace folder, where the destination names it. "
        f"Copy it to {folder}?"
    )
    yes = QMessageBox.StandardButton.Yes
    return QMessageBox.question(parent, "Copy key store", question) == yes
