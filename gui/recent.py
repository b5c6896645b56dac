"""File > Recent Files, kept in Qt's settings (paths only, never a password)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu

MAX_RECENT = 8


class RecentFiles:
    def __init__(self, menu: QMenu, settings: QSettings, open_path: Callable[[Path], None]) -> None:
        self.menu, self.settings, self.open_path = menu, settings, open_path
        self._fill()

    def names(self) -> list[str]:
        value = self.settings.value("recent", [])
        return (
            [str(v) for v in value] if isinstance(value, list) else ([str(value)] if value else [])
        )

    def remember(self, path: Path) -> None:
        names = [str(path), *[p for p in self.names() if p != str(path)]][:MAX_RECENT]
        self.settings.setValue("recent", names)
        self._fill()

    def _fill(self) -> None:
        self.menu.clear()
        for name in self.names():
            action = self.menu.addAction(name)
            action.triggered.connect(lambda _=False, p=name: self.open_path(Path(p)))
        self.menu.setEnabled(bool(self.names()))
