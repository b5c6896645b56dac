"""Starting with no argument reopens the last workspace and destination. Kept in Qt's settings:
paths and an index only, never a password."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSettings

from core.workspace import workspace_of
from gui.editor import EditorController

FOLDER, FILE, INDEX = "last/workspace", "last/file", "last/index"


class Opener(Protocol):
    def open_workspace(self, folder: Path) -> None: ...
    def open_file(self, path: Path, index: int = 0) -> None: ...


def remember(settings: QSettings, editor: EditorController) -> None:
    """Keep the workspace and the destination the user opens, as they open them."""

    def workspace(folder: Path, _: list[Path]) -> None:
        settings.setValue(FOLDER, str(folder))

    def destination() -> None:
        session = editor.session
        if session is not None and session.path is not None:
            settings.setValue(FILE, str(session.path))
            settings.setValue(INDEX, session.index)

    editor.workspace_opened.connect(workspace)
    editor.opened.connect(destination)


def reopen(settings: QSettings, window: Opener) -> bool:
    """Open the last workspace and destination, if they are still there; False if not."""
    folder = Path(str(settings.value(FOLDER, "") or ""))
    if not str(settings.value(FOLDER, "") or "") or not folder.is_dir():
        return False
    file = Path(str(settings.value(FILE, "") or ""))
    if str(settings.value(FILE, "") or "") and file.is_file() and workspace_of(file) == folder:
        try:
            index = int(str(settings.value(INDEX, 0)))
        except ValueError:
            index = 0
        window.open_file(file, max(0, index))  # its folder becomes the workspace
    else:
        window.open_workspace(folder)
    return True
