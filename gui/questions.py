"""The questions the editor window asks before the controller acts: unsaved changes, copying a
key store into the workspace, deleting a destination, keeping passwords in a file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QFileDialog, QMessageBox, QWidget

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


def ask_keep_in_file(parent: QWidget, leaving: list[str], known: bool) -> frozenset[str] | None:
    """With no keyring (or none yet: `known` False), may a save take these passwords out of the
    file? Kept in memory they die with the window. The passwords to keep in the file, or None
    when the user cancelled the save."""
    them = "it" if len(leaving) == 1 else "them"
    buttons = QMessageBox.StandardButton
    why = (
        f"There is no OS keyring to keep {', '.join(leaving)} in. Saved without {them}, "
        f"the file loses {them} and this window forgets {them} when it closes."
        if known
        else f"The OS keyring has not answered yet. Saved without {', '.join(leaving)}, "
        f"the file loses {them}; they go to the keyring when it answers, and if it never "
        f"does, this window forgets {them} when it closes."
    )
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "No keyring for the passwords" if known else "The keyring has not answered yet",
        f"{why}\n\nKeep the passwords in the file, in clear text?",
        buttons.Yes | buttons.No | buttons.Cancel,
        parent,
    )
    box.button(buttons.Yes).setText("Keep in the file")
    box.button(buttons.No).setText("Remove them")
    box.setDefaultButton(buttons.Yes)  # never lost by pressing Enter
    answer = box.exec()
    if answer == buttons.Yes:
        return frozenset(leaving)
    return frozenset() if answer == buttons.No else None


def ask_folder(parent: QWidget, title: str) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title)
    return Path(chosen) if chosen else None
