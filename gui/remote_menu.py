"""The subaccount entries of the main window's menus: File > Subaccounts… and
Tools > Compare with Subaccount…. The dialogs (and the HTTP client) load when first opened,
so the editor starts as fast as before."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QMessageBox

if TYPE_CHECKING:
    from gui.compare_view import CompareView
    from gui.subaccounts_dialog import SubaccountsDialog


class RemoteMenu:
    def __init__(self, window: Any, file_menu: QMenu, tools_menu: QMenu) -> None:
        self.window = window
        before = window.inspect_action
        self.subaccounts_action = file_menu.addAction("Subaccoun&ts…")
        file_menu.insertAction(before, self.subaccounts_action)
        self.subaccounts_action.triggered.connect(lambda: self.show_subaccounts())
        self.compare_action = tools_menu.addAction("Compare with &Subaccount…")
        self.compare_action.triggered.connect(lambda: self.show_compare())

    def show_subaccounts(self) -> SubaccountsDialog:
        from gui.subaccounts_dialog import SubaccountsDialog

        dialog = SubaccountsDialog(self.window.jobs, self.window.secrets, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_compare(self, folder: Path | None = None) -> CompareView | None:
        from gui.compare_view import CompareView

        session = self.window.session
        folder = folder or self.window.folder or (session.folder if session else None)
        if folder is None:
            QMessageBox.information(
                self.window, "Compare", "Open a workspace folder first (File > Open Folder…)."
            )
            return None
        view = CompareView(self.window.jobs, self.window.secrets, Path(folder), self.window)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.show()
        return view
