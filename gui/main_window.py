"""The editor window: workspace on the left, the form in the middle, the key store and its chain
on the right, findings at the bottom. Composition only: the widgets, the menus, the questions a
person answers (file dialogs, Save/Discard/Cancel) and the wiring to the controller
(gui/editor.py), which does the work."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.findings import Finding
from core.services.session import Session
from core.workspace import KEYSTORE_SUFFIXES
from gui import drops, keystore_watch, last_session, workspace_sync
from gui.actions import Actions
from gui.cancel_button import CancelButton
from gui.connection_panel import ConnectionPanel
from gui.editor import EditorController
from gui.filters import DESTINATION_FILTER
from gui.findings_view import FindingsView
from gui.form import DestinationForm
from gui.jobs import Jobs
from gui.keystore_filters import KEYSTORE_FILTER
from gui.questions import ask_copy, ask_delete, ask_folder, ask_keep_in_file, ask_unsaved
from gui.sizing import fit_to_screen, make_room, restore_layout, save_layout, split
from gui.store_view import StoreView
from gui.tool_windows import ToolWindows
from gui.welcome import WelcomePane
from gui.workspace_view import Handle, WorkspaceView


class MainWindow(QMainWindow):
    loading_finished = Signal()

    def __init__(self, jobs: Jobs | None = None) -> None:
        super().__init__()
        self.jobs = jobs or Jobs(self)
        self.editor = EditorController(self.jobs, self)
        self.settings = QSettings()
        self.setWindowTitle("Destination Editor")
        self.setAcceptDrops(True)

        self.workspace = WorkspaceView(self)
        self.form = DestinationForm(self)
        self.form_area = QScrollArea(self)
        self.form_area.setWidget(self.form)
        self.form_area.setWidgetResizable(True)
        self.middle = QStackedWidget(self)  # the form, or the welcome pane when none is open
        self.middle.addWidget(self.form_area)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(4, 0, 0, 0)
        rl.addWidget(QLabel("<b>Key store and certificate chain</b>", right))
        self.chain = StoreView(self.jobs, with_entries=False, parent=right)
        rl.addWidget(self.chain, 1)
        self.findings = FindingsView(self)
        self.connection = ConnectionPanel(self.jobs, self)
        self.bottom = QTabWidget(self)
        self.bottom.addTab(self.findings, "F&indings")
        self.bottom.addTab(self.connection, "Co&nnection")
        center = split(self, Qt.Orientation.Horizontal, (self.middle, 760), (right, 440))
        vertical = split(self, Qt.Orientation.Vertical, (center, 660), (self.bottom, 130))
        main = split(self, Qt.Orientation.Horizontal, (self.workspace, 270), (vertical, 1170))
        self.setCentralWidget(main)
        self.splitters = {"main": main, "vertical": vertical, "center": center}
        self.tools = ToolWindows(self, self.editor)
        self.commands = Actions(self, self, self.editor, self.tools, self.settings)
        self.recent = self.commands.recent
        self.commands.for_workspace(self.workspace)
        self.welcome = WelcomePane(self.commands.to_begin(), self.middle)
        self.middle.addWidget(self.welcome)
        last_session.remember(self.settings, self.editor)
        from gui.remote_menu import RemoteMenu  # File > Subaccounts…, Tools > Compare with …

        self.remote_menu = RemoteMenu(self)
        self._wire()
        self.keystore_watch = keystore_watch.install(self, self.editor, self.chain)
        self.cancel_button = CancelButton(self.jobs, self)
        self.statusBar().addPermanentWidget(self.cancel_button)
        fit_to_screen(self, 1320, 820)
        restore_layout(self, self.splitters, self.settings)
        self._show_session()

    def _wire(self) -> None:
        editor, form, status = self.editor, self.form, self.statusBar()
        form.edited.connect(lambda key, value: editor.edit(key, _text(value)))
        form.password_typed.connect(editor.set_password)
        form.empty_toggled.connect(editor.set_empty)
        form.browse_requested.connect(self._browse_keystore)
        form.other_renamed.connect(editor.rename)
        form.other.refused.connect(lambda said: status.showMessage(said, 10000))
        self.chain.password_entered.connect(editor.chain_password)
        self.findings.focus_requested.connect(form.focus_property)
        self.connection.check_requested.connect(self.check_connection)
        self.workspace.chosen.connect(self._workspace_chosen)
        editor.opened.connect(self._opened)
        editor.changed.connect(self._show_session)
        editor.changed.connect(lambda: self.connection.follow(editor.connection_inputs))
        editor.checked.connect(lambda checked: self._show_findings(checked.findings))
        editor.checked.connect(self._show_chain)
        editor.workspace_opened.connect(self._workspace_opened)
        editor.summarized.connect(self.workspace.show_batch)
        editor.summarized.connect(self._follow)
        editor.saved.connect(self.recent.remember)
        editor.keyring_ready.connect(self._keyring_ready)
        editor.status.connect(lambda said: status.showMessage(said, 0))
        editor.problem.connect(lambda title, said: QMessageBox.warning(self, title, said))
        editor.not_opened.connect(self.welcome.show_reason)  # said where "No destination" is
        editor.samples_ready.connect(self.open_path)
        self.tools.open_requested.connect(self._open_from_health)
        self.jobs.idle.connect(self.loading_finished)
        # A failure no one else handles is said, never dropped.
        self.jobs.unhandled.connect(lambda _, said: status.showMessage(said))

    @property
    def session(self) -> Session | None:
        """The destination being edited: the controller's."""
        return self.editor.session

    # ----- opening --------------------------------------------------------------------------
    def open_path(self, path: Path) -> None:
        path = Path(path)
        if path.is_dir():
            self.open_workspace(path)
        elif path.suffix.lower() in KEYSTORE_SUFFIXES:
            self.tools.open_inspector(path)
        else:
            self.open_file(path)

    def open_workspace(self, folder: Path) -> None:
        if self.maybe_save():
            self.editor.open_workspace(folder)

    def _workspace_opened(self, folder: Path, files: list[Path]) -> None:
        workspace_sync.list_files(self.workspace, self.session, files)

    def _follow(self) -> None:
        workspace_sync.follow(self.workspace, self.session)

    def _workspace_chosen(self, path: Path, index: int, previous: Handle | None) -> None:
        if self.session is not None and (self.session.path, self.session.index) == (path, index):
            return
        if self.maybe_save():
            self.connection.clear()  # a check of the destination left behind stops now
            self.editor.open_file(path, index)
        else:
            self.workspace.select(previous, quietly=True)

    def open_file(self, path: Path, index: int = 0) -> None:
        """Open a destination file (read in a job); its folder becomes the workspace."""
        if self.maybe_save():
            self.connection.clear()  # a check of the destination left behind stops now
            self.editor.open_in_workspace(path, index)

    def reopen_last(self) -> bool:
        """The last workspace and destination, on a start with no argument."""
        return last_session.reopen(self.settings, self)

    def new_destination(self) -> None:
        if self.maybe_save():
            self.editor.new()

    def close_destination(self) -> None:
        if self.maybe_save():
            self.editor.close()

    def _opened(self) -> None:
        self.welcome.show_reason(None)  # the one that failed before is no longer the news
        if self.session is not None and self.session.path is not None:
            self.recent.remember(self.session.path)
        self.connection.clear()
        self._follow()
        self._show_session()
        self._show_findings(())

    def _keyring_ready(self) -> None:
        store = self.editor.secrets
        self.form.set_keyring_available(store.remembers, store.problem or "")
        self.tools.refresh_health()

    def _ask_file(self, title: str, file_filter: str, start: Path | None = None) -> Path | None:
        where = start or self.editor.keystore_folder or ""
        name, _ = QFileDialog.getOpenFileName(self, title, str(where), file_filter)
        return Path(name) if name else None

    def choose_file(self) -> None:
        if path := self._ask_file("Open destination", DESTINATION_FILTER, self.editor.folder):
            self.open_file(path)

    def choose_folder(self) -> None:
        where = str(self.editor.folder or "")
        if name := QFileDialog.getExistingDirectory(self, "Open workspace folder", where):
            self.open_workspace(Path(name))

    def choose_keystore(self) -> None:
        if path := self._ask_file("Inspect key store", KEYSTORE_FILTER, self.editor.folder):
            self.tools.open_inspector(path)

    # ----- editing --------------------------------------------------------------------------
    def add_to_file(self) -> None:
        if self.maybe_save():
            self.editor.add_to_file()

    def duplicate_destination(self) -> None:
        if self.maybe_save():
            self.editor.duplicate()

    def delete_destination(self, ask: bool = True) -> None:
        ask_delete(self, self.editor, ask)

    def _browse_keystore(self, key: str) -> None:
        if path := self._ask_file("Choose key store", KEYSTORE_FILTER):
            self.use_keystore(key, path)

    def use_keystore(self, key: str, path: Path, ask: bool = True) -> None:
        """Point `key` at a key store file, offering to copy it into the workspace folder."""
        folder, copy = self.editor.keystore_folder, False
        if folder is not None and path.parent.resolve() != folder.resolve():
            copy = not ask or ask_copy(self, path, folder)
        self.editor.use_keystore(key, path, copy)

    # ----- showing --------------------------------------------------------------------------
    def _show_session(self) -> None:
        session = self.session
        self.form.setEnabled(session is not None)
        self.middle.setCurrentWidget(self.form_area if session is not None else self.welcome)
        self.connection.button.setEnabled(session is not None)
        if session is None:
            self.commands.for_session(False, False, False, False)
            self.commands.for_file(False, False)
            self.setWindowTitle("Destination Editor")
            self.chain.load(None, None, "Open a destination to see its key store.")
            return
        self.form.show_session(session, self.editor.keystore_names)
        revertible = session.path is not None and session.modified
        self.commands.for_session(True, session.can_undo, session.can_redo, revertible)
        self.commands.for_file(self.editor.can_add, session.path is not None)
        # Qt draws "*" in place of [*] while the window is modified.
        self.setWindowTitle(f"{session.title}[*] — Destination Editor")
        self.setWindowModified(session.modified)

    def _show_chain(self) -> None:
        """The chain preview follows the findings: after the user paused typing."""
        target = self.editor.chain_target()
        if target is None:
            self.chain.load(None, None, "This destination names no key store.")
        elif self.chain.showing != target[1:]:
            self.chain.load(target[1], target[2], carried=self.editor.carried_store(target[1]))

    def _show_findings(self, findings: tuple[Finding, ...]) -> None:
        self.form.show_findings(findings)
        self.findings.show_findings(findings)

    # ----- saving ---------------------------------------------------------------------------
    def save(self) -> bool:
        if self.session is not None and self.session.path is None:
            return self.save_as()
        keep = self._passwords_to_keep_in_file()
        return False if keep is None else self.editor.save(None, keep)

    def save_as(self) -> bool:
        if self.session is None:
            return True
        name = f"{self.session.destination.name or 'destination'}.properties"
        # A new destination starts in its workspace, where the service's files are.
        start = self.session.path or (self.editor.workspace_folder or Path.home()) / name
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save destination", str(start), DESTINATION_FILTER
        )
        if not chosen:
            return False
        keep = self._passwords_to_keep_in_file()
        return False if keep is None else self.editor.save(Path(chosen), keep)

    def _passwords_to_keep_in_file(self) -> frozenset[str] | None:
        """With no keyring, a save that would take passwords out of the file asks first: kept
        in memory they die with the window. None: the user cancelled the save."""
        if self.session is None:
            return frozenset()
        leaving = self.session.passwords_leaving_file()
        known = self.editor.keyring_known
        if (known and self.editor.secrets.remembers) or not leaving:
            return frozenset()
        return ask_keep_in_file(self, leaving, known)

    def maybe_save(self) -> bool:
        """Ask Save, Discard or Cancel when there are unsaved changes; True to go on."""
        if self.session is None or not self.session.modified:
            return True
        answer, buttons = ask_unsaved(self, self.session.title), QMessageBox.StandardButton
        return self.save() if answer == buttons.Save else answer == buttons.Discard

    # ----- tools ----------------------------------------------------------------------------
    def _open_from_health(self, path: Path, index: int) -> None:
        self.open_file(path, index)
        self.raise_()
        self.activateWindow()

    def check_connection(self) -> None:
        if self.session is None:
            return
        self.bottom.setCurrentWidget(self.connection)
        make_room(self.splitters["vertical"], 260)  # for the result
        folder = self.editor.keystore_folder
        self.connection.inputs = self.editor.connection_inputs
        self.connection.check(self.session.destination, folder, self.editor.passwords())

    def import_bundle(self, source: Path | None = None, folder: Path | None = None) -> None:
        source = source or self._ask_file("Import bundle", "JSON (*.json);;All files (*)")
        folder = folder or (
            ask_folder(self, "Import into folder (new or empty)") if source else None
        )
        if source is not None and folder is not None and self.maybe_save():
            self.editor.import_bundle(source, folder)

    def open_samples(self) -> None:
        location = QStandardPaths.StandardLocation.AppLocalDataLocation
        self.editor.copy_samples(Path(QStandardPaths.writableLocation(location)) / "samples")

    # ----- window ---------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        save_layout(self, self.splitters, self.settings)
        self.tools.close_all()
        self.jobs.shutdown()  # quitting never waits for background work
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        drops.enter(event)

    def dropEvent(self, event: QDropEvent) -> None:
        use = None if self.session is None else partial(self.use_keystore, "KeyStoreLocation")
        drops.drop(event, self, self.form, use, self.open_path)


def _text(value: object) -> str | None:
    return None if value is None else str(value)
