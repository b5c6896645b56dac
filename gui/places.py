"""Where the editor's file dialogs start. A destination is saved into its workspace; an export
starts outside it (the last export folder, else Documents, else home), since an exported file
in the workspace would be a second copy of a destination there."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

EXPORT_FOLDER = "places/export"


def export_folder(settings: QSettings, workspace: Path | None = None) -> Path:
    """The folder an export starts in: never the workspace or a folder inside it."""
    location = QStandardPaths.StandardLocation.DocumentsLocation
    candidates = [
        str(settings.value(EXPORT_FOLDER, "") or ""),
        QStandardPaths.writableLocation(location),
    ]
    for name in candidates:
        folder = Path(name) if name else None
        if folder is not None and folder.is_dir() and not _inside(folder, workspace):
            return folder
    return Path.home()


def remember_export(settings: QSettings, target: Path) -> None:
    settings.setValue(EXPORT_FOLDER, str(target.parent))


def file_name(text: str, fallback: str) -> str:
    """A file name made of `text` (a certificate's CN, a destination's Name): letters, digits,
    dots, dashes and underscores only."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._")
    return name or fallback


def _inside(folder: Path, workspace: Path | None) -> bool:
    if workspace is None:
        return False
    folder, workspace = folder.resolve(), workspace.resolve()
    return folder == workspace or workspace in folder.parents
