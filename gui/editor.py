"""The editor's controller: everything the main window does, without a widget.

It owns the session being edited, the workspace folder and the secret store; it runs the use
cases (core.services) in background jobs and tells the window what happened through signals.
The window shows, asks (file dialogs, Save/Discard/Cancel) and forwards; tests drive this class
with no window at all.
"""

from __future__ import annotations

import gc
import shutil
import threading
import time
from collections.abc import Callable, Collection
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from core.bundles import ImportPlan, import_bundle
from core.errors import UserError, sentence
from core.findings import Finding
from core.formats import Format
from core.instance_scope import scope_for, shares_scope
from core.level_names import Names, level_of
from core.report import counted
from core.rules import field_states
from core.secrets import (
    FallbackStore,
    MemoryStore,
    forget_secrets,
    open_secret_store,
)
from core.services.check import Checked, check
from core.services.passwords import LINKS, PasswordSource
from core.services.session import PendingSecrets, Session, add_new_to_file, duplicate
from core.services.session import remove_from_file as remove_entry
from core.workspace import (
    folder_names,
    keystore_files,
    summarize,
    workspace_files,
    workspace_names,
    workspace_of,
)
from gui.finding_index import by_key
from gui.jobs import Job, Jobs
from gui.workspace_model import Batch

# Findings and the chain follow typing after this pause (ms), not on every keystroke.
DEBOUNCE_MS = 250
# Workspace files summed up per background job: the window takes each batch in one go.
SUMMARY_BATCH = 100
# Each batch after the first waits this long (seconds) before it starts, for the window to
# paint the batch before it: a paint asks the Python list model about a thousand times, and each
# ask waits for a busy worker to hand over the interpreter, which stalled the window for the
# whole next batch (make bench, 10,000 destinations). Painted while the worker sleeps, it takes
# a few milliseconds.
PAINT_PAUSE_S = 0.01


class EditorController(QObject):
    opened = Signal()  # another destination, or none, is being edited
    changed = Signal()  # the destination or its passwords changed (edit, undo, save, ...)
    checked = Signal(object)  # Checked: what is wrong with the destination as it is now
    workspace_opened = Signal(object, list)  # the folder, its destination files
    # Some workspace files summed up: per file, a Summary per destination in it, or the sentence
    # why it could not be (gui.workspace_model.Batch).
    summarized = Signal(list)
    saved = Signal(object)  # the path written
    keyring_ready = Signal()  # the OS keyring answered (or is known to be absent)
    status = Signal(str)  # a sentence for the status bar
    problem = Signal(str, str)  # what the user asked for was not done: title, sentence
    not_opened = Signal(object, str)  # a destination file did not open: it, the sentence why
    samples_ready = Signal(object)  # the folder the sample workspace was copied to

    def __init__(self, jobs: Jobs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.session: Session | None = None
        self.folder: Path | None = None  # the workspace
        self.files: list[Path] = []  # its destination files
        self.secrets = FallbackStore(MemoryStore())  # until the OS keyring answers
        # Whether it has answered: until then `secrets` only pretends to remember, so a save
        # asks (MainWindow.save) and its passwords wait here for the store that answers.
        self.keyring_known = False
        self._waiting: list[PendingSecrets] = []
        self._after_keyring: list[Callable[[], None]] = []
        self.keystore_names: list[str] = []
        self._listed_names: Callable[[], Names] | None = None  # the workspace's, as listed
        self._listed_files: frozenset[Path] = frozenset()
        # The names of the folders of files outside the workspace, read once per folder (by the
        # findings job) until a save, another destination or another workspace may have
        # changed them; the workspace's own files use _listed_names.
        self._outside_names: dict[Path, Names] = {}
        self._outside_lock = threading.Lock()
        self.findings: tuple[Finding, ...] = ()
        self._problem_said = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.check)
        jobs.run("keyring-open", open_secret_store).then(self._keyring_opened).or_else(
            lambda exc: self._keyring_opened(FallbackStore(None, sentence(exc)))
        )

    # ----- where things are -----------------------------------------------------------------
    @property
    def keystore_folder(self) -> Path | None:
        """Where the destination's key stores are: beside its file, else in the workspace."""
        if self.session is not None and self.session.folder is not None:
            return self.session.folder
        return self.folder

    @property
    def workspace_folder(self) -> Path | None:
        """The workspace: the open folder, else the folder of the open file."""
        return self.folder or (self.session.folder if self.session else None)

    def passwords(self) -> PasswordSource:
        """The passwords of the destination being edited, typed or kept. Calling it may ask the
        keyring: do that in a job."""
        assert self.session is not None
        session = self.session
        return PasswordSource(
            session.destination,
            typed=session.known_passwords(),
            store=self.secrets,
            folder=self.keystore_folder,
            level=session.level,
        )

    @property
    def connection_inputs(self) -> object:
        """What a connection check depends on: the destination, its passwords, its folder."""
        session = self.session
        if session is None:
            return None
        passwords = tuple(sorted(session.known_passwords().items()))
        return session.destination, passwords, self.keystore_folder

    def chain_target(self) -> tuple[str, Path, str | None] | None:
        """The key store the chain preview shows: its location property, its file and the
        password typed or set for it (never the keyring's: that arrives in session.secrets)."""
        session, folder = self.session, self.keystore_folder
        if session is None or folder is None:
            return None
        d, states = session.destination, field_states(session.destination)
        typed = PasswordSource(d, typed=session.known_passwords())
        for key, password_key in LINKS.items():
            name = (d.get(key) or "").strip()
            if name and key in states and states[key].shown:
                return key, folder / name, typed(password_key)
        return None

    def carried_store(self, path: Path) -> tuple[str, bytes] | None:
        """The session's own file and the key store of `path`'s name it carries, if it does
        (a find-destination response, an init_data level: Document.carried)."""
        session = self.session
        if session is None or session.document is None or session.path is None:
            return None
        data = session.document.carried(session.index).get(path.name)
        return None if data is None else (session.path.name, data)

    # ----- opening --------------------------------------------------------------------------
    def open_workspace(self, folder: Path, said: str | None = None) -> None:
        """List the folder's destination files in a job (a .txt file is read to tell whether
        it is one), then summarize each. `said` replaces the status line's count ("" leaves the
        line as it is)."""
        self.folder = target = folder.resolve()
        self._outside_names = {}
        self.jobs.run("workspace", lambda: workspace_files(target)).then(
            lambda files: self._listed(target, files, said)
        ).or_else(lambda exc: self.status.emit(f"{target}: {sentence(exc)}"))

    def _listed(self, folder: Path, files: list[Path], said: str | None) -> None:
        if folder != self.folder:
            return  # another workspace was opened meanwhile
        self.files = files
        self._listed_files = frozenset(files)
        self._listed_names = self._names()
        self.workspace_opened.emit(folder, files)
        if said != "":  # "": the open file's own news stay on the status line
            self.status.emit(
                said or f"Workspace {folder.name}: {counted(len(files), 'destination')}"
            )
        # In batches, one after the other on one worker: the window takes each batch in one go,
        # not a signal per file, and the GUI thread shares the interpreter with one busy thread,
        # not four. One `now` for all, so a key store named by many destinations is judged once
        # (core.keystore_cache). A workspace opened again makes the rest of the chain stale.
        self._fill_all()

    def _names(self) -> Callable[[], Names]:
        """Reads the workspace's destination names once, on first call in a job, for the
        duplicate-Name finding of every file summed up with it."""
        folder, cell, lock = self.folder, list[Names](), threading.Lock()

        def names() -> Names:
            with lock:  # a second job asking meanwhile waits for the first's answer
                if not cell:
                    cell.append(workspace_names(folder) if folder is not None else Names())
            return cell[0]

        return names

    def _fill_all(self) -> None:
        # The fill started again when the keyring answers shares the first one's names: read
        # once, not by two workers at once while the window starts (10,000 files each).
        self._listed_names = self._listed_names or self._names()
        self.recheck(self.files, "ws-fill", self._listed_names)

    def recheck(
        self, files: list[Path], channel: str, names: Callable[[], Names] | None = None
    ) -> None:
        """Sum up these workspace files again, in batches on `channel` (an earlier fill of it
        becomes stale)."""
        now, names = datetime.now(UTC), names or self._names()
        batches = [files[n : n + SUMMARY_BATCH] for n in range(0, len(files), SUMMARY_BATCH)]
        self._fill(batches, now, names, channel)

    def _fill(
        self,
        batches: list[list[Path]],
        now: datetime,
        names: Callable[[], Names],
        channel: str,
        pause: float = 0.0,
    ) -> None:
        if not batches:
            return
        first, rest = batches[0], batches[1:]

        def done(batch: Batch) -> None:
            self.summarized.emit(batch)
            # What is alive now (the rows, the workspace's names, the modules the first batch
            # imported) lives on: out of the cyclic collector's way, as at start-up. Its full
            # passes over them held the interpreter for 50 to 200 ms each, about once per ten
            # files, from either thread (measured on 10,000 destinations); on the young
            # objects alone they take a millisecond. A fill makes no cyclic garbage to miss
            # (none found in those passes).
            gc.freeze()
            self._fill(rest, now, names, channel, PAINT_PAUSE_S)

        self._summarize(first, channel, now, names, pause=pause).then(done)

    def summarize(self, path: Path, named: Collection[str] = ()) -> None:
        """Sum up one file again (it changed), and the files holding one of `named`: the
        duplicate-Name finding comes or goes with a Name."""
        now = datetime.now(UTC)
        self._listed_names = None  # a Name may have changed: the next fill reads them again
        self._summarize([path], f"ws:{path}", now, self._names(), named).then(self.summarized.emit)

    def _summarize(
        self,
        paths: list[Path],
        channel: str,
        now: datetime,
        names: Callable[[], Names],
        named: Collection[str] = (),
        pause: float = 0.0,
    ) -> Job:
        store = self.secrets

        def work() -> Batch:
            time.sleep(pause)
            known = names()
            todo = [*paths, *(p for p in known.files_named(named) if p not in paths)]
            out: Batch = []
            for path in todo:
                try:
                    out.append((path, summarize(path, store, now, names=known), None))
                except Exception as exc:  # said on the file's row, the others still shown
                    out.append((path, None, sentence(exc)))
            return out

        return self.jobs.run(channel, work)

    def open_file(
        self, path: Path, index: int = 0, then: Callable[[], None] = lambda: None
    ) -> None:
        """Open destination `index` of the file (a file may hold several). The file is read in
        a job: a hostile one may take a second to be refused, and the window keeps answering.
        `then` runs once it is open."""

        def opened(session: Session) -> None:
            self._start(session)
            self._load_stored_secrets()
            then()

        def failed(exc: Exception) -> None:
            self.not_opened.emit(path, sentence(exc))
            self.problem.emit("Cannot open", sentence(exc))

        self.jobs.run("open", lambda: Session.open(path, index)).then(opened).or_else(failed)

    def open_in_workspace(self, path: Path, index: int = 0) -> None:
        """Open a file the user chose: its folder becomes the workspace, unless it is a file of
        the open workspace already."""
        path = path.resolve()  # as the workspace lists it

        def opened() -> None:
            # Listed after the file is open, so the list selects it and opens no other.
            if path not in self.files:
                self.open_workspace(workspace_of(path), said="")

        self.open_file(path, index, opened)

    def new(self) -> None:
        self._start(Session.new())

    def close(self) -> None:
        self.session = None
        self.findings = ()
        # A check still running is of the closed destination: its findings are not shown.
        self._timer.stop()
        self.jobs.cancel("findings")
        self.opened.emit()

    def revert(self) -> None:
        if self.session is not None and self.session.path is not None:
            self.open_file(self.session.path, self.session.index)

    # ----- files that hold several destinations ---------------------------------------------
    @property
    def can_add(self) -> bool:
        """A JSON file holds several destinations; a .properties file, or a find-destination
        response, holds one (core.formats.edit.add_entry refuses a second)."""
        session = self.session
        document = session.document if session is not None else None
        return (
            session is not None
            and session.path is not None
            and session.format is Format.JSON
            and (document is None or document.shape != "find_destination")
        )

    @property
    def can_remove(self) -> bool:
        document = self.session.document if self.session else None
        return self.can_add and document is not None and len(document.entries) > 1

    def add_to_file(self) -> None:
        """A new destination in the open JSON file, beside the others; it opens in the form."""
        if self.session is None:
            return
        try:
            session = add_new_to_file(self.session)
        except (UserError, OSError) as exc:
            self.problem.emit("Not added", sentence(exc))
            return
        self._start(session)
        self._rescan(session.path)

    def remove_from_file(self, forget: bool = True) -> None:
        """Remove the open destination from its file (which keeps its others), and with
        `forget` its passwords in the keyring (a job)."""
        session = self.session
        if session is None or session.path is None or session.document is None:
            return
        path = session.path
        try:
            removed = remove_entry(path, session.index, session.saved_name)
        except (UserError, OSError) as exc:
            self.problem.emit("Not removed", sentence(exc))
            return
        if forget:
            self._forget(path.parent, removed.name, session.level)
        self.session = None
        self.open_file(path, max(0, session.index - 1))
        self._refresh_workspace()

    @property
    def trashes_file(self) -> bool:
        """Delete moves the whole file to the trash (else it removes one destination of many)."""
        return self.session is not None and self.session.path is not None and not self.can_remove

    def delete(self, forget: bool) -> bool:
        """Delete the open destination: out of its file when that holds others, else its file
        to the desktop's trash. With `forget`, its passwords leave the keyring too (a job)."""
        session = self.session
        if session is None or session.path is None:
            return False
        if not self.trashes_file:
            self.remove_from_file(forget)
            return True
        from send2trash import send2trash
        from send2trash.exceptions import TrashPermissionError

        path = session.path
        try:
            send2trash(path)
        except (TrashPermissionError, OSError) as exc:
            self.problem.emit("Not deleted", f"{path.name} was not moved to the trash: {exc}")
            return False
        if forget:
            self._forget(path.parent, session.saved_name, session.level)
        self.status.emit(f"Moved {path.name} to the trash")
        self.close()
        self._refresh_workspace()
        return True

    def _forget(self, folder: Path, name: str, level: str | None) -> None:
        store = self.secrets

        def forget() -> list[str] | None:
            scope = scope_for(store, folder, name, level)  # after moving older ones there
            if shares_scope(folder, name, level):  # another file's at this level: still in use
                return None
            return forget_secrets(store, scope)

        def done(keys: list[str] | None) -> None:
            if keys is None:
                self.status.emit(
                    f"The passwords of {name} stay in the OS keyring: another destination of "
                    "this folder has the same Name and uses them."
                )

        self.jobs.run("keyring-forget", forget).then(done).or_else(
            lambda exc: self.status.emit(f"Passwords not deleted: {sentence(exc)}")
        )

    def duplicate(self) -> None:
        """A copy of the open destination with a Name its level does not use yet, beside it: in
        its file when that is JSON, else in a new file of its folder. The copy opens."""
        session = self.session
        if session is None or session.path is None:
            return
        path = session.path
        entry = session.document.entries[session.index] if session.document else None
        taken = folder_names(path.parent).taken(level_of(path, entry.level if entry else None))
        base = session.destination.name or path.stem
        suffix = path.suffix if path.suffix else ".properties"
        for n in range(1, 1000):
            name = f"{base}-copy" + (f"-{n}" if n > 1 else "")
            target = path if self.can_add else path.with_name(name + suffix)
            if name not in taken and (target == path or not target.exists()):
                break
        try:
            copy, pending = duplicate(session, name, target)
        except (UserError, OSError) as exc:
            self.problem.emit("Not duplicated", sentence(exc))
            return
        self._keep(pending)
        self._start(copy)
        self.status.emit(f"Duplicated as {name} in {target.name}")
        self._refresh_workspace()

    def _refresh_workspace(self) -> None:
        """Files came or went, or names changed: list and check the workspace again."""
        if self.folder is not None:
            self.open_workspace(self.folder)

    def _rescan(self, path: Path | None, named: Collection[str] = ()) -> None:
        """A file of the workspace changed: summarize it again with the files that share one of
        its names (`named`: the duplicate-Name finding comes or goes), or list a new one."""
        if path is None or self.folder is None:
            return
        if path.resolve() in [p.resolve() for p in self.files]:
            self.summarize(path, {n for n in named if n})
        elif path.resolve().parent == self.folder:
            self.open_workspace(self.folder)

    def _start(self, session: Session) -> None:
        self.session = session
        self._outside_names = {}  # added, duplicated, removed: its folder's names may differ
        self.findings = ()
        self.list_keystores()
        self.opened.emit()
        self.check()

    def list_keystores(self) -> None:
        """The key store files the form offers: listed when a destination is opened or saved
        or a key store copied in, not on every keystroke."""
        folder = self.keystore_folder
        self.keystore_names = [p.name for p in keystore_files(folder)] if folder else []

    def use_keystore(self, key: str, path: Path, copy: bool) -> None:
        """Point `key` at a key store file; with `copy`, copy it beside the destination first
        (where the service expects it), never over a file already there."""
        folder = self.keystore_folder
        if copy and folder is not None:
            if (folder / path.name).exists():
                self.problem.emit("Not copied", f"{path.name} already exists in {folder}.")
            else:
                try:
                    shutil.copy2(path, folder / path.name)
                except OSError as exc:
                    self.problem.emit("Not copied", sentence(exc))
                self.list_keystores()
        self.edit(key, path.name)

    # ----- editing --------------------------------------------------------------------------
    def edit(self, key: str, value: str | None) -> None:
        if self.session is not None:
            self.session.edit(key, value)
            self._changed(typing=True)

    def rename(self, old: str, new: str) -> None:
        if self.session is not None:
            self.session.rename(old, new)
            self._changed()

    def set_password(self, key: str, value: str, remember: bool) -> None:
        if self.session is not None:
            self.session.set_password(key, value, remember)
            self._changed(typing=True)

    def set_empty(self, key: str, empty: bool) -> None:
        if self.session is not None:
            self.session.set_empty(key, empty)
            self._changed()

    def chain_password(self, password: str) -> None:
        """A password that opened the store in the chain panel becomes the destination's."""
        target = self.chain_target()
        if self.session is None or target is None:
            return
        key = LINKS[target[0]]
        if self.session.password(key) != password:
            self.set_password(key, password, self.secrets.remembers)

    def undo(self) -> None:
        if self.session is not None:
            self.session.undo()
            self._changed()

    def redo(self) -> None:
        if self.session is not None:
            self.session.redo()
            self._changed()

    def _changed(self, typing: bool = False) -> None:
        self.changed.emit()
        if typing:
            self._timer.start()
        else:
            self.check()

    # ----- checking -------------------------------------------------------------------------
    def check(self) -> None:
        """What is wrong with the destination as it is now (core.services.check), in a job."""
        self._timer.stop()
        session = self.session
        if session is None:
            return
        folder, passwords = self.keystore_folder, self.passwords()
        d, parsed, now = session.destination, session.entry_findings, datetime.now(UTC)
        entry = session.document.entries[session.index] if session.document else None
        where, index = session.path, session.index
        carried = session.document.carried(session.index) if session.document else {}
        # A file of the workspace takes the workspace's names as listed (read again after each
        # save): read per check, 10,000 files were read beside the fill's own reading of them.
        listed = self._listed_names if where is not None and where in self._listed_files else None
        outside, lock = self._outside_names, self._outside_lock

        def run() -> Checked:
            # The other destinations of its level: the Name must be unique there.
            level = level_of(where or (folder or Path()) / "new", entry.level if entry else None)
            known = listed() if listed is not None else None
            if known is None and folder:
                with lock:  # a later check waits for this one's reading, not reads again
                    known = outside.get(level[0])
                    if known is None:
                        known = outside[level[0]] = folder_names(level[0])
            taken = known.taken(level, where, index) if known is not None else {}
            checked = check(d, folder, passwords, now, parsed=parsed, carried=carried, taken=taken)
            by_key(checked.findings)  # grouped here, off the GUI thread (gui.finding_index)
            return checked

        self.jobs.run("findings", run).then(self._checked).or_else(
            lambda exc: self.status.emit(f"Not checked: {sentence(exc)}")
        )

    def _checked(self, checked: Checked) -> None:
        self.findings = checked.findings
        self.checked.emit(checked)

    # ----- saving ---------------------------------------------------------------------------
    def save(self, path: Path | None = None, keep_in_file: frozenset[str] = frozenset()) -> bool:
        """Write the file (temp file, then rename); its passwords go to the keyring in a job,
        except those the user chose to keep in the file (see MainWindow.save)."""
        session = self.session
        if session is None:
            return True
        before = session.saved_name
        try:
            pending = session.save(path, keep_in_file)
        except (UserError, OSError, ValueError) as exc:
            self.problem.emit("Not saved", f"The destination was not saved: {sentence(exc)}")
            return False
        saved = session.path
        self._outside_names = {}  # the names of its folder changed with it

        def rescan() -> None:
            self._rescan(saved, (before, session.saved_name))

        if self.keyring_known:
            # The row is checked again once its passwords are in the keyring, not before.
            self._keep(pending, rescan)
        else:  # they go to the keyring once it answers (see _keyring_opened)
            if pending.values or pending.moved_from is not None or pending.forget:
                self._waiting.append(pending)
            rescan()
        assert saved is not None
        self.list_keystores()
        self.status.emit(f"Saved {saved.name}")
        self.saved.emit(saved)
        self._changed()
        return True

    def _keep(self, pending: PendingSecrets, then: Callable[[], None] = lambda: None) -> None:
        """Put the passwords into the keyring (a job), then do `then`, stored or not."""
        store = self.secrets

        def kept(keys: list[str]) -> None:
            self._secrets_saved(keys)
            then()

        def failed(exc: Exception) -> None:
            self.status.emit(f"Passwords not stored: {sentence(exc)}")
            then()

        self.jobs.run(
            f"keyring-save:{pending.folder / pending.name}", lambda: pending.apply(store)
        ).then(kept).or_else(failed)

    def _store_secrets(self, pending: list[PendingSecrets]) -> None:
        store = self.secrets

        def apply() -> list[str]:
            return sorted({key for p in pending for key in p.apply(store)})

        self.jobs.run("keyring-save", apply).then(self._secrets_saved).or_else(
            lambda exc: self.status.emit(f"Passwords not stored: {sentence(exc)}")
        )

    def _secrets_saved(self, keys: list[str]) -> None:
        self._say_keyring_problem()
        if keys and self.secrets.remembers:
            self.status.emit(f"Saved; passwords kept in the OS keyring: {', '.join(keys)}")

    # ----- the keyring ----------------------------------------------------------------------
    def _keyring_opened(self, store: FallbackStore) -> None:
        self.secrets, self.keyring_known = store, True
        self._say_keyring_problem()
        waiting, self._waiting = self._waiting, []
        if waiting:  # saved before the keyring answered: their passwords go there now
            self._store_secrets(waiting)
        after, self._after_keyring = self._after_keyring, []
        for then in after:
            then()
        self.keyring_ready.emit()
        self._load_stored_secrets()
        self._fill_all()  # with the keyring's passwords; the earlier fill becomes stale

    def _say_keyring_problem(self) -> None:
        if self.secrets.problem and not self._problem_said:
            self._problem_said = True
            self.status.emit(self.secrets.problem)

    def _load_stored_secrets(self) -> None:
        session = self.session
        if session is None or session.folder is None:
            return
        folder, name, level = session.folder, session.destination.name, session.level
        store = self.secrets

        def fetch() -> dict[str, str]:
            scope = scope_for(store, folder, name, level)
            return {k: v for k in store.keys(scope) if (v := store.get(scope, k)) is not None}

        def apply(values: dict[str, str]) -> None:
            if self.session is session:
                new = {k: v for k, v in values.items() if k not in session.secrets}
                session.secrets.update(new)
                if new:  # else the check already made stands; it reads the folder's names
                    self._changed()

        self.jobs.run("secrets", fetch).then(apply).or_else(
            lambda exc: self.status.emit(f"Stored passwords not read: {sentence(exc)}")
        )

    # ----- bundles and samples --------------------------------------------------------------
    def import_bundle(self, source: Path, folder: Path) -> None:
        """Write a bundle's destinations and key stores into a folder, passwords to the keyring,
        then open that folder as the workspace."""
        if not self.keyring_known:  # its passwords would go to the placeholder, and be lost
            self.status.emit(f"Importing {source.name} once the OS keyring answers …")
            self._after_keyring.append(lambda: self.import_bundle(source, folder))
            return
        store = self.secrets
        self.status.emit(f"Importing {source.name} …")

        def done(plan: ImportPlan) -> None:
            self.open_workspace(
                folder,
                f"Imported {source.name}: {len(plan.files)} files, "
                f"{len(plan.secrets)} passwords into the OS keyring.",
            )

        self.jobs.run("bundle-import", lambda: import_bundle(source, folder, store)).then(
            done
        ).or_else(lambda exc: self.status.emit(f"Nothing imported: {sentence(exc)}"))

    def copy_samples(self, target: Path) -> None:
        """Copy the shipped samples (they may be read-only, and edits belong to the user); the
        copy makes the "expires soon" key store, an RSA key among it: a job."""
        from gui.assets import copy_samples

        self.status.emit("Copying the sample workspace …")
        self.jobs.run("samples", lambda: copy_samples(target)).then(
            self.samples_ready.emit
        ).or_else(
            lambda exc: self.status.emit(f"Could not copy the sample workspace: {sentence(exc)}")
        )
