"""The editor window: workspace on the left, the form in the middle, the key store and its chain
on the right, findings at the bottom."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.bundles import import_bundle
from core.errors import InputError
from core.findings import Finding
from core.formats import Format
from core.secrets import FallbackStore, MemoryStore, forget_secrets, open_secret_store, scope_of
from core.session import Session, add_new_to_file, remove_from_file
from core.workspace import (
    KEYSTORE_SUFFIXES,
    Summary,
    display_name,
    keystore_files,
    summarize,
    workspace_files,
)
from gui.bundle_dialog import BundleDialog
from gui.connection_panel import ConnectionPanel
from gui.export_dialog import ExportDialog
from gui.form import DestinationForm
from gui.health_window import HealthWindow
from gui.icons import standard, status_icon
from gui.inspector import KEYSTORE_FILTER, InspectorWindow
from gui.jobs import Jobs
from gui.keystore_tools_dialog import KeystoreToolDialog
from gui.sizing import fit_to_screen
from gui.store_view import StoreView

DESTINATION_FILTER = "Destinations (*.properties *.props *.json *.txt);;All files (*)"
_ROLE_PATH = Qt.ItemDataRole.UserRole + 1
_ROLE_INDEX = Qt.ItemDataRole.UserRole + 2  # which destination of a file that holds several
MAX_RECENT = 8


class MainWindow(QMainWindow):
    loading_finished = Signal()

    def __init__(self, jobs: Jobs | None = None) -> None:
        super().__init__()
        self.jobs = jobs or Jobs(self)
        self.settings = QSettings()
        self.session: Session | None = None
        self.folder: Path | None = None
        self.secrets: FallbackStore = FallbackStore(MemoryStore())
        self.secret_problem_shown = False
        self.inspectors: list[InspectorWindow] = []
        self.health: HealthWindow | None = None
        self.setWindowTitle("Destination Editor")
        self.setAcceptDrops(True)

        # Left: the workspace
        self.workspace = QTreeWidget(self)
        self.workspace.setHeaderLabels(["Destination", "Authentication", "Expires in"])
        self.workspace.setAccessibleName("Workspace")
        self.workspace.setRootIsDecorated(False)
        self.workspace.setColumnWidth(0, 115)
        self.workspace.setColumnWidth(1, 95)
        self.workspace.currentItemChanged.connect(self._workspace_selected)
        # Middle: the form
        self.form = DestinationForm(self)
        scroll = QScrollArea(self)
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        self.form_area = scroll
        # Right: key store and chain
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(4, 0, 0, 0)
        heading = QLabel("<b>Key store and certificate chain</b>", right)
        rl.addWidget(heading)
        self.chain = StoreView(self.jobs, with_entries=False, parent=right)
        rl.addWidget(self.chain, 1)
        # Bottom: findings, and the connection check's result
        self.findings = QListWidget(self)
        self.findings.setAccessibleName("Findings")
        self.findings.itemActivated.connect(self._finding_activated)
        self.findings.itemClicked.connect(self._finding_activated)
        self.connection = ConnectionPanel(self.jobs, self)
        self.connection.check_requested.connect(self.check_connection)
        self.bottom = QTabWidget(self)
        self.bottom.addTab(self.findings, "F&indings")
        self.bottom.addTab(self.connection, "Co&nnection")

        center = QSplitter(Qt.Orientation.Horizontal, self)
        center.addWidget(scroll)
        center.addWidget(right)
        center.setSizes([760, 440])
        vertical = QSplitter(Qt.Orientation.Vertical, self)
        vertical.addWidget(center)
        vertical.addWidget(self.bottom)
        vertical.setSizes([660, 130])
        main = QSplitter(Qt.Orientation.Horizontal, self)
        main.addWidget(self.workspace)
        main.addWidget(vertical)
        main.setSizes([270, 1170])
        self.setCentralWidget(main)
        self.splitters = {"main": main, "vertical": vertical, "center": center}

        self._build_actions()
        self.form.edited.connect(self._edited)
        self.form.password_typed.connect(self._password_typed)
        self.form.empty_toggled.connect(self._empty_toggled)
        self.form.browse_requested.connect(self._browse_keystore)
        self.form.other_renamed.connect(self._renamed)
        self.chain.password_entered.connect(self._chain_password)
        self.chain.loaded.connect(self._store_loaded)
        self.chain.failed.connect(self._store_failed)
        self.destination_findings: list[Finding] = []
        self.keystore_names: list[str] = []
        self.store_findings: list[Finding] = []
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.setInterval(250)  # debounce: findings and the chain follow typing
        self.refresh_timer.timeout.connect(self._refresh_derived)
        self.jobs.idle.connect(self.loading_finished)

        fit_to_screen(self, 1320, 820)
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        for name, splitter in self.splitters.items():
            state = self.settings.value(f"window/splitter-{name}")
            if state is not None:
                splitter.restoreState(state)
        self.jobs.submit(
            "keyring-open",
            open_secret_store,
            self._keyring_ready,
            lambda exc: self._keyring_ready(FallbackStore(None, str(exc))),
        )
        self._show_session()

    # ----- actions ------------------------------------------------------------------------
    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        if icon:
            action.setIcon(standard(icon))
        action.triggered.connect(slot)  # type: ignore[arg-type]
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.new_action = self._action("&New", self.new_destination, K.New, "SP_FileIcon")
        self.open_action = self._action(
            "&Open File…", self.choose_file, K.Open, "SP_DialogOpenButton"
        )
        self.open_folder_action = self._action(
            "Open &Folder…", self.choose_folder, "Ctrl+Shift+O", "SP_DirOpenIcon"
        )
        self.save_action = self._action("&Save", self.save, K.Save, "SP_DialogSaveButton")
        self.save_as_action = self._action("Save &As…", self.save_as, K.SaveAs)
        self.revert_action = self._action("&Revert", self.revert)
        self.add_action = self._action("Add &Destination to File", self.add_to_file)
        self.remove_action = self._action("Re&move Destination from File…", self.remove_from_file)
        self.export_action = self._action(
            "&Export for Upload…", self.export, "Ctrl+E", "SP_ArrowUp"
        )
        self.export_bundle_action = self._action("Export &Bundle…", self.export_bundle)
        self.import_bundle_action = self._action("&Import Bundle…", self.import_bundle)
        self.inspect_action = self._action(
            "&Inspect Key Store…", self.choose_keystore, "Ctrl+I", "SP_FileDialogContentsView"
        )
        self.close_action = self._action("&Close", self.close_destination, K.Close)
        self.quit_action = self._action("&Quit", self.close, K.Quit)
        self.undo_action = self._action("&Undo", self.undo, K.Undo, "SP_ArrowBack")
        self.redo_action = self._action("&Redo", self.redo, K.Redo, "SP_ArrowForward")
        self.about_action = self._action("&About", self.about)
        self.samples_action = self._action("Open &Sample Workspace", self.open_samples)
        self.health_action = self._action(
            "Workspace &Health…", self.show_health, "Ctrl+Shift+H", "SP_FileDialogDetailedView"
        )
        self.check_action = self._action(
            "Check &Connection", self.check_connection, "Ctrl+T", "SP_BrowserReload"
        )
        file_menu = self.menuBar().addMenu("&File")
        for a in (self.new_action, self.open_action, self.open_folder_action):
            file_menu.addAction(a)
        self.recent_menu = file_menu.addMenu("Recent &Files")
        file_menu.addSeparator()
        for a in (self.save_action, self.save_as_action, self.revert_action, self.export_action):
            file_menu.addAction(a)
        file_menu.addAction(self.add_action)
        file_menu.addAction(self.remove_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_bundle_action)
        file_menu.addAction(self.import_bundle_action)
        file_menu.addSeparator()
        file_menu.addAction(self.inspect_action)
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        self.tools_menu = self.menuBar().addMenu("&Tools")
        self.tools_menu.addAction(self.check_action)
        self.tools_menu.addAction(self.health_action)
        self.tools_menu.addSeparator()
        for text, action in (
            ("&Build Key Store from PEM Files…", "build"),
            ("C&onvert Key Store…", "convert"),
            ("&Fix Key Store for SAP…", "fix"),
        ):
            self.tools_menu.addAction(text).triggered.connect(
                lambda _=False, a=action: self.keystore_tool(a)
            )
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.samples_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        for a in (
            self.new_action,
            self.open_action,
            self.open_folder_action,
            self.save_action,
            self.undo_action,
            self.redo_action,
            self.inspect_action,
            self.export_action,
            self.check_action,
            self.health_action,
        ):
            toolbar.addAction(a)
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for name in self._recent():
            action = self.recent_menu.addAction(name)
            action.triggered.connect(lambda _=False, p=name: self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(self._recent()))

    def _recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        return (
            [str(v) for v in value] if isinstance(value, list) else ([str(value)] if value else [])
        )

    def _remember(self, path: Path) -> None:
        names = [str(path), *[p for p in self._recent() if p != str(path)]][:MAX_RECENT]
        self.settings.setValue("recent", names)
        self._fill_recent()

    # ----- opening --------------------------------------------------------------------------
    def open_path(self, path: Path) -> None:
        path = Path(path)
        if path.is_dir():
            self.open_workspace(path)
        elif path.suffix.lower() in KEYSTORE_SUFFIXES:
            self.open_inspector(path)
        else:
            self.open_file(path)

    def open_workspace(self, folder: Path) -> None:
        if not self.maybe_save():
            return
        self.folder = folder.resolve()
        self.settings.setValue("workspace", str(self.folder))
        self.workspace.clear()
        files = workspace_files(self.folder)
        for path in files:
            item = QTreeWidgetItem(self.workspace, [path.stem, "…", ""])
            item.setData(0, _ROLE_PATH, str(path))
            item.setToolTip(0, str(path))
        self.statusBar().showMessage(f"Workspace {self.folder.name}: {len(files)} destinations")
        self._scan_workspace()
        if files:
            self.workspace.setCurrentItem(self.workspace.topLevelItem(0))

    def _file_items(self, path: Path) -> list[QTreeWidgetItem]:
        items = (self.workspace.topLevelItem(i) for i in range(self.workspace.topLevelItemCount()))
        return [it for it in items if Path(it.data(0, _ROLE_PATH)) == path]

    def _scan_workspace(self, only: Path | None = None) -> None:
        """Summarize each file in the background; a file's rows become one per destination."""
        store, now = self.secrets, datetime.now(UTC)
        paths = dict.fromkeys(
            Path(self.workspace.topLevelItem(i).data(0, _ROLE_PATH))
            for i in range(self.workspace.topLevelItemCount())
        )
        for path in [only] if only is not None else paths:
            self.jobs.submit(
                f"ws:{path}",
                lambda p=path, s=store, n=now: summarize(p, s, n),
                lambda rows, p=path: self._summaries_ready(p, rows),
                lambda exc, p=path: [it.setText(1, f"({exc})") for it in self._file_items(p)],
            )

    def _summaries_ready(self, path: Path, rows: list[Summary]) -> None:
        """One row per destination of the file, in place of the file's rows."""
        items = self._file_items(path)
        if not items:
            return
        at = self.workspace.indexOfTopLevelItem(items[0])
        current = self.workspace.currentItem()
        chosen = current.data(0, _ROLE_INDEX) if current in items else None
        self.workspace.blockSignals(True)
        while len(items) > len(rows):
            self.workspace.takeTopLevelItem(self.workspace.indexOfTopLevelItem(items.pop()))
        while len(items) < len(rows):
            item = QTreeWidgetItem()
            self.workspace.insertTopLevelItem(at + len(items), item)
            items.append(item)
        for item, summary in zip(items, rows, strict=True):
            item.setData(0, _ROLE_PATH, str(path))
            item.setData(0, _ROLE_INDEX, summary.entry_index)
            self._summary_ready(item, summary)
        if chosen is not None:
            self.workspace.setCurrentItem(items[min(int(chosen), len(items) - 1)])
        self.workspace.blockSignals(False)

    def _summary_ready(self, item: QTreeWidgetItem, summary: Summary) -> None:
        # A file that holds several destinations, or an instance-level one, is named on its rows.
        file = display_name(summary.path)
        where = f"  [{file}]" if summary.entries > 1 or file != summary.path.name else ""
        item.setText(0, summary.name + where)
        item.setIcon(0, status_icon(summary.status))
        item.setText(1, summary.authentication or ("unreadable" if summary.error else "-"))
        item.setText(2, "-" if summary.days_left is None else f"{summary.days_left} days")
        item.setToolTip(
            0, summary.error or f"{summary.path.name}: {summary.name}: {summary.status}"
        )

    def _workspace_selected(
        self, item: QTreeWidgetItem | None, previous: QTreeWidgetItem | None
    ) -> None:
        if item is None:
            return
        path = Path(item.data(0, _ROLE_PATH))
        index = int(item.data(0, _ROLE_INDEX) or 0)
        if self.session is not None and (self.session.path, self.session.index) == (path, index):
            return
        if not self.maybe_save():
            self.workspace.blockSignals(True)
            self.workspace.setCurrentItem(previous)
            self.workspace.blockSignals(False)
            return
        self._load(path, index)

    def open_file(self, path: Path, index: int = 0) -> None:
        if not self.maybe_save():
            return
        self._load(path, index)

    def _load(self, path: Path, index: int = 0) -> None:
        try:
            session = Session.open(path, index)
        except (InputError, IndexError) as exc:
            QMessageBox.warning(self, "Cannot open", str(exc))
            return
        self._opened(session)

    def _opened(self, session: Session) -> None:
        assert session.path is not None
        path = session.path
        self.session = session
        self.connection.clear()
        self._remember(path)
        self._list_keystores()
        self._show_session()
        self._load_stored_secrets()

    def _list_keystores(self) -> None:
        """The key store files beside the destination, offered by the key store fields. Listed
        when a destination is opened, saved or a key store copied in: not on every keystroke."""
        folder = (self.session.folder if self.session else None) or self.folder
        self.keystore_names = [p.name for p in keystore_files(folder)] if folder else []

    def _load_stored_secrets(self) -> None:
        session = self.session
        if session is None or session.folder is None:
            return
        scope, store = scope_of(session.folder, session.destination.name), self.secrets

        def fetch() -> dict[str, str]:
            return {k: v for k in store.keys(scope) if (v := store.get(scope, k)) is not None}

        def apply(values: dict[str, str]) -> None:
            if self.session is session:
                for key, value in values.items():
                    session.secrets.setdefault(key, value)
                self._show_session()

        self.jobs.submit("secrets", fetch, apply, lambda exc: None)

    def _keyring_ready(self, store: FallbackStore) -> None:
        self.secrets = store
        self._note_keyring()
        self._load_stored_secrets()
        self._scan_workspace()
        if self.health is not None and self.health.isVisible():
            self.health.refresh()  # it may have looked before the keyring answered

    def _note_keyring(self) -> None:
        if self.secrets.problem and not self.secret_problem_shown:
            self.secret_problem_shown = True
            self.statusBar().showMessage(self.secrets.problem, 0)
        for row in self.form.rows.values():
            field = row.field
            if hasattr(field, "set_keyring_available"):
                field.set_keyring_available(self.secrets.remembers, self.secrets.problem or "")

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open destination", str(self.folder or ""), DESTINATION_FILTER
        )
        if name:
            self.open_file(Path(name))

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(
            self, "Open workspace folder", str(self.folder or "")
        )
        if name:
            self.open_workspace(Path(name))

    def choose_keystore(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Inspect key store", str(self.folder or ""), KEYSTORE_FILTER
        )
        if name:
            self.open_inspector(Path(name))

    def open_inspector(self, path: Path, password: str | None = None) -> InspectorWindow:
        window = InspectorWindow(self.jobs)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.inspectors.append(window)
        window.destroyed.connect(
            lambda *_: self.inspectors.remove(window) if window in self.inspectors else None
        )
        window.made.connect(lambda made, pw: self.open_inspector(made, pw))
        window.open_path(path, password)
        window.show()
        return window

    def keystore_tool(self, action: str) -> KeystoreToolDialog:
        """Build, convert or fix a key store; the new file opens in the inspector."""
        dialog = KeystoreToolDialog(action, self.jobs, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.made.connect(lambda path, password: self.open_inspector(path, password))
        dialog.show()
        return dialog

    # ----- editing --------------------------------------------------------------------------
    def new_destination(self) -> None:
        if self.maybe_save():
            self.session = Session.new()
            self.connection.clear()
            self._list_keystores()
            self._show_session()

    def _edited(self, key: str, value: object) -> None:
        if self.session is None:
            return
        d = self.session.destination
        new = d.without(key) if value is None else d.with_value(key, str(value))
        if key == "Name" and value is not None and self.session.secrets:
            self.session.secrets_modified = True  # the passwords move with the new Name on save
        self.session.history.apply(new)
        self._show_session(keep_focus=True)

    def _renamed(self, old: str, new: str) -> None:
        if self.session is not None:
            self.session.history.apply(self.session.destination.renamed(old, new))
            self._show_session()

    def _password_typed(self, key: str, value: str, remember: bool) -> None:
        if self.session is not None:
            self.session.set_password(key, value, remember)
            self._show_session(keep_focus=True)

    def _empty_toggled(self, key: str, on: bool) -> None:
        if self.session is not None:
            self.session.set_empty(key, on)
            self._show_session()

    def _chain_password(self, password: str) -> None:
        """A password typed in the chain panel that opened the store becomes the form's."""
        if self.session is None:
            return
        key = (
            "KeyStorePassword" if self._chain_key() == "KeyStoreLocation" else "TrustStorePassword"
        )
        if self.session.password(key) != password:
            self.session.set_password(key, password, self.secrets.remembers)
            self._show_session(keep_focus=True)

    def _browse_keystore(self, key: str) -> None:
        if self.session is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose key store", str(self.session.folder or self.folder or ""), KEYSTORE_FILTER
        )
        if name:
            self.use_keystore(key, Path(name))

    def use_keystore(self, key: str, path: Path, ask: bool = True) -> None:
        """Point `key` at a key store file, offering to copy it into the workspace folder."""
        if self.session is None:
            return
        folder = self.session.folder or self.folder
        if folder is not None and path.parent.resolve() != folder.resolve():
            answer = QMessageBox.StandardButton.Yes
            if ask:
                answer = QMessageBox.question(
                    self,
                    "Copy key store",
                    f"{path.name} is not in the workspace folder, where the destination names it. "
                    f"Copy it to {folder}?",
                )
            if answer == QMessageBox.StandardButton.Yes:
                if (folder / path.name).exists():
                    QMessageBox.warning(
                        self, "Not copied", f"{path.name} already exists in {folder}."
                    )
                else:
                    shutil.copy2(path, folder / path.name)
                    self._list_keystores()
        self._edited(key, path.name)

    def add_to_file(self) -> None:
        """A new destination in the open JSON file, beside the others; it opens in the form."""
        if self.session is None or not self.maybe_save():
            return
        try:
            session = add_new_to_file(self.session)
        except InputError as exc:
            QMessageBox.warning(self, "Not added", str(exc))
            return
        self._opened(session)
        assert session.path is not None
        self._rescan_item(session.path)

    def remove_from_file(self, ask: bool = True) -> None:
        """Remove the open destination from its file (which keeps its others), and forget its
        passwords."""
        session = self.session
        if session is None or session.path is None or session.document is None:
            return
        name, path = session.saved_name or "(no Name)", session.path
        if ask:
            answer = QMessageBox.question(
                self,
                "Remove destination",
                f"Remove {name} from {path.name}? Its passwords in the OS keyring are deleted "
                "too. The file's other destinations stay as they are.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            removed = remove_from_file(path, session.index, session.saved_name)
        except InputError as exc:
            QMessageBox.warning(self, "Not removed", str(exc))
            return
        store, scope = self.secrets, scope_of(path.parent, removed.name)
        self.jobs.submit(
            "keyring-forget",
            lambda: forget_secrets(store, scope),
            lambda _: self._note_keyring(),
            lambda exc: self.statusBar().showMessage(f"Passwords not deleted: {exc}"),
        )
        self.session = None
        self._load(path, max(0, session.index - 1))
        self._rescan_item(path)

    def undo(self) -> None:
        if self.session is not None:
            self.session.history.undo()
            self._show_session()

    def redo(self) -> None:
        if self.session is not None:
            self.session.history.redo()
            self._show_session()

    # ----- showing --------------------------------------------------------------------------
    def _show_session(self, keep_focus: bool = False) -> None:
        session = self.session
        has = session is not None
        self.form.setEnabled(has)
        for action in (
            self.save_action,
            self.save_as_action,
            self.revert_action,
            self.export_action,
            self.close_action,
            self.check_action,
            self.add_action,
            self.remove_action,
        ):
            action.setEnabled(has)
        self.connection.button.setEnabled(has)
        if session is None:
            self.setWindowTitle("Destination Editor")
            self.findings.clear()
            self.chain.load(None, None, "Open a destination to see its key store.")
            return
        self.form.show_session(session, self.keystore_names)
        self.undo_action.setEnabled(session.history.can_undo)
        self.redo_action.setEnabled(session.history.can_redo)
        self.revert_action.setEnabled(session.path is not None and session.modified)
        in_json = session.path is not None and session.format is Format.JSON
        self.add_action.setEnabled(in_json)
        self.remove_action.setEnabled(
            in_json and session.document is not None and len(session.document.entries) > 1
        )
        # Qt draws "*" in place of [*] while the window is modified.
        self.setWindowTitle(f"{session.title}[*] — Destination Editor")
        self.setWindowModified(session.modified)
        self.refresh_timer.start()
        if not keep_focus:
            self._refresh_derived()

    def _refresh_derived(self) -> None:
        """Findings and the chain preview, after the user paused typing."""
        session = self.session
        if session is None:
            return
        self.destination_findings = session.findings()
        self.form.show_findings(self.destination_findings)
        self._list_findings()
        self._update_chain()

    def _list_findings(self) -> None:
        """The destination's findings and those of the key store it names, in one list."""
        findings = [*self.destination_findings, *self.store_findings]
        self.findings.clear()
        for finding in sorted(
            findings, key=lambda f: ("error", "warning", "info").index(f.severity.value)
        ):
            where = f"{finding.key}: " if finding.key else ""
            item = QListWidgetItem(status_icon(finding.severity.value), f"{where}{finding.message}")
            item.setData(_ROLE_PATH, finding.key or "")
            item.setToolTip(finding.code)
            self.findings.addItem(item)

    def _store_loaded(self, report: object) -> None:
        key = self._chain_key() or ""
        name = self.session.destination.get(key, "") if self.session else ""
        self.store_findings = [
            Finding(f.severity, f.code, f"{name}: {f.message}", key, f.alias)
            for f in getattr(report, "findings", ())
        ]
        self._list_findings()

    def _store_failed(self, sentence: str) -> None:
        from core.findings import Severity

        key = self._chain_key() or ""
        self.store_findings = [Finding(Severity.ERROR, "keystore.unreadable", sentence, key)]
        self._list_findings()

    def _chain_key(self) -> str | None:
        if self.session is None:
            return None
        states = self.form.states
        for key in ("KeyStoreLocation", "TrustStoreLocation"):
            if self.session.destination.get(key) and states.get(key) and states[key].shown:
                return key
        return None

    def _update_chain(self) -> None:
        session, key = self.session, self._chain_key()
        folder = (session.folder or self.folder) if session else None
        if session is None or key is None or folder is None:
            self.chain.load(None, None, "This destination names no key store.")
            if self.store_findings:
                self.store_findings = []
                self._list_findings()
            return
        path = folder / session.destination[key]
        password_key = "KeyStorePassword" if key == "KeyStoreLocation" else "TrustStorePassword"
        password = session.password(password_key)
        if password is None and session.destination.get(password_key) == "":
            password = ""
        if self.chain.showing != (path, password):
            self.chain.load(path, password)

    def _finding_activated(self, item: QListWidgetItem) -> None:
        key = item.data(_ROLE_PATH)
        if key:
            self.form.focus_property(str(key))

    # ----- saving ---------------------------------------------------------------------------
    def save(self) -> bool:
        if self.session is None:
            return True
        if self.session.path is None:
            return self.save_as()
        return self._save_to(None)

    def save_as(self) -> bool:
        if self.session is None:
            return True
        start = str(
            self.session.path
            or (self.folder or Path.home())
            / f"{self.session.destination.name or 'destination'}.properties"
        )
        name, _ = QFileDialog.getSaveFileName(self, "Save destination", start, DESTINATION_FILTER)
        return self._save_to(Path(name)) if name else False

    def _save_to(self, path: Path | None) -> bool:
        assert self.session is not None
        try:
            pending = self.session.save(path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Not saved", f"The destination was not saved: {exc}")
            return False
        store = self.secrets
        self.jobs.submit(
            "keyring-save",
            lambda: pending.apply(store),
            lambda keys: self._saved_secrets(keys),
            lambda exc: self.statusBar().showMessage(f"Passwords not stored: {exc}"),
        )
        saved = self.session.path
        assert saved is not None
        self._remember(saved)
        self._list_keystores()
        self.statusBar().showMessage(f"Saved {saved.name}", 5000)
        self._show_session()
        if self.folder is not None and saved.parent.resolve() == self.folder:
            self._rescan_item(saved)
        return True

    def _saved_secrets(self, keys: list[str]) -> None:
        self._note_keyring()
        if keys and self.secrets.remembers:
            self.statusBar().showMessage(
                f"Saved; passwords kept in the OS keyring: {', '.join(keys)}", 5000
            )

    def _rescan_item(self, path: Path) -> None:
        if self._file_items(path):
            self._scan_workspace(only=path)
        elif self.folder is not None:
            self.open_workspace(self.folder)

    def revert(self) -> None:
        if self.session is not None and self.session.path is not None:
            self._load(self.session.path, self.session.index)

    def close_destination(self) -> None:
        if self.maybe_save():
            self.session = None
            self.connection.clear()
            self._show_session()

    def maybe_save(self) -> bool:
        """Ask Save, Discard or Cancel when there are unsaved changes; True to go on."""
        if self.session is None or not self.session.modified:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Unsaved changes",
            f"{self.session.title} has unsaved changes. Save them?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def show_health(self) -> HealthWindow | None:
        folder = self.folder or (self.session.folder if self.session else None)
        if folder is None:
            self.statusBar().showMessage("Open a workspace folder first (File > Open Folder…).")
            return None
        if self.health is None:
            self.health = HealthWindow(self.jobs, lambda: self.secrets, self)
            self.health.open_requested.connect(self._open_from_health)
        self.health.load(folder)
        self.health.show()
        self.health.raise_()
        return self.health

    def _open_from_health(self, path: Path, index: int) -> None:
        self.open_file(path, index)
        self.raise_()
        self.activateWindow()

    def check_connection(self) -> None:
        session = self.session
        if session is None:
            return
        destination, folder = session.destination, session.folder
        # Read on this thread: the worker gets plain values, never the live session.
        passwords = {k: session.password(k) for k in ("KeyStorePassword", "TrustStorePassword")}
        scope = scope_of(folder, destination.name) if folder else None

        def password_for(key: str) -> str | None:  # runs in the worker
            value = passwords.get(key)
            if value is None and destination.get(key) == "":
                return ""
            if value is None and scope is not None:
                value = self.secrets.get(scope, key)  # not typed: the keyring may hold it
            return value

        self.bottom.setCurrentWidget(self.connection)
        vertical = self.splitters["vertical"]
        top, bottom = vertical.sizes()
        if bottom < 260 < top + bottom - 300:  # room for the result, the form keeps the rest
            vertical.setSizes([top + bottom - 260, 260])
        self.connection.check(destination, session.folder or self.folder, password_for)

    def export_bundle(self) -> BundleDialog:
        session = self.session
        file = session.path if session is not None and not session.modified else None
        folder = self.folder or (session.folder if session else None)
        dialog = BundleDialog(self.jobs, self.secrets, file, folder, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def import_bundle(self, source: Path | None = None, folder: Path | None = None) -> None:
        """Write a bundle's destinations and key stores into a folder, passwords to the keyring,
        then open that folder as the workspace."""
        if source is None:
            name, _ = QFileDialog.getOpenFileName(
                self, "Import bundle", str(self.folder or ""), "JSON (*.json);;All files (*)"
            )
            if not name:
                return
            source = Path(name)
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, "Import into folder (new or empty)")
            if not chosen:
                return
            folder = Path(chosen)
        store, target = self.secrets, folder
        self.statusBar().showMessage(f"Importing {source.name} …")

        def done(plan: object) -> None:
            files = len(getattr(plan, "files", ()))
            secrets = len(getattr(plan, "secrets", ()))
            self.open_workspace(target)
            self.statusBar().showMessage(
                f"Imported {source.name}: {files} files, {secrets} passwords into the OS keyring."
            )

        def failed(exc: Exception) -> None:
            self.statusBar().showMessage(f"Nothing imported: {exc}")

        self.jobs.submit(
            "bundle-import", lambda: import_bundle(source, target, store), done, failed
        )

    def export(self) -> None:
        if self.session is not None:
            ExportDialog(self.session, self.secrets, self).exec()

    def open_samples(self) -> None:
        """Open a copy of the shipped samples: the installed ones may be read-only, and edits
        belong to the user."""
        from PySide6.QtCore import QStandardPaths

        from gui.assets import copy_samples

        data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
        target = Path(data) / "samples"

        def failed(exc: Exception) -> None:
            why = exc.strerror if isinstance(exc, OSError) else exc
            self.statusBar().showMessage(f"Could not copy the sample workspace: {why}")

        # In the background: the copy makes the "expires soon" key store, an RSA key among it.
        self.statusBar().showMessage("Copying the sample workspace …")
        self.jobs.submit("samples", lambda: copy_samples(target), self.open_path, failed)

    def about(self) -> None:
        import core

        QMessageBox.about(
            self,
            "About Destination Editor",
            f"<b>Destination Editor</b> {core.__version__}<br>"
            "Edit SAP BTP destinations and check their key stores.",
        )

    # ----- window ---------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        for name, splitter in self.splitters.items():
            self.settings.setValue(f"window/splitter-{name}", splitter.saveState())
        for window in list(self.inspectors):
            window.close()
        if self.health is not None:
            self.health.close()
        event.accept()

    def dragEnterEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        for url in event.mimeData().urls():
            if not url.isLocalFile():
                continue
            path = Path(url.toLocalFile())
            on_form = (
                self.form.isAncestorOf(self.childAt(event.position().toPoint()))
                if hasattr(event, "position")
                else False
            )
            if path.suffix.lower() in KEYSTORE_SUFFIXES and on_form and self.session is not None:
                self.use_keystore("KeyStoreLocation", path)
            else:
                self.open_path(path)
            event.acceptProposedAction()
            return
