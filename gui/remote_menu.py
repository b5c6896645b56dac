"""The subaccount entries of the main window's menus: File > Subaccounts… and
Tools > Compare with Subaccount…. The dialogs (and the HTTP client) load when first opened,
so the editor starts as fast as before."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from gui.compare_view import CompareView
    from gui.subaccounts_dialog import SubaccountsDialog


class RemoteMenu:
    def __init__(self, window: Any) -> None:
        self.window = window
        file_menu = window.menuBar().actions()[0].menu()
        tools_menu = window.commands.tools_menu
        self.subaccounts_action = QAction("Subaccoun&ts…", window)
        file_menu.insertAction(window.commands.inspect, self.subaccounts_action)
        self.subaccounts_action.triggered.connect(lambda: self.show_subaccounts())
        self.compare_action = QAction("Compare with &Subaccount…", window)
        tools_menu.insertAction(tools_menu.actions()[2], self.compare_action)  # after the checks
        self.compare_action.triggered.connect(lambda: self.show_compare())

    def show_subaccounts(self) -> SubaccountsDialog:
        from gui.subaccounts_dialog import SubaccountsDialog

        dialog = SubaccountsDialog(self.window.jobs, self.window.editor.secrets, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_compare(self, folder: Path | None = None) -> CompareView | None:
        from gui.compare_view import CompareView

        folder = folder or self.window.editor.workspace_folder
        if folder is None:
            QMessageBox.information(
                self.window, "Compare", "Open a workspace folder first (File > Open Folder…)."
            )
            return None
        view = CompareView(self.window.jobs, self.window.editor.secrets, Path(folder), self.window)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.show()
        return view
