"""The editor window's actions, menus and toolbar, wired to the window's handlers."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QWidget

from gui.assets import action_icon
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
    def duplicate_destination(self) -> None: ...
    def delete_destination(self) -> None: ...
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
        # Toolbar buttons say what they do beside their icon (a short word: the window stays
        # narrow), and their tooltips name the shortcut.
        self.new = a("&New", on.new_destination, K.New, "SP_FileIcon", "New")
        self.open = a("&Open File…", on.choose_file, K.Open, "SP_DialogOpenButton", "Open")
        self.open_folder = a(
            "Open &Folder…", on.choose_folder, "Ctrl+Shift+O", "SP_DirOpenIcon", "Folder"
        )
        self.save = a("&Save", on.save, K.Save, "SP_DialogSaveButton", "Save")
        self.save_as = a("Save &As…", on.save_as, K.SaveAs)
        self.revert = a("&Revert", editor.revert)
        self.add = a("Add &Destination to File", on.add_to_file)
        self.duplicate = a("D&uplicate Destination", on.duplicate_destination)
        # Delete removes it from a file that holds several, else moves the file to the trash.
        self.delete = a("De&lete Destination…", on.delete_destination)
        self.export = a("&Export for Upload…", tools.export, "Ctrl+E", "document-export", "Export")
        self.inspect = a(
            "&Inspect Key Store…",
            on.choose_keystore,
            "Ctrl+I",
            "SP_FileDialogContentsView",
            "Inspect",
        )
        self.close = a("&Close", on.close_destination, K.Close)
        self.undo = a("&Undo", editor.undo, K.Undo, "edit-undo", "Undo")
        self.redo = a("&Redo", editor.redo, K.Redo, "edit-redo", "Redo")
        self.health = a(
            "Workspace &Health…",
            tools.show_health,
            "Ctrl+Shift+H",
            "SP_FileDialogDetailedView",
            "Health",
        )
        self.check = a(
            "Check &Connection", on.check_connection, "Ctrl+T", "network-connect", "Check"
        )
        bar = window.menuBar()
        menu = bar.addMenu("&File")
        menu.addActions([self.new, self.open, self.open_folder])
        self.recent = RecentFiles(menu.addMenu("Recent &Files"), settings, on.open_path)
        menu.addSeparator()
        menu.addActions([self.save, self.save_as, self.revert, self.export])
        menu.addSeparator()
        menu.addActions([self.add, self.duplicate, self.delete])
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
        self.samples = a("Open &Sample Workspace", on.open_samples, icon="SP_DirHomeIcon")
        help_menu.addAction(self.samples)
        help_menu.addSeparator()
        help_menu.addAction(a("&About", tools.about))
        toolbar = window.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        # A word beside a small icon: no taller than icons alone (a low screen keeps its rows),
        # and narrow enough for an 800-pixel window.
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(QSize(16, 16))
        toolbar.addActions([self.new, self.open, self.open_folder, self.save, self.undo, self.redo])
        toolbar.addActions([self.inspect, self.export, self.check, self.health])

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        key: Shortcut = None,
        icon: str = "",
        short: str = "",
    ) -> QAction:
        action = QAction(text, self.window)
        if key is not None:
            action.setShortcut(key)
        if icon:
            # Qt's own pixmaps ("SP_…") where one means the action, else a named icon.
            action.setIcon(standard(icon) if icon.startswith("SP_") else action_icon(icon))
        if short:
            action.setIconText(short)
            tip = text.replace("&", "").rstrip("…")
            said = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip} ({said})" if said else tip)
        action.triggered.connect(lambda _=False: slot())
        return action

    def to_begin(self) -> list[tuple[QAction, str]]:
        """What the welcome pane offers, in its words."""
        return [
            (self.open_folder, "Open Folder…"),
            (self.samples, "Open Sample Workspace"),
            (self.new, "New Destination"),
        ]

    def for_session(self, has: bool, can_undo: bool, can_redo: bool, can_revert: bool) -> None:
        """Enable what applies to the destination being edited, if any."""
        for action in (self.save, self.save_as, self.export, self.close, self.check):
            action.setEnabled(has)
        self.undo.setEnabled(can_undo)
        self.redo.setEnabled(can_redo)
        self.revert.setEnabled(can_revert)

    def for_file(self, can_add: bool, saved: bool) -> None:
        """Adding applies to a file that holds several destinations (JSON); duplicating and
        deleting to a destination that has a file."""
        self.add.setEnabled(can_add)
        self.duplicate.setEnabled(saved)
        self.delete.setEnabled(saved)

    def for_workspace(self, view: QWidget) -> None:
        """The workspace list's context menu, and Delete on its rows."""
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        view.addActions([self.duplicate, self.delete])
        key = QShortcut(QKeySequence.StandardKey.Delete, view)
        key.setContext(Qt.ShortcutContext.WidgetShortcut)
        key.activated.connect(self.delete.trigger)
