"""The windows and dialogs the editor opens beside itself: the key store inspector and tools,
the workspace health view, export for upload and bundle export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QWidget

from gui.editor import EditorController

# Each window is imported when first opened, not before the editor's first paint (they pull in
# cryptography, the key store code and more; `make bench` measures the cold start).
if TYPE_CHECKING:
    from gui.bundle_dialog import BundleDialog
    from gui.export_dialog import ExportDialog
    from gui.health_window import HealthWindow
    from gui.inspector import InspectorWindow
    from gui.keystore_tools_dialog import KeystoreToolDialog


class ToolWindows(QObject):
    open_requested = Signal(object, int)  # the file and destination the health view opens

    def __init__(self, window: QMainWindow, editor: EditorController) -> None:
        super().__init__(window)
        self.window, self.editor, self.jobs = window, editor, editor.jobs
        self.inspectors: list[InspectorWindow] = []
        self.health: HealthWindow | None = None

    def open_inspector(self, path: Path, password: str | None = None) -> InspectorWindow:
        from gui.inspector import InspectorWindow

        inspector = InspectorWindow(self.jobs)
        inspector.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.inspectors.append(inspector)
        inspector.destroyed.connect(
            lambda *_: self.inspectors.remove(inspector) if inspector in self.inspectors else None
        )
        inspector.made.connect(self.open_inspector)
        inspector.open_path(path, password)
        inspector.show()
        return inspector

    def keystore_tool(self, action: str) -> KeystoreToolDialog:
        """Build, convert or fix a key store; the new file opens in the inspector."""
        from gui.keystore_tools_dialog import KeystoreToolDialog

        dialog = KeystoreToolDialog(action, self.jobs, parent=self.window)
        dialog.made.connect(self.open_inspector)
        return _shown(dialog)

    def show_health(self) -> HealthWindow | None:
        folder = self.editor.workspace_folder
        if folder is None:
            self.editor.status.emit("Open a workspace folder first (File > Open Folder…).")
            return None
        if self.health is None:
            from gui.health_window import HealthWindow

            self.health = HealthWindow(self.jobs, lambda: self.editor.secrets, self.window)
            self.health.open_requested.connect(self.open_requested)
        self.health.load(folder)
        self.health.show()
        self.health.raise_()
        return self.health

    def refresh_health(self) -> None:
        if self.health is not None and self.health.isVisible():
            self.health.refresh()  # it may have looked before the keyring answered

    def export(self) -> ExportDialog | None:
        session = self.editor.session
        if session is None:
            return None
        from gui.export_dialog import ExportDialog

        passwords, folder = self.editor.passwords(), session.folder
        return _shown(ExportDialog(self.jobs, session.destination, folder, passwords, self.window))

    def export_bundle(self) -> BundleDialog:
        from gui.bundle_dialog import BundleDialog

        session = self.editor.session
        file = session.path if session is not None and not session.modified else None
        folder, store = self.editor.workspace_folder, self.editor.secrets
        return _shown(BundleDialog(self.jobs, store, file, folder, self.window))

    def about(self) -> None:
        import core

        QMessageBox.about(
            self.window,
            "About Destination Editor",
            f"<b>Destination Editor</b> {core.__version__}<br>"
            "Edit SAP BTP destinations and check their key stores.",
        )

    def close_all(self) -> None:
        windows: list[QWidget] = [*self.inspectors, *([self.health] if self.health else [])]
        for window in windows:
            window.close()


D = TypeVar("D", bound=QDialog)


def _shown(dialog: D) -> D:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
