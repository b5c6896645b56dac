"""The editor window's actions, menus and toolbar, wired to the window's handlers."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from gui.editor import EditorController
from gui.icons import standard
from gui.recent import RecentFiles
from gui.tool_windows import ToolWindows

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


class Handlers(Protocol):
    """What the menus call: the main window's slots."""

    def new_destination(self) -> None: ...
    def choose_file(self) -> None: ...
    def choose_folder(self) -> None: ...
    def open_path(self, path: Path) -> None: ...
    def save(self) -> bool: ...
    def save_as(self) -> bool: ...
    def import_bundle(self) -> None: ...
    def choose_keystore(self) -> None: ...
    def close_destination(self) -> None: ...
    def add_to_file(self) -> None: ...
    def remove_from_file(self) -> None: ...
    def check_connection(self) -> None: ...
    def open_samples(self) -> None: ...


class Actions:
    def __init__(
        self,
        window: QMainWindow,
        on: Handlers,
        editor: EditorController,
        tools: ToolWindows,
        settings: QSettings,
    ) -> None:
        self.window = window
        K, a = QKeySequence.StandardKey, self._action
        self.new = a("&New", on.new_destination, K.New, "SP_FileIcon")
        self.open = a("&Open File…", on.choose_file, K.Open, "SP_DialogOpenButton")
        self.open_folder = a("Open &Folder…", on.choose_folder, "Ctrl+Shift+O", "SP_DirOpenIcon")
        self.save = a("&Save", on.save, K.Save, "SP_DialogSaveButton")
        self.save_as = a("Save &As…", on.save_as, K.SaveAs)
        self.revert = a("&Revert", editor.revert)
        self.add = a("Add &Destination to File", on.add_to_file)
        self.remove = a("Re&move Destination from File…", on.remove_from_file)
        self.export = a("&Export for Upload…", tools.export, "Ctrl+E", "SP_ArrowUp")
        self.inspect = a(
            "&Inspect Key Store…", on.choose_keystore, "Ctrl+I", "SP_FileDialogContentsView"
        )
        self.close = a("&Close", on.close_destination, K.Close)
        self.undo = a("&Undo", editor.undo, K.Undo, "SP_ArrowBack")
        self.redo = a("&Redo", editor.redo, K.Redo, "SP_ArrowForward")
        self.health = a(
            "Workspace &Health…", tools.show_health, "Ctrl+Shift+H", "SP_FileDialogDetailedView"
        )
        self.check = a("Check &Connection", on.check_connection, "Ctrl+T", "SP_BrowserReload")
        bar = window.menuBar()
        menu = bar.addMenu("&File")
        menu.addActions([self.new, self.open, self.open_folder])
        self.recent = RecentFiles(menu.addMenu("Recent &Files"), settings, on.open_path)
        menu.addSeparator()
        menu.addActions([self.save, self.save_as, self.revert, self.export, self.add, self.remove])
        menu.addSeparator()
        menu.addActions(
            [a("Export &Bundle…", tools.export_bundle), a("&Import Bundle…", on.import_bundle)]
        )
        menu.addSeparator()
        menu.addAction(self.inspect)
        menu.addSeparator()
        menu.addActions([self.close, a("&Quit", window.close, K.Quit)])
        bar.addMenu("&Edit").addActions([self.undo, self.redo])
        self.tools_menu = bar.addMenu("&Tools")
        self.tools_menu.addActions([self.check, self.health])
        self.tools_menu.addSeparator()
        for text, tool in (
            ("&Build Key Store from PEM Files…", "build"),
            ("C&onvert Key Store…", "convert"),
            ("&Fix Key Store for SAP…", "fix"),
        ):
            self.tools_menu.addAction(a(text, partial(tools.keystore_tool, tool)))
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(a("Open &Sample Workspace", on.open_samples))
        help_menu.addSeparator()
        help_menu.addAction(a("&About", tools.about))
        toolbar = window.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.addActions([self.new, self.open, self.open_folder, self.save, self.undo, self.redo])
        toolbar.addActions([self.inspect, self.export, self.check, self.health])

    def _action(
        self, text: str, slot: Callable[[], object], key: Shortcut = None, icon: str = ""
    ) -> QAction:
        action = QAction(text, self.window)
        if key is not None:
            action.setShortcut(key)
        if icon:
            action.setIcon(standard(icon))
        action.triggered.connect(lambda _=False: slot())
        return action

    def for_session(self, has: bool, can_undo: bool, can_redo: bool, can_revert: bool) -> None:
        """Enable what applies to the destination being edited, if any."""
        for action in (self.save, self.save_as, self.export, self.close, self.check):
            action.setEnabled(has)
        self.undo.setEnabled(can_undo)
        self.redo.setEnabled(can_redo)
        self.revert.setEnabled(can_revert)

    def for_file(self, can_add: bool, can_remove: bool) -> None:
        """Adding and removing apply to a file that holds several destinations (JSON)."""
        self.add.setEnabled(can_add)
        self.remove.setEnabled(can_remove)
